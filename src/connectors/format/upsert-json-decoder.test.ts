// Tests of FORMAT UPSERT ENCODE JSON: upserts, deletes, message keys.
import { describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { emptyDecodedRecords } from './record-decoder.js';
import { upsertJsonDecoder } from './upsert-json-decoder.js';

const spec = sourceSpec(columns(['id', 'varchar'], ['amount', 'numeric']), {}, { format: 'upsert', encode: 'json' });
const printable = (rows: readonly (readonly unknown[])[]) => rows.map((row) => row.map((v) => (v === null ? null : String(v))));

describe('upsertJsonDecoder', () => {
  it('upserts lines and deletes by the columns a "__op": "d" line gives', () => {
    const decoder = upsertJsonDecoder(spec);
    const out = emptyDecodedRecords();
    decoder.decode('{"id": "o1", "amount": "10.50"}', 'f:1', out);
    decoder.decode('{"id": "o1", "amount": 12.00}', 'f:2', out);
    decoder.decode('{"id": "o1", "__op": "d"}', 'f:3', out);
    decoder.decode('{"id": "o2", "amount": 1, "__deleted": "true"}', 'f:4', out);
    decoder.decode('', 'f:5', out);
    decoder.decode('{"id": "o3", "amount": "x"}', 'f:6', out);
    expect(printable(out.rows)).toEqual([['o1', '10.50'], ['o1', '12.00'], ['o1', null], ['o2', '1']]);
    expect(out.weights).toEqual([1, 1, -1, -1]);
    expect(out.deadLetters).toEqual([{ offset: 'f:6', payload: '{"id": "o3", "amount": "x"}', error: 'invalid input syntax for type numeric: "x"' }]);
  });

  it('takes key columns from message keys, and deletes on tombstones', () => {
    const decoder = upsertJsonDecoder(spec);
    const out = emptyDecodedRecords();
    decoder.decode('{"amount": 5}', 'p0:1', out, '{"id": "o9"}');
    decoder.decode(null, 'p0:2', out, '{"id": "o9"}');
    decoder.decode(null, 'p0:3', out, 'o9');
    expect(printable(out.rows)).toEqual([['o9', '5'], ['o9', null]]);
    expect(out.weights).toEqual([1, -1]);
    expect(out.deadLetters).toEqual([{ offset: 'p0:3', payload: 'o9', error: expect.stringMatching(/^invalid input syntax for type json/) as unknown }]);
  });
});
