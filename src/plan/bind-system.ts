// Binding against the system catalogs: scans of pg_catalog and information_schema relations, catalog functions and
// casts to oid and the reg* types.
import { COLLATIONS, NAMESPACE_OIDS } from '../catalog/system/object-ids.js';
import { pgClass } from '../catalog/system/pg-class.js';
import { qualifiedName, type RowCounts, type SystemContext, type SystemRelation } from '../catalog/system/system-relation.js';
import { SYSTEM_FUNCTIONS } from '../catalog/system/system-functions.js';
import { OBJECT_IDENTIFIER_TYPES, objectIdentifierInput, objectIdentifierType } from '../catalog/system/object-identifier-types.js';
import { compileExpr } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { isKnownFunction, type ResolvedFunction } from '../expr/function-registry.js';
import { defineFunction, type FunctionDef } from '../expr/functions/function-def.js';
import { resolveOverload } from '../expr/functions/overload-resolution.js';
import { functionSignature } from '../expr/functions/signature-text.js';
import type * as ast from '../sql/ast.js';
import { castFunction } from '../types/cast.js';
import { isIntegerType, typeDisplayName, type DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { Value } from '../types/value.js';
import type { SubqueryRunner } from './bind-correlated.js';
import type { BoundRelation } from './bind-from.js';
import { coerce } from './coerce.js';
import type { PlanColumn, PlanNode } from './plan-node.js';
import { Scope, type ScopeColumn } from './scope.js';

/**
 * A scan of a system relation; its rows are computed from the catalog when the query runs. Materialized views
 * cannot read system relations: the catalog changes without producing changes a dataflow could follow.
 */
export function bindSystemScan(relation: SystemRelation, alias: ast.TableAlias | undefined, outer: Scope | undefined, streaming: boolean, position: number): BoundRelation {
  const name = qualifiedName(relation);
  if (streaming) {
    throw new SqlError('feature_not_supported', `materialized views cannot read system relation "${name}"`, {
      detail: 'System relations are computed from the catalog when queried; they produce no changes for a view to maintain.',
      hint: 'Query the system relation directly, or create a plain VIEW over it.',
      position,
    });
  }
  const qualifier = alias?.name ?? relation.name;
  const columns: PlanColumn[] = relation.columns.map((c) => ({ name: c.name, type: c.type }));
  const plan: PlanNode = { kind: 'scan', relation: name, columns };
  const scopeColumns: ScopeColumn[] = relation.columns.map((c, i) => ({ qualifier, name: alias?.columns?.[i] ?? c.name, type: c.type, hidden: false }));
  return { plan, scope: new Scope(scopeColumns, outer) };
}

/**
 * How the catalog functions of one statement (pg_table_size) read row counts: the binder holds no engine state, so
 * they come from pg_class.reltuples, read through `run` once per statement, when the first such call is bound —
 * before the statement's own snapshot is read, in the same epoch. Statements whose binder has no runner
 * (INSERT ... SELECT) cannot ask; they are told so when a size is computed, so that a statement only described
 * (pg-wire's Describe) still binds.
 */
export function rowCountsThrough(run: SubqueryRunner | undefined): () => RowCounts {
  if (!run) {
    return () => () => {
      throw new SqlError('feature_not_supported', 'relation sizes are not available in this statement', { hint: 'Query them in a SELECT.' });
    };
  }
  let counts: ReadonlyMap<string, number> | undefined;
  return () => {
    counts ??= readRowCounts(run);
    const read = counts;
    return (name) => read.get(name);
  };
}

function readRowCounts(run: SubqueryRunner): ReadonlyMap<string, number> {
  const { plan, scope } = bindSystemScan(pgClass, undefined, undefined, false, 0);
  const column = (name: string): number => pgClass.columns.findIndex((c) => c.name === name);
  const [relname, relnamespace, reltuples] = [column('relname'), column('relnamespace'), column('reltuples')];
  const counts = new Map<string, number>();
  for (const row of run({ plan, scope, visibleCount: plan.columns.length, orderBy: [] })) {
    const rows = row[reltuples] as number;
    // -1: a count pg_class does not give (relations without rows, users with a row scope).
    if (row[relnamespace] === NAMESPACE_OIDS.public && rows >= 0) counts.set(row[relname] as string, Math.round(rows));
  }
  return counts;
}

const byName = new Map<string, (typeof SYSTEM_FUNCTIONS)[number][]>();
for (const fn of SYSTEM_FUNCTIONS) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);

const unqualified = (name: string): string | undefined => {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return name;
  return name.slice(0, dot) === 'pg_catalog' ? name.slice(dot + 1) : undefined;
};

/**
 * Resolves a call of a catalog function over `context`, or undefined when `name` is not one. Raises PostgreSQL's
 * error when no overload takes the arguments.
 */
export function resolveSystemFunction(context: SystemContext, name: string, types: readonly DataType[]): ResolvedFunction | undefined {
  const bare = unqualified(name);
  const overloads = bare === undefined ? undefined : byName.get(bare);
  if (!overloads) return undefined;
  const defs: FunctionDef[] = overloads.map((fn) => defineFunction(fn.name, fn.params, fn.returns, fn.impl(context), { strict: !fn.lenient }));
  const outcome = resolveOverload(defs, types);
  if (outcome === 'none') {
    throw new SqlError('undefined_function', `function ${functionSignature(name, types)} does not exist`, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  if (outcome === 'ambiguous') {
    throw new SqlError('ambiguous_function', `function ${functionSignature(name, types)} is not unique`, {
      hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
    });
  }
  return { name: outcome.def.name, argTypes: outcome.argTypes, returnType: outcome.returnType, impl: outcome.def.impl!, strict: outcome.def.strict };
}

/**
 * `x::regclass`, `x::oid`, ... (type name `typeName`, an array of it when `isArray`): text is looked up in the
 * catalog, integers are OIDs already. Undefined when the type is not an object identifier type.
 */
export function bindObjectIdentifierCast(context: SystemContext, type: ast.TypeName, arg: () => BoundExpr, position: number): BoundExpr | undefined {
  const oidType = objectIdentifierType(type.name);
  if (!oidType) return undefined;
  const target = OBJECT_IDENTIFIER_TYPES[oidType];
  const value = arg();
  if (type.isArray) {
    if (target !== 'int4') throw new SqlError('feature_not_supported', `arrays of ${oidType} are not supported`, { position });
    return coerce(value, 'int4[]', position);
  }
  if (value.type === 'unknown' || value.type === 'varchar') {
    const input = objectIdentifierInput(oidType, context, isKnownFunction);
    const fn: ResolvedFunction = { name: `${oidType}in`, argTypes: ['varchar'], returnType: target, impl: (text: Value) => input(text as string), strict: true };
    const call: BoundExpr = { kind: 'call', fn, args: [coerce(value, 'varchar', position)], type: target };
    // A literal is looked up now, so that a missing name is reported where it is written.
    if (value.kind === 'literal') return { kind: 'literal', value: atPosition(() => compileExpr(call)([]), position), type: target };
    return call;
  }
  if (target === 'int4' && isIntegerType(value.type)) {
    if (value.type === 'int4') return value;
    const cast = castFunction(value.type, 'int4');
    return cast ? { kind: 'cast', arg: value, cast, type: 'int4' } : value;
  }
  throw new SqlError('cannot_coerce', `cannot cast type ${typeDisplayName(value.type)} to ${oidType}`, { position });
}

function atPosition<T>(fn: () => T, position: number): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SqlError && err.position === undefined) err.position = position;
    throw err;
  }
}

/**
 * `x COLLATE name`: Tally orders text by code point only, which is what the collations "C", "POSIX" and
 * "default" (PostgreSQL's pg_catalog schema holds them) mean; others do not exist.
 */
export function checkCollation(name: readonly string[], type: DataType, position: number): void {
  const collation = name[name.length - 1]!;
  const schema = name.length > 1 ? name[name.length - 2] : undefined;
  const known = COLLATIONS.some((c) => c.name === collation) && (schema === undefined || schema === 'pg_catalog');
  if (!known) {
    throw new SqlError('undefined_object', `collation "${name.join('.')}" for encoding "UTF8" does not exist`, { position });
  }
  if (type !== 'varchar' && type !== 'unknown' && type !== 'varchar[]') {
    throw new SqlError('datatype_mismatch', `collations are not supported by type ${typeDisplayName(type)}`, { position });
  }
}
