// The public face of the scalar function and operator library: PostgreSQL-style resolution of a call to an overload.
import { castFunction } from '../types/cast.js';
import type { DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { Value } from '../types/value.js';
import { BINARY_OPERATORS, FUNCTIONS, PREFIX_OPERATORS } from './functions/function-catalog.js';
import type { FunctionDef } from './functions/function-def.js';
import { resolveOverload } from './functions/overload-resolution.js';
import { resolveQuantified } from './functions/quantified.js';
import type { Resolution, ResolveOutcome } from './functions/overload-resolution.js';
import { functionSignature, operatorSignature } from './functions/signature-text.js';

export { clock } from './functions/clock.js';
export { sessionInfo } from './functions/session-info.js';

export interface ResolvedFunction {
  readonly name: string;
  /** Types the arguments must have; the binder casts each argument to it (implicit cast) before the call. */
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  /**
   * The implementation, called with positional arguments (`impl(a, b)`), already of `argTypes`.
   * For `variadic: true` functions it is called with ONE array argument holding all values.
   */
  readonly impl: (...args: Value[]) => Value;
  /** Strict: if any argument is NULL the result is NULL and impl is not called (PG's STRICT). */
  readonly strict: boolean;
  readonly variadic?: boolean;
  /** Not immutable (now(), random()...): never constant-folded. */
  readonly volatile?: boolean;
  /**
   * Optional: given the arguments that are constants (undefined for non-constant), return a specialized
   * impl (e.g. LIKE with a constant pattern compiled once to a RegExp or a fast prefix/suffix check; to_char
   * with a constant format parsed once; date_trunc with a constant field). Called once per plan.
   */
  readonly specialize?: (constantArgs: readonly (Value | undefined)[]) => (...args: Value[]) => Value;
}

const NO_FUNCTION_HINT = 'No function matches the given name and argument types. You might need to add explicit type casts.';
const NO_OPERATOR_HINT = 'No operator matches the given name and argument types. You might need to add explicit type casts.';
const AMBIGUOUS_FUNCTION_HINT = 'Could not choose a best candidate function. You might need to add explicit type casts.';
const AMBIGUOUS_OPERATOR_HINT = 'Could not choose a best candidate operator. You might need to add explicit type casts.';

/** Type names that may be called as functions to cast their one argument (`date(x)`, `text(x)`), as in PostgreSQL. */
const CAST_FUNCTION_TYPES: Readonly<Record<string, DataType>> = {
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  float4: 'float4',
  float8: 'float8',
  numeric: 'numeric',
  text: 'varchar',
  varchar: 'varchar',
  bool: 'boolean',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  bytea: 'bytea',
  jsonb: 'jsonb',
};

const resolvedCache = new Map<string, ResolvedFunction>();

/** Resolves `name(args)`; name lower-case, possibly schema-qualified like 'pg_catalog.now'. Called once per call site. */
export function resolveFunction(name: string, argTypes: readonly DataType[]): ResolvedFunction {
  const cacheKey = `f:${name}(${argTypes.join(',')})`;
  const cached = resolvedCache.get(cacheKey);
  if (cached) return cached;
  const resolved = resolveFunctionUncached(name, argTypes);
  resolvedCache.set(cacheKey, resolved);
  return resolved;
}

/**
 * Resolves a binary operator (`left` given) or prefix operator (`left` undefined): '+', '-', '*', '/', '%', '^',
 * '||', '=', '<>', '<', '<=', '>', '>=', '~~' (LIKE), '~~*' (ILIKE), '!~~', '!~~*', '~' (regex match), '@' (abs), '|/'...
 */
export function resolveOperator(op: string, left: DataType | undefined, right: DataType): ResolvedFunction {
  const cacheKey = `o:${left ?? ''} ${op} ${right}`;
  const cached = resolvedCache.get(cacheKey);
  if (cached) return cached;
  const defs = (left === undefined ? PREFIX_OPERATORS : BINARY_OPERATORS).get(op);
  const inputs = left === undefined ? [right] : [left, right];
  const outcome: ResolveOutcome = defs ? resolveOverload(defs, inputs, left !== undefined) : 'none';
  if (outcome === 'none') {
    throw new SqlError('undefined_function', `operator does not exist: ${operatorSignature(op, left, right)}`, { hint: NO_OPERATOR_HINT });
  }
  if (outcome === 'ambiguous') {
    throw new SqlError('ambiguous_function', `operator is not unique: ${operatorSignature(op, left, right)}`, { hint: AMBIGUOUS_OPERATOR_HINT });
  }
  const resolved = toResolved(outcome);
  resolvedCache.set(cacheKey, resolved);
  return resolved;
}

/** True when `name` (possibly schema-qualified) names a scalar function of the library. */
export function isKnownFunction(name: string): boolean {
  const bare = unqualified(name);
  return bare !== undefined && FUNCTIONS.has(bare);
}

function resolveFunctionUncached(name: string, argTypes: readonly DataType[]): ResolvedFunction {
  const bare = unqualified(name);
  // `x op ANY (array)`: the binder passes the operator's name as the first argument.
  if ((bare === 'any_op' || bare === 'all_op') && argTypes.length === 3) {
    return resolveQuantified(bare, argTypes, (op, left, right) => resolveOperator(op, left, right));
  }
  const defs = bare === undefined ? undefined : FUNCTIONS.get(bare);
  if (bare !== undefined && argTypes.length === 1 && !hasExactMatch(defs, argTypes[0]!)) {
    const cast = castAsFunction(bare, argTypes[0]!);
    if (cast) return cast;
  }
  const outcome: ResolveOutcome = defs ? resolveOverload(defs, argTypes) : 'none';
  if (outcome === 'none') {
    throw new SqlError('undefined_function', `function ${functionSignature(name, argTypes)} does not exist`, { hint: NO_FUNCTION_HINT });
  }
  if (outcome === 'ambiguous') {
    throw new SqlError('ambiguous_function', `function ${functionSignature(name, argTypes)} is not unique`, { hint: AMBIGUOUS_FUNCTION_HINT });
  }
  return toResolved(outcome);
}

/** The name without a `pg_catalog.` qualifier; undefined for any other schema (nothing lives there). */
function unqualified(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return name;
  return name.slice(0, dot) === 'pg_catalog' ? name.slice(dot + 1) : undefined;
}

function hasExactMatch(defs: readonly FunctionDef[] | undefined, argType: DataType): boolean {
  return defs !== undefined && defs.some((d) => d.params.length === 1 && d.params[0] === argType);
}

/** PostgreSQL's "function-style cast": `typename(x)` with one argument is a cast when the type has such a cast. */
function castAsFunction(name: string, input: DataType): ResolvedFunction | undefined {
  const target = CAST_FUNCTION_TYPES[name];
  if (target === undefined) return undefined;
  if (input === 'unknown' || input === target) {
    return { name, argTypes: [target], returnType: target, impl: (v) => v, strict: true };
  }
  const cast = castFunction(input, target);
  if (!cast) return undefined;
  return { name, argTypes: [input], returnType: target, impl: cast, strict: true };
}

function toResolved(resolution: Resolution): ResolvedFunction {
  const { def, argTypes, returnType } = resolution;
  const built = def.build ? def.build({ argTypes, returnType }) : { impl: def.impl!, specialize: def.specialize };
  return {
    name: def.name,
    argTypes,
    returnType,
    impl: built.impl,
    strict: def.strict,
    variadic: def.variadic || undefined,
    volatile: def.volatile || undefined,
    specialize: built.specialize,
  };
}
