// pg_catalog.pg_proc and pg_language: Tally's built-in functions and aggregates with their own signatures.
import { arrayOf, isArrayType, type DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import { formatType, typeOid } from './builtin-types.js';
import { NAMESPACE_OIDS, SUPERUSER } from './object-ids.js';
import { isPseudoType, pseudoTypeOid, type PseudoType } from './pseudo-types.js';
import { defineSystemRelation, type SystemContext } from './system-relation.js';

/** A parameter or result type of a built-in function: a Tally type or one of PostgreSQL's pseudo-types. */
export type SignatureType = DataType | PseudoType;

/** One overload of a built-in function as pg_proc lists it (see `SystemContext.functions`). */
export interface BuiltinFunction {
  readonly name: string;
  /** pg_proc.prokind: 'f' for a function, 'a' for an aggregate. */
  readonly kind: 'f' | 'a';
  /** The parameter types; for a variadic function the last is the type of each value it repeats. */
  readonly parameters: readonly SignatureType[];
  readonly result: SignatureType;
  readonly variadic: boolean;
  /** Ordered-set aggregates: how many leading parameters are direct arguments; the rest are the WITHIN GROUP keys. */
  readonly directArguments?: number;
  readonly strict: boolean;
  /** pg_proc.provolatile: 'i' immutable, 's' stable (reads the catalog), 'v' volatile (clock, session, random). */
  readonly volatility: 'i' | 's' | 'v';
}

/** A built-in function with its pg_proc.oid. */
export interface Procedure extends BuiltinFunction {
  readonly oid: number;
}

/**
 * PostgreSQL keeps OIDs 8000-9999 for development and uses none of them in a release, so none of the OIDs Tally
 * mirrors from PostgreSQL (types, catalogs) is among them. A function's OID is its position in the list: stable for
 * a given build of Tally, which is as long as a client may keep one.
 */
const FIRST_FUNCTION_OID = 8000;
const LAST_FUNCTION_OID = 9999;

/** pg_language.oid of `internal`, PostgreSQL's language of built-in functions, the only kind Tally has. */
const INTERNAL_LANGUAGE_OID = 12;

const numbered = new WeakMap<readonly BuiltinFunction[], readonly Procedure[]>();

/** The built-in functions of the context with their OIDs. */
export function proceduresOf(context: SystemContext): readonly Procedure[] {
  const functions = context.functions;
  if (!functions) return [];
  let procedures = numbered.get(functions);
  if (!procedures) {
    if (functions.length > LAST_FUNCTION_OID - FIRST_FUNCTION_OID + 1) throw new Error('too many built-in functions for their OID range (this is a bug)');
    procedures = functions.map((fn, index) => ({ ...fn, oid: FIRST_FUNCTION_OID + index }));
    numbered.set(functions, procedures);
  }
  return procedures;
}

/** The built-in function with this OID, if any. */
export function procedureByOid(context: SystemContext, oid: number): Procedure | undefined {
  const procedures = proceduresOf(context);
  return procedures[oid - FIRST_FUNCTION_OID];
}

const signatureTypeOid = (type: SignatureType): number => (isPseudoType(type) ? pseudoTypeOid(type) : typeOid(type));

/** A variadic parameter is declared as the array it collects, except `"any"`, which collects anything. */
function variadicDeclaration(type: SignatureType): SignatureType {
  switch (type) {
    case 'any':
      return 'any';
    case 'anyelement':
    case 'anynonarray':
      return 'anyarray';
    case 'anycompatible':
      return 'anycompatiblearray';
    case 'anyarray':
    case 'anycompatiblearray':
    case 'trigger':
      return type;
    default:
      return isArrayType(type) ? type : arrayOf(type);
  }
}

/** The parameter types as pg_proc.proargtypes declares them. */
function declaredParameters(fn: BuiltinFunction): SignatureType[] {
  const declared = [...fn.parameters];
  if (fn.variadic && declared.length > 0) declared[declared.length - 1] = variadicDeclaration(declared[declared.length - 1]!);
  return declared;
}

const typeText = (type: SignatureType): string => formatType(signatureTypeOid(type), null);

/** pg_get_function_arguments: `numeric, integer`, `text, VARIADIC "any"`, `double precision ORDER BY interval`. */
export function argumentsText(fn: BuiltinFunction): string {
  const declared = declaredParameters(fn).map(typeText);
  if (fn.directArguments !== undefined) {
    const direct = declared.slice(0, fn.directArguments).join(', ');
    const keys = declared.slice(fn.directArguments).join(', ');
    return direct === '' ? `ORDER BY ${keys}` : `${direct} ORDER BY ${keys}`;
  }
  if (fn.variadic && declared.length > 0) declared[declared.length - 1] = `VARIADIC ${declared[declared.length - 1]!}`;
  return declared.join(', ');
}

/** pg_get_function_result: the result type's SQL name. */
export const resultText = (fn: BuiltinFunction): string => typeText(fn.result);

export const pgProc = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_proc',
  oid: 1255,
  columns: {
    oid: 'oid', proname: 'name', pronamespace: 'oid', proowner: 'oid', prolang: 'oid', procost: 'float4', prorows: 'float4',
    provariadic: 'oid', prosupport: 'regproc', prokind: 'char', prosecdef: 'bool', proleakproof: 'bool', proisstrict: 'bool',
    proretset: 'bool', provolatile: 'char', proparallel: 'char', pronargs: 'int2', pronargdefaults: 'int2', prorettype: 'oid',
    proargtypes: 'oidvector', proallargtypes: 'oid[]', proargmodes: 'char[]', proargnames: 'text[]', proargdefaults: 'pg_node_tree',
    protrftypes: 'oid[]', prosrc: 'text', probin: 'text', prosqlbody: 'pg_node_tree', proconfig: 'text[]', proacl: 'aclitem[]',
  },
  rows: (context) => proceduresOf(context).map(procedureRow),
});

function procedureRow(fn: Procedure): Record<string, Value> {
  const variadic = fn.variadic ? fn.parameters[fn.parameters.length - 1] : undefined;
  return {
    oid: fn.oid,
    proname: fn.name,
    pronamespace: NAMESPACE_OIDS.pg_catalog,
    proowner: SUPERUSER.oid,
    prolang: INTERNAL_LANGUAGE_OID,
    procost: 1,
    prorows: 0,
    provariadic: variadic === undefined ? 0 : signatureTypeOid(variadic),
    prosupport: '-',
    prokind: fn.kind,
    prosecdef: false,
    proleakproof: false,
    proisstrict: fn.strict,
    proretset: false,
    provolatile: fn.volatility,
    // Tally runs no query in parallel; nothing a function does would stop it.
    proparallel: 's',
    pronargs: fn.parameters.length,
    pronargdefaults: 0,
    prorettype: signatureTypeOid(fn.result),
    proargtypes: declaredParameters(fn).map(signatureTypeOid),
    proallargtypes: null,
    proargmodes: null,
    proargnames: null,
    proargdefaults: null,
    protrftypes: null,
    // PostgreSQL gives the C symbol of an internal function, and `aggregate_dummy` for every aggregate.
    prosrc: fn.kind === 'a' ? 'aggregate_dummy' : fn.name,
    probin: null,
    prosqlbody: null,
    proconfig: null,
    proacl: null,
  };
}

export const pgLanguage = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_language',
  oid: 2612,
  columns: {
    oid: 'oid', lanname: 'name', lanowner: 'oid', lanispl: 'bool', lanpltrusted: 'bool', lanplcallfoid: 'oid', laninline: 'oid',
    lanvalidator: 'oid', lanacl: 'aclitem[]',
  },
  // Only built-in functions exist: Tally has no CREATE FUNCTION, so neither SQL nor procedural languages.
  rows: () => [
    {
      oid: INTERNAL_LANGUAGE_OID, lanname: 'internal', lanowner: SUPERUSER.oid, lanispl: false, lanpltrusted: false, lanplcallfoid: 0,
      laninline: 0, lanvalidator: 0, lanacl: null,
    },
  ],
});
