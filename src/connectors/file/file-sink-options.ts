// The WITH and FORMAT options of a file (archive) sink: directory, encoding, time partitioning, file rolling.
import { resolve } from 'node:path';
import type { FlushPolicy, SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { jsonEncodingOf, type JsonEncoding } from '../format/json-row-encoder.js';

/** What the part files hold: Parquet, or JSON lines (one object per row). */
export type FileSinkEncode = 'parquet' | 'json';

/** The width of a partition directory: `dt=2026-11-21/`, or `dt=2026-11-21/hour=13/`. */
export type PartitionGranularity = 'day' | 'hour';

/** The time column whose value picks a row's partition directory. */
export interface FileSinkPartitioning {
  /** Index into the sink's columns. */
  readonly column: number;
  readonly type: 'date' | 'timestamp' | 'timestamptz';
  readonly granularity: PartitionGranularity;
}

/** Where and how a file sink writes, checked once from its options. */
export interface FileSinkSettings {
  /** The archive's root directory, absolute. */
  readonly directory: string;
  readonly encode: FileSinkEncode;
  /** Undefined: every part file directly in the root directory. */
  readonly partitioning: FileSinkPartitioning | undefined;
  /** JSON lines only: how timestamptz, numeric and jsonb values are written. */
  readonly json: JsonEncoding;
}

/** Directory options: Tally's, RisingWave's fs sink, Flink's legacy filesystem connector. */
const PATH_OPTIONS = ['path', 'fs.path', 'connector.path'];
/** The partition column: Tally's name, then RisingWave's (`event_time_field`). */
const PARTITION_COLUMN_OPTIONS = ['partition_by', 'event_time_field'];
/** The partition width: Tally's name, then RisingWave's legacy `path_partition_prefix` (same values). */
const GRANULARITY_OPTIONS = ['partition_granularity', 'path_partition_prefix'];
const GRANULARITIES: readonly PartitionGranularity[] = ['day', 'hour'];

/** RisingWave's file sink batching: a file holds at most this many rows, and waits at most this long. */
const MAX_ROW_COUNT = 'max_row_count';
const ROLLOVER_SECONDS = 'rollover_seconds';
/** RisingWave's defaults for both. Checkpoints seal sooner: a file never spans one. */
const DEFAULT_MAX_ROW_COUNT = 10_240;
const DEFAULT_ROLLOVER_SECONDS = 10;
const POSITIVE_INTEGER = /^[1-9]\d{0,8}$/;

function firstOption(options: ReadonlyMap<string, string>, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function directoryOf(options: ReadonlyMap<string, string>): string {
  const given = firstOption(options, PATH_OPTIONS);
  if (given === undefined || given.value.trim() === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "path" for sink connector "file"', {
      hint: "Add WITH (connector = 'file', path = '/directory/of/the/archive').",
    });
  }
  return resolve(given.value.trim());
}

function encodeOf(spec: SinkSpec): FileSinkEncode {
  if (!spec.format) {
    throw new SqlError('invalid_parameter_value', 'missing FORMAT clause for sink connector "file"', {
      hint: 'Add FORMAT PLAIN ENCODE PARQUET (or ENCODE JSON for JSON lines) after the WITH options.',
    });
  }
  const { format, encode } = spec.format;
  if (format !== 'plain') {
    throw new SqlError('feature_not_supported', `FORMAT ${format.toUpperCase()} is not supported for file sinks`, {
      hint: 'Use FORMAT PLAIN: an archive only appends rows.',
    });
  }
  if (encode !== 'parquet' && encode !== 'json') {
    throw new SqlError('feature_not_supported', `ENCODE ${encode.toUpperCase()} is not supported for file sinks`, { hint: 'Use ENCODE PARQUET or ENCODE JSON.' });
  }
  return encode;
}

function partitioningOf(spec: SinkSpec): FileSinkPartitioning | undefined {
  const columnOption = firstOption(spec.options, PARTITION_COLUMN_OPTIONS);
  const granularityOption = firstOption(spec.options, GRANULARITY_OPTIONS);
  if (columnOption === undefined) {
    if (granularityOption === undefined) return undefined;
    throw new SqlError('invalid_parameter_value', `option "${granularityOption.name}" needs option "partition_by"`, {
      hint: 'Name the date or timestamp column whose value picks the partition: partition_by = \'event_time\'.',
    });
  }
  const name = columnOption.value.trim();
  const column = spec.columns.findIndex((c) => c.name === name);
  if (column < 0) {
    throw new SqlError('undefined_column', `${columnOption.name} column "${name}" is not a column of sink "${spec.name}"`);
  }
  const type = spec.columns[column]!.type;
  if (type !== 'date' && type !== 'timestamp' && type !== 'timestamptz') {
    throw new SqlError('datatype_mismatch', `${columnOption.name} column "${name}" must be a date or timestamp, not ${type}`);
  }
  const granularityText = granularityOption?.value.trim().toLowerCase() ?? 'day';
  if (!(GRANULARITIES as readonly string[]).includes(granularityText)) {
    throw invalidValue(granularityOption!.name, granularityOption!.value, "Use 'day' or 'hour'.");
  }
  const granularity = granularityText as PartitionGranularity;
  if (granularity === 'hour' && type === 'date') {
    throw new SqlError('invalid_parameter_value', `cannot partition sink "${spec.name}" by hour of date column "${name}"`, {
      hint: "Use partition_granularity = 'day', or partition by a timestamp column.",
    });
  }
  const keys = granularity === 'hour' ? ['dt', 'hour'] : ['dt'];
  const clash = spec.columns.find((c) => keys.includes(c.name));
  if (clash) {
    throw new SqlError('invalid_parameter_value', `column "${clash.name}" of sink "${spec.name}" has the name of a partition directory key`, {
      hint: `Readers such as DuckDB and Spark take "${clash.name}" from the directory names (${keys.map((k) => k + '=...').join('/')}); rename the column in the sinked query.`,
    });
  }
  return { column, type, granularity };
}

/**
 * Reads and checks a file sink's options: `path` (or `fs.path`, `connector.path`; the archive's directory),
 * FORMAT PLAIN ENCODE PARQUET | JSON (JSON options as for Kafka sinks in the FORMAT options), `partition_by`
 * (or `event_time_field`: a date, timestamp or timestamptz column) and `partition_granularity` (or
 * `path_partition_prefix`: 'day', the default, or 'hour'). The sink must be append-only. Called at CREATE SINK
 * and at every open; throws SqlError naming the missing or bad option.
 */
export function fileSinkSettings(spec: SinkSpec): FileSinkSettings {
  const encode = encodeOf(spec);
  if (spec.type !== 'append-only') {
    throw new SqlError('invalid_parameter_value', `file sink "${spec.name}" must be append-only`, {
      hint: "Use type = 'append-only' (with force_append_only = 'true' over an input that updates, which writes an updated row as a new row and drops deletions).",
    });
  }
  return {
    directory: directoryOf(spec.options),
    encode,
    partitioning: partitioningOf(spec),
    json: jsonEncodingOf(spec.format?.options ?? new Map<string, string>()),
  };
}

function positiveInteger(options: ReadonlyMap<string, string>, name: string, fallback: number, hint: string): number {
  const given = options.get(name);
  if (given === undefined) return fallback;
  if (!POSITIVE_INTEGER.test(given.trim())) throw invalidValue(name, given, hint);
  return Number(given.trim());
}

/**
 * When the runtime seals a file sink's rows into a write (each write makes one file per partition):
 * RisingWave's `max_row_count` (default 10240) and `rollover_seconds` (default 10). Checkpoints seal too.
 */
export function fileSinkFlushPolicy(options: ReadonlyMap<string, string>): FlushPolicy {
  return {
    maxRows: positiveInteger(options, MAX_ROW_COUNT, DEFAULT_MAX_ROW_COUNT, 'Give the most rows per file, a positive integer.'),
    intervalMs: positiveInteger(options, ROLLOVER_SECONDS, DEFAULT_ROLLOVER_SECONDS, 'Give seconds, a positive integer.') * 1000,
  };
}
