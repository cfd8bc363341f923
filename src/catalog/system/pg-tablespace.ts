// pg_catalog.pg_tablespace: PostgreSQL's two built-in tablespaces, where psql's \l+ and \db look for them.
import { SUPERUSER } from './object-ids.js';
import { defineSystemRelation } from './system-relation.js';

/** pg_default, the tablespace of the one database; pg_global holds shared catalogs. */
export const DEFAULT_TABLESPACE_OID = 1663;
const GLOBAL_TABLESPACE_OID = 1664;

export const pgTablespace = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_tablespace',
  oid: 1213,
  columns: { oid: 'oid', spcname: 'name', spcowner: 'oid', spcacl: 'aclitem[]', spcoptions: 'text[]' },
  rows: () => [
    { oid: DEFAULT_TABLESPACE_OID, spcname: 'pg_default', spcowner: SUPERUSER.oid, spcacl: null, spcoptions: null },
    { oid: GLOBAL_TABLESPACE_OID, spcname: 'pg_global', spcowner: SUPERUSER.oid, spcacl: null, spcoptions: null },
  ],
});

export const isTablespace = (oid: number): boolean => oid === DEFAULT_TABLESPACE_OID || oid === GLOBAL_TABLESPACE_OID;
