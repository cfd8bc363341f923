// The PostgreSQL wire protocol server: listens on TCP, one Connection per client, all on one shared engine.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Engine } from '../../engine/engine.js';
import { isLoopback } from '../loopback-address.js';
import { CancelRegistry } from './cancel-registry.js';
import { Connection } from './connection.js';
import { UserAuthentication } from './user-authentication.js';

export interface PgWireServerOptions {
  readonly engine: Engine;
  /** Port to listen on; 0 picks a free one (see `address`). */
  readonly port: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /**
   * Superusers and their passwords (the config file's). Every user but root authenticates with SCRAM-SHA-256:
   * these against their passwords, users made by CREATE USER against their stored verifiers. Root needs no
   * password when `host` is a loopback address and it is not one of these.
   */
  readonly users?: ReadonlyMap<string, string>;
  /** PEM key and certificate: SSLRequest is then answered 'S' and the connection switches to TLS. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Receives log lines; default: standard error. */
  readonly log?: (line: string) => void;
}

/** Settings every session reports and shows until it sets them: PostgreSQL's, except those the engine decides. */
const SERVER_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['application_name', ''],
  ['default_transaction_read_only', 'off'],
  ['in_hot_standby', 'off'],
  ['integer_datetimes', 'on'],
  ['is_superuser', 'on'],
  ['server_encoding', 'UTF8'],
  ['standard_conforming_strings', 'on'],
  ['statement_timeout', '0'],
]);

/** Settings whose defaults the engine knows (SHOW answers them), in the lower case sessions look them up by. */
const ENGINE_SETTINGS = ['server_version', 'client_encoding', 'datestyle', 'intervalstyle', 'timezone'];

/** A running server. `start` listens; `close` ends every connection and stops listening. */
export class PgWireServer {
  private readonly connections = new Set<Connection>();

  private constructor(
    private readonly server: Server,
    private readonly options: PgWireServerOptions,
    private readonly authentication: UserAuthentication,
    private readonly secureContext: SecureContext | undefined,
    private readonly defaults: ReadonlyMap<string, string>,
    private readonly cancels: CancelRegistry,
  ) {
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  static async start(options: PgWireServerOptions): Promise<PgWireServer> {
    const authentication = new UserAuthentication({
      engine: options.engine,
      configUsers: options.users ?? new Map<string, string>(),
      trustRoot: isLoopback(options.host ?? '127.0.0.1'),
    });
    const secureContext = options.tls ? createSecureContext({ key: options.tls.key, cert: options.tls.cert }) : undefined;
    const defaults = new Map(SERVER_SETTINGS);
    for (const name of ENGINE_SETTINGS) {
      const [result] = await options.engine.execute(`SHOW ${name}`);
      if (result?.kind === 'rows' && typeof result.rows[0]?.[0] === 'string') defaults.set(name, result.rows[0][0]);
    }
    const server = createServer();
    const pgWire = new PgWireServer(server, options, authentication, secureContext, defaults, new CancelRegistry());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return pgWire;
  }

  /** The address and port the server listens on. */
  get address(): { readonly host: string; readonly port: number } {
    const address = this.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  /** The number of open client connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, ends every connection (FATAL 57P01 to each) and resolves when all are closed. */
  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const closing = [...this.connections].map((connection) => {
      connection.terminate();
      return connection.closed;
    });
    await Promise.all([stopped, ...closing]);
  }

  private accept(socket: Socket): void {
    const connection = new Connection(socket, {
      authentication: this.authentication,
      sessionOf: (user) => this.authentication.sessionOf(user),
      secureContext: this.secureContext,
      cancels: this.cancels,
      defaults: this.defaults,
      log: this.options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    });
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
  }
}
