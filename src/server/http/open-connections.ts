// The server's client connections, so that closing does not wait for connections no request is using.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Tracks connections and whether a request is in progress on each. Node's own `closeIdleConnections` leaves
 * connections that have not sent a request yet (HTTP clients open spare ones), and a server's close would wait
 * for their clients to give up; `closeIdle` ends those too, and from then on every connection ends as soon as
 * its request is answered.
 */
export class OpenConnections {
  private readonly sockets = new Set<Socket>();
  private readonly busy = new Set<Socket>();
  private closing = false;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.busy.delete(socket);
      });
    });
    server.on('request', (request, response) => {
      const socket = request.socket as Socket;
      this.busy.add(socket);
      response.once('close', () => {
        this.busy.delete(socket);
        if (this.closing) socket.destroy();
      });
    });
  }

  /** Ends every connection without a request in progress, and each other one when its answer is sent. */
  closeIdle(): void {
    this.closing = true;
    for (const socket of this.sockets) if (!this.busy.has(socket)) socket.destroy();
  }
}
