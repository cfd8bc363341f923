// pg_catalog.pg_namespace: Tally's schemas — its one user schema and the two system ones.
import { NAMESPACE_OIDS, SUPERUSER } from './object-ids.js';
import { defineSystemRelation } from './system-relation.js';

export const pgNamespace = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_namespace',
  oid: 2615,
  columns: { oid: 'oid', nspname: 'name', nspowner: 'oid', nspacl: 'aclitem[]' },
  rows: () =>
    Object.entries(NAMESPACE_OIDS).map(([nspname, oid]) => ({ oid, nspname, nspowner: SUPERUSER.oid, nspacl: null })),
});
