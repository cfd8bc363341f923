// Tests of row identity keys and the representation order: they must agree with each other.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { compareRepresentations, compareRowRepresentations } from './representation-order.js';
import { rowIdentityKey, sameRow, sameValue } from './row-identity.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -0, NaN, Infinity, 1.5),
  fc.integer({ min: -3, max: 3 }),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.string({ maxLength: 4 }),
  fc.tuple(fc.bigInt({ min: -30n, max: 30n }), fc.integer({ min: 0, max: 2 })).map(([unscaled, scale]) => new Numeric(unscaled, scale)),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.bigInt({ min: 0n, max: 2n })).map(
    ([months, days, micros]) => new Interval(months, days, micros),
  ),
  fc.uint8Array({ maxLength: 3 }),
  fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 2 })), { maxLength: 2 }),
);
const row = fc.array(value, { maxLength: 3 });

describe('row identity', () => {
  it('tells apart equal values that print differently', () => {
    expect(sameValue(new Numeric(20n, 1), new Numeric(200n, 2))).toBe(false);
    expect(sameValue(new Numeric(20n, 1), new Numeric(20n, 1))).toBe(true);
    expect(sameValue(0, -0)).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(true);
    expect(sameValue(new Interval(0, 1, 0n), new Interval(0, 0, 86_400_000_000n))).toBe(false);
    expect(rowIdentityKey(['a,b', 'c'])).not.toBe(rowIdentityKey(['a', 'b,c']));
    expect(rowIdentityKey([1n])).not.toBe(rowIdentityKey([1]));
  });

  it('keys, equality and order agree', () => {
    fc.assert(
      fc.property(row, row, (a, b) => {
        const same = sameRow(a, b);
        expect(rowIdentityKey(a) === rowIdentityKey(b)).toBe(same);
        expect(compareRowRepresentations(a, b) === 0).toBe(same);
        expect(Math.sign(compareRowRepresentations(a, b)) + Math.sign(compareRowRepresentations(b, a))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('orders transitively', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        const sorted = [a, b, c].sort(compareRepresentations);
        expect(compareRepresentations(sorted[0], sorted[1])).toBeLessThanOrEqual(0);
        expect(compareRepresentations(sorted[1], sorted[2])).toBeLessThanOrEqual(0);
        expect(compareRepresentations(sorted[0], sorted[2])).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
