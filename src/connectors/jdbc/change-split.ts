// Splits a sink batch into the rows to delete by key and the rows to upsert (or append), per target transaction.
import type { SinkChange } from '../../stream/sink.js';
import { valuesEqual } from '../../types/compare.js';
import type { DataType } from '../../types/data-type.js';
import type { Row } from '../../types/value.js';

/** The statements one batch needs: deletes first, then upserts, so a key deleted and re-inserted ends up present. */
export interface SplitChanges {
  /** Rows whose key is to be deleted (only the key columns are read). */
  readonly deletes: Row[];
  /** Rows to insert, replacing the row of the same key (upsert) or added (append-only). */
  readonly upserts: Row[];
}

/** How a sink's changes map to statements. */
export interface SplitPlan {
  readonly type: 'upsert' | 'append-only';
  readonly key: readonly number[];
  /** The type of each key column, in key order. */
  readonly keyTypes: readonly DataType[];
}

function sameKey(plan: SplitPlan, before: Row, after: Row): boolean {
  for (let position = 0; position < plan.key.length; position++) {
    const index = plan.key[position]!;
    const left = before[index]!;
    const right = after[index]!;
    if (left === right) continue;
    if (left === null || right === null || !valuesEqual(plan.keyTypes[position]!, left, right)) return false;
  }
  return true;
}

/**
 * Upsert sinks: a delete removes the old row's key, an insert or update upserts the new row, and an update
 * that changes the key also deletes the old one. Append-only sinks insert every new row (the driver gives
 * them insertions only). Once per write.
 */
export function splitChanges(plan: SplitPlan, changes: readonly SinkChange[]): SplitChanges {
  const deletes: Row[] = [];
  const upserts: Row[] = [];
  const upsert = plan.type === 'upsert';
  for (const { before, after } of changes) {
    if (after !== null) upserts.push(after);
    if (upsert && before !== null && (after === null || !sameKey(plan, before, after))) deletes.push(before);
  }
  return { deletes, upserts };
}
