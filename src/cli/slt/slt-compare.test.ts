// Tests of result comparison: normalization, sort modes, hashing and the spelling equivalences.
import { describe, expect, it } from 'vitest';
import { compareQueryResult, hashValues, normalizeExpectedLine, normalizeLine } from './slt-compare.js';

describe('normalizeLine', () => {
  it('trims and collapses whitespace runs', () => {
    expect(normalizeLine('  2023-05-06 16:00:00  8 \t')).toBe('2023-05-06 16:00:00 8');
  });
});

describe('normalizeExpectedLine', () => {
  it("rewrites RisingWave's +00:00 UTC offset to PostgreSQL's +00", () => {
    expect(normalizeExpectedLine('2020-01-01 00:00:00+00:00')).toBe('2020-01-01 00:00:00+00');
    expect(normalizeExpectedLine('1 2020-01-01 00:00:00.123456+00:00  x')).toBe('1 2020-01-01 00:00:00.123456+00 x');
    expect(normalizeExpectedLine('2020-01-01 00:00:00+00:00 2020-01-02 10:00:00+00:00')).toBe('2020-01-01 00:00:00+00 2020-01-02 10:00:00+00');
    expect(normalizeExpectedLine('0001-01-01 00:00:00+00:00 BC')).toBe('0001-01-01 00:00:00+00 BC');
    expect(normalizeExpectedLine('12345-01-01 00:00:00+00:00')).toBe('12345-01-01 00:00:00+00');
  });

  it('leaves every other spelling alone', () => {
    for (const line of ['2020-01-01 00:00:00+05:30', '2020-01-01 00:00:00+00:001', 'x2020-01-01 00:00:00+00:00', '00:00:00+00:00', '2020-01-01 00:00:00']) {
      expect(normalizeExpectedLine(line)).toBe(line);
    }
  });
});

describe('compareQueryResult', () => {
  it('joins cells with single spaces and compares in order without a sort mode', () => {
    expect(compareQueryResult(['1  a', '2 (empty)'], [['1', 'a'], ['2', '(empty)']], 'nosort', 0).matches).toBe(true);
    const mismatch = compareQueryResult(['1 a', '2 b'], [['2', 'b'], ['1', 'a']], 'nosort', 0);
    expect(mismatch).toEqual({ matches: false, expected: ['1 a', '2 b'], actual: ['2 b', '1 a'] });
  });

  it('sorts rows as strings on both sides with rowsort', () => {
    const comparison = compareQueryResult(['2 b', '10 c', '1 a'], [['1', 'a'], ['10', 'c'], ['2', 'b']], 'rowsort', 0);
    expect(comparison).toEqual({ matches: true, expected: ['1 a', '10 c', '2 b'], actual: ['1 a', '10 c', '2 b'] });
    expect(compareQueryResult(['1 a', '1 a'], [['1', 'a']], 'rowsort', 0).matches).toBe(false);
  });

  it('sorts all values with valuesort', () => {
    expect(compareQueryResult(['3', '1 2'], [['2', '3'], ['1', 'NULL']], 'valuesort', 0).matches).toBe(false);
    expect(compareQueryResult(['3', '1 2', 'NULL'], [['2', '3'], ['1', 'NULL']], 'valuesort', 0).matches).toBe(true);
  });

  it('compares an empty expectation with no rows', () => {
    expect(compareQueryResult([], [], 'nosort', 0).matches).toBe(true);
    expect(compareQueryResult([], [['NULL']], 'nosort', 0).matches).toBe(false);
  });

  it('applies the spelling equivalences to the expected side only', () => {
    expect(compareQueryResult(['2020-01-01 00:00:00+00:00'], [['2020-01-01 00:00:00+00']], 'nosort', 0).matches).toBe(true);
    expect(compareQueryResult(['2020-01-01 00:00:00+00'], [['2020-01-01 00:00:00+00:00']], 'nosort', 0).matches).toBe(false);
  });

  it('compares results above the hash threshold as their md5 line', () => {
    const rows = [['1', 'a'], ['2', 'b']];
    const hashLine = hashValues(['1', 'a', '2', 'b']);
    expect(hashLine).toMatch(/^4 values hashing to [0-9a-f]{32}$/);
    expect(compareQueryResult([hashLine], rows, 'nosort', 3).matches).toBe(true);
    expect(compareQueryResult([hashLine], [['2', 'b'], ['1', 'a']], 'rowsort', 3).matches).toBe(true);
    expect(compareQueryResult(['1 a', '2 b'], rows, 'nosort', 4).matches).toBe(true);
  });
});
