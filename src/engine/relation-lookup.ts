// Point reads of tables and materialized views by key, for batch queries that filter on the whole key.
import type { KeyEqualities } from '../batch/key-equalities.js';
import type { Row, Value } from '../types/value.js';
import type { EngineState } from './engine-state.js';

/**
 * The rows of `relation` whose key equals `equalities`: a table by its declared primary key, a materialized
 * view by its stream key (`Materialize.lookup`). Undefined (the query scans) when the equalities do not cover
 * such a key; the rows come in the order a scan gives them, and the query's filter still runs over them.
 */
export function lookupOf(state: EngineState, relation: string, equalities: KeyEqualities): readonly Row[] | undefined {
  const table = state.tables.get(relation);
  if (table) {
    const entry = state.catalog.get(relation);
    if (entry?.kind !== 'table' || !entry.hasUserPrimaryKey) return undefined;
    for (const column of entry.primaryKey) if (!equalities.has(column)) return undefined;
    const row = table.store.get(table.store.keyOf(probeRow(equalities)));
    return row === undefined ? [] : [row];
  }
  const job = state.runtime.job(relation);
  if (job) return job.state.lookup(new Set(equalities.keys()), probeRow(equalities));
  return undefined;
}

/** A sparse row holding the equalities' values at their columns: what the key encoders and maps read. */
function probeRow(equalities: KeyEqualities): Value[] {
  const row: Value[] = [];
  for (const [column, value] of equalities) row[column] = value;
  return row;
}
