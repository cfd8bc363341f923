import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Numeric } from '../types/numeric.js';
import type { Value } from '../types/value.js';
import { compileExpr } from './compile.js';
import { divRoundParts } from './div-round.js';
import { column, literal, type BoundExpr } from './expr.js';
import { resolveFunction, resolveOperator } from './function-registry.js';

const call = (fn: ReturnType<typeof resolveFunction>, ...args: BoundExpr[]): BoundExpr => ({ kind: 'call', fn, args, type: fn.returnType });
const num = (text: string): BoundExpr => literal(Numeric.parse(text), 'numeric');
const a = column(0, 'numeric');
const b = column(1, 'numeric');
const divide = (x: BoundExpr, y: BoundExpr): BoundExpr => call(resolveOperator('/', 'numeric', 'numeric'), x, y);
const times = (x: BoundExpr, y: BoundExpr): BoundExpr => call(resolveOperator('*', 'numeric', 'numeric'), x, y);
const round = (x: BoundExpr, scale: BoundExpr): BoundExpr => call(resolveFunction('round', ['numeric', 'int4']), x, scale);
const int = (n: number | null): BoundExpr => literal(n, 'int4');
const evaluate = (expr: BoundExpr): Value => compileExpr(expr)([]);

describe('divRoundParts', () => {
  it('finds round(a / b, s) and round(a / b * 10^k, s) with the power of ten on either side, at any scale', () => {
    expect(divRoundParts(round(divide(a, b), int(2)), evaluate)).toEqual({ dividend: a, divisor: b, shift: 0, to: 2 });
    expect(divRoundParts(round(times(divide(a, b), num('100')), int(2)), evaluate)).toMatchObject({ shift: 2, to: 2 });
    expect(divRoundParts(round(times(num('100.00'), divide(a, b)), int(1)), evaluate)).toMatchObject({ shift: 2, to: 1 });
    expect(divRoundParts(round(times(divide(a, b), num('1')), int(0)), evaluate)).toMatchObject({ shift: 0, to: 0 });
  });

  it('leaves every other shape to the calls as written', () => {
    expect(divRoundParts(round(times(divide(a, b), num('3')), int(2)), evaluate)).toBeUndefined();
    expect(divRoundParts(round(times(divide(a, b), num('0.1')), int(2)), evaluate)).toBeUndefined();
    expect(divRoundParts(round(divide(a, b), int(-1)), evaluate)).toBeUndefined();
    expect(divRoundParts(round(divide(a, b), int(null)), evaluate)).toBeUndefined();
    expect(divRoundParts(round(divide(a, b), column(2, 'int4')), evaluate)).toBeUndefined();
    expect(divRoundParts(round(times(a, b), int(2)), evaluate)).toBeUndefined();
    expect(divRoundParts(divide(a, b), evaluate)).toBeUndefined();
  });
});

describe('compiled round of a quotient', () => {
  const shapes: [string, BoundExpr, (x: Numeric, y: Numeric) => Numeric][] = [
    ['round(a / b, 2)', round(divide(a, b), int(2)), (x, y) => x.div(y).round(2)],
    ['round(a / b * 100, 2)', round(times(divide(a, b), num('100')), int(2)), (x, y) => x.div(y).mul(Numeric.parse('100')).round(2)],
    ['round(1000.0 * (a / b), 0)', round(times(num('1000.0'), divide(a, b)), int(0)), (x, y) => Numeric.parse('1000.0').mul(x.div(y)).round(0)],
    ['round(a / b, 15)', round(divide(a, b), int(15)), (x, y) => x.div(y).round(15)],
  ];
  const numeric = fc
    .tuple(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })), fc.integer({ min: 0, max: 4 }))
    .map(([unscaled, scale]) => new Numeric(unscaled, scale));

  it('gives what the three calls give, NULLs included', () => {
    for (const [text, expr, reference] of shapes) {
      const fused = compileExpr(expr);
      fc.assert(
        fc.property(fc.option(numeric, { nil: null }), fc.option(numeric.filter((y) => y.raw !== 0), { nil: null }), (x, y) => {
          const expected = x === null || y === null ? null : reference(x, y).toString();
          const actual = fused([x, y]);
          expect(actual === null ? null : (actual as Numeric).toString(), `${text} with a = ${String(x)}, b = ${String(y)}`).toBe(expected);
        }),
        { numRuns: 3000, seed: 11 },
      );
    }
  });

  it('raises division by zero, or in non-strict mode gives NULL and reports it once', () => {
    const expr = round(times(divide(a, b), num('100')), int(2));
    expect(() => compileExpr(expr)([Numeric.parse('1'), Numeric.ZERO])).toThrow('division by zero');
    const seen: Error[] = [];
    const lenient = compileExpr(expr, { nonStrict: true, onDataError: (err) => seen.push(err) });
    expect(lenient([Numeric.parse('1'), Numeric.ZERO])).toBe(null);
    expect((lenient([Numeric.parse('1'), Numeric.parse('3')]) as Numeric).toString()).toBe('33.33');
    expect(seen).toHaveLength(1);
  });
});
