// avg's roundedResult, which HashAgg reads for round(avg(x), s), against round(result(), s).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../types/numeric.js';
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';

const NO_OPTIONS = { distinct: false, orderBy: [], directArgs: [] };
const show = (value: Value): string => (value === null ? 'NULL' : String(value));

/** Applies `changes` to a fresh avg state over `type`; returns round(result(), scale) and roundedResult(scale). */
function both(type: DataType, changes: readonly [Value, number][], scale: number): [string, string] {
  const state = resolveAggregate('avg', [type], NO_OPTIONS).createState();
  for (const [value, weight] of changes) state.apply([value], weight);
  const full = state.result();
  const expected = full === null ? 'NULL' : (full as Numeric).round(scale).toString();
  return [show(state.roundedResult!(scale)), expected];
}

describe('avg roundedResult', () => {
  const numeric = fc
    .tuple(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n })), fc.integer({ min: 0, max: 6 }))
    .map(([unscaled, scale]) => new Numeric(unscaled, scale));

  it('equals round(avg, s) over numeric values, retractions and NULLs included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(numeric, { nil: null }), fc.integer({ min: 1, max: 3 }))), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 }), (added, retracted, scale) => {
        const changes: [Value, number][] = added.map(([value, weight]) => [value, weight]);
        // Retracting some of what was added leaves a multiset with the same counts a later scan would see.
        for (const [value, weight] of added.slice(0, retracted * Math.floor(added.length / 2))) changes.push([value, -weight]);
        const [actual, expected] = both('numeric', changes, scale);
        expect(actual).toBe(expected);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('equals round(avg, s) over integers, small and beyond a double', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { minLength: 1 }), fc.integer({ min: 0, max: 20 }), (values, scale) => {
        const [actual, expected] = both('int8', values.map((value) => [value, 1]), scale);
        expect(actual).toBe(expected);
      }),
      { numRuns: 2000, seed: 13 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 }), fc.integer({ min: 0, max: 20 }), (values, scale) => {
        const [actual, expected] = both('int4', values.map((value) => [value, 1]), scale);
        expect(actual).toBe(expected);
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('gives NULL over no rows and keeps NaN and the infinities', () => {
    expect(both('numeric', [], 2)).toEqual(['NULL', 'NULL']);
    expect(both('numeric', [[Numeric.NAN, 1], [Numeric.parse('1'), 1]], 2)).toEqual(['NaN', 'NaN']);
    expect(both('numeric', [[Numeric.POSITIVE_INFINITY, 1], [Numeric.parse('1'), 1]], 2)).toEqual(['Infinity', 'Infinity']);
    expect(both('numeric', [[Numeric.parse('2'), 1], [Numeric.parse('3'), 2]], 2)).toEqual(['2.67', '2.67']);
  });
});
