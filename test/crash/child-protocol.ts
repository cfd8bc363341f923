// What the crash test's parent and its pipeline child say to each other: the child's configuration, its
import type { ColumnInfo } from '../../src/catalog/catalog.js';
// stdout lines, the parent's stdin command, and the dump of the views the child writes at the end.

/** The child's configuration file (JSON), the same for every run on one data directory. */
export interface ChildConfig {
  readonly dataDir: string;
  /** Statements creating the sources and views, in order; the child runs those whose object does not exist yet. */
  readonly statements: readonly { readonly name: string; readonly sql: string }[];
  /** Count view of each source: `SELECT COUNT(*) AS n FROM <source>`. */
  readonly countViews: Readonly<Record<string, string>>;
  /** The views to dump, count views included. */
  readonly dumpViews: readonly string[];
  /** Where the child writes its `Dump` before it exits. */
  readonly dumpPath: string;
}

/** Per run, on the command line after the config path: the engine's timing and pace. */
export interface RunSettings {
  readonly barrierIntervalMs: number;
  readonly checkpointIntervalMs: number;
  /** Records read from one source per epoch: a small value spreads a backlog over many epochs and checkpoints. */
  readonly maxRecordsPerEpoch: number;
}

/** The child's progress report: rows counted per source, the engine's epoch and checkpoints of this run. */
export interface Progress {
  readonly counts: Readonly<Record<string, number>>;
  readonly epoch: number;
  readonly checkpoints: number;
  /** The last failed epoch's message, if any. */
  readonly epochError?: string;
}

/** A view's rows in PostgreSQL's text output (null for NULL) with its columns and their types, in no particular order. */
export interface ViewDump {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (string | null)[][];
}

/** A sink's counters when the child finished (SinkStats). */
export interface DumpedSinkStats {
  readonly delivered: number;
  readonly errors: number;
  readonly pending: number;
  readonly lastError?: string;
}

/** Written by the child once its counts are reached and every sink's target confirmed every change. */
export interface Dump {
  readonly views: Readonly<Record<string, ViewDump>>;
  readonly sinks: Readonly<Record<string, DumpedSinkStats>>;
}

/**
 * Lines on the child's stdout, each a word then its argument:
 * `opened <ms>` (engine restored), `created <name>`, `ready <ms>` (every statement exists),
 * `progress <Progress JSON>`, `dumped <path>`.
 */
export const LINE = { opened: 'opened', created: 'created', ready: 'ready', progress: 'progress', dumped: 'dumped' } as const;

/** On the child's stdin: `finish <JSON of the expected count per source>`; it dumps when the counts reach them. */
export const FINISH = 'finish';
