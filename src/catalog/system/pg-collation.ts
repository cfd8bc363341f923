// pg_catalog.pg_collation: the collations Tally's code-point ordering of text answers to.
import { COLLATIONS, NAMESPACE_OIDS, SUPERUSER } from './object-ids.js';
import { defineSystemRelation } from './system-relation.js';

export const pgCollation = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_collation',
  oid: 3456,
  columns: {
    oid: 'oid', collname: 'name', collnamespace: 'oid', collowner: 'oid', collprovider: 'char', collisdeterministic: 'bool',
    collencoding: 'int4', collcollate: 'text', collctype: 'text', colliculocale: 'text', collversion: 'text',
  },
  rows: () =>
    COLLATIONS.map((collation) => ({
      oid: collation.oid,
      collname: collation.name,
      collnamespace: NAMESPACE_OIDS.pg_catalog,
      collowner: SUPERUSER.oid,
      collprovider: collation.provider,
      collisdeterministic: true,
      // -1: usable with any encoding (PostgreSQL's default, C and POSIX are).
      collencoding: -1,
      collcollate: collation.provider === 'd' ? null : collation.name,
      collctype: collation.provider === 'd' ? null : collation.name,
      colliculocale: null,
      collversion: null,
    })),
});

