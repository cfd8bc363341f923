// One client connection: reads frames off the socket in order, runs the handshake, then the query protocols.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { EngineSession } from '../../engine/engine-session.js';
import { maskErrorSecrets, maskPasswords, statementSecrets } from '../../sql/secret-mask.js';
import { SqlError } from '../../types/error.js';
import type { AuthenticationMethod } from './authentication.js';
import { backendKeyData, errorResponse, parameterStatus, readyForQuery, type NoticeFields } from './backend-messages.js';
import type { BackendKey, CancelRegistry } from './cancel-registry.js';
import { errorFields } from './error-fields.js';
import { ExtendedQuery } from './extended-query.js';
import { parseFrontendMessage, type FrontendMessage } from './frontend-messages.js';
import { FrameSplitter, type Frame } from './message-reader.js';
import { MessageWriter } from './message-writer.js';
import type { QueryContext } from './query-context.js';
import { Session } from './session.js';
import { runSimpleQuery } from './simple-query.js';
import { Handshake, type Client, type HandshakeIo } from './startup.js';
import { WireError } from './wire-error.js';

/** Output is sent to the socket once this much is buffered, and at every ReadyForQuery and Flush. */
const FLUSH_BYTES = 64 * 1024;
/** Input beyond this (a client pipelining faster than we answer) pauses reading from the socket. */
const MAX_BUFFERED_INPUT = 4 * 1024 * 1024;
/** A client that has not authenticated by then is disconnected (PostgreSQL's authentication_timeout). */
const AUTHENTICATION_TIMEOUT_MS = 60_000;

/** What every connection of a server shares. */
export interface ConnectionOptions {
  readonly authentication: AuthenticationMethod;
  /** The engine as an authenticated user sees it. */
  readonly sessionOf: (user: string) => EngineSession;
  /** TLS credentials; without them SSLRequest is answered 'N'. */
  readonly secureContext?: SecureContext;
  readonly cancels: CancelRegistry;
  /** Server-wide values of settings (lower-case names) a session has not set. */
  readonly defaults: ReadonlyMap<string, string>;
  /** Receives log lines (errors that are bugs, with their stack). */
  readonly log: (line: string) => void;
}

type Phase = 'startup' | 'authenticating' | 'ready' | 'closed';

/**
 * Frames are handled strictly in order, one at a time (a statement may wait on the engine); frames arriving
 * meanwhile queue in the splitter. Created by the server per accepted socket.
 */
export class Connection implements QueryContext {
  readonly writer = new MessageWriter();
  private stream: Socket;
  private readonly frames = new FrameSplitter();
  private readonly handshake: Handshake;
  private readonly extended = new ExtendedQuery();
  private phase: Phase = 'startup';
  private processing = false;
  private sessionValue: Session | undefined;
  private key: BackendKey | undefined;
  /** Between a query message and ReadyForQuery: a CancelRequest applies only then. */
  private busy = false;
  /** Aborted by a CancelRequest while busy; renewed at each ReadyForQuery, so a cancel never outlives its query. */
  private cancellation = new AbortController();
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;
  private readonly authenticationTimer: ReturnType<typeof setTimeout>;

  constructor(
    socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.handshake = new Handshake(options.authentication);
    this.closedPromise = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    this.stream = socket;
    this.attach(socket);
    this.authenticationTimer = setTimeout(() => {
      if (this.phase === 'startup' || this.phase === 'authenticating') this.stream.destroy();
    }, AUTHENTICATION_TIMEOUT_MS);
    this.authenticationTimer.unref();
  }

  /** Resolves when the socket has closed. */
  get closed(): Promise<void> {
    return this.closedPromise;
  }

  get session(): Session {
    if (!this.sessionValue) throw new WireError('08P01', 'query before startup', { fatal: true });
    return this.sessionValue;
  }

  /** Ends the connection as a server shutting down does: FATAL 57P01, then close. */
  terminate(): void {
    if (this.phase === 'closed') return;
    this.cancellation.abort(new SqlError('admin_shutdown', 'terminating connection due to administrator command'));
    if (this.phase === 'ready') errorResponse(this.writer, { severity: 'FATAL', code: '57P01', message: 'terminating connection due to administrator command' });
    this.flush();
    this.close();
  }

  private attach(stream: Socket): void {
    stream.on('data', this.onData);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.frames.push(chunk);
    if (this.frames.buffered > MAX_BUFFERED_INPUT) this.stream.pause();
    if (!this.processing) void this.process();
  };

  // Resets and broken pipes are clients going away; 'close' follows and cleans up.
  private readonly onError = (): void => undefined;

  private readonly onClose = (): void => {
    this.phase = 'closed';
    // Nobody is left to answer: a statement still running stops.
    this.cancellation.abort(new SqlError('admin_shutdown', 'terminating connection because the client disconnected'));
    clearTimeout(this.authenticationTimer);
    if (this.key) this.options.cancels.unregister(this.key.processId);
    this.resolveClosed();
  };

  private async process(): Promise<void> {
    this.processing = true;
    try {
      for (;;) {
        if (this.phase === 'closed') return;
        const frame = this.frames.next();
        if (!frame) break;
        await this.handleFrame(frame);
        if (this.stream.writableNeedDrain) await this.drained();
      }
      if (this.stream.isPaused()) this.stream.resume();
    } catch (err) {
      // Whatever ends the connection is FATAL to the client, even an error that is not fatal elsewhere.
      this.writer.abandonMessage();
      errorResponse(this.writer, { ...this.errorFields(err, undefined), severity: 'FATAL' });
      this.flush();
      this.close();
    } finally {
      this.processing = false;
    }
  }

  private async handleFrame(frame: Frame): Promise<void> {
    switch (this.phase) {
      case 'startup': {
        const step = this.handshake.startupPacket(frame.body, this.handshakeIo());
        if (this.handshake.started) this.frames.startupPhase = false;
        if (step.kind === 'close') this.close();
        else if (step.kind === 'authenticated') this.ready(step.client);
        else if (this.handshake.started) this.phase = 'authenticating';
        this.flush();
        return;
      }
      case 'authenticating': {
        if (frame.type !== 0x70) throw new WireError('08P01', `expected password response, got message type ${frame.type}`, { fatal: true });
        const step = this.handshake.password(frame.body, this.writer);
        if (step.kind === 'authenticated') this.ready(step.client);
        this.flush();
        return;
      }
      case 'ready':
        await this.handleMessage(parseMessage(frame));
        return;
      case 'closed':
        return;
    }
  }

  private handshakeIo(): HandshakeIo {
    return {
      writer: this.writer,
      writeByte: (letter) => void this.stream.write(letter),
      canStartTls: this.options.secureContext !== undefined && !(this.stream instanceof TLSSocket),
      startTls: () => this.startTls(),
      cancel: (processId, secretKey) => this.options.cancels.cancel(processId, secretKey),
    };
  }

  /** Answers 'S' and wraps the socket; the client's TLS handshake comes next, so no bytes are waiting. */
  private startTls(): void {
    const plain = this.stream;
    plain.off('data', this.onData);
    plain.off('close', this.onClose);
    plain.write('S');
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.options.secureContext });
    this.stream = secure;
    this.attach(secure);
  }

  /** Authenticated: report the settings, hand out the cancel key, and wait for queries. */
  private ready(client: Client): void {
    const defaults = this.options.defaults;
    const engine = this.options.sessionOf(client.user);
    const superuser = engine.superuser ? 'on' : 'off';
    const session = new Session(engine, (name) => (name === 'session_authorization' ? client.user : name === 'is_superuser' ? superuser : defaults.get(name)));
    for (const [name, value] of client.settings) session.settings.setStartupValue(name, value);
    this.sessionValue = session;
    for (const [name, value] of session.settings.unreported()) parameterStatus(this.writer, name, value);
    this.key = this.options.cancels.register(() => this.cancel());
    backendKeyData(this.writer, this.key.processId, this.key.secretKey);
    readyForQuery(this.writer, 'I');
    this.phase = 'ready';
    clearTimeout(this.authenticationTimer);
  }

  private async handleMessage(message: FrontendMessage): Promise<void> {
    switch (message.kind) {
      case 'query':
        if (this.extended.discarding) return;
        this.busy = true;
        this.extended.dropUnnamed();
        await runSimpleQuery(message.sql, this);
        this.readyForQuery();
        return;
      case 'parse':
      case 'bind':
      case 'describe':
      case 'execute':
      case 'close':
        this.busy = true;
        await this.extended.handle(message, this);
        await this.flushIfFull();
        return;
      case 'sync':
        this.extended.sync(this.session.transactionStatus === 'I');
        this.readyForQuery();
        return;
      case 'flush':
        this.flush();
        return;
      case 'terminate':
        this.flush();
        this.close();
        return;
      case 'copyData':
      case 'copyDone':
      case 'copyFail':
        // Not in COPY: ignored, as PostgreSQL does for clients finishing a COPY that failed.
        return;
      case 'functionCall':
        this.writeError(new WireError('0A000', 'the function call protocol is not supported'), undefined);
        this.readyForQuery();
        return;
      case 'password':
        throw new WireError('08P01', 'unexpected password message', { fatal: true });
    }
  }

  /** Settings changed since the last report, then ReadyForQuery: the end of every query cycle. */
  private readyForQuery(): void {
    for (const [name, value] of this.session.settings.unreported()) parameterStatus(this.writer, name, value);
    readyForQuery(this.writer, this.session.transactionStatus);
    this.busy = false;
    if (this.cancellation.signal.aborted) this.cancellation = new AbortController();
    this.flush();
  }

  private cancel(): void {
    if (this.busy) this.cancellation.abort(new SqlError('query_canceled', 'canceling statement due to user request'));
  }

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }

  checkCanceled(): void {
    this.cancellation.signal.throwIfAborted();
  }

  writeError(err: unknown, query: string | undefined): void {
    this.writer.abandonMessage();
    // A message may quote the query (a syntax error near a password literal): its secrets never leave masked.
    errorResponse(this.writer, this.errorFields(query === undefined ? err : maskErrorSecrets(err, query), query));
  }

  private errorFields(err: unknown, query: string | undefined): NoticeFields {
    const secrets = query === undefined ? [] : statementSecrets(query);
    return errorFields(err, query, (bug) => this.options.log(maskPasswords(`pg-wire: internal error: ${bug instanceof Error ? (bug.stack ?? bug.message) : String(bug)}`, secrets)));
  }

  async flushIfFull(): Promise<void> {
    if (this.writer.size < FLUSH_BYTES) return;
    this.flush();
    if (this.stream.writableNeedDrain) await this.drained();
  }

  private flush(): void {
    if (this.writer.size === 0) return;
    const bytes = this.writer.take();
    if (this.phase !== 'closed' && !this.stream.destroyed) this.stream.write(bytes);
  }

  /** Resolves when the socket takes more output, or closes. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  private close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.stream.end();
    // A client that does not close its side is not waited for.
    this.stream.setTimeout(1000, () => this.stream.destroy());
  }
}

/** Parses a typed frame; a malformed message ends the connection, as its framing can no longer be trusted. */
function parseMessage(frame: Frame): FrontendMessage {
  try {
    return parseFrontendMessage(frame);
  } catch (err) {
    if (err instanceof WireError && !err.fatal) throw new WireError(err.code, err.message, { fatal: true });
    throw err;
  }
}
