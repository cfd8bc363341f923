// Aggregates that a projection computed by HashAgg reads only as round(result, s): their states round themselves.
import { roundParts } from '../expr/div-round.js';
import { forEachColumn, type BoundExpr } from '../expr/expr.js';
import type { Value } from '../types/value.js';

export interface RoundedAggregates {
  /** Per aggregate, the scale its result is read at (HashAgg's `AggSpec.roundTo`), or undefined. */
  readonly roundTo: readonly (number | undefined)[];
  /** The projection with each of those round(column, s) read as the column itself. */
  readonly output: readonly BoundExpr[];
}

/**
 * For a projection `output` over an aggregate's row `[...keyCount group keys, ...aggregate results]`: the
 * aggregates whose result it reads once, as numeric round(result, s) with a constant s >= 0, among those whose
 * state can give that itself (`roundsItself`, per aggregate: AggregateState.roundedResult). `round(avg(total), 2)`
 * then costs one long division per emitted row instead of a quotient of 16 and more digits that is rounded away.
 * `evaluate` computes a constant subexpression as the view's compiled expressions would.
 */
export function roundedAggregates(
  output: readonly BoundExpr[],
  keyCount: number,
  roundsItself: readonly boolean[],
  evaluate: (constant: BoundExpr) => Value,
): RoundedAggregates {
  const reads = new Array<number>(keyCount + roundsItself.length).fill(0);
  for (const expr of output) forEachColumn(expr, (index) => reads[index]++);
  const roundTo = roundsItself.map((): number | undefined => undefined);
  const rewritten = output.map((expr) => {
    const rounding = roundParts(expr, evaluate);
    if (rounding === undefined || rounding.operand.kind !== 'column') return expr;
    const index = rounding.operand.index;
    const aggIdx = index - keyCount;
    if (aggIdx < 0 || !roundsItself[aggIdx] || reads[index] !== 1) return expr;
    roundTo[aggIdx] = rounding.to;
    return rounding.operand;
  });
  return { roundTo, output: rewritten };
}
