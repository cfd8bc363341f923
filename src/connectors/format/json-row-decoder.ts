// Decodes JSON objects into typed rows for a relation's columns (FORMAT PLAIN ENCODE JSON).
import type { ColumnInfo } from '../../catalog/catalog.js';
import { elementType, isArrayType, type DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { canonicalJsonb, quoteJsonString } from '../../types/jsonb-text.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import { coerceToModifier } from '../../types/type-modifier.js';
import type { Row, Value } from '../../types/value.js';
import { epochNumberToTimestamp } from './epoch-number-to-timestamp.js';
import { numberText, stringifyExactJson } from './parse-exact-json.js';

type Converter = (json: unknown) => Value;

/** A literal with a fraction or an exponent: not integer syntax, though its value may be integral. */
const NON_INTEGER_SYNTAX = /[.eE]/;

/**
 * Builds, once per relation, a decoder from a parsed JSON object to a row of the given columns. Missing
 * fields and JSON null become NULL; strings are read with the column type's text input (so
 * `"pay_amount": "100.00"` fills a NUMERIC column exactly); numbers are read from their literal text when the
 * object comes from `parseExactJson` (19-digit ids stay exact, 6.50 keeps its scale), else from their shortest
 * text. Integers in timestamp columns are epoch seconds, milliseconds or microseconds by magnitude; in date
 * columns, days (Debezium's encodings). Values are then fitted to the column's type modifier, as an INSERT
 * would. Throws SqlError naming the column when a value does not convert: the caller makes the record a
 * dead letter.
 */
export function jsonRowDecoder(columns: readonly ColumnInfo[]): (record: unknown) => Row {
  const names = columns.map((c) => c.name);
  const converters = columns.map(columnConverter);
  const width = columns.length;
  return (record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new SqlError('invalid_text_representation', 'JSON record is not an object');
    }
    const object = record as Record<string, unknown>;
    const row: Row = new Array<Value>(width);
    for (let i = 0; i < width; i++) {
      const raw = object[names[i]!];
      row[i] = raw === undefined || raw === null ? null : converters[i]!(raw);
    }
    return row;
  };
}

function columnConverter(column: ColumnInfo): Converter {
  const convert = converterFor(column.type, column.name);
  const coerce =
    column.modifier && !isArrayType(column.type) ? coerceToModifier(column.type, column.modifier, 'assignment') : undefined;
  return coerce ? (json) => coerce(convert(json)) : convert;
}

function converterFor(type: DataType, column: string): Converter {
  const fail = (json: unknown): never => {
    const shown = stringifyExactJson(json);
    throw new SqlError('invalid_text_representation', `cannot convert JSON value ${shown} to type ${type} for column "${column}"`);
  };
  const fromNumber = numberConverter(type);
  const fromText = (json: unknown): Value => {
    if (typeof json === 'string') {
      const literal = numberText(json);
      return literal === undefined ? parseValue(type, json) : fromNumber(literal);
    }
    if (typeof json === 'number') return fromNumber(String(json));
    if (typeof json === 'boolean') return parseValue(type, String(json));
    return fail(json);
  };
  if (isArrayType(type)) {
    const element = converterFor(elementType(type), column);
    return (json) => (Array.isArray(json) ? json.map((item: unknown) => (item === null ? null : element(item))) : fromText(json));
  }
  switch (type) {
    case 'varchar':
      return (json) => {
        if (typeof json === 'string') return numberText(json) ?? json;
        return typeof json === 'object' ? stringifyExactJson(json) : String(json);
      };
    case 'jsonb':
      return (json) => {
        if (typeof json !== 'string') return canonicalJsonb(stringifyExactJson(json));
        const literal = numberText(json);
        return literal === undefined ? quoteJsonString(json) : canonicalJsonb(literal);
      };
    case 'float8':
      return (json) => (typeof json === 'number' ? json : fromText(json));
    case 'boolean':
      return (json) => (typeof json === 'boolean' ? json : fromText(json));
    default:
      return fromText;
  }
}

/** How a JSON number's literal text becomes a value of `type`. */
function numberConverter(type: DataType): (literal: string) => Value {
  switch (type) {
    case 'int2':
    case 'int4':
    case 'int8':
      // 5.0 and 1e3 are integers written as JSON producers do; 5.5 is not, and fails as text input would.
      return (literal) => {
        if (!NON_INTEGER_SYNTAX.test(literal)) return parseValue(type, literal);
        const value = Numeric.tryParse(literal);
        if (value === undefined || !value.equals(value.trunc())) return parseValue(type, literal);
        return parseValue(type, value.trunc().toString());
      };
    case 'timestamp':
    case 'timestamptz':
      return (literal) => (NON_INTEGER_SYNTAX.test(literal) ? parseValue(type, literal) : epochNumberToTimestamp(literal));
    case 'date':
      return (literal) => (NON_INTEGER_SYNTAX.test(literal) ? parseValue(type, literal) : Number(BigInt(literal)));
    default:
      return (literal) => parseValue(type, literal);
  }
}
