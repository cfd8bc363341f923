// The startup phase of a connection: TLS and GSS negotiation, cancel requests, the startup message and authentication.
import type { AuthenticationExchange, AuthenticationMethod } from './authentication.js';
import { negotiateProtocolVersion } from './backend-messages.js';
import type { MessageWriter } from './message-writer.js';
import { parseCommandLineOptions, parseStartupPacket } from './startup-packet.js';
import { WireError } from './wire-error.js';

/** RisingWave's defaults, so that clients configured for it connect unchanged. */
export const DEFAULT_USER = 'root';
export const DEFAULT_DATABASE = 'dev';

/** Startup parameters that are not settings. */
const NOT_SETTINGS = new Set(['user', 'database', 'options', 'replication']);

/** What the handshake needs from its connection. */
export interface HandshakeIo {
  readonly writer: MessageWriter;
  /** Writes one byte outside any message (the answer to SSLRequest and GSSENCRequest). */
  writeByte(letter: 'S' | 'N'): void;
  /** Whether TLS is configured and not yet in use on this connection. */
  readonly canStartTls: boolean;
  /** Answers 'S' and switches the connection to TLS. */
  startTls(): void;
  cancel(processId: number, secretKey: number): void;
}

/** Who connected, and the settings they asked for, once authenticated. */
export interface Client {
  readonly user: string;
  readonly database: string;
  readonly settings: ReadonlyMap<string, string>;
}

/** What the connection does after a handshake step. */
export type HandshakeStep =
  | { readonly kind: 'continue' }
  | { readonly kind: 'authenticated'; readonly client: Client }
  /** A CancelRequest was handled: its connection closes without a reply. */
  | { readonly kind: 'close' };

/**
 * One connection's handshake: `startupPacket` for each untyped message until the startup message, then
 * `password` for each 'p' message until authentication succeeds. Failures throw fatal WireErrors.
 */
export class Handshake {
  private exchange: AuthenticationExchange | undefined;
  private client: Client | undefined;

  constructor(private readonly authentication: AuthenticationMethod) {}

  /** Whether the startup message has been read (later messages are typed). */
  get started(): boolean {
    return this.client !== undefined;
  }

  startupPacket(body: Buffer, io: HandshakeIo): HandshakeStep {
    const packet = parseStartupPacket(body);
    switch (packet.kind) {
      case 'sslRequest':
        if (io.canStartTls) io.startTls();
        else io.writeByte('N');
        return { kind: 'continue' };
      case 'gssencRequest':
        io.writeByte('N');
        return { kind: 'continue' };
      case 'cancel':
        io.cancel(packet.processId, packet.secretKey);
        return { kind: 'close' };
      case 'startup': {
        if (packet.minorVersion > 0 || packet.protocolOptions.length > 0) negotiateProtocolVersion(io.writer, packet.protocolOptions);
        const client = clientOf(packet.parameters);
        this.client = client;
        this.exchange = this.authentication.begin(client.user);
        return this.exchange.start(io.writer) ? { kind: 'authenticated', client } : { kind: 'continue' };
      }
    }
  }

  password(body: Buffer, w: MessageWriter): HandshakeStep {
    if (!this.exchange || !this.client) throw new WireError('08P01', 'unexpected password message', { fatal: true });
    return this.exchange.respond(body, w) ? { kind: 'authenticated', client: this.client } : { kind: 'continue' };
  }
}

function clientOf(parameters: ReadonlyMap<string, string>): Client {
  if (parameters.get('replication') !== undefined && parameters.get('replication') !== 'false') {
    throw new WireError('0A000', 'replication connections are not supported', { fatal: true });
  }
  const user = parameters.get('user') || DEFAULT_USER;
  const database = parameters.get('database') || DEFAULT_DATABASE;
  const settings = new Map<string, string>();
  for (const [name, value] of parameters) if (!NOT_SETTINGS.has(name)) settings.set(name, value);
  const options = parameters.get('options');
  if (options) for (const [name, value] of parseCommandLineOptions(options)) settings.set(name, value);
  return { user, database, settings };
}
