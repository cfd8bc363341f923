// Batch SELECT: evaluates a plan once over a consistent snapshot of its input relations.
import type { CompileOptions } from '../expr/compile.js';
import type { BoundQuery } from '../plan/bind-query.js';
import { buildDataflow } from '../stream/build-dataflow.js';
import { ChangeSum } from '../stream/operators/change-sum.js';
import { rowComparator } from '../stream/sort-order.js';
import type { Row } from '../types/value.js';
import { scanKeyEqualities, type RelationLookup } from './key-equalities.js';

/**
 * Runs a bound query by building its dataflow, feeding it the snapshot of every relation it scans as
 * insertions and taking the single epoch's output, then applying ORDER BY, OFFSET and LIMIT. The caller
 * guarantees the snapshot is consistent (all reads happen between two epochs). With `lookup`, a relation the
 * query filters by `key = constant` is read by key instead of in full (`key-equalities.ts`); the filter still
 * runs over what the lookup returns.
 */
export function runQuery(query: BoundQuery, snapshot: (relation: string) => Iterable<Row>, options: CompileOptions, lookup?: RelationLookup): Row[] {
  const dataflow = buildDataflow(query.plan, options);
  const equalities = lookup === undefined ? undefined : scanKeyEqualities(query.plan, options);
  for (const relation of dataflow.relations) {
    const keyed = equalities?.get(relation);
    const source = (keyed && lookup?.(relation, keyed)) ?? snapshot(relation);
    const rows = Array.isArray(source) ? (source as Row[]) : [...source];
    dataflow.push(relation, { rows, weights: new Array<number>(rows.length).fill(1) });
  }
  let out = dataflow.barrier();
  // The epoch's output can retract rows it emitted before (a left join's NULL-extended row, once the match
  // arrives from the other side): only the sum of the changes is the answer.
  if (out.weights.some((weight) => weight < 0)) out = new ChangeSum().add(out).toBatch();
  let rows: Row[] = [];
  for (let i = 0; i < out.rows.length; i++) {
    const weight = out.weights[i]!;
    for (let copy = 0; copy < weight; copy++) rows.push(out.rows[i]!);
  }
  if (query.orderBy.length > 0) {
    const compare = rowComparator(query.orderBy, options);
    rows = rows.map((row, index) => ({ row, index })).sort((a, b) => compare(a.row, b.row) || a.index - b.index).map((e) => e.row);
  }
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? rows.length : offset + query.limit;
  if (offset > 0 || end < rows.length) rows = rows.slice(offset, end);
  if (query.visibleCount < query.plan.columns.length) rows = rows.map((r) => r.slice(0, query.visibleCount));
  return rows;
}
