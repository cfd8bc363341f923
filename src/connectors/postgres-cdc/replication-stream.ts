// A logical replication stream over one replication connection: START_REPLICATION with pgoutput, frames in, status out.
import type pg from 'pg';
import { SqlError } from '../../types/error.js';
import { formatLsn } from './lsn.js';
import { quoteIdentifier, quoteLiteral } from './quote-identifier.js';
import { decodeServerFrame, encodeStatusUpdate, type ServerFrame } from './replication-frame.js';
import { describeUpstreamError } from './upstream-connection.js';

/** What pg's connection offers beyond its types: CopyData events in, CopyData out, the socket. */
interface CopyBothConnection {
  on(event: 'copyData', listener: (message: { chunk: Buffer }) => void): void;
  sendCopyFromChunk(chunk: Buffer): void;
  readonly stream: { pause(): void; resume(): void };
}

/** Receives a stream's frames, synchronously and in order, and its end; says what status to report. */
export interface StreamListener {
  /** Called for each frame; `frame.data` is only valid during the call. */
  onFrame(frame: ServerFrame): void;
  /** Called once when a started stream stops: the server ended it or the connection failed (not on `close`). */
  onEnd(err: Error): void;
  /** What status updates report: the WAL received, and what the server may forget (see `encodeStatusUpdate`). */
  progress(): { readonly written: bigint; readonly flushed: bigint };
}

/** Status updates go out at least this often, well within the server's wal_sender_timeout (60 s by default). */
const STATUS_INTERVAL_MS = 10_000;

/**
 * One START_REPLICATION of a logical slot with pgoutput (protocol version 1) on a replication connection of
 * pg's Client, which parses CopyBoth but leaves CopyData to whoever listens on its connection. The stream owns
 * the client and ends it on `close`.
 */
export class ReplicationStream {
  /** Set when the server has accepted START_REPLICATION: only a started stream reports its end. */
  private started = false;
  private ended = false;
  private closing = false;
  private readonly statusTimer: ReturnType<typeof setInterval>;

  private constructor(
    private readonly client: pg.Client,
    private readonly connection: CopyBothConnection,
    private readonly listener: StreamListener,
  ) {
    this.statusTimer = setInterval(() => this.reportStatus(), STATUS_INTERVAL_MS);
    this.statusTimer.unref();
  }

  /**
   * Starts streaming `slot` at `from` (the server starts at the slot's confirmed position when that is later),
   * for the tables of `publication`. Resolves once the server has accepted the command; rejects with the
   * server's error (a missing slot, one in use by another connection).
   */
  static start(client: pg.Client, slot: string, publication: string, from: bigint, listener: StreamListener): Promise<ReplicationStream> {
    const connection = (client as unknown as { connection: CopyBothConnection }).connection;
    const command = `START_REPLICATION SLOT ${quoteIdentifier(slot)} LOGICAL ${formatLsn(from)} ` +
      `(proto_version '1', publication_names ${quoteLiteral(quoteIdentifier(publication))})`;
    return new Promise((resolve, reject) => {
      const stream = new ReplicationStream(client, connection, listener);
      const started = (): void => {
        if (stream.started) return;
        stream.started = true;
        resolve(stream);
      };
      (connection as unknown as { once(event: 'replicationStart', listener: () => void): void }).once('replicationStart', started);
      connection.on('copyData', (message) => {
        started();
        stream.frame(message.chunk);
      });
      client.on('error', (err: Error) => stream.end(err));
      client.on('end', () => stream.end(undefined));
      // The command's query stays active for the whole stream: it settles when the stream ends.
      client.query(command).then(
        () => stream.end(undefined),
        (err: Error) => {
          if (stream.started) stream.end(err);
          else {
            stream.ended = true;
            clearInterval(stream.statusTimer);
            reject(err);
          }
        },
      );
    });
  }

  private frame(chunk: Buffer): void {
    if (this.ended) return;
    let frame: ServerFrame;
    try {
      frame = decodeServerFrame(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    try {
      this.listener.onFrame(frame);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (frame.kind === 'keepalive' && frame.replyRequested) this.reportStatus();
  }

  /** A frame that cannot be read or taken: the stream is stopped, to be started again from a known position. */
  private fail(err: Error): void {
    this.end(err);
    void this.client.end().catch(() => undefined);
  }

  private end(err: Error | undefined): void {
    if (this.ended || !this.started) return;
    this.ended = true;
    clearInterval(this.statusTimer);
    if (this.closing) return;
    const cause = err === undefined
      ? new SqlError('connection_exception', 'the upstream server ended the replication stream')
      : err instanceof SqlError ? err : new SqlError('connection_exception', `replication stream failed: ${describeUpstreamError(err)}`);
    this.listener.onEnd(cause);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Sends a status update now (after the position that may be forgotten moved). */
  reportStatus(): void {
    if (this.ended) return;
    const { written, flushed } = this.listener.progress();
    try {
      this.connection.sendCopyFromChunk(encodeStatusUpdate(written, flushed, Date.now()));
    } catch (err) {
      this.fail(err as Error);
    }
  }

  /** Stops reading from the socket (the server then stops sending); status updates can still be sent. */
  pause(): void {
    this.connection.stream.pause();
  }

  resume(): void {
    this.connection.stream.resume();
  }

  /** Ends the stream and its connection. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.statusTimer);
    this.end(undefined);
    await this.client.end().catch(() => undefined);
  }
}
