// Tests of jsonRowDecoder: JSON values into typed column values, exactly.
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import { columns } from '../source-spec.test-support.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson } from './parse-exact-json.js';

const decodeText = (cols: Parameters<typeof jsonRowDecoder>[0], text: string) => jsonRowDecoder(cols)(parseExactJson(text));

describe('jsonRowDecoder', () => {
  it('keeps 19-digit ids exact in BIGINT, NUMERIC and VARCHAR columns', () => {
    const cols = columns(['a', 'int8'], ['b', 'numeric'], ['c', 'varchar'], ['d', 'float8']);
    const row = decodeText(cols, '{"a": 1487580005268456287, "b": 1487580005268456287, "c": 1487580005268456287, "d": 1487580005268456287}');
    expect(row[0]).toBe(1487580005268456287n);
    expect((row[1] as Numeric).toString()).toBe('1487580005268456287');
    expect(row[2]).toBe('1487580005268456287');
    expect(row[3]).toBe(Number('1487580005268456287'));
  });

  it('reads NUMERIC strings and numbers exactly, with their scale', () => {
    const cols = columns(['a', 'numeric'], ['b', 'numeric'], ['c', 'numeric']);
    const row = decodeText(cols, '{"a": "100.00", "b": 6.50, "c": "0.1000000000000000000000000001"}');
    expect(row.map(String)).toEqual(['100.00', '6.50', '0.1000000000000000000000000001']);
  });

  it('works on objects from JSON.parse too', () => {
    const row = jsonRowDecoder(columns(['a', 'numeric'], ['b', 'int4'], ['c', 'varchar']))(JSON.parse('{"a": 0.1, "b": 7, "c": 8}'));
    expect(row.map(String)).toEqual(['0.1', '7', '8']);
  });

  it('decodes timestamps in common text forms and epoch integers', () => {
    const cols = columns(['t', 'timestamp'], ['tz', 'timestamptz']);
    const expected = parseValue('timestamptz', '2019-12-01 00:00:00+00');
    for (const text of ['2019-12-01 00:00:00 UTC', '2019-12-01T00:00:00Z', '2019-12-01T02:00:00+02:00', '2019-12-01T00:00:00.000Z']) {
      expect(decodeText(cols, JSON.stringify({ tz: text }))[1], text).toBe(expected);
    }
    expect(decodeText(cols, '{"t": "2019-12-01T00:00:00"}')[0]).toBe(expected);
    for (const epoch of ['1575158400', '1575158400000', '1575158400000000', '1575158400000000000']) {
      expect(decodeText(cols, `{"t": ${epoch}, "tz": ${epoch}}`), epoch).toEqual([expected, expected]);
    }
  });

  it('accepts integral literals in integer columns and rejects fractions', () => {
    const decode = jsonRowDecoder(columns(['i', 'int4'], ['b', 'int8']));
    expect(decode(parseExactJson('{"i": 5.0, "b": 1e3}'))).toEqual([5, 1000n]);
    expect(() => decode(parseExactJson('{"i": 5.5}'))).toThrow(/invalid input syntax for type integer: "5.5"/);
    expect(() => decode(parseExactJson('{"i": 3000000000}'))).toThrow(/out of range for type integer/);
  });

  it('makes missing fields and null NULL, and matches names exactly', () => {
    expect(decodeText(columns(['a', 'int4'], ['b', 'varchar']), '{"A": 1, "b": null}')).toEqual([null, null]);
  });

  it('fits values to type modifiers as an INSERT does', () => {
    const cols = columns(['p', 'numeric', { precision: 10, scale: 2 }], ['s', 'varchar', { length: 3 }]);
    expect(String(decodeText(cols, '{"p": 6.255, "s": "abc"}')[0])).toBe('6.26');
    expect(() => decodeText(cols, '{"s": "abcd"}')).toThrow(/value too long for type character varying\(3\)/);
  });

  it('decodes arrays, jsonb and nested objects keeping numbers exact', () => {
    const cols = columns(['arr', 'int8[]'], ['doc', 'jsonb'], ['text', 'varchar'], ['str', 'jsonb']);
    const row = decodeText(cols, '{"arr": [1, null, 12345678901234567], "doc": {"b": 1.50, "a": [1487580005268456287]}, "text": {"x": 1.0}, "str": "hi"}');
    expect(row[0]).toEqual([1n, null, 12345678901234567n]);
    expect(row[1]).toBe('{"a": [1487580005268456287], "b": 1.50}');
    expect(row[2]).toBe('{"x":1.0}');
    expect(row[3]).toBe('"hi"');
  });

  it('names the column of a value that does not convert', () => {
    expect(() => decodeText(columns(['flag', 'boolean']), '{"flag": [1]}')).toThrow(
      'cannot convert JSON value [1] to type boolean for column "flag"',
    );
    expect(() => jsonRowDecoder(columns(['a', 'int4']))([1])).toThrow('JSON record is not an object');
  });
});
