// A TCP proxy in front of a database server, for tests: stopping it is the server going away, mid-batch if asked.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** A proxy on 127.0.0.1 forwarding to `targetPort`; `port` stays the same across stop and start. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** When set, the connections are cut once this many more bytes went from clients to the server. */
  private cutAfterBytes: number | undefined;
  private cut = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Closes the listener and every open connection at once, as a crashed server would. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts all connections after `bytes` more bytes from clients, and refuses new ones from then on. */
  cutAfter(bytes: number): void {
    this.cutAfterBytes = bytes;
    this.cut = false;
  }

  /** Whether the cut asked for by `cutAfter` happened. */
  cutDone(): boolean {
    return this.cut;
  }

  private forward(client: Socket): void {
    const server = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(server);
    const drop = (): void => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('data', (chunk: Buffer) => {
      if (this.cutAfterBytes !== undefined) {
        this.cutAfterBytes -= chunk.length;
        if (this.cutAfterBytes <= 0) {
          this.cutAfterBytes = undefined;
          this.cut = true;
          void this.stop();
          return;
        }
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
  }
}
