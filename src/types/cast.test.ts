import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canCoerce, castFunction, commonType } from './cast.js';
import type { DataType, TypeModifier } from './data-type.js';
import { formatValue, parseValue } from './text-format.js';
import { Numeric } from './numeric.js';
import type { Value } from './value.js';
import { PgOracle, outcome } from './pg-oracle.test-support.js';

/** Casts the text of a `from` value to `to` and prints the result (or the error). */
function castText(from: DataType, to: DataType, text: string, modifier?: TypeModifier, context?: 'assignment'): string | null {
  return outcome(() => {
    const cast = castFunction(from, to, modifier, context);
    if (cast === undefined) return 'no cast';
    return formatValue(to, cast(parseValue(from, text)));
  });
}

describe('castFunction', () => {
  it('rounds numerics half away from zero and floats half to even', () => {
    expect(castText('numeric', 'int4', '2.5')).toBe('3');
    expect(castText('numeric', 'int4', '-2.5')).toBe('-3');
    expect(castText('float8', 'int4', '2.5')).toBe('2');
    expect(castText('float8', 'int4', '3.5')).toBe('4');
    expect(castText('float8', 'int8', '-0.5')).toBe('0');
  });

  it('raises PostgreSQL range errors', () => {
    expect(castText('int4', 'int2', '40000')).toBe('ERROR: smallint out of range');
    expect(castText('int8', 'int4', '3000000000')).toBe('ERROR: integer out of range');
    expect(castText('numeric', 'int8', '1e19')).toBe('ERROR: bigint out of range');
    expect(castText('float8', 'int4', 'NaN')).toBe('ERROR: integer out of range');
    expect(castText('numeric', 'int4', 'NaN')).toBe('ERROR: cannot convert NaN to integer');
    expect(castText('numeric', 'int4', 'Infinity')).toBe('ERROR: cannot convert infinity to integer');
    expect(castText('float8', 'float4', '1e300')).toBe('ERROR: value out of range: overflow');
    expect(castText('float8', 'float4', '1e-300')).toBe('ERROR: value out of range: underflow');
  });

  it('applies type modifiers', () => {
    expect(castText('numeric', 'numeric', '12345.678', { precision: 5, scale: 2 })).toBe('ERROR: numeric field overflow');
    expect(castText('numeric', 'numeric', '123.456', { precision: 5, scale: 2 })).toBe('123.46');
    expect(castText('int4', 'numeric', '7', { precision: 5, scale: 2 })).toBe('7.00');
    expect(castText('float8', 'numeric', '0.125', { precision: 3, scale: 2 })).toBe('0.13');
    expect(castText('varchar', 'varchar', 'abcdef', { length: 3 })).toBe('abc');
    expect(castText('varchar', 'varchar', 'abcdef', { length: 3 }, 'assignment')).toBe('ERROR: value too long for type character varying(3)');
    expect(castText('varchar', 'varchar', 'abc   ', { length: 3 }, 'assignment')).toBe('abc');
    expect(castText('timestamp', 'timestamp', '2021-03-25 12:00:00.123456', { precision: 3 })).toBe('2021-03-25 12:00:00.123');
    // PostgreSQL rounds half away from zero relative to 2000-01-01: before it, halves round towards the past.
    expect(castText('timestamp', 'timestamp', '1999-03-25 12:00:00.0005', { precision: 3 })).toBe('1999-03-25 12:00:00');
    expect(castText('timestamp', 'timestamp', '2001-03-25 12:00:00.0005', { precision: 3 })).toBe('2001-03-25 12:00:00.001');
    try {
      castFunction('numeric', 'numeric', { precision: 5, scale: 2 })!(Numeric.parse('1000'));
    } catch (error) {
      expect((error as { detail?: string }).detail).toBe('A field with precision 5, scale 2 must round to an absolute value less than 10^3.');
    }
  });

  it('converts through text and between temporal types', () => {
    expect(castText('boolean', 'varchar', 't')).toBe('true');
    expect(castText('varchar', 'boolean', 'yes')).toBe('t');
    expect(castText('int4', 'boolean', '5')).toBe('t');
    expect(castText('boolean', 'int4', 'f')).toBe('0');
    expect(castText('varchar', 'int4', 'x')).toBe('ERROR: invalid input syntax for type integer: "x"');
    expect(castText('timestamp', 'date', '2021-03-25 23:59:59')).toBe('2021-03-25');
    expect(castText('timestamp', 'date', '1969-12-31 23:59:59')).toBe('1969-12-31');
    expect(castText('date', 'timestamptz', '2021-03-25')).toBe('2021-03-25 00:00:00+00');
    expect(castText('timestamptz', 'time', '2021-03-25 12:34:56+02')).toBe('10:34:56');
    expect(castText('interval', 'time', '-1 hour')).toBe('23:00:00');
    expect(castText('time', 'interval', '01:02:03')).toBe('01:02:03');
    expect(castText('jsonb', 'numeric', '1.50')).toBe('1.50');
    expect(castText('jsonb', 'int4', '1.5')).toBe('2');
    expect(castText('jsonb', 'numeric', '"abc"')).toBe('ERROR: cannot cast jsonb string to type numeric');
    expect(castText('int4[]', 'int8[]', '{1,NULL,3}')).toBe('{1,NULL,3}');
    expect(castText('varchar', 'int4[]', '{1,2}')).toBe('{1,2}');
    expect(castText('unknown', 'interval', '1 day')).toBe('1 day');
    expect(castFunction('date', 'int4')).toBeUndefined();
    expect(castFunction('boolean', 'int8')).toBeUndefined();
    const identity: Value = 5;
    expect(castFunction('int4', 'int4')!(identity)).toBe(5);
  });
});

describe('canCoerce and commonType', () => {
  it('follows pg_cast contexts', () => {
    expect(canCoerce('int4', 'int8', 'implicit')).toBe(true);
    expect(canCoerce('int8', 'int4', 'implicit')).toBe(false);
    expect(canCoerce('int8', 'int4', 'assignment')).toBe(true);
    expect(canCoerce('numeric', 'float8', 'implicit')).toBe(true);
    expect(canCoerce('float8', 'numeric', 'implicit')).toBe(false);
    expect(canCoerce('int4', 'varchar', 'assignment')).toBe(true);
    expect(canCoerce('int4', 'varchar', 'implicit')).toBe(false);
    expect(canCoerce('varchar', 'int4', 'assignment')).toBe(false);
    expect(canCoerce('varchar', 'int4', 'explicit')).toBe(true);
    expect(canCoerce('unknown', 'timestamptz', 'implicit')).toBe(true);
    expect(canCoerce('int4', 'boolean', 'assignment')).toBe(false);
    expect(canCoerce('date', 'int4', 'explicit')).toBe(false);
  });

  it('resolves like select_common_type', () => {
    expect(commonType(['unknown', 'unknown'])).toBe('varchar');
    expect(commonType(['int4', 'int8'])).toBe('int8');
    expect(commonType(['int4', 'numeric'])).toBe('numeric');
    expect(commonType(['numeric', 'float8'])).toBe('float8');
    expect(commonType(['numeric', 'float4'])).toBe('float4');
    expect(commonType(['timestamp', 'timestamptz'])).toBe('timestamptz');
    expect(commonType(['date', 'timestamp'])).toBe('timestamp');
    expect(commonType(['unknown', 'int4'])).toBe('int4');
    expect(commonType(['varchar', 'unknown'])).toBe('varchar');
    expect(commonType(['int4', 'varchar'])).toBeUndefined();
    expect(commonType(['time', 'interval'])).toBeUndefined();
    expect(commonType(['int4[]', 'int8[]'])).toBe('int8[]');
  });
});

describe('casts against PostgreSQL (PGlite)', () => {
  let oracle: PgOracle;
  beforeAll(() => {
    oracle = new PgOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  const numbers = fc.sample(
    fc.oneof(
      fc.integer({ min: -100000, max: 100000 }).map((value) => (value / 20).toString()),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }).map(String),
      fc.constantFrom('2147483647.5', '-2147483648.5', '32767.5', '9223372036854775807', '0.5', '-0.5', '1.5'),
    ),
    { numRuns: 300, seed: 12 },
  );

  it('numeric and float8 to integers match', async () => {
    for (const [from, to, pgFrom, pgTo] of [
      ['numeric', 'int4', 'numeric', 'int4'], ['numeric', 'int2', 'numeric', 'int2'], ['numeric', 'int8', 'numeric', 'int8'],
      ['float8', 'int4', 'float8', 'int4'], ['float8', 'int8', 'float8', 'int8'], ['float8', 'numeric', 'float8', 'numeric'],
      ['float4', 'numeric', 'float4', 'numeric'], ['numeric', 'float4', 'numeric', 'float4'], ['float8', 'float4', 'float8', 'float4'],
    ] as const) {
      const expected = await oracle.evaluate(`a::${pgFrom}::${pgTo}`, numbers.map((text) => [text]));
      expect(numbers.map((text) => castText(from, to, text)), `${from} -> ${to}`).toEqual(expected);
    }
  });

  it('numeric(p,s) coercion matches', async () => {
    const expected = await oracle.evaluate('a::numeric::numeric(8,2)', numbers.map((text) => [text]));
    expect(numbers.map((text) => castText('numeric', 'numeric', text, { precision: 8, scale: 2 }))).toEqual(expected);
  });
});
