import { describe, expect, it } from 'vitest';
import { compileExpr } from '../expr/compile.js';
import { column, literal, type BoundExpr } from '../expr/expr.js';
import { resolveFunction, resolveOperator } from '../expr/function-registry.js';
import { roundedAggregates } from './rounded-aggregates.js';

const round = (arg: BoundExpr, scale: number): BoundExpr => {
  const fn = resolveFunction('round', ['numeric', 'int4']);
  return { kind: 'call', fn, args: [arg, literal(scale, 'int4')], type: 'numeric' };
};
const plus = (a: BoundExpr, b: BoundExpr): BoundExpr => ({ kind: 'call', fn: resolveOperator('+', 'numeric', 'numeric'), args: [a, b], type: 'numeric' });
const key = column(0, 'varchar');
const first = column(1, 'numeric');
const second = column(2, 'numeric');
const evaluate = (constant: BoundExpr) => compileExpr(constant)([]);

describe('roundedAggregates', () => {
  it('lets an aggregate read once as round(result, s) round itself, and reads the column in its place', () => {
    const { roundTo, output } = roundedAggregates([key, round(first, 2), second], 1, [true, true], evaluate);
    expect(roundTo).toEqual([2, undefined]);
    expect(output).toEqual([key, first, second]);
  });

  it('leaves an aggregate that is read otherwise too, or whose state cannot round, or a rounded key', () => {
    expect(roundedAggregates([round(first, 2), first], 1, [true, true], evaluate).roundTo).toEqual([undefined, undefined]);
    expect(roundedAggregates([round(first, 2), round(first, 1)], 1, [true, true], evaluate).roundTo).toEqual([undefined, undefined]);
    expect(roundedAggregates([round(plus(first, second), 2)], 1, [true, true], evaluate).roundTo).toEqual([undefined, undefined]);
    expect(roundedAggregates([round(first, 2)], 1, [false, true], evaluate).roundTo).toEqual([undefined, undefined]);
    expect(roundedAggregates([round(column(0, 'numeric'), 2)], 1, [true, true], evaluate).output).toEqual([round(column(0, 'numeric'), 2)]);
    expect(roundedAggregates([round(first, -1)], 1, [true, true], evaluate).roundTo).toEqual([undefined, undefined]);
  });
});
