// The contract between the streaming runtime and sink connectors (jdbc, kafka, webhook, file, ...).
import type { ColumnInfo } from '../catalog/catalog.js';
import type { Row } from '../types/value.js';

/**
 * What became of one row of the sunk relation during the epochs a write covers. Upsert sinks get at most one
 * change per primary key (insert: before null; delete: after null; update: both), append-only sinks one
 * change per appended row (before null).
 */
export interface SinkChange {
  readonly before: Row | null;
  readonly after: Row | null;
}

/** Everything a connector needs to open a sink. */
export interface SinkSpec {
  /** The sink name. */
  readonly name: string;
  /** The sunk relation's visible columns, in order: rows of changes follow it. */
  readonly columns: readonly ColumnInfo[];
  /** WITH options, keys lower-cased and dotted (`jdbc.url`, `table.name`, `connector.url`...). */
  readonly options: ReadonlyMap<string, string>;
  /** FORMAT ... ENCODE ... (lower-cased), if given. */
  readonly format?: { readonly format: string; readonly encode: string; readonly options: ReadonlyMap<string, string> };
  readonly type: 'upsert' | 'append-only';
  /** Indexes into `columns` of the primary key (upsert sinks; may be empty for append-only ones). */
  readonly primaryKey: readonly number[];
}

/**
 * Which of the sink's sealed batches a write covers, numbered from 1 in the order they were sealed. A crash
 * replays from the oldest batch the last checkpoint had not seen confirmed, with the same numbers: a target that
 * keeps a write's output apart (a file sink's files) can drop what earlier attempts of `first` and later batches
 * left, and so have no duplicates even for appended rows.
 */
export interface SinkBatchRange {
  readonly first: number;
  readonly last: number;
}

/** A running writer of one sink. The runtime calls `write` once at a time, in epoch order. */
export interface SinkWriter {
  /**
   * Applies the changes to the target, in one target transaction where the target has them, and resolves once
   * they are durable there. On rejection the runtime retries the same changes later (with backoff): applying a
   * batch twice must leave the target as applying it once (upserts and deletes by key are).
   */
  write(changes: readonly SinkChange[], batches?: SinkBatchRange): Promise<void>;
  close(): Promise<void>;
}

/** When a sink's buffered changes are sealed into a write. */
export interface FlushPolicy {
  /** Seal once this many changes are buffered (Infinity: no row trigger); also the most changes merged into one write. */
  readonly maxRows: number;
  /**
   * How long changes may wait: 0 seals at every epoch end, Infinity only at checkpoints and on the row trigger.
   */
  readonly intervalMs: number;
}

/** A kind of sink (`connector = 'jdbc'`). Connectors register with the engine; the engine never imports them. */
export interface SinkConnector {
  readonly name: string;
  /** The sink's batching from its options (throws SqlError on a bad one); without it, every epoch's changes are written. */
  flushPolicy?(options: ReadonlyMap<string, string>): FlushPolicy;
  /** Checks the options at CREATE time; throws SqlError naming the missing or bad option. */
  validate(spec: SinkSpec): void;
  /**
   * Connects and checks the target (a table with matching columns, or creates it when an option says so); a
   * mismatch rejects with a SqlError naming the columns. Rejects when the target cannot be reached.
   */
  open(spec: SinkSpec): Promise<SinkWriter>;
}
