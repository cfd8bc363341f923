// Hash keys of rows: strings that are equal exactly when the values are "not distinct" (GROUP BY, DISTINCT, joins).
import { elementType, isArrayType, type DataType, type ScalarType } from './data-type.js';
import type { Interval } from './interval.js';
import type { Numeric } from './numeric.js';
import type { Row, Value } from './value.js';

/** Encodes one non-null value into a token that no other token of the same type has as a prefix. */
type TokenEncoder = (value: Value) => string;

/** A NULL's token: no value token starts with U+0000 (strings start with their length, numbers end in ','). */
const NULL_TOKEN = '\u0000';

const bytesToText = (bytes: Uint8Array): string => {
  let text = '';
  for (let index = 0; index < bytes.length; index++) text += String.fromCharCode(bytes[index]!);
  return text;
};

/**
 * Canonical, prefix-free text of a non-null scalar. Floats: String() already maps -0 to '0' and every NaN to
 * 'NaN'. Numerics drop trailing zeros (2.0 = 2.00). Intervals use their normalized microseconds.
 */
function scalarToken(type: ScalarType): TokenEncoder {
  switch (type) {
    case 'boolean': return (value) => (value ? 't' : 'f');
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz': return (value) => String(value as number) + ',';
    case 'numeric': return (value) => (value as Numeric).normalizedString() + ',';
    case 'interval': return (value) => (value as Interval).totalMicros().toString() + ',';
    case 'varchar':
    case 'jsonb':
    case 'unknown': return (value) => (value as string).length + ':' + (value as string);
    case 'bytea': return (value) => (value as Uint8Array).length + ':' + bytesToText(value as Uint8Array);
  }
}

function tokenEncoder(type: DataType): TokenEncoder {
  if (!isArrayType(type)) return scalarToken(type);
  const element = scalarToken(elementType(type));
  return (value) => {
    const items = value as readonly Value[];
    let token = items.length + '[';
    for (let index = 0; index < items.length; index++) {
      const item = items[index] as Value;
      token += item === null ? NULL_TOKEN : element(item);
    }
    return token;
  };
}

/** Single-column keys need no delimiters; the encoders below keep NULL apart from every value. */
function singleColumnEncoder(type: DataType, index: number): (row: Row) => string {
  switch (type) {
    case 'varchar':
    case 'jsonb':
    case 'unknown':
      // The string itself; a value starting with U+0000 gets one more so that it cannot equal NULL's key.
      return (row) => {
        const value = row[index] as string | null;
        if (value === null) return NULL_TOKEN;
        return value.charCodeAt(0) === 0 ? NULL_TOKEN + value : value;
      };
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return (row) => {
        const value = row[index] as number | bigint | null;
        return value === null ? 'N' : String(value);
      };
    case 'numeric':
      return (row) => {
        const value = row[index] as Numeric | null;
        return value === null ? 'N' : value.normalizedString();
      };
    case 'boolean':
      return (row) => {
        const value = row[index];
        return value === null ? 'N' : value ? 't' : 'f';
      };
    default: {
      const token = tokenEncoder(type);
      return (row) => {
        const value = row[index];
        return value === null ? NULL_TOKEN : token(value);
      };
    }
  }
}

/**
 * Builds, once, a function encoding `row[indexes[i]]` (of `types[indexes[i]]`) into one string. Two rows get
 * the same key iff their values are not distinct in PostgreSQL's grouping sense: NULL equals NULL, 2.0 equals
 * 2.00, '24 hours' equals '1 day', -0 equals 0, NaN equals NaN. Injective otherwise (strings are
 * length-prefixed, so separators inside values cannot collide). Called per row on the hot path.
 */
export function keyEncoder(types: readonly DataType[], indexes: readonly number[]): (row: Row) => string {
  if (indexes.length === 0) return () => '';
  if (indexes.length === 1) return singleColumnEncoder(types[indexes[0]!]!, indexes[0]!);
  const encoders = indexes.map((index) => tokenEncoder(types[index]!));
  const columns = indexes.slice();
  if (columns.length === 2) {
    const [first, second] = columns as [number, number];
    const [encodeFirst, encodeSecond] = encoders as [TokenEncoder, TokenEncoder];
    return (row) => {
      const a = row[first];
      const b = row[second];
      return (a === null ? NULL_TOKEN : encodeFirst(a)) + (b === null ? NULL_TOKEN : encodeSecond(b));
    };
  }
  return (row) => {
    let key = '';
    for (let position = 0; position < columns.length; position++) {
      const value = row[columns[position]!];
      key += value === null ? NULL_TOKEN : encoders[position]!(value);
    }
    return key;
  };
}

/** A primitive standing for one value under SQL equality: two values get the same part iff they are not distinct. */
export type KeyPart = string | number | bigint | boolean | null;

/**
 * Builds, once, the map key of one column's values (`KeyMap`): the value itself where JavaScript's SameValueZero
 * already is SQL's "not distinct" (strings, integers and timestamps, booleans, NULL, and floats, since a Map
 * treats -0 as 0 and every NaN as NaN), a canonical form otherwise (numeric 2.0 = 2.00, '1 day' = '24 hours').
 */
export function keyPartOf(type: DataType): (value: Value) => KeyPart {
  return keyPartConverter(type) ?? asKeyPart;
}

const asKeyPart = (value: Value): KeyPart => value as KeyPart;

/** `keyPartOf`, or undefined when the value is its own key part (callers skip the call on the hot path). */
export function keyPartConverter(type: DataType): ((value: Value) => KeyPart) | undefined {
  switch (type) {
    case 'varchar':
    case 'jsonb':
    case 'unknown':
    case 'boolean':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return undefined;
    case 'numeric':
      return (value) => (value === null ? null : (value as Numeric).normalizedString());
    case 'interval':
      return (value) => (value === null ? null : (value as Interval).totalMicros());
    default: {
      const token = tokenEncoder(type);
      return (value) => (value === null ? null : token(value));
    }
  }
}

/** keyEncoder over all columns of the row type. */
export function rowKeyEncoder(types: readonly DataType[]): (row: Row) => string {
  return keyEncoder(
    types,
    types.map((_, index) => index),
  );
}
