// pg_catalog.pg_constraint: the primary keys of tables, Tally's only constraints besides NOT NULL.
import { quoteIdentifier } from '../../sql/print-expr.js';
import type { Value } from '../../types/value.js';
import type { TableEntry } from '../catalog.js';
import { NAMESPACE_OIDS } from './object-ids.js';
import { numberedColumns } from './pg-attribute.js';
import { visibleTo } from './relation-info.js';
import { defineSystemRelation, type SystemContext } from './system-relation.js';

/** A table's primary key, as pg_constraint describes it. */
export interface PrimaryKeyConstraint {
  /** The constraint shares its table's OID: a table has at most one, and OIDs are unique within pg_constraint. */
  readonly oid: number;
  readonly name: string;
  readonly table: TableEntry;
  /** attnums of the key columns, in key order. */
  readonly columns: readonly number[];
}

/** The primary keys of the tables that declare one, with PostgreSQL's default names (`orders_pkey`). */
export function primaryKeys(context: SystemContext): PrimaryKeyConstraint[] {
  const out: PrimaryKeyConstraint[] = [];
  for (const entry of context.catalog.list('table')) {
    const table = entry as TableEntry;
    const oid = context.catalog.oid(table.name);
    if (!table.hasUserPrimaryKey || oid === undefined || !visibleTo(context, table)) continue;
    const numbered = numberedColumns(table.columns);
    out.push({ oid, name: `${table.name}_pkey`, table, columns: table.primaryKey.map((index) => numbered[index]!.attnum) });
  }
  return out;
}

/** pg_get_constraintdef's text of a primary key: `PRIMARY KEY (a, b)`. */
export function constraintDefinition(key: PrimaryKeyConstraint): string {
  const names = key.table.primaryKey.map((index) => quoteIdentifier(key.table.columns[index]!.name));
  return `PRIMARY KEY (${names.join(', ')})`;
}

export const pgConstraint = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_constraint',
  oid: 2606,
  columns: {
    oid: 'oid', conname: 'name', connamespace: 'oid', contype: 'char', condeferrable: 'bool', condeferred: 'bool',
    convalidated: 'bool', conrelid: 'oid', contypid: 'oid', conindid: 'oid', conparentid: 'oid', confrelid: 'oid',
    confupdtype: 'char', confdeltype: 'char', confmatchtype: 'char', conislocal: 'bool', coninhcount: 'int4',
    connoinherit: 'bool', conkey: 'int2[]', confkey: 'int2[]', conpfeqop: 'oid[]', conppeqop: 'oid[]', conffeqop: 'oid[]',
    confdelsetcols: 'int2[]', conexclop: 'oid[]', conbin: 'pg_node_tree',
  },
  rows: (context) =>
    primaryKeys(context).map((key): Record<string, Value> => ({
      oid: key.oid,
      conname: key.name,
      connamespace: NAMESPACE_OIDS.public,
      contype: 'p',
      condeferrable: false,
      condeferred: false,
      convalidated: true,
      conrelid: key.oid,
      contypid: 0,
      // No index backs the key: a table's rows are kept by it.
      conindid: 0,
      conparentid: 0,
      confrelid: 0,
      confupdtype: ' ',
      confdeltype: ' ',
      confmatchtype: ' ',
      conislocal: true,
      coninhcount: 0,
      connoinherit: true,
      conkey: key.columns,
      confkey: null,
      conpfeqop: null,
      conppeqop: null,
      conffeqop: null,
      confdelsetcols: null,
      conexclop: null,
      conbin: null,
    })),
});
