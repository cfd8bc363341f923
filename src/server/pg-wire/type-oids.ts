// PostgreSQL type OIDs and sizes of Tally's types, as RowDescription and ParameterDescription report them.
import { arrayOf, elementType, isArrayType, type DataType, type ScalarType } from '../../types/data-type.js';

/** What RowDescription says of a type: its OID and pg_type.typlen (-1 for variable length). */
export interface WireType {
  readonly oid: number;
  readonly size: number;
}

/** OID of the text type, reported for results and parameters whose type is not known. */
export const TEXT_OID = 25;

const SCALAR_TYPES: Readonly<Record<ScalarType, WireType>> = {
  boolean: { oid: 16, size: 1 },
  int2: { oid: 21, size: 2 },
  int4: { oid: 23, size: 4 },
  int8: { oid: 20, size: 8 },
  float4: { oid: 700, size: 4 },
  float8: { oid: 701, size: 8 },
  numeric: { oid: 1700, size: -1 },
  varchar: { oid: 1043, size: -1 },
  bytea: { oid: 17, size: -1 },
  date: { oid: 1082, size: 4 },
  time: { oid: 1083, size: 8 },
  timestamp: { oid: 1114, size: 8 },
  timestamptz: { oid: 1184, size: 8 },
  interval: { oid: 1186, size: 16 },
  jsonb: { oid: 3802, size: -1 },
  unknown: { oid: TEXT_OID, size: -1 },
};

/** pg_type.typarray of each scalar type. */
const ARRAY_OIDS: Readonly<Record<ScalarType, number>> = {
  boolean: 1000,
  int2: 1005,
  int4: 1007,
  int8: 1016,
  float4: 1021,
  float8: 1022,
  numeric: 1231,
  varchar: 1015,
  bytea: 1001,
  date: 1182,
  time: 1183,
  timestamp: 1115,
  timestamptz: 1185,
  interval: 1187,
  jsonb: 3807,
  unknown: 1009,
};

/** The OID and size of `type`. */
export function wireType(type: DataType): WireType {
  if (isArrayType(type)) return { oid: ARRAY_OIDS[elementType(type)], size: -1 };
  return SCALAR_TYPES[type];
}

/** Types that parameters may be declared with (Parse), by OID; text-like types without a Tally twin map to varchar. */
const PARAMETER_TYPES: ReadonlyMap<number, DataType> = (() => {
  const byOid = new Map<number, DataType>();
  for (const [type, { oid }] of Object.entries(SCALAR_TYPES) as [ScalarType, WireType][]) {
    if (type === 'unknown') continue;
    byOid.set(oid, type);
    byOid.set(ARRAY_OIDS[type], arrayOf(type));
  }
  // text, bpchar, name, char, json and their arrays: Tally's varchar and jsonb hold them.
  for (const oid of [TEXT_OID, 1042, 19, 18]) byOid.set(oid, 'varchar');
  for (const oid of [1009, 1014, 1003, 1002]) byOid.set(oid, 'varchar[]');
  byOid.set(114, 'jsonb');
  byOid.set(199, 'jsonb[]');
  return byOid;
})();

/**
 * The type a parameter declared with `oid` in a Parse message has: undefined for 0 (unspecified) and for OIDs
 * Tally has no type for (the caller reports those).
 */
export function parameterType(oid: number): DataType | undefined {
  return PARAMETER_TYPES.get(oid);
}
