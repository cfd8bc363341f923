// pg_catalog.pg_database: the engine's one database, under the name the client connected with.
import { DATABASE_OID, SUPERUSER, UTF8_ENCODING } from './object-ids.js';
import { DEFAULT_TABLESPACE_OID } from './pg-tablespace.js';
import { defineSystemRelation } from './system-relation.js';

export const pgDatabase = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_database',
  oid: 1262,
  columns: {
    oid: 'oid', datname: 'name', datdba: 'oid', encoding: 'int4', datlocprovider: 'char', datistemplate: 'bool',
    datallowconn: 'bool', datconnlimit: 'int4', datfrozenxid: 'xid', datminmxid: 'xid', dattablespace: 'oid',
    datcollate: 'text', datctype: 'text', daticulocale: 'text', datcollversion: 'text', datacl: 'aclitem[]',
  },
  rows: (context) => [
    {
      oid: DATABASE_OID,
      datname: context.session.database,
      datdba: SUPERUSER.oid,
      encoding: UTF8_ENCODING,
      // Text compares by code point: the C locale.
      datlocprovider: 'c',
      datistemplate: false,
      datallowconn: true,
      datconnlimit: -1,
      datfrozenxid: 0,
      datminmxid: 0,
      dattablespace: DEFAULT_TABLESPACE_OID,
      datcollate: 'C',
      datctype: 'C',
      daticulocale: null,
      datcollversion: null,
      datacl: null,
    },
  ],
});
