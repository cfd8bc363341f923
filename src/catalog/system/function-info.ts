// The catalog functions over pg_proc that psql's \df reads: pg_get_function_arguments, pg_get_function_result, ...
import type { Value } from '../../types/value.js';
import { argumentsText, procedureByOid, resultText, type BuiltinFunction } from './pg-proc.js';
import type { SystemContext } from './system-relation.js';
import type { SystemFunction } from './system-functions.js';

const oidOf = (value: Value): number => Number(value as bigint);

/** NULL for an OID that names no function, as in PostgreSQL. */
const ofFunction =
  <T extends Value>(describe: (fn: BuiltinFunction) => T) =>
  (context: SystemContext) =>
  (oid: Value): T | null => {
    const fn = procedureByOid(context, oidOf(oid));
    return fn ? describe(fn) : null;
  };

/** OID parameters are int8, as those of the other catalog functions (see system-functions.ts). */
export const FUNCTION_INFO_FUNCTIONS: readonly SystemFunction[] = [
  // Every function lives in pg_catalog, which is always searched.
  { name: 'pg_function_is_visible', params: ['int8'], returns: 'boolean', impl: ofFunction(() => true) },
  { name: 'pg_get_function_arguments', params: ['int8'], returns: 'varchar', impl: ofFunction(argumentsText) },
  // Tally's functions have no parameter names or defaults, so the identity arguments are the arguments.
  { name: 'pg_get_function_identity_arguments', params: ['int8'], returns: 'varchar', impl: ofFunction(argumentsText) },
  { name: 'pg_get_function_result', params: ['int8'], returns: 'varchar', impl: ofFunction(resultText) },
  // Only SQL functions written with BEGIN ATOMIC have a body; built-in ones have none.
  { name: 'pg_get_function_sqlbody', params: ['int8'], returns: 'varchar', impl: () => () => null },
];
