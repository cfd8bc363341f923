// Tests of the sinks' JSON row encoding: exact numbers, RisingWave's temporal texts, options, and a round trip through the JSON decoder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesEqual } from '../../types/compare.js';
import type { DataType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { jsonEncodingOf, jsonRowEncoder, valueEncoder, type JsonEncoding } from './json-row-encoder.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson } from './parse-exact-json.js';

const encode = (type: DataType, text: string, encoding?: JsonEncoding): string => valueEncoder(type, encoding)(parseValue(type, text)!);
const withOptions = (options: Record<string, string>): JsonEncoding => jsonEncodingOf(new Map(Object.entries(options)));

describe('jsonRowEncoder', () => {
  it('writes one object per row in the order of the indexes, NULL as null, names escaped', () => {
    const cols = columns(['id', 'int8'], ['say "hi"', 'varchar'], ['ok', 'boolean']);
    const encoder = jsonRowEncoder(cols, [2, 0, 1]);
    expect(encoder([9223372036854775807n, 'a\nb', true])).toBe('{"ok":true,"id":9223372036854775807,"say \\"hi\\"":"a\\nb"}');
    expect(encoder([null, null, null])).toBe('{"ok":null,"id":null,"say \\"hi\\"":null}');
    expect(jsonRowEncoder(cols, [0])([-42n, 'x', false])).toBe('{"id":-42}');
    expect(jsonRowEncoder(cols, [])([1n, 'x', false])).toBe('{}');
  });

  it('keeps the exact digits of bigints and numerics', () => {
    expect(encode('int8', '-9223372036854775808')).toBe('-9223372036854775808');
    expect(encode('int4', '-2147483648')).toBe('-2147483648');
    expect(encode('numeric', '6.50')).toBe('"6.50"');
    expect(encode('numeric', '12345678901234567890.123456789012')).toBe('"12345678901234567890.123456789012"');
    const asNumbers = withOptions({ 'decimal.handling.mode': 'number' });
    expect(encode('numeric', '12345678901234567890.123456789012', asNumbers)).toBe('12345678901234567890.123456789012');
    expect(encode('numeric', '-0.000001', asNumbers)).toBe('-0.000001');
    expect(encode('numeric', 'NaN', asNumbers)).toBe('"NaN"');
    expect(encode('numeric', '-Infinity')).toBe('"-Infinity"');
  });

  it('writes floats as their shortest text and NaN or infinities as null', () => {
    expect(encode('float8', '0.1')).toBe('0.1');
    expect(encode('float8', '1e100')).toBe('1e+100');
    expect(encode('float4', '0.1')).toBe('0.1');
    expect(encode('float8', 'NaN')).toBe('null');
    expect(encode('float4', '-Infinity')).toBe('null');
    expect(JSON.parse(encode('float8', '-1.5e-300'))).toBe(-1.5e-300);
  });

  it("writes timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' and timestamptz in RisingWave's modes", () => {
    expect(encode('timestamp', '2026-11-21 08:05:09.1')).toBe('"2026-11-21 08:05:09.100000"');
    expect(encode('timestamp', '1969-12-31 23:59:59.999999')).toBe('"1969-12-31 23:59:59.999999"');
    expect(encode('timestamp', '0001-01-01 00:00:00 BC')).toBe('"0000-01-01 00:00:00.000000"');
    expect(encode('timestamp', '0002-03-04 05:06:07 BC')).toBe('"-0001-03-04 05:06:07.000000"');
    expect(encode('timestamp', '12026-01-01 00:00:00')).toBe('"+12026-01-01 00:00:00.000000"');
    expect(encode('timestamp', 'infinity')).toBe('"infinity"');
    const instant = '2023-11-11 18:30:09.453+00';
    expect(encode('timestamptz', instant)).toBe('"2023-11-11T18:30:09.453000Z"');
    expect(encode('timestamptz', '2023-11-11 20:30:09.453+02')).toBe('"2023-11-11T18:30:09.453000Z"');
    expect(encode('timestamptz', instant, withOptions({ 'timestamptz.handling.mode': 'utc_without_suffix' }))).toBe('"2023-11-11 18:30:09.453000"');
    expect(encode('timestamptz', instant, withOptions({ 'timestamptz.handling.mode': 'micro' }))).toBe('1699727409453000');
    expect(encode('timestamptz', instant, withOptions({ 'timestamptz.handling.mode': 'milli' }))).toBe('1699727409453');
    // Milliseconds round down before 1970, as chrono's timestamp_millis does.
    expect(encode('timestamptz', '1969-12-31 23:59:59.9995+00', withOptions({ 'timestamptz.handling.mode': 'milli' }))).toBe('-1');
  });

  it('writes date, time, interval and bytea as PostgreSQL text, jsonb as text or as JSON', () => {
    expect(encode('date', '2026-02-28')).toBe('"2026-02-28"');
    expect(encode('time', '08:00:00.25')).toBe('"08:00:00.25"');
    expect(valueEncoder('interval')(new Interval(14, 3, 3_723_000_000n))).toBe('"1 year 2 mons 3 days 01:02:03"');
    expect(encode('bytea', '\\x0aff')).toBe('"\\\\x0aff"');
    expect(encode('jsonb', '{"b": 1.50, "a": [1, null]}')).toBe(JSON.stringify('{"a": [1, null], "b": 1.50}'));
    expect(encode('jsonb', '{"b": 1.50}', withOptions({ 'jsonb.handling.mode': 'dynamic' }))).toBe('{"b": 1.50}');
  });

  it('writes arrays as JSON arrays of their elements', () => {
    expect(encode('int8[]', '{1,NULL,-9223372036854775808}')).toBe('[1,null,-9223372036854775808]');
    expect(encode('numeric[]', '{1.10,2}')).toBe('["1.10","2"]');
    expect(encode('varchar[]', '{"a b",c}')).toBe('["a b","c"]');
  });

  it('names the option and the accepted values when a mode is not recognized', () => {
    expect(() => withOptions({ 'timestamptz.handling.mode': 'iso' })).toThrow(/unrecognized value for option "timestamptz.handling.mode": "iso"/);
    expect(() => withOptions({ 'decimal.handling.mode': 'double' })).toThrow(/"decimal.handling.mode"/);
    expect(withOptions({ 'timestamptz.handling.mode': 'UTC_WITHOUT_SUFFIX' }).timestamptz).toBe('utc_without_suffix');
  });

  it('round-trips rows exactly through the JSON decoder of Kafka sources', () => {
    const cols = columns(
      ['id', 'int8'], ['amount', 'numeric'], ['at', 'timestamp'], ['instant', 'timestamptz'], ['note', 'varchar'], ['n', 'int4'],
      ['day', 'date'], ['span', 'interval'], ['bytes', 'bytea'], ['ok', 'boolean'], ['x', 'float8'], ['doc', 'jsonb'], ['tags', 'varchar[]'],
    );
    const micros = fc.bigInt({ min: -62135596800000000n, max: 253402300799999999n }); // years 0001..9999
    const numeric = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 })).map(([unscaled, scale]) => new Numeric(unscaled, scale));
    const row = fc.tuple(
      fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
      fc.option(numeric),
      fc.option(micros),
      fc.option(micros),
      fc.option(fc.string()),
      fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      fc.option(fc.integer({ min: -719162, max: 2932896 })), // 0001-01-01..9999-12-31
      fc.option(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n })).map(([m, d, us]) => new Interval(m, d, us))),
      fc.option(fc.uint8Array({ maxLength: 8 })),
      fc.option(fc.boolean()),
      fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
      // A jsonb JSON null written bare reads back as SQL NULL: the one value 'dynamic' cannot tell apart.
      fc.option(fc.json().filter((text) => text.trim() !== 'null').map((text) => parseValue('jsonb', text))),
      fc.option(fc.array(fc.option(fc.string()), { maxLength: 3 })),
    );
    const decode = jsonRowDecoder(cols);
    for (const encoding of [withOptions({}), withOptions({ 'decimal.handling.mode': 'number', 'timestamptz.handling.mode': 'utc_without_suffix', 'jsonb.handling.mode': 'dynamic' })]) {
      const toJson = jsonRowEncoder(cols, cols.map((_, i) => i), encoding);
      fc.assert(
        fc.property(row, (values) => {
          const original = values as Row;
          const decoded = decode(parseExactJson(toJson(original)));
          decoded.forEach((value, i) => {
            // jsonb as a string reads back as a JSON string: only 'dynamic' round-trips jsonb.
            if (cols[i]!.type === 'jsonb' && encoding.jsonb === 'string') return;
            const expected = original[i] ?? null;
            expect(value === null ? expected === null : expected !== null && valuesEqual(cols[i]!.type, value, expected)).toBe(true);
          });
          // Numerics keep their scale too.
          if (original[1] !== null) expect((decoded[1] as Numeric).toString()).toBe((original[1] as Numeric).toString());
        }),
        { numRuns: 300 },
      );
    }
  });
});
