// ValueMultiset: which representation of equal values it returns, as PostgreSQL does.
import { describe, expect, it } from 'vitest';
import { comparator } from '../../types/compare.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { latestRepresentation, representationAt, ValueMultiset } from './value-multiset.js';
import { sameRepresentation } from './value-representation.js';

const numeric = (text: string): Numeric => Numeric.parse(text);
const text = (value: Value | undefined): string => String(value);
const multiset = (): ValueMultiset => new ValueMultiset(comparator('numeric'), sameRepresentation('numeric'));

describe('ValueMultiset', () => {
  it('returns the latest representation for min/max and arrival order for ranks', () => {
    const values = multiset();
    for (const value of ['2.0', '2.00', '1', '2.0']) values.add(numeric(value), 1);
    const two = values.largest()!;
    expect(text(latestRepresentation(two))).toBe('2.0');
    expect([0, 1, 2, 3].map((rank) => text(values.atRank(rank)))).toEqual(['1', '2.0', '2.00', '2.0']);
    values.add(numeric('2.0'), -1);
    expect(text(latestRepresentation(two))).toBe('2.00');
    expect(text(representationAt(two, 0))).toBe('2.0');
    values.add(numeric('2.0'), -1);
    expect(text(latestRepresentation(two))).toBe('2.00');
    expect(two.runs).toBeUndefined();
  });

  it('settles retractions that arrive before their insertions', () => {
    const values = multiset();
    values.add(numeric('3.0'), -1);
    values.add(numeric('3'), 2);
    values.add(numeric('3.0'), 1);
    expect(values.size).toBe(2);
    expect(text(latestRepresentation(values.smallest()!))).toBe('3');
    values.add(numeric('3'), -2);
    expect(values.size).toBe(0);
    expect(values.smallest()).toBeUndefined();
  });
});
