// SQL values as JSON for the HTTP API: exact for every type, without clients having to parse numbers specially.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { typeDisplayName, type DataType } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';

/**
 * The JSON form of a value: NULL is null; boolean is true/false; int2, int4 and finite float4/float8 are JSON
 * numbers (a double holds them exactly, and JavaScript prints the shortest text that reads back the same; a
 * float4 is written as PostgreSQL shows it, 0.1 rather than the double 0.10000000149011612 that holds it);
 * every other value — int8, numeric, NaN and infinities, dates, timestamps, intervals, jsonb, bytea, arrays —
 * is its PostgreSQL text form as a string, so that 19-digit ids and numeric scales reach clients unchanged.
 */
export function jsonValue(type: DataType, value: Value): string | number | boolean | null {
  if (value === null) return null;
  switch (type) {
    case 'boolean':
      return value as boolean;
    case 'int2':
    case 'int4':
      return value as number;
    case 'float4':
      return Number.isFinite(value) ? Number(formatValue(type, value)) : formatValue(type, value);
    case 'float8':
      return Number.isFinite(value) ? (value as number) : formatValue(type, value);
    default:
      return formatValue(type, value);
  }
}

/** A column as clients see it: its name and PostgreSQL's name for its type (`integer`, `numeric`, ...). */
export interface JsonColumn {
  readonly name: string;
  readonly type: string;
}

export const jsonColumn = (column: { readonly name: string; readonly type: DataType }): JsonColumn => ({
  name: column.name,
  type: typeDisplayName(column.type),
});

/**
 * Turns rows of a relation into JSON objects keyed by column name. Built once per relation and read; rows may
 * be a relation's full rows (with hidden columns such as a table's `_row_id`, which are left out) or rows of
 * its visible columns only (`visibleOnly`).
 */
export function rowObjectEncoder(columns: readonly ColumnInfo[], visibleOnly: boolean): (row: Row) => Record<string, unknown> {
  const names: string[] = [];
  const types: DataType[] = [];
  const indexes: number[] = [];
  columns.forEach((column, columnIdx) => {
    if (column.hidden) return;
    indexes.push(visibleOnly ? names.length : columnIdx);
    names.push(column.name);
    types.push(column.type);
  });
  const width = names.length;
  return (row) => {
    // No prototype: a column named "__proto__" is a key like any other.
    const object = Object.create(null) as Record<string, unknown>;
    for (let columnIdx = 0; columnIdx < width; columnIdx++) {
      object[names[columnIdx]!] = jsonValue(types[columnIdx]!, row[indexes[columnIdx]!]!);
    }
    return object;
  };
}
