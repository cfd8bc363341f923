// Catalogs of PostgreSQL features Tally does not have: always empty, so that clients reading them learn there are none.
import { defineSystemRelation, type SystemRelation } from './system-relation.js';

const none = (name: string, oid: number, columns: Readonly<Record<string, string>>, relkind: 'r' | 'v' = 'r'): SystemRelation =>
  defineSystemRelation({ schema: 'pg_catalog', name, oid, relkind, columns, rows: () => [] });

/**
 * Tally has no indexes (a table's rows are kept by its primary key), no access methods, column defaults, comments,
 * row security policies, extended statistics, publications, inheritance or partitions, rewrite rules, role
 * memberships, triggers, enums, ranges, sequences, extensions, foreign tables, event triggers or tablespaces.
 */
export const ABSENT_FEATURE_CATALOGS: readonly SystemRelation[] = [
  none('pg_am', 2601, { oid: 'oid', amname: 'name', amhandler: 'regproc', amtype: 'char' }),
  none('pg_attrdef', 2604, { oid: 'oid', adrelid: 'oid', adnum: 'int2', adbin: 'pg_node_tree' }),
  none('pg_description', 2609, { objoid: 'oid', classoid: 'oid', objsubid: 'int4', description: 'text' }),
  none('pg_shdescription', 2396, { objoid: 'oid', classoid: 'oid', description: 'text' }),
  none('pg_index', 2610, {
    indexrelid: 'oid', indrelid: 'oid', indnatts: 'int2', indnkeyatts: 'int2', indisunique: 'bool', indnullsnotdistinct: 'bool',
    indisprimary: 'bool', indisexclusion: 'bool', indimmediate: 'bool', indisclustered: 'bool', indisvalid: 'bool',
    indcheckxmin: 'bool', indisready: 'bool', indislive: 'bool', indisreplident: 'bool', indkey: 'int2vector',
    indcollation: 'oidvector', indclass: 'oidvector', indoption: 'int2vector', indexprs: 'pg_node_tree', indpred: 'pg_node_tree',
  }),
  none('pg_indexes', 12043, { schemaname: 'name', tablename: 'name', indexname: 'name', tablespace: 'name', indexdef: 'text' }, 'v'),
  none('pg_policy', 3256, {
    oid: 'oid', polname: 'name', polrelid: 'oid', polcmd: 'char', polpermissive: 'bool', polroles: 'oid[]', polqual: 'pg_node_tree',
    polwithcheck: 'pg_node_tree',
  }),
  none('pg_statistic_ext', 3381, {
    oid: 'oid', stxrelid: 'oid', stxname: 'name', stxnamespace: 'oid', stxowner: 'oid', stxstattarget: 'int4', stxkeys: 'int2vector',
    stxkind: 'char[]', stxexprs: 'pg_node_tree',
  }),
  none('pg_publication', 6104, {
    oid: 'oid', pubname: 'name', pubowner: 'oid', puballtables: 'bool', pubinsert: 'bool', pubupdate: 'bool', pubdelete: 'bool',
    pubtruncate: 'bool', pubviaroot: 'bool',
  }),
  none('pg_publication_namespace', 6237, { oid: 'oid', pnpubid: 'oid', pnnspid: 'oid' }),
  none('pg_publication_rel', 6106, { oid: 'oid', prpubid: 'oid', prrelid: 'oid', prqual: 'pg_node_tree', prattrs: 'int2vector' }),
  none('pg_inherits', 2611, { inhrelid: 'oid', inhparent: 'oid', inhseqno: 'int4', inhdetachpending: 'bool' }),
  none('pg_partitioned_table', 3350, {
    partrelid: 'oid', partstrat: 'char', partnatts: 'int2', partdefid: 'oid', partattrs: 'int2vector', partclass: 'oidvector',
    partcollation: 'oidvector', partexprs: 'pg_node_tree',
  }),
  none('pg_rewrite', 2618, {
    oid: 'oid', rulename: 'name', ev_class: 'oid', ev_type: 'char', ev_enabled: 'char', is_instead: 'bool', ev_qual: 'pg_node_tree',
    ev_action: 'pg_node_tree',
  }),
  none('pg_auth_members', 1261, { roleid: 'oid', member: 'oid', grantor: 'oid', admin_option: 'bool' }),
  none('pg_trigger', 2620, {
    oid: 'oid', tgrelid: 'oid', tgparentid: 'oid', tgname: 'name', tgfoid: 'oid', tgtype: 'int2', tgenabled: 'char',
    tgisinternal: 'bool', tgconstrrelid: 'oid', tgconstrindid: 'oid', tgconstraint: 'oid', tgdeferrable: 'bool',
    tginitdeferred: 'bool', tgnargs: 'int2', tgattr: 'int2vector', tgargs: 'text', tgqual: 'pg_node_tree', tgoldtable: 'name',
    tgnewtable: 'name',
  }),
  none('pg_event_trigger', 3466, {
    oid: 'oid', evtname: 'name', evtevent: 'name', evtowner: 'oid', evtfoid: 'oid', evtenabled: 'char', evttags: 'text[]',
  }),
  none('pg_enum', 3501, { oid: 'oid', enumtypid: 'oid', enumsortorder: 'float4', enumlabel: 'name' }),
  none('pg_range', 3541, {
    rngtypid: 'oid', rngsubtype: 'oid', rngmultitypid: 'oid', rngcollation: 'oid', rngsubopc: 'oid', rngcanonical: 'regproc',
    rngsubdiff: 'regproc',
  }),
  none('pg_sequence', 2224, {
    seqrelid: 'oid', seqtypid: 'oid', seqstart: 'int8', seqincrement: 'int8', seqmax: 'int8', seqmin: 'int8', seqcache: 'int8',
    seqcycle: 'bool',
  }),
  none('pg_extension', 3079, {
    oid: 'oid', extname: 'name', extowner: 'oid', extnamespace: 'oid', extrelocatable: 'bool', extversion: 'text',
    extconfig: 'oid[]', extcondition: 'text[]',
  }),
  none('pg_foreign_table', 3118, { ftrelid: 'oid', ftserver: 'oid', ftoptions: 'text[]' }),
];
