// Tests of Filter: SQL truth (NULL drops the row) and linearity.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Row } from '../../types/value.js';
import { Filter } from './filter.js';

const positive = (row: Row) => (row[0] === null ? null : (row[0] as number) > 0);

describe('Filter', () => {
  it('keeps rows whose predicate is true, dropping false and NULL', () => {
    const filter = new Filter(positive);
    expect(filter.push(0, { rows: [[1], [0], [null], [2]], weights: [1, -1, 1, -2] })).toEqual({
      rows: [[1], [2]],
      weights: [1, -2],
    });
    expect(filter.barrier()).toBeNull();
  });

  it('returns a batch that passes whole as is, and null when nothing passes', () => {
    const filter = new Filter(positive);
    const batch = { rows: [[1], [2]], weights: [1, 1] };
    expect(filter.push(0, batch)).toBe(batch);
    expect(filter.push(0, { rows: [[0]], weights: [1] })).toBeNull();
    expect(filter.push(0, { rows: [], weights: [] })).toBeNull();
  });

  it('is linear: filtering a sum is the sum of the filtered batches', () => {
    const row = fc.tuple(fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }));
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.integer({ min: -3, max: 3 }))), (changes) => {
        const rows: Row[] = changes.map(([r]) => r);
        const weights = changes.map(([, w]) => w);
        const whole = new Filter(positive).push(0, { rows, weights });
        const kept = changes.filter(([r]) => positive(r) === true);
        expect(whole?.rows ?? []).toEqual(kept.map(([r]) => r));
        expect(whole?.weights ?? []).toEqual(kept.map(([, w]) => w));
      }),
    );
  });
});
