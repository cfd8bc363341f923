// PostgreSQL's catalog column types and the Tally types that hold them.
import type { DataType } from '../../types/data-type.js';
import type { ColumnInfo } from '../catalog.js';

/**
 * Tally has no object-identifier or internal types: as RisingWave does, OIDs and reg* values are integers (so
 * `WHERE attrelid = '16385'` and joins on OIDs work; `c.oid::regclass` prints a number, not a name), `name`,
 * `"char"` and `text` are varchar, and `int2vector`/`oidvector` are ordinary (1-based) arrays. `regproc` holds the
 * function's name as text, which is what PostgreSQL prints for it. pg_node_tree columns hold SQL text.
 */
const TALLY_TYPES: Readonly<Record<string, DataType>> = {
  oid: 'int4',
  regclass: 'int4',
  regtype: 'int4',
  regnamespace: 'int4',
  regrole: 'int4',
  xid: 'int4',
  regproc: 'varchar',
  name: 'varchar',
  char: 'varchar',
  text: 'varchar',
  pg_node_tree: 'varchar',
  anyarray: 'varchar',
  inet: 'varchar',
  bool: 'boolean',
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  float4: 'float4',
  timestamptz: 'timestamptz',
  int2vector: 'int2[]',
  'int2[]': 'int2[]',
  oidvector: 'int4[]',
  'oid[]': 'int4[]',
  'text[]': 'varchar[]',
  'char[]': 'varchar[]',
  'aclitem[]': 'varchar[]',
  'name[]': 'varchar[]',
  // information_schema's domains over text and integer.
  sql_identifier: 'varchar',
  character_data: 'varchar',
  yes_or_no: 'varchar',
  cardinal_number: 'int4',
};

/**
 * The columns of a system relation from `name: 'postgresql type'` pairs, in order. PostgreSQL's catalogs are
 * declared NOT NULL where their columns are; nullability is not reported for system relations.
 */
export function systemColumns(spec: Readonly<Record<string, string>>): ColumnInfo[] {
  return Object.entries(spec).map(([name, pgType]) => {
    const type = TALLY_TYPES[pgType];
    if (type === undefined) throw new Error(`system column "${name}" has no Tally type for "${pgType}" (this is a bug)`);
    return { name, type };
  });
}
