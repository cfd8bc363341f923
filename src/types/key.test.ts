import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keyEncoder, rowKeyEncoder } from './key.js';
import type { DataType } from './data-type.js';
import { Numeric } from './numeric.js';
import { Interval } from './interval.js';
import type { Row, Value } from './value.js';
import { valuesEqual } from './compare.js';

describe('keyEncoder', () => {
  it('groups values that are not distinct', () => {
    const numericKey = keyEncoder(['numeric'], [0]);
    expect(numericKey([Numeric.parse('2.0')])).toBe(numericKey([Numeric.parse('2.00')]));
    expect(numericKey([null])).not.toBe(numericKey([Numeric.ZERO]));
    const intervalKey = keyEncoder(['interval', 'float8'], [0, 1]);
    expect(intervalKey([Interval.parse('24 h'), -0])).toBe(intervalKey([Interval.parse('1 d'), 0]));
    expect(intervalKey([null, NaN])).toBe(intervalKey([null, -NaN]));
    expect(intervalKey([null, null])).not.toBe(intervalKey([null, 0]));
  });

  it('cannot be fooled by separators inside strings', () => {
    const key = keyEncoder(['varchar', 'varchar'], [0, 1]);
    expect(key(['a,', 'b'])).not.toBe(key(['a', ',b']));
    expect(key(['1:a', ''])).not.toBe(key(['', '1:a']));
    expect(key([null, 'x'])).not.toBe(key(['\u0000', 'x']));
    const single = keyEncoder(['varchar'], [0]);
    expect(single([null])).not.toBe(single(['\u0000']));
    expect(single(['abc'])).toBe('abc');
  });

  it('is injective up to SQL equality (property)', () => {
    const types: DataType[] = ['varchar', 'int4', 'numeric', 'boolean', 'varchar[]'];
    const valueArbitraries = [
      fc.oneof(fc.constant(null), fc.string({ maxLength: 3, unit: fc.constantFrom('a', ',', ':', '1', '\u0000') })),
      fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 })),
      fc.oneof(fc.constant(null), fc.tuple(fc.bigInt({ min: -20n, max: 20n }), fc.integer({ min: 0, max: 2 })).map(([u, s]) => new Numeric(u, s))),
      fc.oneof(fc.constant(null), fc.boolean()),
      fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constant(null), fc.constantFrom('', 'a', '1:', ',')), { maxLength: 2 })),
    ];
    const rowArbitrary = fc.tuple(...valueArbitraries).map((values) => values as Row);
    const key = rowKeyEncoder(types);
    const notDistinct = (a: Row, b: Row): boolean =>
      a.every((value, index) => {
        const other = b[index] as Value;
        if (value === null || other === null) return value === other;
        return valuesEqual(types[index]!, value, other);
      });
    fc.assert(
      fc.property(rowArbitrary, rowArbitrary, (a, b) => {
        expect(key(a) === key(b)).toBe(notDistinct(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
