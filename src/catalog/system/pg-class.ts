// pg_catalog.pg_class: every relation — tables, views, materialized views, sources, sinks and the system relations.
import { SUPERUSER } from './object-ids.js';
import { relationsOf, type RelationInfo } from './relation-info.js';
import { estimatedRowWidth, relationRowCount } from './relation-size.js';
import { defineSystemRelation, type RowCounts, type SystemContext } from './system-relation.js';

/** PostgreSQL's block size: relpages counts blocks of it. */
const BLOCK_SIZE = 8192;

/**
 * reltuples and relpages: the row count and the blocks its estimated size fills, as if just analyzed, for tables and
 * materialized views whose count is known; otherwise -1 ("never analyzed") and 0, as PostgreSQL says of a relation
 * it has not estimated.
 */
function sizeEstimate(context: SystemContext, counts: RowCounts | undefined, relation: RelationInfo): { readonly reltuples: number; readonly relpages: number } {
  const rows = relationRowCount(context, counts, relation);
  if (rows === undefined) return { reltuples: -1, relpages: 0 };
  return { reltuples: rows, relpages: Math.ceil((rows * estimatedRowWidth(relation.columns)) / BLOCK_SIZE) };
}

export const pgClass = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_class',
  oid: 1259,
  columns: {
    oid: 'oid', relname: 'name', relnamespace: 'oid', reltype: 'oid', reloftype: 'oid', relowner: 'oid', relam: 'oid',
    relfilenode: 'oid', reltablespace: 'oid', relpages: 'int4', reltuples: 'float4', relallvisible: 'int4',
    reltoastrelid: 'oid', relhasindex: 'bool', relisshared: 'bool', relpersistence: 'char', relkind: 'char',
    relnatts: 'int2', relchecks: 'int2', relhasrules: 'bool', relhastriggers: 'bool', relhassubclass: 'bool',
    relrowsecurity: 'bool', relforcerowsecurity: 'bool', relispopulated: 'bool', relreplident: 'char',
    relispartition: 'bool', relrewrite: 'oid', relfrozenxid: 'xid', relminmxid: 'xid', relacl: 'aclitem[]',
    reloptions: 'text[]', relpartbound: 'pg_node_tree',
  },
  rows: (context) => {
    const counts = context.readRowCounts?.();
    return relationsOf(context).map((relation) => ({
      ...sizeEstimate(context, counts, relation),
      oid: relation.oid,
      relname: relation.name,
      relnamespace: relation.namespaceOid,
      // Relations have no composite row types, no access methods and no storage files of PostgreSQL's kind: psql
      // shows no access method for them (it would say "heap" for PostgreSQL's tables).
      reltype: 0,
      reloftype: 0,
      relowner: SUPERUSER.oid,
      relam: 0,
      relfilenode: 0,
      reltablespace: 0,
      relallvisible: 0,
      reltoastrelid: 0,
      // Tally has no indexes: a table's primary key is the key of its rows, listed in pg_constraint.
      relhasindex: false,
      relisshared: false,
      relpersistence: 'p',
      relkind: relation.relkind,
      relnatts: relation.columns.filter((c) => !c.hidden).length,
      relchecks: 0,
      relhasrules: false,
      relhastriggers: false,
      relhassubclass: false,
      relrowsecurity: false,
      relforcerowsecurity: false,
      relispopulated: true,
      relreplident: relation.relkind === 'r' || relation.relkind === 'm' ? 'd' : 'n',
      relispartition: false,
      relrewrite: 0,
      relfrozenxid: 0,
      relminmxid: 0,
      relacl: null,
      reloptions: null,
      relpartbound: null,
    }));
  },
});
