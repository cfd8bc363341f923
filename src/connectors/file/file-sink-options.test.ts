// Tests of the file sink's options: names and aliases, FORMAT, partitioning, append-only, rolling.
import { describe, expect, it } from 'vitest';
import { sinkSpec, type SinkSpecParts } from '../sink-spec.test-support.js';
import { columns } from '../source-spec.test-support.js';
import { fileSinkFlushPolicy, fileSinkSettings } from './file-sink-options.js';

const cols = columns(['event_time', 'timestamptz'], ['day', 'date'], ['user_id', 'int8'], ['price', 'numeric']);
const PARQUET = { format: 'plain', encode: 'parquet' };

const settings = (options: Record<string, string>, parts: SinkSpecParts = {}) =>
  fileSinkSettings(sinkSpec(cols, { name: 'archive', options, format: PARQUET, ...parts }));

describe('file sink options', () => {
  it('reads the directory, the encoding and the partitioning', () => {
    expect(settings({ path: '/data/events', partition_by: 'event_time', partition_granularity: 'hour' })).toMatchObject({
      directory: '/data/events',
      encode: 'parquet',
      partitioning: { column: 0, type: 'timestamptz', granularity: 'hour' },
    });
    expect(settings({ path: '/data/events', partition_by: 'day' }).partitioning).toEqual({ column: 1, type: 'date', granularity: 'day' });
    expect(settings({ path: '/data/events' }).partitioning).toBeUndefined();
    expect(settings({ path: '/data/events' }, { format: { format: 'plain', encode: 'json', options: { 'decimal.handling.mode': 'number' } } })).toMatchObject({
      encode: 'json',
      json: { numeric: 'number' },
    });
  });

  it("accepts RisingWave's and Flink's option names", () => {
    expect(settings({ 'fs.path': '/rw', event_time_field: 'event_time', path_partition_prefix: 'hour' })).toMatchObject({
      directory: '/rw',
      partitioning: { column: 0, granularity: 'hour' },
    });
    expect(settings({ 'connector.path': '/flink' }).directory).toBe('/flink');
    expect(settings({ path: 'relative/dir' }).directory).toBe(`${process.cwd()}/relative/dir`);
  });

  it('names the missing or bad option', () => {
    expect(() => settings({})).toThrow('missing option "path" for sink connector "file"');
    expect(() => settings({ path: '/d' }, { format: undefined })).toThrow('missing FORMAT clause for sink connector "file"');
    expect(() => settings({ path: '/d' }, { format: { format: 'upsert', encode: 'json' } })).toThrow('FORMAT UPSERT is not supported for file sinks');
    expect(() => settings({ path: '/d' }, { format: { format: 'plain', encode: 'avro' } })).toThrow('ENCODE AVRO is not supported for file sinks');
    expect(() => settings({ path: '/d' }, { type: 'upsert', primaryKey: ['user_id'] })).toThrow('file sink "archive" must be append-only');
    expect(() => settings({ path: '/d', partition_by: 'nope' })).toThrow('partition_by column "nope" is not a column of sink "archive"');
    expect(() => settings({ path: '/d', event_time_field: 'user_id' })).toThrow('event_time_field column "user_id" must be a date or timestamp, not int8');
    expect(() => settings({ path: '/d', partition_by: 'event_time', partition_granularity: 'month' })).toThrow(
      'invalid value for option "partition_granularity": "month"',
    );
    expect(() => settings({ path: '/d', partition_by: 'day', partition_granularity: 'hour' })).toThrow('cannot partition sink "archive" by hour of date column "day"');
    expect(() => settings({ path: '/d', path_partition_prefix: 'day' })).toThrow('option "path_partition_prefix" needs option "partition_by"');
  });

  it('refuses a column named like a partition directory key', () => {
    const spec = sinkSpec(columns(['ts', 'timestamp'], ['hour', 'int4']), { options: { path: '/d', partition_by: 'ts', partition_granularity: 'hour' }, format: PARQUET });
    expect(() => fileSinkSettings(spec)).toThrow('column "hour" of sink "snk" has the name of a partition directory key');
    const daily = sinkSpec(columns(['ts', 'timestamp'], ['hour', 'int4']), { options: { path: '/d', partition_by: 'ts' }, format: PARQUET });
    expect(fileSinkSettings(daily).partitioning?.granularity).toBe('day');
  });

  it("rolls files by RisingWave's max_row_count and rollover_seconds", () => {
    expect(fileSinkFlushPolicy(new Map())).toEqual({ maxRows: 10_240, intervalMs: 10_000 });
    expect(fileSinkFlushPolicy(new Map([['max_row_count', '500000'], ['rollover_seconds', '60']]))).toEqual({ maxRows: 500_000, intervalMs: 60_000 });
    expect(() => fileSinkFlushPolicy(new Map([['rollover_seconds', '0']]))).toThrow('invalid value for option "rollover_seconds": "0"');
  });
});
