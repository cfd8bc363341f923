// Tests of jsonLineDecoder: every record decodes, or fails, exactly as parseExactJson plus jsonRowDecoder would.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { jsonLineDecoder } from './json-line-decoder.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson } from './parse-exact-json.js';

const columns: ColumnInfo[] = [
  { name: 'id', type: 'varchar' },
  { name: 'amount', type: 'numeric' },
  { name: 'qty', type: 'int4' },
  { name: 'price', type: 'float8' },
  { name: 'ok', type: 'boolean' },
  { name: 'at', type: 'timestamptz' },
  { name: 'big', type: 'int8' },
];

type Outcome = { row: Row } | { error: string };

function outcome(decode: (text: string) => Row, text: string): Outcome {
  try {
    return { row: decode(text) };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

/** Rows compared by representation: numerics by unscaled value and scale. */
function printable(result: Outcome): unknown {
  if ('error' in result) return result;
  return result.row.map((value) => (value instanceof Numeric ? `numeric ${value.unscaled} e${value.scale}` : typeof value === 'bigint' ? `${value}n` : value));
}

function expectSameAsReference(cols: readonly ColumnInfo[], texts: readonly string[], line = jsonLineDecoder(cols)): void {
  const object = jsonRowDecoder(cols);
  const reference = (text: string): Row => object(parseExactJson(text));
  for (const text of texts) expect(printable(outcome(line, text)), text).toEqual(printable(outcome(reference, text)));
}

describe('jsonLineDecoder', () => {
  it('decodes flat records, keys in any order, missing keys as NULL', () => {
    const decode = jsonLineDecoder(columns);
    const row = decode('{"id":"o1","amount":229.150,"qty":3,"price":1.5,"ok":true,"at":"2026-11-20T00:00:40.184Z","big":12}');
    expect(row[0]).toBe('o1');
    expect(String(row[1])).toBe('229.150');
    expect(row.slice(2, 5)).toEqual([3, 1.5, true]);
    expect(row[5]).toBe(BigInt(Date.parse('2026-11-20T00:00:40.184Z')) * 1000n);
    expect(row[6]).toBe(12n);
    expectSameAsReference(columns, ['{"id":"o1","amount":229.15,"at":"2026-11-20T00:00:40.184Z"}', '{"at":1795046440,"id":12.50}']);
    expect(decode(' { "qty" : 7 , "id" : null } ')).toEqual([null, null, 7, null, null, null, null]);
  });

  it('takes numbers into NUMERIC from their literal text, like the object decoder', () => {
    expectSameAsReference(columns, [
      '{"amount":229.150}',
      '{"amount":-0}',
      '{"amount":-0.0}',
      '{"amount":0.0000001}',
      '{"amount":1e2}',
      '{"amount":1E-2}',
      '{"amount":123456789012345678}',
      '{"amount":1000000000000000000000}',
      '{"amount":0.1000000000000000055511151231257827}',
      '{"amount":"12.500"}',
      '{"amount":true}',
      '{"amount":1e400}',
    ]);
  });

  it('reads numbers into NUMERIC as the reference does once a column of distinct values stopped caching them', () => {
    const decode = jsonLineDecoder(columns);
    for (let record = 0; record < 5000; record++) decode(`{"amount":${record}.25,"qty":1}`);
    expectSameAsReference(
      columns,
      [
        '{"amount":229.150}', '{"amount":-0}', '{"amount":-0.0}', '{"amount":0}', '{"amount":0.5}', '{"amount":-0.05}',
        '{"amount":0.0000001}', '{"amount":1e2}', '{"amount":1.5E-2}', '{"amount":123456789012345}', '{"amount":9007199254740991}',
        '{"amount":9007199254740993}', '{"amount":123456789012345678}', '{"amount":90071992547409.93}',
        '{"amount":1000000000000000000000}', '{"amount":0.1000000000000000055511151231257827}', '{"amount":01}',
        '{"amount":00.5}', '{"amount":-}', '{"amount":-x}', '{"amount":1.}', '{"amount":1.e2}', '{"amount":.5}',
        '{"amount":12 ,"qty":2}', '{"amount":-12.50}', '{"amount":3', '{"amount":7}', '{"amount":"8.25"}',
      ],
      decode,
    );
  });

  it('leaves escapes, nesting, duplicates and malformed text to JSON.parse, errors included', () => {
    expectSameAsReference(columns, [
      '{"id":"a\\"b"}',
      '{"id":"\\u00e9t\\u00e9"}',
      '{"i\\u0064":"x"}',
      '{"id":{"nested":[1,2]}}',
      '{"id":[1, 2]}',
      '{"id":"first","id":"second"}',
      '{"qty":"x","qty":5}',
      '{"qty":1.5}',
      '{"qty":"many"}',
      '{"id":"a",}',
      '{"id":01}',
      '{"id":-}',
      '{"id":1.}',
      '{"id":"tab\there"}',
      '[1,2]',
      '"text"',
      'null',
      '{}',
      '{"id":"x"} trailing',
      '',
      '{"unknown":{"deep":true},"id":"y"}',
      '{"__proto__":1,"id":"z"}',
      '{"id":\t"tab before"}',
      '{\n  "id": "pretty",\n  "amount": 1\n}',
      '{"id":"x"}\r',
      '{"id":"raw\ttab"}',
      '{"i\nd":"raw line break in a key"}',
      '{"other":"raw\u0001control","id":"y"}',
    ]);
  });

  it('shares repeated values between rows without changing them', () => {
    const decode = jsonLineDecoder(columns);
    const rows = Array.from({ length: 50 }, (_, i) => decode(`{"id":"web","amount":${i % 2 === 0 ? '0' : '12.5'}}`));
    expect(rows[0]![1]).toBe(rows[2]![1]);
    expect(rows.map((r) => String(r[1]))).toEqual(rows.map((_, i) => (i % 2 === 0 ? '0' : '12.5')));
  });

  it('agrees with the reference on generated records (property)', () => {
    const key = fc.constantFrom('id', 'amount', 'qty', 'price', 'ok', 'at', 'big', 'other', 'i"d');
    const number = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
      fc.tuple(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^[0-9]{1,4}$/)).map(([i, f]) => `${i}.${f}`),
      fc.constantFrom('1e3', '-2.50', '0.000', '1e-7', '123456789012345678'),
    );
    const value = fc.oneof(
      number,
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
      fc.constantFrom('true', 'false', 'null', '"2026-11-20T01:02:03Z"', '"12.30"', '[1]', '{"a":1}'),
    );
    const record = fc
      .array(fc.tuple(key, value), { maxLength: 8 })
      .chain((members) => fc.constantFrom('', ' ').map((space) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${space}${v}`).join(',')}}`));
    const line = jsonLineDecoder(columns);
    const object = jsonRowDecoder(columns);
    fc.assert(
      fc.property(record, (text) => {
        expect(printable(outcome(line, text))).toEqual(printable(outcome((t) => object(parseExactJson(t)), text)));
      }),
      { numRuns: 2000 },
    );
  });
});
