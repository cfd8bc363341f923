// Tests the multiset comparison of text results and its rendering.
import { describe, expect, it } from 'vitest';
import { describeNearTwins, diffRows, formatRow, formatRowDiff, isEmptyDiff } from './row-diff.js';

describe('diffRows', () => {
  it('ignores order and counts duplicates', () => {
    expect(isEmptyDiff(diffRows([['a', '1'], ['b', null]], [['b', null], ['a', '1']]))).toBe(true);
    const diff = diffRows([['a'], ['a'], ['b']], [['a'], ['b'], ['b']]);
    expect(diff).toEqual({ missing: [['a']], extra: [['b']] });
  });

  it('tells NULL from the text "NULL" and from the empty string', () => {
    const diff = diffRows([[null]], [['NULL'], ['']]);
    expect(diff).toEqual({ missing: [[null]], extra: [['NULL'], ['']] });
    expect(formatRow([null, '', 'x'])).toBe("NULL | '' | x");
  });
});

describe('formatRowDiff', () => {
  it('puts a wrong row next to its right version, and cuts long diffs', () => {
    const diff = diffRows([['m1', '10.50'], ['m2', '3']], [['m1', '10.5'], ['m2', '3']]);
    expect(formatRowDiff(diff)).toEqual(['+ m1 | 10.5', '- m1 | 10.50']);
    const long = diffRows(Array.from({ length: 30 }, (_, idx) => [String(idx)]), []);
    const lines = formatRowDiff(long, 5);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('… and 25 more');
  });
});

describe('describeNearTwins', () => {
  it('names the columns in which rows differ from a PostgreSQL row', () => {
    const diff = diffRows(
      [['m1', 'web', '1', '2.50'], ['m2', 'pos', '2', '3.00']],
      [['m1', 'web', '1', '2.5'], ['m2', 'pos', '3', '3.0'], ['zz', 'x', 'y', 'z']],
    );
    expect(describeNearTwins(diff, ['merchant', 'channel', 'n', 'avg'])).toBe(
      '2 Tally rows differ from a PostgreSQL row only in: n (1), avg (2)',
    );
    expect(describeNearTwins(diffRows([['a', 'b']], [['c', 'd']]), ['x', 'y'])).toBeNull();
  });
});
