// Runs the engine's sinks: buffers each relation's changes, seals them into a log, delivers it with retries.
import type { SinkState, SinkStatus } from '../catalog/system/tally-sinks.js';
import { isSecretOptionKey, maskPasswords } from '../sql/secret-mask.js';
import type { DataType } from '../types/data-type.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { SqlError } from '../types/error.js';
import type { Row } from '../types/value.js';
import type { FlushPolicy, SinkChange, SinkConnector, SinkSpec, SinkWriter } from '../stream/sink.js';
import type { StateWriter } from '../storage/state-writer.js';
import { SinkBuffer, mergeUpsertBatches } from './sink-buffer.js';
import { SinkLog } from './sink-log.js';
import { stderrLog, type LogLine } from './stderr-log.js';

/** Per-sink counters, for SHOW SINKS, metrics and tests. */
export interface SinkStats {
  /** Changes the target confirmed. */
  delivered: number;
  /** Failed writes and opens; each is retried. */
  errors: number;
  lastError?: string;
  /** Changes sealed and not yet confirmed. */
  pending: number;
  /** Retractions an append-only sink could not express (dropped with `force_append_only`). */
  droppedRetractions: number;
  /** Opening its writer (or waiting to retry the open), delivering, or retrying a failed write. */
  state: SinkState;
}

/** Without a connector's own policy: every epoch's changes are written, at most this many per write. */
const DEFAULT_FLUSH: FlushPolicy = { maxRows: 10_000, intervalMs: 0 };

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 30_000;

interface RunningSink {
  readonly spec: SinkSpec;
  readonly relation: string;
  readonly connector: SinkConnector;
  readonly types: readonly DataType[];
  readonly flush: FlushPolicy;
  readonly buffer: SinkBuffer;
  readonly log: SinkLog;
  readonly stats: SinkStats;
  /** Values of the sink's secret options (passwords, tokens), masked in errors shown and logged. */
  readonly secrets: readonly string[];
  /** Failures since the sink last opened or wrote successfully: the first is logged, and the recovery after them. */
  failures: number;
  writer?: SinkWriter;
  opening?: Promise<void>;
  delivering?: Promise<void>;
  /** Armed while buffered changes wait for the flush interval. */
  flushTimer?: ReturnType<typeof setTimeout>;
  /** Armed while a failed write or open waits for its backoff. */
  retryTimer?: ReturnType<typeof setTimeout>;
  backoffMs: number;
  lastFlushAt: number;
  closed: boolean;
}

/**
 * The engine's running sinks. Each epoch's changes of a sunk relation go into the sink's buffer; at an epoch end
 * the buffer is sealed into the sink's log when its flush policy says so (and always at a checkpoint, which
 * stores the log); the log is delivered oldest first, one write at a time, the next write starting when the
 * target confirmed the last. A failed write keeps its batches and is retried with exponential backoff (100 ms
 * up to 30 s) while the engine goes on; changes keep accumulating in the log meanwhile, and an upsert sink
 * catching up writes each key once. When the engine keeps checkpoints, a batch is delivered once a committed
 * checkpoint holds it (see SinkLog).
 */
export class SinkRunner {
  private readonly connectors = new Map<string, SinkConnector>();
  private readonly running = new Map<string, RunningSink>();
  private epochEndQueued = false;
  /** Set by `enableCheckpoints`: deliver only what a committed checkpoint holds. */
  private durableOnly = false;
  /** Commits a checkpoint now: a drain asks for one when sealed batches wait for it. */
  private commitCheckpoint: (() => void) | undefined;

  /** `log` gets a line when a sink starts failing and when it recovers, not at every retry. */
  constructor(private readonly log: LogLine = stderrLog) {}

  /**
   * The engine keeps checkpoints: batches are delivered after the checkpoint holding them commits (the engine
   * calls `committed`), and `commit` makes one when a drain waits for it.
   */
  enableCheckpoints(commit: () => void): void {
    this.durableOnly = true;
    this.commitCheckpoint = commit;
  }

  register(connector: SinkConnector): void {
    this.connectors.set(connector.name, connector);
  }

  has(connector: string): boolean {
    return this.connectors.has(connector);
  }

  get size(): number {
    return this.running.size;
  }

  isAttached(name: string): boolean {
    return this.running.has(name);
  }

  /**
   * Validates the spec (throws SqlError) and adds the sink; `stored` are its log's entries after a restart.
   * Delivery starts once `open` succeeded.
   */
  attach(connectorName: string, spec: SinkSpec, relation: string, types: readonly DataType[], stored?: Iterable<readonly [Uint8Array, Uint8Array]>): void {
    const connector = this.connectors.get(connectorName);
    if (!connector) throw new SqlError('internal_error', `sink connector "${connectorName}" is not registered (this is a bug)`);
    connector.validate(spec);
    const flush = connector.flushPolicy?.(spec.options) ?? DEFAULT_FLUSH;
    const sink: RunningSink = {
      spec,
      relation,
      connector,
      types,
      flush,
      buffer: new SinkBuffer(types, spec.type === 'upsert' ? spec.primaryKey : undefined),
      log: new SinkLog(),
      stats: { delivered: 0, errors: 0, pending: 0, droppedRetractions: 0, state: 'opening' },
      secrets: [...spec.options].filter(([key]) => isSecretOptionKey(key)).map(([, value]) => value),
      failures: 0,
      backoffMs: FIRST_BACKOFF_MS,
      lastFlushAt: Date.now(),
      closed: false,
    };
    if (stored) sink.log.restore(stored);
    this.running.set(spec.name, sink);
  }

  /** Opens the sink's writer now; rejects (and forgets the sink) when the target cannot be reached or does not fit. */
  async open(name: string): Promise<void> {
    const sink = this.running.get(name);
    if (!sink) return;
    try {
      sink.writer = await sink.connector.open(sink.spec);
      sink.stats.state = 'running';
    } catch (err) {
      this.running.delete(name);
      throw err instanceof SqlError ? err : new SqlError('connection_exception', `could not open sink "${name}": ${(err as Error).message}`);
    }
    this.deliver(sink);
  }

  /** Opens the writer in the background, retrying with backoff: a restarted engine must not wait for its targets. */
  openInBackground(name: string): void {
    const sink = this.running.get(name);
    if (!sink || sink.opening || sink.writer) return;
    sink.opening = sink.connector.open(sink.spec).then(
      (writer) => {
        sink.opening = undefined;
        if (sink.closed) return void writer.close().catch(() => undefined);
        sink.writer = writer;
        this.succeeded(sink);
        this.deliver(sink);
      },
      (err: unknown) => {
        sink.opening = undefined;
        this.failed(sink, err, () => this.openInBackground(name));
      },
    );
  }

  /** Adds the current rows of a sink's relation, as inserts: a new sink starts with what its relation holds. */
  backfill(name: string, rows: Iterable<Row>): void {
    const sink = this.running.get(name);
    if (!sink) return;
    const all = [...rows];
    sink.buffer.add({ rows: all, weights: all.map(() => 1) });
    this.flush(sink);
  }

  /** One epoch's changes of `relation`; sealing decisions wait for the end of the epoch (a microtask later). */
  onChanges(relation: string, batch: ChangeBatch): void {
    for (const sink of this.running.values()) if (sink.relation === relation) sink.buffer.add(batch);
    if (!this.epochEndQueued) {
      this.epochEndQueued = true;
      queueMicrotask(() => {
        this.epochEndQueued = false;
        this.epochEnded();
      });
    }
  }

  /** Flushes every sink whose policy says it is due, and arms the flush timer of the others. */
  private epochEnded(): void {
    const now = Date.now();
    for (const sink of this.running.values()) {
      if (sink.buffer.size === 0) continue;
      const wait = sink.flush.intervalMs - (now - sink.lastFlushAt);
      if (sink.buffer.size + sink.log.pendingChanges >= sink.flush.maxRows || wait <= 0) this.flush(sink);
      else if (!sink.flushTimer && Number.isFinite(wait)) {
        sink.flushTimer = unrefTimer(() => {
          sink.flushTimer = undefined;
          this.flush(sink);
        }, wait);
      }
    }
  }

  /** Seals the buffer and starts delivering the log. */
  private flush(sink: RunningSink): void {
    if (sink.flushTimer) clearTimeout(sink.flushTimer);
    sink.flushTimer = undefined;
    sink.lastFlushAt = Date.now();
    this.seal(sink);
    this.deliver(sink);
  }

  /** Moves the buffer into the log (where checkpoints keep it), without delivering it yet. */
  private seal(sink: RunningSink): void {
    if (sink.buffer.size > 0) sink.log.append(sink.buffer.seal());
    sink.stats.droppedRetractions = sink.buffer.droppedRetractions;
    sink.stats.pending = sink.log.pendingChanges;
  }

  /** Starts writing the log unless a write is running, the writer is not open, or a retry is waiting. */
  private deliver(sink: RunningSink): void {
    if (sink.delivering || !sink.writer || sink.retryTimer || sink.closed || sink.log.deliverable(this.durableOnly) === 0) return;
    const writer = sink.writer;
    sink.delivering = (async () => {
      while (sink.log.deliverable(this.durableOnly) > 0 && !sink.closed) {
        const { changes: batches, attempted, range } = sink.log.peek(sink.flush.maxRows, this.durableOnly);
        const changes: SinkChange[] =
          sink.spec.type === 'upsert' ? mergeUpsertBatches(batches, attempted, sink.types, sink.spec.primaryKey) : batches.flat();
        sink.log.attempting(batches.length);
        try {
          if (changes.length > 0) await writer.write(changes, range);
        } catch (err) {
          this.failed(sink, err, () => this.deliver(sink));
          return;
        }
        sink.log.delivered(batches.length);
        sink.stats.delivered += changes.length;
        sink.stats.pending = sink.log.pendingChanges;
        this.succeeded(sink);
      }
    })().finally(() => {
      sink.delivering = undefined;
      // Batches sealed after the loop's last look at the log would otherwise wait for the next seal.
      this.deliver(sink);
    });
  }

  /** Counts a failure and retries `again` after the sink's backoff, which doubles up to its limit. */
  private failed(sink: RunningSink, err: unknown, again: () => void): void {
    const reason = maskPasswords(err instanceof Error ? err.message : String(err), sink.secrets);
    sink.stats.errors++;
    sink.stats.lastError = reason;
    if (sink.closed) return;
    if (sink.writer) sink.stats.state = 'retrying';
    if (sink.failures++ === 0) {
      const what = sink.writer ? 'write' : 'open';
      this.log(`sink "${sink.spec.name}" (${sink.connector.name}) failed to ${what}, retrying with backoff until it succeeds: ${reason}`);
    }
    const wait = sink.backoffMs;
    sink.backoffMs = Math.min(sink.backoffMs * 2, MAX_BACKOFF_MS);
    sink.retryTimer = unrefTimer(() => {
      sink.retryTimer = undefined;
      again();
    }, wait);
  }

  /** After a successful open or write: the backoff starts over, and a recovery from failures is logged. */
  private succeeded(sink: RunningSink): void {
    sink.backoffMs = FIRST_BACKOFF_MS;
    sink.stats.state = 'running';
    if (sink.failures === 0) return;
    this.log(`sink "${sink.spec.name}" (${sink.connector.name}) recovered after ${sink.failures} failed attempt${sink.failures === 1 ? '' : 's'}`);
    sink.failures = 0;
  }

  /**
   * Seals every buffer into its log and writes each log's changes since the last checkpoint. A checkpoint is a
   * flush (as in Flink): what it sealed is delivered once it commits (`committed`).
   */
  checkpoint(writerFor: (jobId: string, operatorId: string) => StateWriter): void {
    for (const [name, sink] of this.running) {
      this.seal(sink);
      sink.log.checkpoint(writerFor(name, SINK_LOG_ID));
      if (!this.durableOnly) this.deliver(sink);
    }
  }

  /** The checkpoint that `checkpoint` last wrote to has committed: its batches are delivered. */
  committed(): void {
    for (const sink of this.running.values()) {
      sink.log.committed();
      this.deliver(sink);
    }
  }

  stats(): Map<string, SinkStats> {
    return new Map([...this.running].map(([name, sink]) => [name, sink.stats]));
  }

  /** Every sink with its connector, relation and counters, for tally_sinks. */
  statuses(): SinkStatus[] {
    return [...this.running.values()].map(({ spec, relation, connector, stats }) => ({
      name: spec.name,
      connector: connector.name,
      relation,
      type: spec.type,
      delivered: stats.delivered,
      pending: stats.pending,
      errors: stats.errors,
      lastError: stats.lastError,
      droppedRetractions: stats.droppedRetractions,
      state: stats.state,
    }));
  }

  /** Resolves when every sealed change has been confirmed by its target, or rejects after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const sink of this.running.values()) this.flush(sink);
    // Sealed batches are delivered once a checkpoint holds them: commit one rather than wait for the next.
    if (this.durableOnly && [...this.running.values()].some((s) => s.log.deliverable(true) < s.log.length)) this.commitCheckpoint?.();
    while ([...this.running.values()].some((s) => s.log.length > 0)) {
      if (Date.now() > deadline) {
        const behind = [...this.running].filter(([, s]) => s.log.length > 0).map(([name, s]) => `${name} (${s.log.pendingChanges} changes${s.stats.lastError ? `, last error: ${s.stats.lastError}` : ''})`);
        throw new Error(`sinks did not catch up in ${timeoutMs} ms: ${behind.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async detach(name: string): Promise<void> {
    const sink = this.running.get(name);
    if (!sink) return;
    this.running.delete(name);
    await this.stop(sink);
  }

  async closeAll(): Promise<void> {
    const sinks = [...this.running.values()];
    this.running.clear();
    for (const sink of sinks) await this.stop(sink);
  }

  private async stop(sink: RunningSink): Promise<void> {
    sink.closed = true;
    for (const timer of [sink.flushTimer, sink.retryTimer]) if (timer) clearTimeout(timer);
    sink.flushTimer = sink.retryTimer = undefined;
    await sink.delivering;
    await sink.opening;
    await sink.writer?.close().catch(() => undefined);
  }
}

/** The state id of a sink's log (its job id is the sink name). */
export const SINK_LOG_ID = 'log';

function unrefTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}
