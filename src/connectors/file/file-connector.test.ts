// Tests of the file connector: options, opening, REES46 CSV files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { fileConnector } from './file-connector.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-file-connector-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rees46 = columns(
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

describe('fileConnector', () => {
  it('checks its options at CREATE time', () => {
    const cols = columns(['a', 'int4']);
    expect(() => fileConnector.validate(sourceSpec(cols, {}))).toThrow('missing option "path" for connector "file"');
    expect(() => fileConnector.validate(sourceSpec(cols, { path: dir, settle_ms: '-1' }))).toThrow('invalid value for option "settle_ms": "-1"');
    expect(() => fileConnector.validate(sourceSpec(cols, { path: dir, match_pattern: '[' }))).toThrow('invalid value for option "match_pattern"');
    expect(() => fileConnector.validate(sourceSpec(cols, { path: dir }, { format: 'plain', encode: 'avro' }))).toThrow(
      'FORMAT PLAIN ENCODE AVRO is not supported',
    );
    expect(() => fileConnector.validate(sourceSpec(cols, { 'posix_fs.root': dir }, csv))).not.toThrow();
  });

  it('fails to open a directory that does not exist', async () => {
    await expect(fileConnector.open(sourceSpec(columns(['a', 'int4']), { path: join(dir, 'nope') }), undefined)).rejects.toThrow(
      /^could not open directory ".*nope": no such file or directory$/,
    );
    await writeFile(join(dir, 'plain-file'), '');
    await expect(fileConnector.open(sourceSpec(columns(['a', 'int4']), { path: join(dir, 'plain-file') }), undefined)).rejects.toThrow(
      'not a directory',
    );
  });

  it('reads REES46 event files as CSV with a header', async () => {
    const landing = await mkdtemp(join(dir, 'landing-'));
    await writeFile(
      join(landing, '2019-Dec-01.csv'),
      'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n' +
        '2019-12-01 00:00:00 UTC,remove_from_cart,5712790,1487580005268456287,,f.o.x,6.27,576802932,51d85cb0-897f-48d2-918b-ad63965c12dc\n' +
        '2019-12-01 00:00:01 UTC,view,5764655,1487580005411062629,,cnd,29.05,412120092,8adff31e-2051-4894-9758-224bfa8aec18\n',
    );
    const spec = sourceSpec(rees46, { connector: 'file', path: landing, match_pattern: '*.csv', settle_ms: '0' }, csv);
    fileConnector.validate(spec);
    const reader = await fileConnector.open(spec, undefined);
    await reader.poll(1000);
    const batch = await reader.poll(1000);
    expect(batch.deadLetters).toEqual([]);
    expect(batch.changes.weights).toEqual([1, 1]);
    const [first, second] = batch.changes.rows;
    expect(first![0]).toBe(1575158400000000n);
    expect(first![3]).toBe(1487580005268456287n);
    expect(first![4]).toBeNull();
    expect(String(first![6])).toBe('6.27');
    expect(second![3]).toBe(1487580005411062629n);
    expect(reader.position()).toEqual({ finished: ['2019-Dec-01.csv'] });
    await reader.close();
  });
});
