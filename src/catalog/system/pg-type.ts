// pg_catalog.pg_type: Tally's types and the PostgreSQL type names it accepts, each with its array type.
import type { Value } from '../../types/value.js';
import { BUILTIN_TYPES, UNKNOWN_TYPE_OID, type BuiltinType } from './builtin-types.js';
import { NAMESPACE_OIDS, SUPERUSER } from './object-ids.js';
import { PSEUDO_TYPES, type PseudoTypeInfo } from './pseudo-types.js';
import { defineSystemRelation } from './system-relation.js';

export const pgType = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_type',
  oid: 1247,
  columns: {
    oid: 'oid', typname: 'name', typnamespace: 'oid', typowner: 'oid', typlen: 'int2', typbyval: 'bool', typtype: 'char',
    typcategory: 'char', typispreferred: 'bool', typisdefined: 'bool', typdelim: 'char', typrelid: 'oid',
    typsubscript: 'regproc', typelem: 'oid', typarray: 'oid', typinput: 'regproc', typoutput: 'regproc',
    typreceive: 'regproc', typsend: 'regproc', typmodin: 'regproc', typmodout: 'regproc', typanalyze: 'regproc',
    typalign: 'char', typstorage: 'char', typnotnull: 'bool', typbasetype: 'oid', typtypmod: 'int4', typndims: 'int4',
    typcollation: 'oid', typdefaultbin: 'pg_node_tree', typdefault: 'text', typacl: 'aclitem[]',
  },
  rows: () => typeRows(),
});

const typeRows = (): Record<string, Value>[] => [
  ...BUILTIN_TYPES.flatMap((type) => [baseRow(type), arrayRow(type)]),
  unknownRow(),
  ...PSEUDO_TYPES.map(pseudoRow),
];

/** regproc columns hold function names; PostgreSQL prints `-` for none. */
const NO_FUNCTION = '-';

function common(oid: number, typname: string): Record<string, Value> {
  return {
    oid,
    typname,
    typnamespace: NAMESPACE_OIDS.pg_catalog,
    typowner: SUPERUSER.oid,
    typisdefined: true,
    typdelim: ',',
    typrelid: 0,
    typnotnull: false,
    typbasetype: 0,
    typtypmod: -1,
    typndims: 0,
    typdefaultbin: null,
    typdefault: null,
    typacl: null,
  };
}

function baseRow(type: BuiltinType): Record<string, Value> {
  const io = type.io;
  return {
    ...common(type.oid, type.name),
    typlen: type.length,
    typbyval: type.byValue,
    typtype: 'b',
    typcategory: type.category,
    typispreferred: type.preferred,
    typsubscript: type.subscript ?? (type.element === undefined ? NO_FUNCTION : type.name === 'name' ? 'raw_array_subscript_handler' : 'array_subscript_handler'),
    typelem: type.element ?? 0,
    typarray: type.arrayOid,
    typinput: `${io}in`,
    typoutput: `${io}out`,
    typreceive: `${io}recv`,
    typsend: `${io}send`,
    typmodin: type.modifierIo ? `${type.modifierIo}typmodin` : NO_FUNCTION,
    typmodout: type.modifierIo ? `${type.modifierIo}typmodout` : NO_FUNCTION,
    typanalyze: NO_FUNCTION,
    typalign: type.align,
    typstorage: type.storage,
    typcollation: type.collation,
  };
}

function arrayRow(type: BuiltinType): Record<string, Value> {
  return {
    ...common(type.arrayOid, `_${type.name}`),
    typlen: -1,
    typbyval: false,
    typtype: 'b',
    typcategory: 'A',
    typispreferred: false,
    typsubscript: 'array_subscript_handler',
    typelem: type.oid,
    typarray: 0,
    typinput: 'array_in',
    typoutput: 'array_out',
    typreceive: 'array_recv',
    typsend: 'array_send',
    typmodin: type.modifierIo ? `${type.modifierIo}typmodin` : NO_FUNCTION,
    typmodout: type.modifierIo ? `${type.modifierIo}typmodout` : NO_FUNCTION,
    typanalyze: 'array_typanalyze',
    typalign: type.align === 'd' ? 'd' : 'i',
    typstorage: 'x',
    typcollation: type.collation,
  };
}

function unknownRow(): Record<string, Value> {
  return {
    ...common(UNKNOWN_TYPE_OID, 'unknown'),
    typlen: -2,
    typbyval: false,
    typtype: 'p',
    typcategory: 'X',
    typispreferred: false,
    typsubscript: NO_FUNCTION,
    typelem: 0,
    typarray: 0,
    typinput: 'unknownin',
    typoutput: 'unknownout',
    typreceive: 'unknownrecv',
    typsend: 'unknownsend',
    typmodin: NO_FUNCTION,
    typmodout: NO_FUNCTION,
    typanalyze: NO_FUNCTION,
    typalign: 'c',
    typstorage: 'p',
    typcollation: 0,
  };
}

/** The polymorphic pseudo-types that built-in functions' signatures in pg_proc refer to. */
function pseudoRow(type: PseudoTypeInfo): Record<string, Value> {
  const io = type.name;
  return {
    ...common(type.oid, type.name),
    typlen: type.arrayLike ? -1 : 4,
    typbyval: !type.arrayLike,
    typtype: 'p',
    typcategory: 'P',
    typispreferred: false,
    typsubscript: NO_FUNCTION,
    typelem: 0,
    typarray: 0,
    typinput: `${io}_in`,
    typoutput: `${io}_out`,
    typreceive: type.binaryIo ? `${io}_recv` : NO_FUNCTION,
    typsend: type.binaryIo ? `${io}_send` : NO_FUNCTION,
    typmodin: NO_FUNCTION,
    typmodout: NO_FUNCTION,
    typanalyze: NO_FUNCTION,
    typalign: type.arrayLike ? 'd' : 'i',
    typstorage: type.arrayLike ? 'x' : 'p',
    typcollation: 0,
  };
}

const REGPROC_COLUMNS = ['typsubscript', 'typinput', 'typoutput', 'typreceive', 'typsend', 'typmodin', 'typmodout', 'typanalyze'];

let ioFunctions: ReadonlySet<string> | undefined;

/** The names of the I/O functions pg_type refers to (int4in, array_in, ...), which regproc input accepts. */
export function typeFunctionNames(): ReadonlySet<string> {
  if (ioFunctions) return ioFunctions;
  const names = new Set<string>();
  for (const row of typeRows()) for (const column of REGPROC_COLUMNS) if (row[column] !== NO_FUNCTION) names.add(row[column] as string);
  ioFunctions = names;
  return names;
}
