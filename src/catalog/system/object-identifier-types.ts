// oid and the reg* types (regclass, regtype, regproc, regnamespace, regrole): their text input over the catalog.
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { resolveTypeName } from '../../types/type-name.js';
import { BUILTIN_TYPES, typeOid, typeOidByName } from './builtin-types.js';
import { rolesOf } from './pg-roles.js';
import { typeFunctionNames } from './pg-type.js';
import { pseudoTypeOidByName } from './pseudo-types.js';
import { namespaceOidOf, regclassOf, splitQualifiedName } from './system-functions.js';
import type { SystemContext } from './system-relation.js';

export type ObjectIdentifierType = 'oid' | 'regclass' | 'regtype' | 'regproc' | 'regnamespace' | 'regrole';

/**
 * The Tally type holding each (see column-types.ts): an OID is an int4, as in RisingWave, so `'orders'::regclass`
 * is the relation's number and `oid::regclass` prints a number; regproc holds a function name.
 */
export const OBJECT_IDENTIFIER_TYPES: Readonly<Record<ObjectIdentifierType, DataType>> = {
  oid: 'int4',
  regclass: 'int4',
  regtype: 'int4',
  regnamespace: 'int4',
  regrole: 'int4',
  regproc: 'varchar',
};

/** The object identifier type a cast's type name (`regclass`, `pg_catalog.oid`) means, if it is one. */
export function objectIdentifierType(typeName: string): ObjectIdentifierType | undefined {
  const name = typeName.toLowerCase().replace(/^pg_catalog\./, '');
  return Object.hasOwn(OBJECT_IDENTIFIER_TYPES, name) ? (name as ObjectIdentifierType) : undefined;
}

const NUMBER = /^\s*[+-]?\d+\s*$/;
const MAX_OID = 4294967295;

/** An OID's text, as oidin reads it; Tally's OIDs are int4, so numbers past 2^31 - 1 do not fit. */
export function parseOid(text: string, type: ObjectIdentifierType): number {
  if (!NUMBER.test(text)) throw new SqlError('invalid_text_representation', `invalid input syntax for type ${type}: "${text}"`);
  const value = Number(text);
  if (value > MAX_OID || value < -2147483648) throw new SqlError('numeric_value_out_of_range', `value "${text.trim()}" is out of range for type oid`);
  if (value > 2147483647) {
    throw new SqlError('numeric_value_out_of_range', `OID ${text.trim()} is out of range`, { detail: 'OIDs are integers in Tally: at most 2147483647.' });
  }
  return value;
}

/**
 * The text input of `type`: a number is taken as the OID itself (as PostgreSQL's reg* inputs accept), anything
 * else as the name of an object, which must exist. `isFunction` tells regproc input whether a function exists.
 */
export function objectIdentifierInput(type: ObjectIdentifierType, context: SystemContext, isFunction: (name: string) => boolean): (text: string) => number | string {
  switch (type) {
    case 'oid':
      return (text) => parseOid(text, type);
    case 'regclass':
      return (text) => (NUMBER.test(text) ? parseOid(text, type) : regclassOf(context, text, true)!);
    case 'regtype':
      return (text) => (NUMBER.test(text) ? parseOid(text, type) : regtypeOf(text));
    case 'regnamespace':
      return (text) => (NUMBER.test(text) ? parseOid(text, type) : namespaceOidOf(text));
    case 'regrole':
      return (text) => {
        if (NUMBER.test(text)) return parseOid(text, type);
        const name = splitQualifiedName(text)[0] ?? text;
        const role = rolesOf(context).find((r) => r.name === name);
        if (!role) throw new SqlError('undefined_object', `role "${text}" does not exist`);
        return role.oid;
      };
    case 'regproc':
      return (text) => regprocOf(text, isFunction);
  }
}

/**
 * A type name as regtype input reads it: pg_type's names (`int4`, `_text`, `anyelement`) or SQL's (`integer`,
 * `text[]`, `"any"`).
 */
function regtypeOf(text: string): number {
  const name = text.trim().toLowerCase().replace(/^pg_catalog\./, '').replace(/\s+/g, ' ');
  const direct = typeOidByName(name) ?? BUILTIN_TYPES.find((t) => t.sqlName === name)?.oid ?? pseudoTypeOidByName(name.replace(/^"any"$/, 'any'));
  if (direct !== undefined) return direct;
  const isArray = name.endsWith('[]');
  const base = isArray ? name.slice(0, -2).trim() : name;
  const known = typeOidByName(base) ?? BUILTIN_TYPES.find((t) => t.sqlName === base)?.oid;
  if (known !== undefined) return isArray ? (BUILTIN_TYPES.find((t) => t.oid === known)?.arrayOid ?? known) : known;
  try {
    const resolved = resolveTypeName(base, [], isArray);
    return typeOid(resolved.type);
  } catch {
    throw new SqlError('undefined_object', `type "${text}" does not exist`);
  }
}

/** regproc keeps the function's name as PostgreSQL prints it: without pg_catalog, where every function lives. */
function regprocOf(text: string, isFunction: (name: string) => boolean): string {
  if (text.trim() === '-') return '-';
  const parts = splitQualifiedName(text);
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  if ((schema !== undefined && schema !== 'pg_catalog') || !(isFunction(name) || typeFunctionNames().has(name))) {
    throw new SqlError('undefined_function', `function "${text}" does not exist`);
  }
  return name;
}
