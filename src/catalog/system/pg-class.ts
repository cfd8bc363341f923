// pg_catalog.pg_class: every relation — tables, views, materialized views, sources, sinks and the system relations.
import { SUPERUSER } from './object-ids.js';
import { relationsOf } from './relation-info.js';
import { defineSystemRelation } from './system-relation.js';

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
  rows: (context) =>
    relationsOf(context).map((relation) => ({
      oid: relation.oid,
      relname: relation.name,
      relnamespace: relation.namespaceOid,
      // Relations have no composite row types, no access methods and no storage files of PostgreSQL's kind.
      reltype: 0,
      reloftype: 0,
      relowner: SUPERUSER.oid,
      relam: 0,
      relfilenode: 0,
      reltablespace: 0,
      relpages: 0,
      // -1: never analyzed, as PostgreSQL says of a relation whose size it has not estimated.
      reltuples: -1,
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
    })),
});
