// pg_catalog.pg_attribute: the columns of every relation, numbered from 1; hidden columns (`_row_id`) as system columns.
import { isArrayType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { ColumnInfo } from '../catalog.js';
import { builtinType, typeModifier, typeOid, UNKNOWN_TYPE_OID } from './builtin-types.js';
import { relationsOf, type RelationInfo } from './relation-info.js';
import { defineSystemRelation } from './system-relation.js';

export const pgAttribute = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_attribute',
  oid: 1249,
  columns: {
    attrelid: 'oid', attname: 'name', atttypid: 'oid', attstattarget: 'int4', attlen: 'int2', attnum: 'int2',
    attndims: 'int4', attcacheoff: 'int4', atttypmod: 'int4', attbyval: 'bool', attalign: 'char', attstorage: 'char',
    attcompression: 'char', attnotnull: 'bool', atthasdef: 'bool', atthasmissing: 'bool', attidentity: 'char',
    attgenerated: 'char', attisdropped: 'bool', attislocal: 'bool', attinhcount: 'int4', attcollation: 'oid',
    attacl: 'aclitem[]', attoptions: 'text[]', attfdwoptions: 'text[]', attmissingval: 'anyarray',
  },
  rows: (context) => relationsOf(context).flatMap(attributeRows),
});

/** A relation's columns with their attnum: visible ones 1, 2, ...; hidden ones -1, -2, ... as PostgreSQL's system columns. */
export function numberedColumns(columns: readonly ColumnInfo[]): { readonly column: ColumnInfo; readonly attnum: number }[] {
  let visible = 0;
  let hidden = 0;
  return columns.map((column) => ({ column, attnum: column.hidden ? -++hidden : ++visible }));
}

/** Whether a relation's column is NOT NULL: declared so, or part of a table's primary key. */
export function columnNotNull(relation: RelationInfo, index: number): boolean {
  const entry = relation.entry;
  if (relation.columns[index]?.notNull) return true;
  return entry?.kind === 'table' && entry.hasUserPrimaryKey && entry.primaryKey.includes(index);
}

function attributeRows(relation: RelationInfo): Record<string, Value>[] {
  return numberedColumns(relation.columns).map(({ column, attnum }, index) => {
    const oid = typeOid(column.type);
    const storage = storageOf(oid);
    return {
      attrelid: relation.oid,
      attname: column.name,
      atttypid: oid,
      attstattarget: -1,
      attlen: storage.length,
      attnum,
      attndims: isArrayType(column.type) ? 1 : 0,
      attcacheoff: -1,
      atttypmod: typeModifier(column.type, column.modifier),
      attbyval: storage.byValue,
      attalign: storage.align,
      attstorage: storage.storage,
      attcompression: '',
      attnotnull: columnNotNull(relation, index),
      atthasdef: false,
      atthasmissing: false,
      attidentity: '',
      attgenerated: '',
      attisdropped: false,
      attislocal: true,
      attinhcount: 0,
      attcollation: storage.collation,
      attacl: null,
      attoptions: null,
      attfdwoptions: null,
      attmissingval: null,
    };
  });
}

/** typlen, typbyval, typalign, typstorage and typcollation of a type, which pg_attribute repeats. */
function storageOf(oid: number): { length: number; byValue: boolean; align: string; storage: string; collation: number } {
  if (oid === UNKNOWN_TYPE_OID) return { length: -2, byValue: false, align: 'c', storage: 'p', collation: 0 };
  const found = builtinType(oid);
  if (!found) return { length: -1, byValue: false, align: 'i', storage: 'x', collation: 0 };
  const { type, array } = found;
  if (array) return { length: -1, byValue: false, align: type.align === 'd' ? 'd' : 'i', storage: 'x', collation: type.collation };
  return { length: type.length, byValue: type.byValue, align: type.align, storage: type.storage, collation: type.collation };
}

