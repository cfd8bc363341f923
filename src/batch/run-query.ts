// Batch SELECT: evaluates a plan once over a consistent snapshot of its input relations.
import type { CompileOptions } from '../expr/compile.js';
import type { BoundQuery } from '../plan/bind-query.js';
import { buildDataflow } from '../stream/build-dataflow.js';
import type { Dataflow } from '../stream/dataflow.js';
import { ChangeSum } from '../stream/operators/change-sum.js';
import { rowComparator } from '../stream/sort-order.js';
import type { Row } from '../types/value.js';
import { scanKeyEqualities, type RelationLookup } from './key-equalities.js';
import { topRows } from './top-rows.js';

/**
 * Lets a long query give way: `pause` is awaited between slices of its work, so that other connections' queries,
 * epochs and checkpoints run meanwhile. It rejects to stop the query (canceled, timed out).
 */
export interface QueryPacer {
  pause(): Promise<void>;
  /** Milliseconds of work between pauses (default `SLICE_MS`). */
  readonly sliceMs?: number;
}

/** Work done between two pauses: long enough that pausing costs nothing measurable, short enough to feel instant. */
const SLICE_MS = 10;
/**
 * Input rows pushed at a time while paced. It adapts to what a row costs: a join that multiplies each row into
 * thousands of rows works through smaller slices than a scan, so that no push runs far past `SLICE_MS`.
 */
const MIN_PUSH = 1;
const FIRST_PUSH = 64;
const MAX_PUSH = 65_536;

/**
 * Runs a bound query by building its dataflow, feeding it the snapshot of every relation it scans as
 * insertions and taking the single epoch's output, then applying ORDER BY, OFFSET and LIMIT. The caller
 * guarantees the snapshot is consistent (all reads happen between two epochs). With `lookup`, a relation the
 * query filters by `key = constant` is read by key instead of in full (`key-equalities.ts`); the filter still
 * runs over what the lookup returns.
 */
export function runQuery(query: BoundQuery, snapshot: (relation: string) => Iterable<Row>, options: CompileOptions, lookup?: RelationLookup): Row[] {
  const run = new QueryRun(query, snapshot, options, lookup);
  for (const [relation, rows] of run.inputs) run.dataflow.push(relation, insertions(rows, 0, rows.length));
  return run.finish();
}

/**
 * `runQuery` that pauses (`pacer`) every few milliseconds while it feeds its inputs through the dataflow, where
 * a query spends its time (scans, filters, joins, aggregation). The snapshot is read in full before the first
 * pause: what runs between pauses cannot change the answer. The final barrier, ORDER BY and LIMIT run unpaused.
 */
export async function runQueryPaced(
  query: BoundQuery,
  snapshot: (relation: string) => Iterable<Row>,
  options: CompileOptions,
  lookup: RelationLookup | undefined,
  pacer: QueryPacer,
): Promise<Row[]> {
  const run = new QueryRun(query, snapshot, options, lookup);
  const sliceMs = pacer.sliceMs ?? SLICE_MS;
  let sliceStart = performance.now();
  let pushSize = FIRST_PUSH;
  for (const [relation, rows] of run.inputs) {
    for (let from = 0; from < rows.length; ) {
      const to = Math.min(rows.length, from + pushSize);
      const pushStart = performance.now();
      run.dataflow.push(relation, insertions(rows, from, to));
      from = to;
      const now = performance.now();
      const took = now - pushStart;
      if (took < SLICE_MS / 8) pushSize = Math.min(MAX_PUSH, pushSize * 2);
      else if (took > SLICE_MS / 2) pushSize = Math.max(MIN_PUSH, pushSize >> 1);
      if (now - sliceStart >= sliceMs) {
        await pacer.pause();
        sliceStart = performance.now();
      }
    }
  }
  return run.finish();
}

/** One query's dataflow and inputs, read from the snapshot when it is created. */
class QueryRun {
  readonly dataflow: Dataflow;
  readonly inputs: [relation: string, rows: readonly Row[]][] = [];

  constructor(
    private readonly query: BoundQuery,
    snapshot: (relation: string) => Iterable<Row>,
    private readonly options: CompileOptions,
    lookup: RelationLookup | undefined,
  ) {
    this.dataflow = buildDataflow(query.plan, options);
    const equalities = lookup === undefined ? undefined : scanKeyEqualities(query.plan, options);
    for (const relation of this.dataflow.relations) {
      const keyed = equalities?.get(relation);
      const source = (keyed && lookup?.(relation, keyed)) ?? snapshot(relation);
      this.inputs.push([relation, Array.isArray(source) ? (source as Row[]) : [...source]]);
    }
  }

  finish(): Row[] {
    const { query, options } = this;
    let out = this.dataflow.barrier();
    // The epoch's output can retract rows it emitted before (a left join's NULL-extended row, once the match
    // arrives from the other side): only the sum of the changes is the answer.
    if (out.weights.some((weight) => weight < 0)) out = new ChangeSum().add(out).toBatch();
    let rows: Row[] = [];
    for (let i = 0; i < out.rows.length; i++) {
      const weight = out.weights[i]!;
      for (let copy = 0; copy < weight; copy++) rows.push(out.rows[i]!);
    }
    const offset = query.offset ?? 0;
    if (query.orderBy.length > 0) {
      const compare = rowComparator(query.orderBy, options);
      const wanted = query.limit === undefined ? rows.length : offset + query.limit;
      // A small LIMIT of a large result keeps only its rows; otherwise one stable sort.
      if (wanted * 4 < rows.length) rows = topRows(rows, wanted, compare);
      else rows = rows.map((row, index) => ({ row, index })).sort((a, b) => compare(a.row, b.row) || a.index - b.index).map((e) => e.row);
    }
    const end = query.limit === undefined ? rows.length : offset + query.limit;
    if (offset > 0 || end < rows.length) rows = rows.slice(offset, end);
    if (query.visibleCount < query.plan.columns.length) rows = rows.map((r) => r.slice(0, query.visibleCount));
    return rows;
  }
}

function insertions(rows: readonly Row[], from: number, to: number): { rows: Row[]; weights: number[] } {
  const slice = (from === 0 && to === rows.length ? rows : rows.slice(from, to)) as Row[];
  return { rows: slice, weights: new Array<number>(slice.length).fill(1) };
}
