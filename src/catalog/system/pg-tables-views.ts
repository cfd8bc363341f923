// pg_catalog.pg_tables, pg_views and pg_matviews: PostgreSQL's convenience views listing relations by kind.
import { SUPERUSER } from './object-ids.js';
import { relationsOf } from './relation-info.js';
import { defineSystemRelation } from './system-relation.js';
import { viewDefinition } from './view-definition.js';

export const pgTables = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_tables',
  oid: 12033,
  relkind: 'v',
  columns: {
    schemaname: 'name', tablename: 'name', tableowner: 'name', tablespace: 'name', hasindexes: 'bool', hasrules: 'bool',
    hastriggers: 'bool', rowsecurity: 'bool',
  },
  rows: (context) =>
    relationsOf(context)
      .filter((relation) => relation.relkind === 'r')
      .map((relation) => ({
        schemaname: relation.schema,
        tablename: relation.name,
        tableowner: SUPERUSER.name,
        tablespace: null,
        hasindexes: false,
        hasrules: false,
        hastriggers: false,
        rowsecurity: false,
      })),
});

export const pgViews = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_views',
  oid: 12028,
  relkind: 'v',
  columns: { schemaname: 'name', viewname: 'name', viewowner: 'name', definition: 'text' },
  rows: (context) =>
    relationsOf(context)
      .filter((relation) => relation.relkind === 'v')
      .map((relation) => ({
        schemaname: relation.schema,
        viewname: relation.name,
        viewowner: SUPERUSER.name,
        // System views are computed by Tally's code, not by a query it could show.
        definition: (relation.entry && viewDefinition(relation.entry)) ?? null,
      })),
});

export const pgMatviews = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_matviews',
  oid: 12038,
  relkind: 'v',
  columns: {
    schemaname: 'name', matviewname: 'name', matviewowner: 'name', tablespace: 'name', hasindexes: 'bool',
    ispopulated: 'bool', definition: 'text',
  },
  rows: (context) =>
    relationsOf(context)
      .filter((relation) => relation.relkind === 'm')
      .map((relation) => ({
        schemaname: relation.schema,
        matviewname: relation.name,
        matviewowner: SUPERUSER.name,
        tablespace: null,
        hasindexes: false,
        ispopulated: true,
        definition: (relation.entry && viewDefinition(relation.entry)) ?? null,
      })),
});
