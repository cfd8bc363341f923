// JSON encoding of rows for sinks (Kafka ENCODE JSON, webhook payloads): exact numbers, temporal values as text.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { TIMESTAMP_NEGATIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY, civilFromDays, splitMicros, type CivilDate } from '../../types/calendar.js';
import { elementType, isArrayType, type DataType, type ScalarType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { formatFloat4, formatFloat8 } from '../../types/float-format.js';
import type { Numeric } from '../../types/numeric.js';
import { formatValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';

/**
 * How timestamptz values are written (RisingWave's `timestamptz.handling.mode`): `utc_string` (the default)
 * '2023-11-11T18:30:09.453000Z', `utc_without_suffix` '2023-11-11 18:30:09.453000', `micro` / `milli` a number
 * since 1970-01-01 00:00:00 UTC.
 */
export type TimestamptzEncoding = 'utc_string' | 'utc_without_suffix' | 'micro' | 'milli';
/** How numeric values are written: `string` (RisingWave's choice) '"6.50"', or `number` 6.50 — the same digits either way. */
export type NumericEncoding = 'string' | 'number';
/** How jsonb values are written (RisingWave's `jsonb.handling.mode`): `string` (its text) or `dynamic` (the JSON itself). */
export type JsonbEncoding = 'string' | 'dynamic';

export interface JsonEncoding {
  readonly timestamptz: TimestamptzEncoding;
  readonly numeric: NumericEncoding;
  readonly jsonb: JsonbEncoding;
}

export const DEFAULT_JSON_ENCODING: JsonEncoding = { timestamptz: 'utc_string', numeric: 'string', jsonb: 'string' };

const TIMESTAMPTZ_OPTION = 'timestamptz.handling.mode';
const NUMERIC_OPTION = 'decimal.handling.mode';
const JSONB_OPTION = 'jsonb.handling.mode';

function choice<T extends string>(options: ReadonlyMap<string, string>, name: string, allowed: readonly T[], fallback: T): T {
  const given = options.get(name);
  if (given === undefined) return fallback;
  const value = given.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SqlError('invalid_parameter_value', `unrecognized value for option "${name}": "${given}"`, {
    hint: `Use one of ${allowed.map((a) => `'${a}'`).join(', ')}.`,
  });
}

/**
 * The encoding that `timestamptz.handling.mode`, `decimal.handling.mode` and `jsonb.handling.mode` ask for,
 * read from FORMAT ... ENCODE JSON (...) options (or WITH options); throws SqlError for an unrecognized value.
 */
export function jsonEncodingOf(options: ReadonlyMap<string, string>): JsonEncoding {
  return {
    timestamptz: choice(options, TIMESTAMPTZ_OPTION, ['utc_string', 'utc_without_suffix', 'micro', 'milli'], DEFAULT_JSON_ENCODING.timestamptz),
    numeric: choice(options, NUMERIC_OPTION, ['string', 'number'], DEFAULT_JSON_ENCODING.numeric),
    jsonb: choice(options, JSONB_OPTION, ['string', 'dynamic'], DEFAULT_JSON_ENCODING.jsonb),
  };
}

/** The JSON text of one non-null value. */
type ValueEncoder = (value: Value) => string;

const civil: CivilDate = { year: 0, month: 0, day: 0 };
const two = (n: number): string => (n < 10 ? '0' + n : '' + n);

/** chrono's `%Y`: four digits at least, a sign before years outside 0..9999 (astronomical years: 0 is 1 BC). */
function yearText(year: number): string {
  if (year < 0) return '-' + String(-year).padStart(4, '0');
  if (year > 9999) return '+' + year;
  return String(year).padStart(4, '0');
}

/** 'YYYY-MM-DD' + separator + 'HH:MM:SS.ffffff' (always six fraction digits, as RisingWave writes them). */
function timestampText(micros: bigint, separator: string): string {
  const [days, time] = splitMicros(micros);
  civilFromDays(days, civil);
  const seconds = Math.floor(time / 1e6);
  const fraction = time - seconds * 1e6;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  return (
    yearText(civil.year) + '-' + two(civil.month) + '-' + two(civil.day) + separator +
    two(hours) + ':' + two(minutes) + ':' + two(seconds - hours * 3600 - minutes * 60) + '.' + String(fraction).padStart(6, '0')
  );
}

/** 'infinity' / '-infinity' for the special timestamps, else undefined. */
function infinityText(micros: bigint): string | undefined {
  if (micros === TIMESTAMP_POSITIVE_INFINITY) return '"infinity"';
  if (micros === TIMESTAMP_NEGATIVE_INFINITY) return '"-infinity"';
  return undefined;
}

/** Floor division: epoch milliseconds of a microsecond count before 1970 round down, as chrono's do. */
const floorMillis = (micros: bigint): bigint => (micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n));

function timestamptzEncoder(mode: TimestamptzEncoding): ValueEncoder {
  switch (mode) {
    case 'utc_string': return (v) => infinityText(v as bigint) ?? '"' + timestampText(v as bigint, 'T') + 'Z"';
    case 'utc_without_suffix': return (v) => infinityText(v as bigint) ?? '"' + timestampText(v as bigint, ' ') + '"';
    case 'micro': return (v) => infinityText(v as bigint) ?? (v as bigint).toString();
    case 'milli': return (v) => infinityText(v as bigint) ?? floorMillis(v as bigint).toString();
  }
}

/** Floats as PostgreSQL prints them (shortest exact text); NaN and the infinities, which JSON lacks, as null. */
function floatEncoder(format: (value: number) => string): ValueEncoder {
  return (v) => (Number.isFinite(v as number) ? format(v as number) : 'null');
}

function numericEncoder(mode: NumericEncoding): ValueEncoder {
  // Numeric text never has an exponent: its digits are a JSON number as they are. NaN and ±Infinity stay strings.
  if (mode === 'number') return (v) => ((v as Numeric).isSpecial() ? JSON.stringify((v as Numeric).toString()) : (v as Numeric).toString());
  return (v) => '"' + (v as Numeric).toString() + '"';
}

/** PostgreSQL's text output as a JSON string. */
const textOf = (type: ScalarType): ValueEncoder => (v) => JSON.stringify(formatValue(type, v));

function scalarEncoder(type: ScalarType, encoding: JsonEncoding): ValueEncoder {
  switch (type) {
    case 'boolean': return (v) => (v ? 'true' : 'false');
    case 'int2':
    case 'int4':
    case 'int8': return (v) => String(v);
    case 'float4': return floatEncoder(formatFloat4);
    case 'float8': return floatEncoder(formatFloat8);
    case 'numeric': return numericEncoder(encoding.numeric);
    case 'varchar':
    case 'unknown': return (v) => JSON.stringify(v as string);
    case 'jsonb': return encoding.jsonb === 'dynamic' ? (v) => v as string : (v) => JSON.stringify(v as string);
    case 'timestamp': return (v) => infinityText(v as bigint) ?? '"' + timestampText(v as bigint, ' ') + '"';
    case 'timestamptz': return timestamptzEncoder(encoding.timestamptz);
    case 'bytea':
    case 'date':
    case 'time':
    case 'interval': return textOf(type);
  }
}

/** The encoder of a column's values (NULL aside): arrays become JSON arrays of their elements' encodings. */
export function valueEncoder(type: DataType, encoding: JsonEncoding = DEFAULT_JSON_ENCODING): ValueEncoder {
  const element = scalarEncoder(elementType(type), encoding);
  if (!isArrayType(type)) return element;
  return (v) => '[' + (v as readonly Value[]).map((item) => (item === null ? 'null' : element(item))).join(',') + ']';
}

/**
 * Compiles the encoder of the columns at `indexes` (in that order) into one JSON object per row, e.g.
 * `{"seller_id":"s1","total":"12.50","last_order_ts":"2026-11-21T08:00:00.000000Z"}`. Integers of any size,
 * numerics and jsonb keep their exact digits (never through a double); NULL is null. Date, time, interval and
 * bytea are PostgreSQL's text; timestamp is 'YYYY-MM-DD HH:MM:SS.ffffff'. Called once per sink; the encoder
 * runs per row.
 */
export function jsonRowEncoder(columns: readonly ColumnInfo[], indexes: readonly number[], encoding: JsonEncoding = DEFAULT_JSON_ENCODING): (row: Row) => string {
  const prefixes = indexes.map((index, i) => (i === 0 ? '{' : ',') + JSON.stringify(columns[index]!.name) + ':');
  const encoders = indexes.map((index) => valueEncoder(columns[index]!.type, encoding));
  const count = indexes.length;
  if (count === 0) return () => '{}';
  return (row) => {
    let text = '';
    for (let i = 0; i < count; i++) {
      const value = row[indexes[i]!] ?? null;
      text += prefixes[i]! + (value === null ? 'null' : encoders[i]!(value));
    }
    return text + '}';
  };
}
