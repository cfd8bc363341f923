// Tally values as what the target reads exactly: PostgreSQL text input, MySQL SQL literals. Never through floats.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { DataType } from '../../types/data-type.js';
import { formatDate, formatTime, formatTimestamp, formatTimestamptz } from '../../types/datetime-format.js';
import { SqlError } from '../../types/error.js';
import { formatFloat4, formatFloat8 } from '../../types/float-format.js';
import type { Numeric } from '../../types/numeric.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';

/** A non-null value's PostgreSQL text form (what psql shows, what the type's input reads back exactly). */
export type PostgresText = (value: Value) => string;

/** A value (NULL included) as a MySQL SQL literal. */
export type MysqlLiteral = (value: Value) => string;

/**
 * The text form of values of `type` for a PostgreSQL parameter, built once per column: integers and
 * numerics in full, floats shortest round-trip, timestamptz in UTC ('+00'), bytea as '\x..', arrays as
 * '{..}'. Timestamps without a zone are read by a UTC session, so both kinds land on the same instant.
 */
export function postgresText(type: DataType): PostgresText {
  switch (type) {
    case 'int2':
    case 'int4':
    case 'int8': return (value) => String(value);
    case 'varchar':
    case 'jsonb':
    case 'unknown': return (value) => value as string;
    case 'numeric': return (value) => (value as Numeric).toString();
    case 'timestamp': return (value) => formatTimestamp(value as bigint);
    case 'timestamptz': return (value) => formatTimestamptz(value as bigint);
    default: return (value) => formatValue(type, value)!;
  }
}

/** Backslash escapes of the characters a MySQL string literal cannot hold as they are, by char code. */
const MYSQL_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0, '\\0'], [8, '\\b'], [9, '\\t'], [10, '\\n'], [13, '\\r'], [26, '\\Z'], [34, '\\"'], [39, "\\'"], [92, '\\\\'],
]);

/** A MySQL string literal; the session keeps backslash escapes on (the writer clears NO_BACKSLASH_ESCAPES). */
export function mysqlString(text: string): string {
  let escaped = "'";
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 39 && code !== 92) continue;
    const escape = MYSQL_ESCAPES.get(code);
    if (escape === undefined) continue;
    escaped += text.slice(copied, index) + escape;
    copied = index + 1;
  }
  return copied === 0 ? `'${text}'` : escaped + text.slice(copied) + "'";
}

function unwritable(column: ColumnInfo, shown: string, reason: string): SqlError {
  return new SqlError('data_exception', `value "${shown}" of column "${column.name}" cannot be written to MySQL`, { detail: reason });
}

function mysqlFloat(column: ColumnInfo, format: (value: number) => string): MysqlLiteral {
  return (value) => {
    if (value === null) return 'NULL';
    const number = value as number;
    if (!Number.isFinite(number)) throw unwritable(column, format(number), 'MySQL floats hold neither NaN nor infinities.');
    return format(number);
  };
}

/** MySQL DATE and DATETIME hold years 1 to 9999 (1000 and up officially): no BC dates and no infinities. */
function mysqlDateTime<T extends number | bigint>(column: ColumnInfo, format: (value: T) => string): MysqlLiteral {
  return (value) => {
    if (value === null) return 'NULL';
    const text = format(value as T);
    if (text.endsWith(' BC') || text.endsWith('infinity')) throw unwritable(column, text, 'MySQL dates run from year 1 to 9999.');
    return `'${text}'`;
  };
}

function bytesLiteral(value: Value): string {
  if (value === null) return 'NULL';
  const bytes = value as Uint8Array;
  return `X'${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}'`;
}

/**
 * The MySQL literal of values of `column`, built once per column: booleans as 1 and 0, integers bare,
 * numerics quoted in full (a quoted decimal converts exactly; a long bare one would become a double), floats
 * shortest round-trip, timestamptz as its UTC wall time for a DATETIME, bytea as X'..', other types as their
 * PostgreSQL text. Values MySQL cannot hold (NaN, infinities, BC dates) throw SqlError naming the column.
 */
export function mysqlLiteral(column: ColumnInfo): MysqlLiteral {
  switch (column.type) {
    case 'boolean': return (value) => (value === null ? 'NULL' : value ? '1' : '0');
    case 'int2':
    case 'int4':
    case 'int8': return (value) => (value === null ? 'NULL' : String(value));
    case 'float4': return mysqlFloat(column, formatFloat4);
    case 'float8': return mysqlFloat(column, formatFloat8);
    case 'numeric':
      return (value) => {
        if (value === null) return 'NULL';
        const numeric = value as Numeric;
        if (numeric.isSpecial()) throw unwritable(column, numeric.toString(), 'MySQL decimals hold neither NaN nor infinities.');
        return `'${numeric.toString()}'`;
      };
    case 'varchar':
    case 'jsonb':
    case 'unknown': return (value) => (value === null ? 'NULL' : mysqlString(value as string));
    case 'bytea': return bytesLiteral;
    case 'date': return mysqlDateTime(column, formatDate);
    case 'time': return (value) => (value === null ? 'NULL' : `'${formatTime(value as number)}'`);
    case 'timestamp':
    case 'timestamptz':
      // A timestamptz is UTC microseconds: its timestamp form is the UTC wall time a DATETIME holds.
      return mysqlDateTime(column, formatTimestamp);
    default: {
      const type = column.type;
      return (value) => (value === null ? 'NULL' : mysqlString(formatValue(type, value)!));
    }
  }
}
