// How each SQL column type is stored in a file sink's Parquet files: the schema element and the value conversion.
import type { SchemaElement } from 'hyparquet-writer';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { DATE_NEGATIVE_INFINITY, DATE_POSITIVE_INFINITY, TIMESTAMP_NEGATIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY } from '../../types/calendar.js';
import { isArrayType, type DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Numeric } from '../../types/numeric.js';
import { pow10 } from '../../types/pow10.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';

/** A non-null value of the column as the Parquet writer takes it. */
export type ParquetConversion = (value: Value) => unknown;

/** One column of a Parquet file: its schema element and the conversion of its values. */
export interface ParquetColumn {
  readonly element: SchemaElement;
  readonly convert: ParquetConversion;
}

/** DuckDB (and Arrow, Spark) read Parquet DECIMAL exactly up to 38 digits; wider ones come back as doubles. */
const MAX_DECIMAL_PRECISION = 38;

/** DuckDB's infinities: its timestamp and date ranges end one short of the integer types', as PostgreSQL's do. */
const INT64_MAX = 9223372036854775807n;
const INT32_MAX = 2147483647;

const same: ParquetConversion = (value) => value;
const toBigInt: ParquetConversion = (value) => BigInt(value as number);
const convertDate: ParquetConversion = (value) =>
  value === DATE_POSITIVE_INFINITY ? INT32_MAX : value === DATE_NEGATIVE_INFINITY ? -INT32_MAX : value;
const convertTimestamp: ParquetConversion = (value) =>
  value === TIMESTAMP_POSITIVE_INFINITY ? INT64_MAX : value === TIMESTAMP_NEGATIVE_INFINITY ? -INT64_MAX : value;

/** PostgreSQL's text of the value (interval, jsonb, arrays, unconstrained numeric). */
const textOf = (type: DataType): ParquetConversion => (value) => formatValue(type, value);

/** Bytes of the smallest two's complement FIXED_LEN_BYTE_ARRAY that holds every `precision`-digit integer. */
function decimalBytes(precision: number): number {
  const largest = pow10(precision) - 1n;
  let bytes = 1;
  while (largest >= 1n << BigInt(8 * bytes - 1)) bytes++;
  return bytes;
}

/** The unscaled value of a numeric at exactly `scale`, or a SqlError when it does not fit DECIMAL(precision, scale). */
function decimalConversion(column: string, precision: number, scale: number): ParquetConversion {
  const limit = pow10(precision);
  const refuse = (value: Numeric): SqlError =>
    new SqlError('numeric_value_out_of_range', `value ${value.toString()} of column "${column}" does not fit Parquet DECIMAL(${precision},${scale})`, {
      hint: 'Parquet decimals hold no NaN or infinity; cast the column to a type that holds the value in the sinked query.',
    });
  return (value) => {
    const numeric = value as Numeric;
    if (numeric.isSpecial()) throw refuse(numeric);
    let unscaled: bigint;
    if (numeric.scale === scale) {
      unscaled = numeric.unscaled;
    } else if (numeric.scale < scale) {
      unscaled = numeric.unscaled * pow10(scale - numeric.scale);
    } else {
      const factor = pow10(numeric.scale - scale);
      if (numeric.unscaled % factor !== 0n) throw refuse(numeric);
      unscaled = numeric.unscaled / factor;
    }
    if (unscaled >= limit || unscaled <= -limit) throw refuse(numeric);
    return unscaled;
  };
}

function decimalColumn(column: ColumnInfo, precision: number, scale: number): ParquetColumn {
  const decimal = { converted_type: 'DECIMAL', precision, scale, logical_type: { type: 'DECIMAL', precision, scale } } as const;
  const physical: Partial<SchemaElement> =
    precision <= 9 ? { type: 'INT32' } : precision <= 18 ? { type: 'INT64' } : { type: 'FIXED_LEN_BYTE_ARRAY', type_length: decimalBytes(precision) };
  return { element: { name: column.name, repetition_type: 'OPTIONAL', ...physical, ...decimal }, convert: decimalConversion(column.name, precision, scale) };
}

function stringColumn(name: string, convert: ParquetConversion): ParquetColumn {
  return { element: { name, repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } }, convert };
}

function plainColumn(name: string, element: Omit<SchemaElement, 'name' | 'repetition_type'>, convert: ParquetConversion): ParquetColumn {
  return { element: { name, repetition_type: 'OPTIONAL', ...element }, convert };
}

/**
 * The Parquet form of a sink column, exact for every value: integers as INT32 (smallint annotated INT_16) or
 * INT64; real and double as FLOAT and DOUBLE; numeric(p,s) with p <= 38 as DECIMAL(p,s) of its exact digits;
 * numeric without a precision (or wider than 38 digits) as a string of its text, since Parquet readers
 * take one decimal scale for a whole dataset and cap precision at 38; varchar as UTF8; bytea as
 * BYTE_ARRAY; date as DATE; time as TIME(MICROS); timestamp as TIMESTAMP(MICROS) and timestamptz as
 * TIMESTAMP(MICROS, UTC), the infinities as DuckDB's; interval, jsonb and arrays as PostgreSQL's text.
 * Every column is OPTIONAL (NULL allowed).
 */
export function parquetColumn(column: ColumnInfo): ParquetColumn {
  const { name, type } = column;
  if (isArrayType(type)) return stringColumn(name, textOf(type));
  switch (type) {
    case 'boolean': return plainColumn(name, { type: 'BOOLEAN' }, same);
    // hyparquet-writer encodes the INTEGER logical type wrongly (DuckDB rejects the file): the converted type alone.
    case 'int2': return plainColumn(name, { type: 'INT32', converted_type: 'INT_16' }, same);
    case 'int4': return plainColumn(name, { type: 'INT32' }, same);
    case 'int8': return plainColumn(name, { type: 'INT64' }, same);
    case 'float4': return plainColumn(name, { type: 'FLOAT' }, same);
    case 'float8': return plainColumn(name, { type: 'DOUBLE' }, same);
    case 'numeric': {
      const precision = column.modifier?.precision;
      if (precision === undefined || precision > MAX_DECIMAL_PRECISION) return stringColumn(name, textOf(type));
      return decimalColumn(column, precision, column.modifier?.scale ?? 0);
    }
    case 'varchar':
    case 'unknown': return stringColumn(name, same);
    case 'bytea': return plainColumn(name, { type: 'BYTE_ARRAY' }, same);
    case 'date': return plainColumn(name, { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }, convertDate);
    // The TIME_MICROS and TIMESTAMP_MICROS converted types mean "adjusted to UTC": only the logical type for local times.
    case 'time': return plainColumn(name, { type: 'INT64', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' } }, toBigInt);
    case 'timestamp': return plainColumn(name, { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } }, convertTimestamp);
    case 'timestamptz':
      return plainColumn(name, { type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }, convertTimestamp);
    case 'interval':
    case 'jsonb': return stringColumn(name, textOf(type));
  }
}
