// PostgreSQL text input and output of every SQL type (the forms psql shows and COPY/pg-wire text carry).
import { formatArrayText, parseArrayText } from './array-text.js';
import { formatBytea, parseBytea } from './bytea-text.js';
import { elementType, isArrayType, typeDisplayName, type DataType, type ScalarType } from './data-type.js';
import {
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
} from './datetime-format.js';
import { parseDate, parseTime, parseTimestamp, parseTimestamptz } from './datetime-parse.js';
import { SqlError } from './error.js';
import { formatFloat4, formatFloat8 } from './float-format.js';
import { Interval } from './interval.js';
import { canonicalJsonb } from './jsonb-text.js';
import { Numeric } from './numeric.js';
import type { Value } from './value.js';

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

const invalidSyntax = (type: DataType, text: string): SqlError =>
  new SqlError('invalid_text_representation', `invalid input syntax for type ${typeDisplayName(type)}: "${text}"`);

/** Integer text with blanks around, an optional sign and digits only (pg_strtoint32/64); exact as bigint. */
function parseIntegerText(text: string, type: 'int2' | 'int4' | 'int8'): bigint {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  let pos = start;
  const sign = text.charCodeAt(pos);
  if (sign === 43 || sign === 45) pos++;
  if (pos === end) throw invalidSyntax(type, text);
  for (let index = pos; index < end; index++) {
    const c = text.charCodeAt(index);
    if (c < 48 || c > 57) throw invalidSyntax(type, text);
  }
  // Up to 15 digits fit a double exactly: avoid BigInt parsing of the common case.
  if (end - pos <= 15) {
    const magnitude = Number(text.slice(pos, end));
    return BigInt(sign === 45 ? -magnitude : magnitude);
  }
  const value = BigInt(text.slice(pos, end));
  return sign === 45 ? -value : value;
}

const INTEGER_LIMITS = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
} as const;

function parseInteger(text: string, type: 'int2' | 'int4' | 'int8'): number | bigint {
  const value = parseIntegerText(text, type);
  const [min, max] = INTEGER_LIMITS[type];
  if (value < min || value > max) {
    throw new SqlError('numeric_value_out_of_range', `value "${text}" is out of range for type ${typeDisplayName(type)}`);
  }
  return type === 'int8' ? value : Number(value);
}

const FLOAT_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_HEX = /^[+-]?0[xX][0-9a-fA-F]+$/;

/** float8in / float4in: decimal or the words NaN, Infinity, inf (any case); out-of-range values are errors. */
function parseFloat(text: string, type: 'float4' | 'float8'): number {
  const trimmed = text.trim();
  let value: number;
  if (FLOAT_SYNTAX.test(trimmed)) value = Number(trimmed);
  else if (FLOAT_HEX.test(trimmed)) {
    // strtod also reads hexadecimal integers.
    value = parseInt(trimmed.replace(/^[+-]?0[xX]/, ''), 16) * (trimmed.startsWith('-') ? -1 : 1);
  }
  else {
    const word = trimmed.toLowerCase();
    if (word === 'nan') return NaN;
    if (word === 'infinity' || word === '+infinity' || word === 'inf' || word === '+inf') return Infinity;
    if (word === '-infinity' || word === '-inf') return -Infinity;
    throw invalidSyntax(type, text);
  }
  if (type === 'float4') value = Math.fround(value);
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(trimmed.split(/[eE]/)[0]!))) {
    throw new SqlError('numeric_value_out_of_range', `"${text}" is out of range for type ${typeDisplayName(type)}`);
  }
  return value;
}

/** boolin: blanks around; any prefix of true/false/yes/no, 'on', 'of'/'off', '1', '0'; any case. */
function parseBoolean(text: string): boolean {
  const word = text.trim().toLowerCase();
  const length = word.length;
  if (length > 0) {
    switch (word[0]) {
      case 't': if ('true'.startsWith(word)) return true; break;
      case 'y': if ('yes'.startsWith(word)) return true; break;
      case 'f': if ('false'.startsWith(word)) return false; break;
      case 'n': if ('no'.startsWith(word)) return false; break;
      case 'o':
        if (word === 'on') return true;
        if (length >= 2 && 'off'.startsWith(word)) return false;
        break;
      case '1': if (length === 1) return true; break;
      case '0': if (length === 1) return false; break;
    }
  }
  throw invalidSyntax('boolean', text);
}

/** PostgreSQL text input of a non-array type. */
function parseScalar(type: ScalarType, text: string): Value {
  switch (type) {
    case 'boolean': return parseBoolean(text);
    case 'int2':
    case 'int4':
    case 'int8': return parseInteger(text, type);
    case 'float4':
    case 'float8': return parseFloat(text, type);
    case 'numeric': return Numeric.parse(text);
    case 'varchar':
    case 'unknown': return text;
    case 'bytea': return parseBytea(text);
    case 'date': return parseDate(text);
    case 'time': return parseTime(text);
    case 'timestamp': return parseTimestamp(text);
    case 'timestamptz': return parseTimestamptz(text);
    case 'interval': return Interval.parse(text);
    case 'jsonb': return canonicalJsonb(text);
  }
}

/**
 * PostgreSQL text input for every type: integers with range checks ('value "x" is out of range for type
 * integer'), booleans ('t', 'yes', 'on', '1', ...), floats with NaN/Infinity, numeric, dates and times,
 * intervals, bytea ('\x..'), jsonb (canonicalized), arrays ('{1,2,NULL}'). timestamptz without a zone is UTC.
 */
export function parseValue(type: DataType, text: string): Value {
  if (!isArrayType(type)) return parseScalar(type, text);
  const element = elementType(type);
  return parseArrayText(text).map((item) => (item === null ? null : parseScalar(element, item)));
}

/** PostgreSQL text output of a non-null scalar. */
function formatScalar(type: ScalarType, value: Value): string {
  switch (type) {
    case 'boolean': return value ? 't' : 'f';
    case 'int2':
    case 'int4':
    case 'int8': return String(value);
    case 'float8': return formatFloat8(value as number);
    case 'float4': return formatFloat4(value as number);
    case 'numeric': return (value as Numeric).toString();
    case 'varchar':
    case 'jsonb':
    case 'unknown': return value as string;
    case 'bytea': return formatBytea(value as Uint8Array);
    case 'date': return formatDate(value as number);
    case 'time': return formatTime(value as number);
    case 'timestamp': return formatTimestamp(value as bigint);
    case 'timestamptz': return formatTimestamptz(value as bigint);
    case 'interval': return (value as Interval).toString();
  }
}

/**
 * PostgreSQL text output (null for NULL): booleans 't'/'f', float8 shortest round-trip ('0.1', '1e+100'),
 * numeric with its scale, bytea as '\x3132', timestamptz in UTC ('+00'), arrays as '{a,b,NULL,"x y"}'.
 */
export function formatValue(type: DataType, value: Value): string | null {
  if (value === null) return null;
  if (!isArrayType(type)) return formatScalar(type, value);
  const element = elementType(type);
  const items = value as readonly Value[];
  return formatArrayText(items.map((item) => (item === null ? null : formatScalar(element, item))));
}
