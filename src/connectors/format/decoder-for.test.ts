// Tests of decoderFor: the decoder picked by FORMAT and ENCODE.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { decoderFor } from './decoder-for.js';
import { emptyDecodedRecords } from './record-decoder.js';

const cols = columns(['a', 'int4']);

describe('decoderFor', () => {
  it('defaults to PLAIN JSON', () => {
    const out = emptyDecodedRecords();
    decoderFor(sourceSpec(cols)).decode('{"a": 1}', 'x', out);
    expect(out.rows).toEqual([[1]]);
  });

  it('picks each supported format', () => {
    for (const [format, encode, headers] of [['plain', 'json', 0], ['plain', 'csv', 1], ['upsert', 'json', 0], ['debezium', 'json', 0]] as const) {
      expect(decoderFor(sourceSpec(cols, {}, { format, encode })).headerRecords).toBe(headers);
    }
  });

  it('refuses other formats', () => {
    const attempt = () => decoderFor(sourceSpec(cols, {}, { format: 'plain', encode: 'avro' }));
    expect(attempt).toThrow(SqlError);
    expect(attempt).toThrow('FORMAT PLAIN ENCODE AVRO is not supported');
    expect(() => decoderFor(sourceSpec(cols, {}, { format: 'upsert', encode: 'csv' }))).toThrow('FORMAT UPSERT ENCODE CSV is not supported');
  });
});
