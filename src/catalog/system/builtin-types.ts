// pg_type's rows: the types Tally has or accepts as names, with PostgreSQL's OIDs, and format_type over them.
import { elementType, isArrayType, type DataType, type ScalarType, type TypeModifier } from '../../types/data-type.js';
import { pseudoTypeText } from './pseudo-types.js';

/** One base type with its array type: what pg_type says of both. */
export interface BuiltinType {
  readonly oid: number;
  readonly name: string;
  readonly arrayOid: number;
  readonly length: number;
  readonly byValue: boolean;
  readonly category: string;
  readonly preferred: boolean;
  readonly align: 'c' | 's' | 'i' | 'd';
  readonly storage: 'p' | 'x' | 'm';
  readonly collation: number;
  /** Base name of its I/O functions (`int4` gives int4in, int4out, int4recv, int4send). */
  readonly io: string;
  /** typmodin/typmodout's base name, for types with modifiers. */
  readonly modifierIo?: string;
  /** `name` is an array of "char" (typelem 18) that can be subscripted, as in PostgreSQL. */
  readonly element?: number;
  /** format_type's words for the type when they differ from its name. */
  readonly sqlName?: string;
  /** typsubscript of a subscriptable type that is not an array (jsonb). */
  readonly subscript?: string;
}

const t = (oid: number, name: string, arrayOid: number, length: number, category: string, align: BuiltinType['align'], rest: Partial<BuiltinType> = {}): BuiltinType => ({
  oid,
  name,
  arrayOid,
  length,
  byValue: length > 0 && length <= 8,
  category,
  preferred: false,
  align,
  storage: length === -1 ? 'x' : 'p',
  collation: 0,
  io: name,
  ...rest,
});

const TEXT_COLLATION = 100;

/** Base types by OID, with PostgreSQL 15's attributes. */
export const BUILTIN_TYPES: readonly BuiltinType[] = [
  t(16, 'bool', 1000, 1, 'B', 'c', { preferred: true, io: 'bool', sqlName: 'boolean' }),
  t(17, 'bytea', 1001, -1, 'U', 'i'),
  t(18, 'char', 1002, 1, 'Z', 'c', { io: 'char', sqlName: '"char"' }),
  t(19, 'name', 1003, 64, 'S', 'c', { byValue: false, collation: 950, element: 18 }),
  t(20, 'int8', 1016, 8, 'N', 'd', { sqlName: 'bigint' }),
  t(21, 'int2', 1005, 2, 'N', 's', { sqlName: 'smallint' }),
  t(22, 'int2vector', 1006, -1, 'A', 'i', { storage: 'p', element: 21 }),
  t(23, 'int4', 1007, 4, 'N', 'i', { sqlName: 'integer' }),
  t(24, 'regproc', 1008, 4, 'N', 'i'),
  t(25, 'text', 1009, -1, 'S', 'i', { preferred: true, collation: TEXT_COLLATION }),
  t(26, 'oid', 1028, 4, 'N', 'i', { preferred: true }),
  t(30, 'oidvector', 1013, -1, 'A', 'i', { storage: 'p', element: 26 }),
  t(114, 'json', 199, -1, 'U', 'i', { io: 'json_' }),
  t(700, 'float4', 1021, 4, 'N', 'i', { sqlName: 'real' }),
  t(701, 'float8', 1022, 8, 'N', 'd', { preferred: true, sqlName: 'double precision' }),
  t(1042, 'bpchar', 1014, -1, 'S', 'i', { collation: TEXT_COLLATION, modifierIo: 'bpchar' }),
  t(1043, 'varchar', 1015, -1, 'S', 'i', { collation: TEXT_COLLATION, modifierIo: 'varchar', sqlName: 'character varying' }),
  t(1082, 'date', 1182, 4, 'D', 'i', { io: 'date_' }),
  t(1083, 'time', 1183, 8, 'D', 'd', { io: 'time_', modifierIo: 'time', sqlName: 'time without time zone' }),
  t(1114, 'timestamp', 1115, 8, 'D', 'd', { io: 'timestamp_', modifierIo: 'timestamp', sqlName: 'timestamp without time zone' }),
  t(1184, 'timestamptz', 1185, 8, 'D', 'd', { preferred: true, io: 'timestamptz_', modifierIo: 'timestamptz', sqlName: 'timestamp with time zone' }),
  t(1186, 'interval', 1187, 16, 'T', 'd', { preferred: true, byValue: false, io: 'interval_', modifierIo: 'interval' }),
  t(1700, 'numeric', 1231, -1, 'N', 'i', { storage: 'm', io: 'numeric_', modifierIo: 'numeric' }),
  t(2205, 'regclass', 2210, 4, 'N', 'i'),
  t(2206, 'regtype', 2211, 4, 'N', 'i'),
  t(3802, 'jsonb', 3807, -1, 'U', 'i', { io: 'jsonb_', subscript: 'jsonb_subscript_handler' }),
  t(4089, 'regnamespace', 4090, 4, 'N', 'i'),
  t(4096, 'regrole', 4097, 4, 'N', 'i'),
];

/** PostgreSQL's pseudo-type of untyped literals; it has no array type. */
export const UNKNOWN_TYPE_OID = 705;

const BY_OID: ReadonlyMap<number, BuiltinType> = new Map(BUILTIN_TYPES.map((type) => [type.oid, type]));
const BY_ARRAY_OID: ReadonlyMap<number, BuiltinType> = new Map(BUILTIN_TYPES.map((type) => [type.arrayOid, type]));
const BY_NAME: ReadonlyMap<string, BuiltinType> = new Map(BUILTIN_TYPES.map((type) => [type.name, type]));

const SCALAR_OIDS: Readonly<Record<ScalarType, number>> = {
  boolean: 16,
  int2: 21,
  int4: 23,
  int8: 20,
  float4: 700,
  float8: 701,
  numeric: 1700,
  varchar: 1043,
  bytea: 17,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  jsonb: 3802,
  unknown: UNKNOWN_TYPE_OID,
};

/** pg_type.oid of a Tally type (the OID RowDescription reports for it). */
export function typeOid(type: DataType): number {
  if (isArrayType(type)) return BY_OID.get(SCALAR_OIDS[elementType(type)])?.arrayOid ?? 0;
  return SCALAR_OIDS[type];
}

/** The base type of an OID, or of an array type's OID (with `array` set). */
export function builtinType(oid: number): { readonly type: BuiltinType; readonly array: boolean } | undefined {
  const base = BY_OID.get(oid);
  if (base) return { type: base, array: false };
  const element = BY_ARRAY_OID.get(oid);
  return element ? { type: element, array: true } : undefined;
}

/** The OID of a type by its pg_type name (`int4`, `_int4`), as regtype input accepts it. */
export function typeOidByName(name: string): number | undefined {
  if (name.startsWith('_')) return BY_NAME.get(name.slice(1))?.arrayOid;
  return BY_NAME.get(name)?.oid;
}

const INTERVAL_FULL_RANGE = 0x7fff;
const VARHDRSZ = 4;

/** pg_attribute.atttypmod of a column: PostgreSQL's encoding of its type modifier, -1 for none. */
export function typeModifier(type: DataType, modifier: TypeModifier | undefined): number {
  if (!modifier) return -1;
  switch (elementType(type)) {
    case 'numeric':
      return modifier.precision === undefined ? -1 : ((modifier.precision << 16) | ((modifier.scale ?? 0) & 0x7ff)) + VARHDRSZ;
    case 'varchar':
      return modifier.length === undefined ? -1 : modifier.length + VARHDRSZ;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return modifier.precision ?? -1;
    case 'interval':
      return modifier.precision === undefined ? -1 : (INTERVAL_FULL_RANGE << 16) | modifier.precision;
    default:
      return -1;
  }
}

/** format_type(oid, typmod): the type's SQL name with its modifier, `???` for an unrecognized OID, as PostgreSQL. */
export function formatType(oid: number, typmod: number | null): string {
  if (oid === 0) return '-';
  if (oid === UNKNOWN_TYPE_OID) return 'unknown';
  const found = builtinType(oid);
  if (!found) return pseudoTypeText(oid) ?? '???';
  const { type, array } = found;
  const modifier = typmod === null ? '' : modifierText(type.name, typmod);
  let text: string;
  // PostgreSQL's quirk: bpchar without a known length is `character` when no modifier is given at all.
  if (type.name === 'bpchar') text = modifier !== '' ? `character${modifier}` : typmod === null ? 'character' : 'bpchar';
  else if (type.name === 'time' || type.name === 'timestamp' || type.name === 'timestamptz') {
    const zone = type.name === 'timestamptz' ? 'with' : 'without';
    text = `${type.name === 'time' ? 'time' : 'timestamp'}${modifier} ${zone} time zone`;
  } else text = `${type.sqlName ?? type.name}${modifier}`;
  return array ? `${text}[]` : text;
}

function modifierText(name: string, typmod: number): string {
  switch (name) {
    case 'numeric': {
      if (typmod < VARHDRSZ) return '';
      const packed = typmod - VARHDRSZ;
      const scale = ((packed & 0x7ff) ^ 1024) - 1024;
      return `(${(packed >> 16) & 0xffff},${scale})`;
    }
    case 'varchar':
    case 'bpchar':
      return typmod >= VARHDRSZ ? `(${typmod - VARHDRSZ})` : '';
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return typmod >= 0 ? `(${typmod})` : '';
    case 'interval': {
      const precision = typmod & 0xffff;
      return typmod >= 0 && precision !== 0xffff ? `(${precision})` : '';
    }
    default:
      return '';
  }
}
