// A PostgreSQL target table: read from information_schema and pg_index, or created from the sink's columns.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { elementType, isArrayType, type ScalarType } from '../../types/data-type.js';
import type { TargetColumn, TargetKind, TargetTable } from './target-table.js';

/** What the describe and create statements need of a connection: pg's Client and PoolClient both fit. */
export interface PostgresQueryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A PostgreSQL identifier in double quotes. */
export const quotePostgres = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `"schema"."table"`, or `"table"` to let the search path find (or create) it. */
export const postgresTableName = (schema: string | undefined, table: string): string =>
  schema === undefined ? quotePostgres(table) : `${quotePostgres(schema)}.${quotePostgres(table)}`;

interface RelationRow { oid: number; schema: string; name: string; relkind: string }
interface ColumnRow {
  column_name: string;
  data_type: string;
  udt_schema: string;
  udt_name: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
  type_name: string;
}
interface KeyRow { columns: string[] }

const KINDS: ReadonlyMap<string, TargetKind> = new Map([
  ['bool', 'boolean'], ['int2', 'integer'], ['int4', 'integer'], ['int8', 'integer'], ['float4', 'float'], ['float8', 'float'],
  ['numeric', 'numeric'], ['varchar', 'text'], ['text', 'text'], ['bpchar', 'text'], ['name', 'text'], ['citext', 'text'],
  ['bytea', 'binary'], ['date', 'date'], ['time', 'time'], ['timetz', 'time'], ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamptz'], ['interval', 'interval'], ['json', 'json'], ['jsonb', 'json'], ['uuid', 'textual'],
]);
const INTEGER_BYTES: Readonly<Record<string, number>> = { int2: 2, int4: 4, int8: 8, float4: 4, float8: 8 };

/** Tables only: views and the like cannot be upserted into. */
const TABLE_KINDS = new Set(['r', 'p', 'f']);

const RELATION_SQL = `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`;

const COLUMNS_SQL = `SELECT c.column_name, c.data_type, c.udt_schema, c.udt_name, c.character_maximum_length,
    c.numeric_precision, c.numeric_scale, c.is_nullable, c.column_default, c.is_identity, c.is_generated,
    format_type(a.atttypid, a.atttypmod) AS type_name
  FROM information_schema.columns c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = $3::oid AND a.attname = c.column_name
  WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position`;

/** Unique indexes that ON CONFLICT can use: valid, immediate, without predicate or expressions; key columns only. */
const UNIQUE_KEYS_SQL = `SELECT array_agg(a.attname::text ORDER BY k.position) AS columns
  FROM pg_catalog.pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = $1::oid AND i.indisunique AND i.indimmediate AND i.indisvalid
    AND i.indpred IS NULL AND i.indexprs IS NULL AND k.position <= i.indnkeyatts
  GROUP BY i.indexrelid`;

function kindOf(udtName: string): TargetKind {
  return KINDS.get(udtName) ?? 'other';
}

function targetColumn(row: ColumnRow): TargetColumn {
  const isArray = row.data_type === 'ARRAY';
  let kind: TargetKind = isArray ? 'array' : kindOf(row.udt_name);
  if (kind === 'other' && row.data_type === 'USER-DEFINED') kind = 'textual';
  const bytes = INTEGER_BYTES[row.udt_name];
  return {
    name: row.column_name,
    kind,
    typeName: row.type_name,
    castType: `${quotePostgres(row.udt_schema)}.${quotePostgres(row.udt_name)}`,
    ...(bytes !== undefined ? { bytes } : {}),
    ...(kind === 'numeric' && row.numeric_precision !== null ? { precision: row.numeric_precision, scale: row.numeric_scale ?? 0 } : {}),
    ...(kind === 'text' && row.character_maximum_length !== null ? { length: row.character_maximum_length } : {}),
    ...(isArray ? { element: kindOf(row.udt_name.replace(/^_/, '')) } : {}),
    nullable: row.is_nullable === 'YES',
    hasDefault: row.column_default !== null || row.is_identity === 'YES',
    generated: row.is_generated === 'ALWAYS',
  };
}

/** The target `table` (in `schema`, or wherever the search path finds it), or undefined when there is none. */
export async function describePostgresTable(db: PostgresQueryable, schema: string | undefined, table: string): Promise<(TargetTable & { relkind: string }) | undefined> {
  const { rows: relations } = await db.query<RelationRow>(RELATION_SQL, [postgresTableName(schema, table)]);
  const relation = relations[0];
  if (!relation) return undefined;
  const { rows: columns } = await db.query<ColumnRow>(COLUMNS_SQL, [relation.schema, relation.name, relation.oid]);
  const { rows: keys } = await db.query<KeyRow>(UNIQUE_KEYS_SQL, [relation.oid]);
  return {
    schema: relation.schema,
    name: relation.name,
    relkind: relation.relkind,
    columns: columns.map(targetColumn),
    uniqueKeys: keys.map((key) => key.columns),
  };
}

/** Whether a relation kind can take inserts as a table. */
export const isPostgresTable = (relkind: string): boolean => TABLE_KINDS.has(relkind);

const SCALAR_DDL: Record<ScalarType, string> = {
  boolean: 'boolean', int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision',
  numeric: 'numeric', varchar: 'text', bytea: 'bytea', date: 'date', time: 'time', timestamp: 'timestamp',
  timestamptz: 'timestamptz', interval: 'interval', jsonb: 'jsonb', unknown: 'text',
};

/** The PostgreSQL type of a created column: the sink column's own type and modifier. */
export function postgresColumnType(column: ColumnInfo): string {
  const scalar = elementType(column.type);
  const modifier = column.modifier;
  let name = SCALAR_DDL[scalar];
  if (scalar === 'numeric' && modifier?.precision !== undefined) name = `numeric(${modifier.precision},${modifier.scale ?? 0})`;
  else if (scalar === 'varchar' && modifier?.length !== undefined) name = `varchar(${modifier.length})`;
  else if ((scalar === 'time' || scalar === 'timestamp' || scalar === 'timestamptz' || scalar === 'interval') && modifier?.precision !== undefined) {
    name = `${name}(${modifier.precision})`;
  }
  return isArrayType(column.type) ? `${name}[]` : name;
}

/** CREATE TABLE IF NOT EXISTS with the sink's columns and, for upsert sinks, its key as the primary key. */
export function postgresCreateTable(schema: string | undefined, table: string, columns: readonly ColumnInfo[], key: readonly number[]): string {
  const definitions = columns.map((column) => `${quotePostgres(column.name)} ${postgresColumnType(column)}${column.notNull ? ' NOT NULL' : ''}`);
  if (key.length > 0) definitions.push(`PRIMARY KEY (${key.map((index) => quotePostgres(columns[index]!.name)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${postgresTableName(schema, table)} (${definitions.join(', ')})`;
}
