// The contract between the streaming runtime and source connectors (kafka, file, datagen, ...).
import type { ColumnInfo } from '../catalog/catalog.js';
import type { ChangeBatch } from '../types/change-batch.js';

/** A record that could not be decoded: kept with its raw payload so that nothing is silently lost. */
export interface DeadLetter {
  /** Where in the source the record was: a file and line, a partition and offset. */
  readonly offset: string;
  readonly payload: string;
  readonly error: string;
}

/** What one poll of a source produced. */
export interface SourceBatch {
  /** Decoded changes in the relation's column order (+1 inserts; upsert and CDC formats also retract). */
  readonly changes: ChangeBatch;
  readonly deadLetters: readonly DeadLetter[];
}

/** A running reader of one source. The runtime polls it once per epoch, never twice at a time. */
export interface SourceReader {
  /**
   * Returns what is available now, at most about `maxRecords` records; resolves promptly with an empty batch
   * when nothing is. The records returned belong to the epoch the runtime is about to run.
   */
  poll(maxRecords: number): Promise<SourceBatch>;
  /**
   * The position after the last record returned: JSON-serializable, stored in checkpoints and given back to
   * `open` after a restart so that no record is read twice or skipped.
   */
  position(): unknown;
  /** Records known to be waiting after `position()` (a topic's high watermarks minus the offsets), if the source can tell. */
  lag?(): number | undefined;
  /**
   * Optional. Called after a checkpoint holding `position` (a value `position()` returned) has committed: a
   * restart resumes there or later, never earlier, so the upstream may forget what came before (a PostgreSQL
   * replication slot is advanced to it). Engines without checkpoints call it after each poll's position, since
   * nothing of theirs resumes. Readers that do not implement it keep no upstream state for restarts.
   */
  positionCommitted?(position: unknown): void;
  close(): Promise<void>;
  /**
   * Optional. Called instead of `close` when the relation is dropped: besides closing, gives back what the
   * upstream keeps for a later restart (a replication slot, which otherwise holds the upstream's log forever).
   */
  release?(): Promise<void>;
}

/** Everything a connector needs to open a source. */
export interface SourceSpec {
  /** The source or table name. */
  readonly name: string;
  /** The relation's visible columns, in order: decoded rows follow it. */
  readonly columns: readonly ColumnInfo[];
  /** WITH options, keys lower-cased and dotted (`topic`, `properties.bootstrap.server`, `connector.path`...). */
  readonly options: ReadonlyMap<string, string>;
  /**
   * Column indexes of the relation's PRIMARY KEY: empty for a SOURCE or a table without one; undefined when the
   * engine does not say. Connectors that send updates and deletes by key (CDC) need it.
   */
  readonly primaryKey?: readonly number[];
  /** FORMAT ... ENCODE ... (lower-cased), if given. */
  readonly format?: { readonly format: string; readonly encode: string; readonly options: ReadonlyMap<string, string> };
}

/** A kind of source (`connector = 'file'`). Connectors register with the engine; the engine never imports them. */
export interface SourceConnector {
  readonly name: string;
  /** Checks the options at CREATE time; throws SqlError naming the missing or bad option. */
  validate(spec: SourceSpec): void;
  /** Opens a reader at `position` (from a checkpoint) or, when undefined, where the options say to start. */
  open(spec: SourceSpec, position: unknown): Promise<SourceReader>;
}
