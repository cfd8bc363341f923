import { describe, expect, it } from 'vitest';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { jsonValue, rowObjectEncoder } from './json-value.js';

describe('jsonValue', () => {
  it('gives exact JSON numbers only where a double holds the value', () => {
    expect(jsonValue('int4', 2147483647)).toBe(2147483647);
    expect(jsonValue('int2', -5)).toBe(-5);
    expect(jsonValue('float8', 0.1)).toBe(0.1);
    expect(jsonValue('float4', Math.fround(0.1))).toBe(0.1);
    expect(jsonValue('float4', Math.fround(3.4e38))).toBe(3.4e38);
    expect(jsonValue('float8', Number.NaN)).toBe('NaN');
    expect(jsonValue('float4', -Infinity)).toBe('-Infinity');
    expect(jsonValue('int8', 9223372036854775807n)).toBe('9223372036854775807');
    expect(jsonValue('numeric', Numeric.parse('12345678901234567890.10'))).toBe('12345678901234567890.10');
  });

  it('gives other values in PostgreSQL text form, NULL as null', () => {
    expect(jsonValue('boolean', false)).toBe(false);
    expect(jsonValue('varchar', null)).toBeNull();
    expect(jsonValue('timestamptz', 1_700_000_000_000_000n)).toBe('2023-11-14 22:13:20+00');
    expect(jsonValue('interval', Interval.parse('1 day 02:00:00'))).toBe('1 day 02:00:00');
    expect(jsonValue('int4[]', [1, null, 3])).toBe('{1,NULL,3}');
    expect(jsonValue('bytea', new Uint8Array([1, 255]))).toBe('\\x01ff');
  });
});

describe('rowObjectEncoder', () => {
  it('keys values by column name, leaving hidden columns out', () => {
    const columns = [
      { name: '__proto__', type: 'int4' as const },
      { name: '_row_id', type: 'int8' as const, hidden: true },
      { name: 'n', type: 'int8' as const },
    ];
    expect(JSON.stringify(rowObjectEncoder(columns, false)([1, 99n, 2n]))).toBe('{"__proto__":1,"n":"2"}');
    expect(JSON.stringify(rowObjectEncoder(columns, true)([1, 2n]))).toBe('{"__proto__":1,"n":"2"}');
  });
});
