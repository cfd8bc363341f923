import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { comparator, compareStrings, valuesEqual } from './compare.js';
import { Numeric } from './numeric.js';
import { Interval } from './interval.js';

describe('comparator', () => {
  it('orders floats with NaN largest and -0 equal to 0', () => {
    const sorted = [3, NaN, -Infinity, 0, -1.5, Infinity].sort(comparator('float8'));
    expect(sorted).toEqual([-Infinity, -1.5, 0, 3, Infinity, NaN]);
    expect(comparator('float8')(-0, 0)).toBe(0);
    expect(comparator('float8')(NaN, NaN)).toBe(0);
  });

  it('orders numerics by value and intervals normalized', () => {
    expect(comparator('numeric')(Numeric.parse('2.0'), Numeric.parse('2.00'))).toBe(0);
    expect(comparator('numeric')(Numeric.parse('-1'), Numeric.parse('0.5'))).toBe(-1);
    expect(comparator('interval')(Interval.parse('24 hours'), Interval.parse('1 day'))).toBe(0);
    expect(comparator('boolean')(false, true)).toBe(-1);
    expect(comparator('int8')(10n, 9n)).toBe(1);
  });

  it('orders strings by code point (C collation)', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('B', 'a')).toBe(-1);
    expect(compareStrings('ab', 'a')).toBe(1);
    // U+FFFD (one UTF-16 unit) sorts before U+1F600 (a surrogate pair), as in UTF-8 byte order.
    expect(compareStrings('\uFFFD', '\u{1F600}')).toBe(-1);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const bytes = Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
        expect(compareStrings(a, b)).toBe(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('orders arrays element-wise with NULL last', () => {
    const compare = comparator('int4[]');
    expect(compare([1, 2], [1, 3])).toBe(-1);
    expect(compare([1, 2], [1, 2, 0])).toBe(-1);
    expect(compare([1, null], [1, 5])).toBe(1);
    expect(compare([null], [null])).toBe(0);
    expect(comparator('bytea')(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(-1);
  });
});

describe('valuesEqual', () => {
  it('is SQL equality on non-null values', () => {
    expect(valuesEqual('float8', NaN, NaN)).toBe(true);
    expect(valuesEqual('float8', -0, 0)).toBe(true);
    expect(valuesEqual('numeric', Numeric.parse('1.10'), Numeric.parse('1.1'))).toBe(true);
    expect(valuesEqual('interval', Interval.parse('1 mon'), Interval.parse('30 days'))).toBe(true);
    expect(valuesEqual('varchar', 'a', 'a ')).toBe(false);
    expect(valuesEqual('int4[]', [1, 2], [1, 2])).toBe(true);
    expect(valuesEqual('timestamp', 5n, 5n)).toBe(true);
  });
});
