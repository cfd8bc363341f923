import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatValue, parseValue } from './text-format.js';
import { Numeric } from './numeric.js';
import { Interval } from './interval.js';
import { PgOracle } from './pg-oracle.test-support.js';

describe('formatValue', () => {
  it('prints scalars as PostgreSQL', () => {
    expect(formatValue('boolean', true)).toBe('t');
    expect(formatValue('boolean', false)).toBe('f');
    expect(formatValue('int4', null)).toBeNull();
    expect(formatValue('int8', 9007199254740993n)).toBe('9007199254740993');
    expect(formatValue('numeric', Numeric.parse('2.50'))).toBe('2.50');
    expect(formatValue('bytea', new Uint8Array([0x31, 0x32, 0xff]))).toBe('\\x3132ff');
    expect(formatValue('interval', Interval.parse('1 day 2 hours'))).toBe('1 day 02:00:00');
    expect(formatValue('timestamptz', 0n)).toBe('1970-01-01 00:00:00+00');
    expect(formatValue('date', 0)).toBe('1970-01-01');
  });

  it('prints float8 and float4 shortest', () => {
    const float8: [number, string][] = [
      [0.1, '0.1'], [1e100, '1e+100'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [NaN, 'NaN'], [-0, '-0'],
      [0, '0'], [1e15, '1e+15'], [1e14, '100000000000000'], [123456789012345680, '1.2345678901234568e+17'],
      [0.0001, '0.0001'], [0.00001234, '1.234e-05'], [5e-324, '5e-324'], [-1.5, '-1.5'], [100, '100'],
    ];
    for (const [value, text] of float8) expect(formatValue('float8', value), text).toBe(text);
    const float4: [number, string][] = [
      [Math.fround(1234567), '1.234567e+06'], [123456, '123456'], [Math.fround(0.0001), '0.0001'],
      [Math.fround(0.00001), '1e-05'], [Math.fround(0.1), '0.1'], [Math.fround(3.4e38), '3.4e+38'],
      [Math.fround(1e-45), '1e-45'], [100, '100'],
    ];
    for (const [value, text] of float4) expect(formatValue('float4', value), text).toBe(text);
  });

  it('prints arrays with PostgreSQL quoting', () => {
    expect(formatValue('varchar[]', ['a', 'b', null, 'x y', '', 'NULL', 'q"u\\o', '{}'])).toBe(
      '{a,b,NULL,"x y","","NULL","q\\"u\\\\o","{}"}',
    );
    expect(formatValue('int4[]', [1, 2, 3])).toBe('{1,2,3}');
    expect(formatValue('int4[]', [])).toBe('{}');
    expect(formatValue('numeric[]', [Numeric.parse('1.50'), null])).toBe('{1.50,NULL}');
  });
});

describe('parseValue', () => {
  it('reads integers with range checks', () => {
    expect(parseValue('int4', ' 12 ')).toBe(12);
    expect(parseValue('int2', ' -0012')).toBe(-12);
    expect(parseValue('int8', '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(() => parseValue('int2', '99999')).toThrowError('value "99999" is out of range for type smallint');
    expect(() => parseValue('int4', '2147483648')).toThrowError('value "2147483648" is out of range for type integer');
    expect(() => parseValue('int8', '9223372036854775808')).toThrowError('value "9223372036854775808" is out of range for type bigint');
    expect(() => parseValue('int4', '1.5')).toThrowError('invalid input syntax for type integer: "1.5"');
    expect(() => parseValue('int4', '')).toThrowError('invalid input syntax for type integer: ""');
  });

  it('reads booleans', () => {
    for (const text of ['t', 'true', 'TRUE', 'yes', 'y', 'on', '1', ' tr ']) expect(parseValue('boolean', text), text).toBe(true);
    for (const text of ['f', 'false', 'no', 'n', 'off', 'of', '0', 'fal']) expect(parseValue('boolean', text), text).toBe(false);
    for (const text of ['o', '', 'maybe', '2', 'tru e']) {
      expect(() => parseValue('boolean', text), text).toThrowError(`invalid input syntax for type boolean: "${text}"`);
    }
  });

  it('reads floats', () => {
    expect(parseValue('float8', ' 1.5 ')).toBe(1.5);
    expect(parseValue('float8', '.5')).toBe(0.5);
    expect(parseValue('float8', '-inf')).toBe(-Infinity);
    expect(parseValue('float8', 'NaN')).toBeNaN();
    expect(parseValue('float8', '0x10')).toBe(16);
    expect(parseValue('float4', '0.1')).toBe(Math.fround(0.1));
    expect(() => parseValue('float8', '1e400')).toThrowError('"1e400" is out of range for type double precision');
    expect(() => parseValue('float8', '1e-400')).toThrowError('"1e-400" is out of range for type double precision');
    expect(() => parseValue('float4', '1e40')).toThrowError('"1e40" is out of range for type real');
    expect(() => parseValue('float8', 'abc')).toThrowError('invalid input syntax for type double precision: "abc"');
  });

  it('reads arrays, bytea and jsonb', () => {
    expect(parseValue('varchar[]', '{a, b ,NULL,"x y","NULL",""}')).toEqual(['a', 'b', null, 'x y', 'NULL', '']);
    expect(parseValue('int4[]', '{1,2,3}')).toEqual([1, 2, 3]);
    expect(parseValue('int4[]', '{}')).toEqual([]);
    expect(() => parseValue('int4[]', '1,2')).toThrowError('malformed array literal: "1,2"');
    expect(parseValue('bytea', '\\x3132')).toEqual(new Uint8Array([0x31, 0x32]));
    expect(parseValue('bytea', 'ab\\\\c\\001')).toEqual(new Uint8Array([0x61, 0x62, 0x5c, 0x63, 1]));
    expect(parseValue('jsonb', '{"b":1,"a":[1,2.50,1e3],"aa":null, "a":true}')).toBe('{"a": true, "b": 1, "aa": null}');
    expect(() => parseValue('jsonb', '{"a":}')).toThrowError('invalid input syntax for type json');
  });

  it('round-trips every type through text', () => {
    const cases: [Parameters<typeof parseValue>[0], string][] = [
      ['numeric', '-12.340'], ['date', '2021-03-25'], ['time', '12:00:00.5'], ['timestamp', '2021-03-25 12:00:00'],
      ['timestamptz', '2021-03-25 12:00:00+00'], ['interval', '1 year 2 mons -3 days +04:05:06'], ['float8', '0.1'],
      ['varchar', 'hello'], ['jsonb', '{"a": [1, 2]}'], ['int8', '-42'], ['boolean', 't'],
    ];
    for (const [type, text] of cases) expect(formatValue(type, parseValue(type, text)), type).toBe(text);
  });
});

describe('text forms against PostgreSQL (PGlite)', () => {
  let oracle: PgOracle;
  beforeAll(() => {
    oracle = new PgOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  it('float8 output matches on random doubles', async () => {
    const doubles = fc.sample(
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: -1e6, max: 1e6 }).map((value) => value / 100),
      ),
      { numRuns: 400, seed: 3 },
    );
    // Feed the exact value through its JavaScript text, which float8in reads back to the same double.
    const expected = await oracle.evaluate('a::float8', doubles.map((value) => [Object.is(value, -0) ? '-0' : String(value)]));
    expect(doubles.map((value) => formatValue('float8', value))).toEqual(expected);
  });

  it('float4 output matches on random floats', async () => {
    const floats = fc.sample(
      fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.float({ min: -1e5, max: 1e5, noNaN: true })),
      { numRuns: 2000, seed: 4 },
    );
    const expected = await oracle.evaluate('a::float4', floats.map((value) => [Object.is(value, -0) ? '-0' : String(value)]));
    expect(floats.map((value) => formatValue('float4', value))).toEqual(expected);
  });

  it('jsonb canonical text matches', async () => {
    const json = fc.sample(fc.json({ maxDepth: 3 }), { numRuns: 200, seed: 5 });
    const expected = await oracle.evaluate('a::jsonb', json.map((text) => [text]));
    expect(json.map((text) => formatValue('jsonb', parseValue('jsonb', text)))).toEqual(expected);
  });

  it('text arrays match array_out quoting', async () => {
    const arrays = fc.sample(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constant(null)), { maxLength: 5 }), {
      numRuns: 200,
      seed: 6,
    });
    const inputs = arrays.map((items) => [JSON.stringify(items.filter((item) => item === null || !item.includes('\u0000')))]);
    const expected = await oracle.evaluate('array(select jsonb_array_elements_text(a::jsonb))', inputs);
    const actual = inputs.map(([text]) => formatValue('varchar[]', JSON.parse(text!) as (string | null)[]));
    expect(actual).toEqual(expected);
  });
});
