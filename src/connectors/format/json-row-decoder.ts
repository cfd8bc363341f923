// Decodes JSON objects into typed rows for a relation's columns (FORMAT PLAIN ENCODE JSON).
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';

type Converter = (json: unknown) => Value;

/**
 * Builds, once per relation, a decoder from a parsed JSON object to a row of the given columns. Missing
 * fields and JSON null become NULL; strings are read with the column type's text input (so
 * `"pay_amount": "100.00"` fills a NUMERIC column exactly); numbers are taken as written where the type is
 * exact. Throws SqlError naming the column when a value does not convert: the caller counts the record as a
 * dead letter.
 */
export function jsonRowDecoder(columns: readonly ColumnInfo[]): (record: unknown) => Row {
  const names = columns.map((c) => c.name);
  const converters = columns.map((c) => converterFor(c.type, c.name));
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

function converterFor(type: DataType, column: string): Converter {
  const fail = (json: unknown): never => {
    throw new SqlError('invalid_text_representation', `cannot convert JSON value ${JSON.stringify(json)} to type ${type} for column "${column}"`);
  };
  const fromText = (json: unknown): Value => {
    if (typeof json === 'string') return parseValue(type, json);
    if (typeof json === 'number' || typeof json === 'boolean') return parseValue(type, String(json));
    return fail(json);
  };
  switch (type) {
    case 'varchar':
      return (json) => (typeof json === 'string' ? json : typeof json === 'object' ? JSON.stringify(json) : String(json));
    case 'jsonb':
      return (json) => parseValue('jsonb', typeof json === 'string' ? JSON.stringify(json) : JSON.stringify(json));
    case 'numeric':
      // A JSON number's shortest text is what the producer wrote for any value a double can carry exactly.
      return (json) => (typeof json === 'number' ? Numeric.parse(String(json)) : fromText(json));
    case 'float8':
    case 'float4':
      return (json) => (typeof json === 'number' ? json : fromText(json));
    case 'int4':
    case 'int2':
      return (json) => (typeof json === 'number' && Number.isInteger(json) ? (parseValue(type, String(json)) as number) : fromText(json));
    case 'boolean':
      return (json) => (typeof json === 'boolean' ? json : fromText(json));
    default:
      return fromText;
  }
}
