// Reads one upstream PostgreSQL table: a consistent snapshot, then its committed changes from a replication slot.
import type pg from 'pg';
import type { DeadLetter, SourceBatch, SourceReader, SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { errorMessage } from '../format/record-decoder.js';
import { cdcPositionJson, parseCdcPosition, type CdcPosition, type SnapshotProgress } from './cdc-position.js';
import { changePayload } from './change-payload.js';
import { decodePgoutput } from './pgoutput-message.js';
import type { PostgresCdcSettings } from './postgres-cdc-options.js';
import { ensurePublication } from './publication.js';
import type { ServerFrame } from './replication-frame.js';
import { createSlot, dropSlot, slotExists, whileSlotInUse } from './replication-slot.js';
import { ReplicationStream, type StreamListener } from './replication-stream.js';
import { SnapshotCursor } from './snapshot-cursor.js';
import { ReadyTransactions } from './ready-transactions.js';
import { TransactionAssembler } from './transaction-assembler.js';
import { TupleRows } from './tuple-rows.js';
import { connectUpstream, describeUpstreamError } from './upstream-connection.js';
import { describeUpstreamTable, type UpstreamTable } from './upstream-table.js';

/** Knobs for tests. */
export interface PostgresCdcTuning {
  /** Rows of whole transactions held for polls before the reader stops reading the stream (default 200,000). */
  readonly bufferRows?: number;
  /** After a failed start of the stream, the first and the longest wait before the next try (default 250, 10,000 ms). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /**
   * Called between the creation of a new slot and the import of its snapshot: tests commit upstream changes
   * there, which must come from the stream and not from the snapshot.
   */
  readonly beforeSnapshot?: () => Promise<void>;
}

/** What a reader follows, fixed at open. */
interface Followed {
  readonly spec: SourceSpec;
  readonly settings: PostgresCdcSettings;
  readonly table: UpstreamTable;
  readonly slot: string;
}

/** The snapshot under way: its cursor (undefined after a lost connection, until reopened) and progress. */
interface SnapshotState {
  cursor: SnapshotCursor | undefined;
  progress: SnapshotProgress;
  rowsRead: number;
}

const sameKey = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((name, index) => b[index] === name);

function connectionError(settings: PostgresCdcSettings, err: unknown): SqlError {
  if (err instanceof SqlError) return err;
  const { host, port } = settings.server;
  return new SqlError('connection_exception', `could not read upstream table "${settings.schema}.${settings.table}" at ${host}:${port}: ${describeUpstreamError(err)}`);
}

async function checkLogicalWal(client: pg.Client): Promise<void> {
  const level = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (level !== 'logical') {
    throw new SqlError('invalid_parameter_value', `upstream server has wal_level "${level ?? '?'}", not "logical"`, {
      hint: 'Set wal_level = logical in the upstream server\'s configuration and restart it.',
    });
  }
}

/**
 * The reader of `connector = 'postgres-cdc'`.
 *
 * Snapshot. A fresh open creates the replication slot with an exported snapshot and reads the table as of that
 * snapshot through a cursor, at most `maxRecords` rows per poll, in primary key order; then it streams from the
 * slot's starting point, so no change is lost or doubled between the two. While the snapshot is under way the
 * position holds the slot's starting point and the last key taken: a restart (or a lost connection) reads the
 * rest of the table, after that key, in a new snapshot, then streams from the slot's starting point. Changes
 * between the two snapshots come again from the stream; applied by key, they leave the table equal to the
 * upstream once the stream has passed the second snapshot (a table without a primary key is read again whole).
 *
 * Streaming. pgoutput messages are assembled into whole transactions in the background; a poll hands out whole
 * transactions, at least one and otherwise at most about `maxRecords` rows. The position is the end LSN of the
 * last transaction handed out, or a later LSN the server reported with nothing for the table in between;
 * a restart streams from it. When more than `bufferRows` rows wait for polls, the stream is paused.
 *
 * Acknowledgement. The slot's confirmed position (what the server may forget) moves only in
 * `positionCommitted`, to a position a committed checkpoint holds: the reader cannot know on its own when a
 * checkpoint commits, and a slot advanced past the checkpoint would lose the changes in between after a crash.
 */
export class PostgresCdcReader implements SourceReader {
  private snapshot: SnapshotState | undefined;
  /** Whole transactions waiting for polls, and the positions: see ReadyTransactions. */
  private readonly ready: ReadyTransactions;
  /** What the server may forget: the LSN of the last committed checkpoint's position. */
  private flushed: bigint;
  /** The furthest WAL position received, for status updates. */
  private received: bigint;
  private paused = false;
  private stream: ReplicationStream | undefined;
  private failure: Error | undefined;
  private retryAt = 0;
  private retryDelayMs = 0;
  private closed = false;
  private readonly assembler: TransactionAssembler;
  private readonly snapshotRows: TupleRows;
  private readonly tuning: Required<Omit<PostgresCdcTuning, 'beforeSnapshot'>>;
  private readonly listener: StreamListener = {
    onFrame: (frame) => this.onFrame(frame),
    onEnd: (err) => {
      this.stream = undefined;
      this.failure = err;
    },
    progress: () => ({ written: this.received > this.flushed ? this.received : this.flushed, flushed: this.flushed }),
  };

  private constructor(
    private readonly followed: Followed,
    start: bigint,
    snapshot: SnapshotState | undefined,
    tuning: PostgresCdcTuning,
  ) {
    this.ready = new ReadyTransactions(start);
    this.flushed = start;
    this.received = start;
    this.snapshot = snapshot;
    const { spec, table } = followed;
    this.assembler = new TransactionAssembler(spec.columns, table);
    this.snapshotRows = new TupleRows(spec.columns, spec.columns.map((c) => c.name), table);
    this.tuning = { bufferRows: tuning.bufferRows ?? 200_000, retryMinMs: tuning.retryMinMs ?? 250, retryMaxMs: tuning.retryMaxMs ?? 10_000 };
  }

  /**
   * Opens a reader at `position` (from a checkpoint), or else with a new slot and snapshot (a slot of the same
   * name left over, say by a run that never checkpointed, is dropped first). Throws SqlError when the server
   * cannot be reached or is not set up for logical replication, when the upstream table does not fit the Tally
   * table, or when the position's slot no longer exists.
   */
  static async open(spec: SourceSpec, settings: PostgresCdcSettings, position: unknown, tuning: PostgresCdcTuning = {}): Promise<PostgresCdcReader> {
    const resumeAt = parseCdcPosition(position);
    const client = await connectUpstream(settings.server).catch((err: unknown) => {
      throw connectionError(settings, err);
    });
    let owned: pg.Client | undefined = client;
    try {
      await checkLogicalWal(client);
      const table = await describeUpstreamTable(client, settings.schema, settings.table, spec);
      await ensurePublication(client, settings.publicationName, table, settings.createPublication);
      const names = spec.columns.map((c) => c.name);
      // The snapshot is read in primary key order when the key is among the columns read: it can then resume.
      const key = table.primaryKey.length > 0 && table.primaryKey.every((name) => names.includes(name)) ? table.primaryKey : [];
      const slot = resumeAt?.slot ?? settings.slotName;
      const followed: Followed = { spec, settings, table, slot };
      if (resumeAt) {
        await PostgresCdcReader.checkSlot(client, settings, slot);
        if (!resumeAt.snapshot) {
          owned = undefined;
          await client.end();
          const reader = new PostgresCdcReader(followed, resumeAt.lsn, undefined, tuning);
          await reader.startStream();
          return reader;
        }
        const progress = sameKey(resumeAt.snapshot.key, key) ? resumeAt.snapshot : { key };
        const cursor = await SnapshotCursor.open(client, table, names, progress);
        owned = undefined;
        return new PostgresCdcReader(followed, resumeAt.lsn, { cursor, progress, rowsRead: 0 }, tuning);
      }
      if (await slotExists(client, slot, settings.server.database)) await dropSlot(client, slot);
      const { cursor, consistentPoint } = await PostgresCdcReader.newSlotSnapshot(client, followed, key, tuning);
      owned = undefined;
      return new PostgresCdcReader(followed, consistentPoint, { cursor, progress: { key }, rowsRead: 0 }, tuning);
    } catch (err) {
      await owned?.end().catch(() => undefined);
      throw connectionError(settings, err);
    }
  }

  /**
   * Creates the slot with an exported snapshot and opens the snapshot's cursor on `client`, which it then owns.
   * If the cursor cannot be opened the new slot is dropped again: it would hold the upstream's log for nothing.
   */
  private static async newSlotSnapshot(client: pg.Client, followed: Followed, key: readonly string[], tuning: PostgresCdcTuning): Promise<{ cursor: SnapshotCursor; consistentPoint: bigint }> {
    const { settings, table, slot, spec } = followed;
    const replication = await connectUpstream(settings.server, true);
    try {
      const created = await createSlot(replication, slot);
      try {
        await tuning.beforeSnapshot?.();
        const cursor = await SnapshotCursor.open(client, table, spec.columns.map((c) => c.name), { key }, created.snapshotName);
        return { cursor, consistentPoint: created.consistentPoint };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        await replication.end().catch(() => undefined);
        await dropSlot(client, slot).catch(() => undefined);
        throw err;
      }
    } finally {
      // The snapshot is imported (or the open failed): the slot's connection is not needed until streaming.
      await replication.end().catch(() => undefined);
    }
  }

  private static async checkSlot(client: pg.Client, settings: PostgresCdcSettings, slot: string): Promise<void> {
    if (await slotExists(client, slot, settings.server.database)) return;
    throw new SqlError('undefined_object', `replication slot "${slot}" of upstream table "${settings.schema}.${settings.table}" does not exist`, {
      detail: 'The changes since the last checkpoint were kept by this slot; without it they cannot be read.',
      hint: 'Drop the table and create it again to start from a new snapshot.',
    });
  }

  async poll(maxRecords: number): Promise<SourceBatch> {
    if (this.closed) throw new SqlError('internal_error', 'poll of a closed postgres-cdc reader (this is a bug)');
    if (this.snapshot) return this.pollSnapshot(this.snapshot, maxRecords);
    if (!this.stream && Date.now() >= this.retryAt) {
      try {
        await this.startStream();
      } catch (err) {
        this.failure = err as Error;
      }
    }
    // A stream that failed is started again above; its failure is still reported, once, by a poll with nothing to return.
    const batch = this.ready.take(maxRecords);
    if (this.paused && this.ready.rows < this.tuning.bufferRows) {
      this.paused = false;
      this.stream?.resume();
    }
    if (batch.changes.rows.length === 0 && batch.deadLetters.length === 0 && this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
    return batch;
  }

  position(): unknown {
    const position: CdcPosition = this.snapshot
      ? { slot: this.followed.slot, lsn: this.ready.handedTo, snapshot: this.snapshot.progress }
      : { slot: this.followed.slot, lsn: this.ready.handedTo };
    return cdcPositionJson(position);
  }

  /** Lets the slot forget what the committed position has behind it (see the class comment). */
  positionCommitted(position: unknown): void {
    const committed = parseCdcPosition(position);
    if (!committed || committed.snapshot || committed.slot !== this.followed.slot || committed.lsn <= this.flushed) return;
    this.flushed = committed.lsn;
    this.stream?.reportStatus();
  }

  async close(): Promise<void> {
    this.closed = true;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close();
    await this.snapshot?.cursor?.close();
  }

  /** Closes the reader and drops its slot upstream: the table is gone, and nothing will resume from the slot. */
  async release(): Promise<void> {
    await this.close();
    const { settings, slot } = this.followed;
    const client = await connectUpstream(settings.server).catch((err: unknown) => {
      throw connectionError(settings, err);
    });
    try {
      await dropSlot(client, slot);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async pollSnapshot(snapshot: SnapshotState, maxRecords: number): Promise<SourceBatch> {
    const { spec, settings, table } = this.followed;
    if (!snapshot.cursor) {
      const client = await connectUpstream(settings.server).catch((err: unknown) => {
        throw connectionError(settings, err);
      });
      snapshot.cursor = await SnapshotCursor.open(client, table, spec.columns.map((c) => c.name), snapshot.progress).catch(async (err: unknown) => {
        await client.end().catch(() => undefined);
        throw connectionError(settings, err);
      });
    }
    const cursor = snapshot.cursor;
    let texts: (string | null)[][];
    try {
      texts = await cursor.fetch(maxRecords);
    } catch (err) {
      snapshot.cursor = undefined;
      await cursor.close();
      throw connectionError(settings, err);
    }
    const rows: Row[] = [];
    const weights: number[] = [];
    const deadLetters: DeadLetter[] = [];
    for (let rowIdx = 0; rowIdx < texts.length; rowIdx++) {
      const tuple = texts[rowIdx]!;
      try {
        rows.push(this.snapshotRows.row(tuple));
        weights.push(1);
      } catch (err) {
        deadLetters.push({
          offset: `snapshot row ${snapshot.rowsRead + rowIdx + 1}`,
          payload: changePayload('r', this.snapshotRows.upstreamNames, undefined, tuple),
          error: errorMessage(err),
        });
      }
    }
    snapshot.rowsRead += texts.length;
    if (texts.length > 0 && snapshot.progress.key.length > 0) {
      snapshot.progress = { key: snapshot.progress.key, after: cursor.keyOf(texts[texts.length - 1]!) };
    }
    if (texts.length < Math.max(1, Math.floor(maxRecords))) {
      // The snapshot is whole: streaming starts at the slot's starting point, at the next poll.
      this.snapshot = undefined;
      await cursor.close();
    }
    return { changes: { rows, weights }, deadLetters };
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.kind === 'keepalive') {
      if (frame.walEnd > this.received) this.received = frame.walEnd;
      // Every transaction committed before walEnd has been sent: with none open, nothing for the table lies between.
      if (!this.assembler.inTransaction) this.ready.passedTo(frame.walEnd);
      return;
    }
    if (frame.walStart > this.received) this.received = frame.walStart;
    const txn = this.assembler.accept(decodePgoutput(frame.data));
    if (!txn) return;
    this.ready.push(txn);
    if (!this.paused && this.ready.rows >= this.tuning.bufferRows) {
      this.paused = true;
      this.stream?.pause();
    }
  }

  /**
   * Starts streaming after everything handed out or waiting: a transaction cut off by a lost connection is
   * dropped and comes again whole. A slot still held by a connection that is going away is waited for.
   */
  private async startStream(): Promise<void> {
    const { settings, slot } = this.followed;
    this.assembler.reset();
    try {
      this.stream = await whileSlotInUse(async () => {
        const client = await connectUpstream(settings.server, true);
        try {
          return await ReplicationStream.start(client, slot, settings.publicationName, this.ready.streamedTo, this.listener);
        } catch (err) {
          await client.end().catch(() => undefined);
          throw err;
        }
      });
      this.retryDelayMs = 0;
      if (this.closed) await this.close();
      else if (this.paused) this.stream.pause();
    } catch (err) {
      this.retryDelayMs = Math.min(this.tuning.retryMaxMs, Math.max(this.tuning.retryMinMs, this.retryDelayMs * 2));
      this.retryAt = Date.now() + this.retryDelayMs;
      throw connectionError(settings, err);
    }
  }
}
