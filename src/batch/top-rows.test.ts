import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topRows } from './top-rows.js';

describe('topRows', () => {
  it("is a stable sort's first rows, ties in input order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.nat(40), (keys, count) => {
        const rows = keys.map((key, index) => ({ key, index }));
        const compare = (a: { key: number }, b: { key: number }): number => b.key - a.key;
        const sorted = rows.slice().sort((a, b) => compare(a, b) || a.index - b.index);
        expect(topRows(rows, count, compare)).toEqual(sorted.slice(0, count));
      }),
      { numRuns: 300 },
    );
  });

  it('returns nothing for a count of zero, and everything when the count is larger', () => {
    expect(topRows([3, 1, 2], 0, (a, b) => a - b)).toEqual([]);
    expect(topRows([3, 1, 2], 10, (a, b) => a - b)).toEqual([1, 2, 3]);
  });
});
