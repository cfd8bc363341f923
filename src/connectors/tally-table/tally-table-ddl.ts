// The Tally table a JDBC sink's stand-in writes into: its CREATE TABLE statement, and the check of an existing one.
import type { ColumnInfo, RelationEntry } from '../../catalog/catalog.js';
import { elementType, isArrayType, type DataType, type ScalarType, type TypeModifier } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';

const SCALAR_SQL: Record<ScalarType, string> = {
  boolean: 'BOOLEAN',
  int2: 'SMALLINT',
  int4: 'INTEGER',
  int8: 'BIGINT',
  float4: 'REAL',
  float8: 'DOUBLE PRECISION',
  numeric: 'NUMERIC',
  varchar: 'VARCHAR',
  bytea: 'BYTEA',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  interval: 'INTERVAL',
  jsonb: 'JSONB',
  // A column of untyped NULLs holds text, as PostgreSQL resolves it.
  unknown: 'VARCHAR',
};

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A column type as SQL: `NUMERIC(12,2)`, `VARCHAR(32)`, `BIGINT[]`. */
function typeSql(type: DataType, modifier: TypeModifier | undefined): string {
  const base = SCALAR_SQL[elementType(type)];
  let sql = base;
  if (modifier?.precision !== undefined) sql += modifier.scale === undefined ? `(${modifier.precision})` : `(${modifier.precision},${modifier.scale})`;
  else if (modifier?.length !== undefined) sql += `(${modifier.length})`;
  return isArrayType(type) ? `${sql}[]` : sql;
}

/** `CREATE TABLE IF NOT EXISTS "table" (...)` with the sink's columns, and its key as PRIMARY KEY (none: append-only). */
export function createTableSql(table: string, columns: readonly ColumnInfo[], key: readonly number[]): string {
  const definitions = columns.map((column) => `${quoteIdentifier(column.name)} ${typeSql(column.type, column.modifier)}`);
  if (key.length > 0) definitions.push(`PRIMARY KEY (${key.map((index) => quoteIdentifier(columns[index]!.name)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table)} (${definitions.join(', ')})`;
}

/**
 * Checks that an existing relation can take the sink's rows as they are: a table whose visible columns have the
 * sink's names and types in order and, for an upsert sink, whose primary key is the sink's key. Throws SqlError.
 */
export function checkTargetTable(entry: RelationEntry, sink: string, columns: readonly ColumnInfo[], key: readonly number[]): void {
  const table = entry.name;
  if (entry.kind !== 'table') {
    throw new SqlError('wrong_object_type', `sink "${sink}" cannot write into "${table}": it is a ${entry.kind === 'materializedView' ? 'materialized view' : entry.kind}, not a table`);
  }
  const visible = entry.columns.filter((column) => !column.hidden);
  const describe = (list: readonly ColumnInfo[]): string => list.map((c) => `${c.name} ${typeSql(c.type, undefined)}`).join(', ');
  const same = visible.length === columns.length && visible.every((column, index) => column.name === columns[index]!.name && column.type === columns[index]!.type);
  if (!same) {
    throw new SqlError('datatype_mismatch', `table "${table}" does not have the columns of sink "${sink}"`, {
      detail: `The table has (${describe(visible)}); the sink writes (${describe(columns)}).`,
      hint: `Drop table "${table}" so that the sink creates it again, or name another table.`,
    });
  }
  if (key.length === 0) return;
  const tableKey = entry.hasUserPrimaryKey ? entry.primaryKey.map((index) => entry.columns[index]!.name).sort() : [];
  const sinkKey = key.map((index) => columns[index]!.name).sort();
  if (tableKey.join('\u0000') !== sinkKey.join('\u0000')) {
    throw new SqlError('wrong_object_type', `table "${table}" does not have the primary key (${sinkKey.join(', ')}) of sink "${sink}"`, {
      hint: `Drop table "${table}" so that the sink creates it again, or name another table.`,
    });
  }
}
