// Tests of FORMAT PLAIN ENCODE JSON: rows and dead letters.
import { describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { plainJsonDecoder } from './plain-json-decoder.js';
import { emptyDecodedRecords } from './record-decoder.js';

const spec = sourceSpec(columns(['id', 'int8'], ['amount', 'numeric'], ['at', 'timestamptz']));

describe('plainJsonDecoder', () => {
  it('decodes good records as insertions and bad ones as dead letters, in order', () => {
    const decoder = plainJsonDecoder(spec);
    const out = emptyDecodedRecords();
    decoder.decode('{"id": 1487580005268456287, "amount": "100.00", "at": "2019-12-01 00:00:00 UTC"}', 'f:1', out);
    decoder.decode('{"id": 2, "amount": "abc"}', 'f:2', out);
    decoder.decode('not json', 'f:3', out);
    decoder.decode('   ', 'f:4', out);
    decoder.decode(null, 'f:5', out);
    decoder.decode('[1, 2]', 'f:6', out);
    decoder.decode('{"id": 3}', 'f:7', out);
    expect(out.rows.map((row) => row.map((v) => (v === null ? null : String(v))))).toEqual([
      ['1487580005268456287', '100.00', '1575158400000000'],
      ['3', null, null],
    ]);
    expect(out.weights).toEqual([1, 1]);
    expect(out.deadLetters).toEqual([
      { offset: 'f:2', payload: '{"id": 2, "amount": "abc"}', error: 'invalid input syntax for type numeric: "abc"' },
      { offset: 'f:3', payload: 'not json', error: expect.stringMatching(/^invalid input syntax for type json: /) as unknown },
      { offset: 'f:6', payload: '[1, 2]', error: 'JSON record is not an object' },
    ]);
  });
});
