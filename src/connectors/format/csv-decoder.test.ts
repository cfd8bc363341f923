// Tests of FORMAT PLAIN ENCODE CSV: headers, positions, quoting, NULLs, dead letters.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../types/value.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { csvDecoder } from './csv-decoder.js';
import { emptyDecodedRecords, type DecodedRecords, type RecordDecoder } from './record-decoder.js';

const rees46Columns = columns(
  ['event_time', 'timestamptz'],
  ['event_type', 'varchar'],
  ['product_id', 'int8'],
  ['category_id', 'int8'],
  ['category_code', 'varchar'],
  ['brand', 'varchar'],
  ['price', 'numeric'],
  ['user_id', 'int8'],
  ['user_session', 'varchar'],
);

const csv = { format: 'plain', encode: 'csv' };

function decodeAll(decoder: RecordDecoder, lines: readonly string[]): DecodedRecords {
  const out = emptyDecodedRecords();
  lines.forEach((line, index) => decoder.decode(line, `f:${index + 1}`, out));
  return out;
}

const printable = (rows: readonly Row[]): unknown[] => rows.map((row) => row.map((v) => (v === null ? null : String(v))));

describe('csvDecoder', () => {
  it('decodes REES46 events with a header, keeping 19-digit ids exact and empty fields NULL', () => {
    const out = decodeAll(csvDecoder(sourceSpec(rees46Columns, {}, csv)), [
      'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
      '2019-12-01 00:00:00 UTC,remove_from_cart,5712790,1487580005268456287,,f.o.x,6.27,576802932,51d85cb0-897f-48d2-918b-ad63965c12dc',
    ]);
    expect(out.deadLetters).toEqual([]);
    expect(out.rows).toHaveLength(1);
    const row = out.rows[0]!;
    expect(row[0]).toBe(1575158400000000n);
    expect(row[3]).toBe(1487580005268456287n);
    expect(row[4]).toBeNull();
    expect(String(row[6])).toBe('6.27');
    expect(row[8]).toBe('51d85cb0-897f-48d2-918b-ad63965c12dc');
  });

  it('maps header fields by name, in any order, ignoring unknown fields, and reads a header per stream', () => {
    const decoder = csvDecoder(sourceSpec(columns(['a', 'int4'], ['b', 'varchar'], ['c', 'varchar']), {}, csv));
    const out = decodeAll(decoder, ['\uFEFFb,x,a', 'bee,ignored,1', 'b2,,2\r']);
    decoder.startStream();
    decoder.decode('a,c', 'g:1', out);
    decoder.decode('3,see', 'g:2', out);
    expect(printable(out.rows)).toEqual([['1', 'bee', null], ['2', 'b2', null], ['3', null, 'see']]);
  });

  it('maps fields by position without a header, with another delimiter', () => {
    const spec = sourceSpec(columns(['a', 'int4'], ['b', 'varchar']), {}, { ...csv, options: { without_header: 'true', delimiter: '|' } });
    const out = decodeAll(csvDecoder(spec), ['1|x', '|', '2|y,z']);
    expect(printable(out.rows)).toEqual([['1', 'x'], [null, null], ['2', 'y,z']]);
  });

  it('reads quoted fields: delimiters, doubled quotes, line breaks', () => {
    const decoder = csvDecoder(sourceSpec(columns(['a', 'varchar'], ['b', 'varchar']), {}, { ...csv, options: { without_header: 'true' } }));
    expect(decoder.isComplete('"x,\ny",z')).toBe(true);
    expect(decoder.isComplete('"x,')).toBe(false);
    const out = decodeAll(decoder, ['"a,b","say ""hi"""', '"x,\ny",z', '"",plain']);
    expect(printable(out.rows)).toEqual([['a,b', 'say "hi"'], ['x,\ny', 'z'], [null, 'plain']]);
  });

  it('makes records with bad values or the wrong number of fields dead letters', () => {
    const decoder = csvDecoder(sourceSpec(columns(['a', 'int4'], ['b', 'varchar']), {}, csv));
    const out = decodeAll(decoder, ['a,b', 'x,1', '1', '1,2,3', '"1,2', '4,ok']);
    expect(printable(out.rows)).toEqual([['4', 'ok']]);
    expect(out.deadLetters).toEqual([
      { offset: 'f:2', payload: 'x,1', error: 'invalid input syntax for type integer: "x"' },
      { offset: 'f:3', payload: '1', error: 'missing data for column "b"' },
      { offset: 'f:4', payload: '1,2,3', error: 'extra data after last expected column' },
      { offset: 'f:5', payload: '"1,2', error: expect.stringMatching(/^invalid CSV record: /) as unknown },
    ]);
  });

  it('checks its options', () => {
    const spec = (options: Record<string, string>) => sourceSpec(columns(['a', 'int4']), {}, { ...csv, options });
    expect(() => csvDecoder(spec({ without_header: 'yes' }))).toThrow('invalid value for option "without_header": "yes"');
    expect(() => csvDecoder(spec({ delimiter: ';;' }))).toThrow('invalid value for option "delimiter": ";;"');
    expect(csvDecoder(spec({ delimiter: '\\t' })).headerRecords).toBe(1);
  });
});
