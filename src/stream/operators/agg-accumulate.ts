// Compiles a HashAgg's per-row work on a group into one function with a call site of its own per aggregate.
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { Row, Value } from '../../types/value.js';
import type { DistinctArgs } from './distinct-args.js';

/** The parts of a group the compiled functions read. */
export interface AccumulatedGroup {
  readonly states: readonly AggregateState[];
  readonly distinctArgs: readonly (DistinctArgs | undefined)[];
}

/** What the compiled functions need to know of one aggregate call. */
export interface AccumulatedAggregate {
  readonly args: readonly ((row: Row) => Value)[];
  /** Per argument, the input column it reads as is, or -1 when computed (absent: all computed). */
  readonly argColumns?: readonly number[];
  readonly filter?: (row: Row) => Value;
  readonly distinct: boolean;
}

/** Applies one weighted input row to a group's aggregate states. */
export type Accumulate = (group: AccumulatedGroup, row: Row, weight: number) => void;

/** Writes each of a group's aggregate results into `row` from `offset` on. */
export type WriteResults = (group: AccumulatedGroup, row: Value[], offset: number) => void;

/**
 * Why code is generated: a loop over a group's states calls `apply` from one call site for every aggregate of
 * every HashAgg of the process. It sees count, sum, avg, ... states alike, goes megamorphic, and each call
 * becomes a lookup in V8's stub cache that nothing can inline. Unrolled into a function of its own per operator,
 * each aggregate's call site only ever sees its one state class: monomorphic, and inlined by the optimizer.
 * The generated text holds only indexes and column numbers; the functions it calls come in as arguments.
 */
export function compileAccumulate(aggs: readonly AccumulatedAggregate[]): Accumulate {
  const lines = ['const states = group.states;'];
  aggs.forEach((agg, aggIdx) => {
    const body: string[] = [];
    agg.args.forEach((_, argIdx) => {
      const column = agg.argColumns?.[argIdx] ?? -1;
      const value = column >= 0 ? `row[${column}] ?? null` : `exprs[${aggIdx}][${argIdx}](row)`;
      body.push(`args[${aggIdx}][${argIdx}] = ${value};`);
    });
    // Only a DISTINCT aggregate reads the group's distinct counts.
    body.push(
      agg.distinct
        ? `group.distinctArgs[${aggIdx}].add(states[${aggIdx}], args[${aggIdx}], weight);`
        : `states[${aggIdx}].apply(args[${aggIdx}], weight);`,
    );
    if (agg.filter === undefined) lines.push(...body);
    else lines.push(`if (filters[${aggIdx}](row) === true) {`, ...body, '}');
  });
  const build = new Function('args', 'exprs', 'filters', `return function accumulate(group, row, weight) {\n${lines.join('\n')}\n};`);
  // Scratch arrays reused for every row, one per aggregate: the states keep nothing of them.
  const args = aggs.map((agg) => new Array<Value>(agg.args.length).fill(null));
  return build(
    args,
    aggs.map((agg) => agg.args),
    aggs.map((agg) => agg.filter),
  ) as Accumulate;
}

/**
 * See `compileAccumulate`: the same reason holds for `result`, called per aggregate at every emission. An
 * aggregate with `roundTo` is read through its state's `roundedResult`.
 */
export function compileWriteResults(aggs: readonly { readonly roundTo?: number }[]): WriteResults {
  const lines = ['const states = group.states;'];
  aggs.forEach((agg, aggIdx) => {
    const read = agg.roundTo === undefined ? 'result()' : `roundedResult(${agg.roundTo})`;
    lines.push(`row[offset + ${aggIdx}] = states[${aggIdx}].${read};`);
  });
  return new Function(`return function writeResults(group, row, offset) {\n${lines.join('\n')}\n};`)() as WriteResults;
}
