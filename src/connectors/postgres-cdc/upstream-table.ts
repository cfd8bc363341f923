// The upstream table of a postgres-cdc source: read from the catalog at open and checked against the Tally table.
import type { SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { quoteIdentifier } from './quote-identifier.js';

/** What `describe` and the snapshot need of a connection: pg's Client fits. */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface UpstreamTable {
  /** The table's oid, as text (connections read every value as text). */
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  /** `"schema"."table"`, for SQL. */
  readonly qualifiedName: string;
  /** `"schema.table"`, for messages. */
  readonly displayName: string;
  /**
   * The columns that address a row in old-key tuples of updates and deletes (the primary key, or the index
   * of REPLICA IDENTITY USING INDEX); undefined with REPLICA IDENTITY FULL, which sends whole old rows.
   */
  readonly identityKey: readonly string[] | undefined;
  /** The primary key's columns, in key order; empty when there is none. */
  readonly primaryKey: readonly string[];
}

interface RelationRow { oid: string; relkind: string; relreplident: string }
interface ColumnRow { name: string; generated: string }

const RELATION_SQL = `SELECT c.oid::text AS oid, c.relkind::text AS relkind, c.relreplident::text AS relreplident
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2`;

const COLUMNS_SQL = `SELECT a.attname::text AS name, a.attgenerated::text AS generated FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`;

/** The key columns of the primary key (`indisprimary`) or of the replica identity index (`indisreplident`), in order. */
const keySql = (flag: 'indisprimary' | 'indisreplident'): string => `SELECT a.attname::text AS name
  FROM pg_catalog.pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = $1 AND i.${flag} ORDER BY k.position`;

async function keyColumns(client: Queryable, oid: string, flag: 'indisprimary' | 'indisreplident'): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(keySql(flag), [oid]);
  return rows.map((row) => row.name);
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((name) => b.includes(name));

function noIdentity(displayName: string, qualifiedName: string): SqlError {
  return new SqlError('invalid_parameter_value', `upstream table ${displayName} has no replica identity`, {
    detail: 'Without a primary key or another replica identity, PostgreSQL cannot send which row an update or delete changed, and refuses updates and deletes of a published table.',
    hint: `Add a primary key to the upstream table, or run ALTER TABLE ${qualifiedName} REPLICA IDENTITY FULL.`,
  });
}

/**
 * Checks that the Tally table can follow the upstream one: every column exists upstream and is replicated (not
 * generated), the rows that updates and deletes name can be found by the Tally table's key (the key columns are
 * the upstream table's identity key, or the identity is FULL), and the key is the same as upstream.
 */
function checkAgainstSpec(spec: SourceSpec, table: UpstreamTable, columns: readonly ColumnRow[]): void {
  for (const column of spec.columns) {
    const upstream = columns.find((c) => c.name === column.name);
    if (!upstream) {
      throw new SqlError('undefined_column', `column "${column.name}" does not exist in upstream table ${table.displayName}`, {
        hint: 'The columns of a postgres-cdc table are taken from the upstream table by name.',
      });
    }
    if (upstream.generated !== '') {
      throw new SqlError('feature_not_supported', `column "${column.name}" of upstream table ${table.displayName} is generated and is not replicated`);
    }
  }
  const tallyNames = spec.columns.map((c) => c.name);
  for (const name of table.identityKey ?? []) {
    if (!tallyNames.includes(name)) {
      throw new SqlError('invalid_parameter_value', `the table lacks column "${name}" of the replica identity of upstream table ${table.displayName}`, {
        hint: 'Declare the upstream key columns in the table: updates and deletes name rows by them.',
      });
    }
  }
  if (spec.primaryKey === undefined) return;
  const tallyKey = spec.primaryKey.map((index) => spec.columns[index]!.name);
  const upstreamKey = table.identityKey ?? (table.primaryKey.length > 0 ? table.primaryKey : undefined);
  if (upstreamKey !== undefined && !sameSet(tallyKey, upstreamKey)) {
    throw new SqlError('invalid_parameter_value', `the primary key (${tallyKey.join(', ')}) differs from the key (${upstreamKey.join(', ')}) of upstream table ${table.displayName}`, {
      hint: `Declare PRIMARY KEY (${upstreamKey.join(', ')}): updates and deletes name rows by the upstream key.`,
    });
  }
}

/**
 * Reads the upstream table from the catalog and checks it against `spec`. Throws SqlError when the table does
 * not exist, is not a plain table, has no replica identity, or does not match the Tally table's columns or key.
 */
export async function describeUpstreamTable(client: Queryable, schema: string, name: string, spec: SourceSpec): Promise<UpstreamTable> {
  const qualifiedName = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
  const displayName = `"${schema}.${name}"`;
  const relation = (await client.query<RelationRow>(RELATION_SQL, [schema, name])).rows[0];
  if (!relation) throw new SqlError('undefined_table', `upstream table ${displayName} does not exist`);
  if (relation.relkind !== 'r') {
    throw new SqlError('wrong_object_type', `upstream relation ${displayName} is not a table`, {
      detail: relation.relkind === 'p' ? 'Partitioned tables are not supported yet; a postgres-cdc table can follow one partition.' : undefined,
    });
  }
  const columns = (await client.query<ColumnRow>(COLUMNS_SQL, [relation.oid])).rows;
  const primaryKey = await keyColumns(client, relation.oid, 'indisprimary');
  let identityKey: string[] | undefined;
  switch (relation.relreplident) {
    case 'f': identityKey = undefined; break;
    case 'i': identityKey = await keyColumns(client, relation.oid, 'indisreplident'); break;
    case 'd': identityKey = primaryKey; break;
    default: identityKey = [];
  }
  if (identityKey !== undefined && identityKey.length === 0) throw noIdentity(displayName, qualifiedName);
  const table: UpstreamTable = { oid: relation.oid, schema, name, qualifiedName, displayName, identityKey, primaryKey };
  checkAgainstSpec(spec, table, columns);
  return table;
}
