// The state an engine's statement handlers share: catalog, table data and the streaming runtime.
import type { Catalog, RelationEntry } from '../catalog/catalog.js';
import type { ReadAccess } from '../catalog/read-access.js';
import { systemContext, systemRelation } from '../catalog/system/system-catalog.js';
import type { CompileOptions } from '../expr/compile.js';
import { sessionInfo } from '../expr/function-registry.js';
import { builtinFunctions } from '../expr/functions/function-listing.js';
import type { TableStore } from '../storage/table-store.js';
import type { SourceRunner } from './source-runner.js';
import type { SinkRunner } from './sink-runner.js';
import type { StreamRuntime } from '../stream/runtime.js';
import { SqlError } from '../types/error.js';
import type { Row, Value } from '../types/value.js';

export interface TableData {
  readonly store: TableStore;
  nextRowId: bigint;
}

export interface EngineState {
  readonly catalog: Catalog;
  readonly tables: Map<string, TableData>;
  readonly runtime: StreamRuntime;
  /** Plan statements without running them (`tally check`): no data, no dataflows. */
  readonly dryRun: boolean;
  readonly settings: Map<string, string>;
  /** Data errors turned into NULL inside views, counted. */
  viewDataErrors: number;
  /** Watermarks of the tables and sources that declare one. */
  readonly watermarks: Map<string, WatermarkState>;
  /** Sources pulled by connectors (file, datagen, kafka), polled once per epoch. */
  readonly sources: SourceRunner;
  /** Sinks (jdbc, kafka, webhook, ...), fed each epoch's changes of their relation. */
  readonly sinks: SinkRunner;
  /** Tables track their changes for checkpoints (the engine has a data directory). */
  checkpoints: boolean;
  /** Set while the catalog of a data directory is replayed at start: objects restore instead of starting empty. */
  restoring?: RestoreContext;
}

/** What a replayed CREATE statement restores from the last checkpoint. */
export interface RestoreContext {
  /** The stored read position of a source or connector table. */
  position(name: string): unknown;
  watermark(relation: string): bigint | undefined;
  /** The state entries of one operator (`operatorId`) of a job (a view or table name), user keys only. */
  entries(jobId: string, operatorId: string): Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>;
}

/** A relation's `WATERMARK FOR col AS expr`, compiled, and the largest value seen (µs). */
export interface WatermarkState {
  readonly compute: (row: Row) => Value;
  value: bigint | undefined;
}

/** Advances a relation's watermark over new rows; returns the current watermarks of every relation. */
export function advanceWatermark(state: EngineState, relation: string, rows: readonly Row[]): ReadonlyMap<string, bigint> | undefined {
  const watermark = state.watermarks.get(relation);
  if (watermark) {
    for (const row of rows) {
      const v = watermark.compute(row);
      if (v !== null && (watermark.value === undefined || (v as bigint) > watermark.value)) watermark.value = v as bigint;
    }
  }
  return currentWatermarks(state);
}

export function currentWatermarks(state: EngineState): ReadonlyMap<string, bigint> | undefined {
  if (state.watermarks.size === 0) return undefined;
  const out = new Map<string, bigint>();
  for (const [relation, w] of state.watermarks) if (w.value !== undefined) out.set(relation, w.value);
  return out;
}

export const viewCompileOptions = (state: EngineState): CompileOptions => ({
  nonStrict: true,
  onDataError: () => {
    state.viewDataErrors++;
  },
});

export const batchCompileOptions: CompileOptions = { nonStrict: false };

/**
 * The current rows of a relation, for backfills and batch queries. A source keeps no rows: a view created on
 * it starts from the source's next events, and a query cannot read it. `access`: the reading user's rights,
 * which system relations apply (user relations are scoped by their scans).
 */
export function snapshotOf(state: EngineState, relation: string, purpose: 'backfill' | 'query' = 'query', access?: ReadAccess): Iterable<Row> {
  const table = state.tables.get(relation);
  if (table) return table.store.rows();
  const job = state.runtime.job(relation);
  if (job) return job.state.rows();
  const system = systemRelation(relation);
  if (system) {
    return system.rows({
      ...systemContext(state.catalog, sessionInfo, access),
      sinkStatuses: () => state.sinks.statuses(),
      functions: builtinFunctions(),
      readRowCounts: () => (name) => state.tables.get(name)?.store.size ?? state.runtime.job(name)?.state.size,
    });
  }
  const entry: RelationEntry | undefined = state.catalog.relation(relation);
  if (entry?.kind === 'source') {
    if (purpose === 'backfill') return [];
    throw new SqlError('feature_not_supported', `cannot read source "${relation}" directly`, {
      hint: 'Create a materialized view over the source, or create it as a TABLE to keep its rows.',
    });
  }
  if (state.dryRun) return [];
  throw new SqlError('internal_error', `relation "${relation}" has no data (this is a bug)`);
}
