// Subqueries of batch queries that are not one uncorrelated row: correlated scalar subqueries and ARRAY(subquery),
// evaluated for each outer row by binding the subquery with that row's values as constants.
import type { BoundExpr } from '../expr/expr.js';
import type { ResolvedFunction } from '../expr/function-registry.js';
import type * as ast from '../sql/ast.js';
import { arrayOf, elementType, isArrayType, type DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import { keyEncoder } from '../types/key.js';
import type { Row, Value } from '../types/value.js';
import type { BoundQuery } from './bind-query.js';
import type { PlanNode } from './plan-node.js';
import { OuterRow, Scope } from './scope.js';

/** Runs a bound query over the statement's snapshot: what the engine gives batch binders. */
export type SubqueryRunner = (query: BoundQuery) => Row[];

/** Binds a query against an outer scope (the QueryBinder's bindQuery, as a batch query's top level). */
export type QueryBinding = (query: ast.Query, outer: Scope) => BoundQuery;

/**
 * A volatile call that evaluates `node` for the outer row its arguments come from: its arguments are the outer
 * columns the subquery reads. Each distinct set of those values is bound (with the values as constants, so a
 * table function may take them as arguments) and run once; the result is kept for rows with the same values.
 * A scalar subquery gives its one row's value (NULL without rows; more than one row is an error), ARRAY(...) its
 * rows' values in order.
 */
export function correlatedSubquery(
  node: ast.ScalarSubquery | ast.ArraySubquery,
  outer: { readonly plan: PlanNode; readonly scope: Scope },
  bind: QueryBinding,
  run: SubqueryRunner | undefined,
): BoundExpr {
  const width = outer.scope.columns.length;
  const probe = new OuterRow(new Array<Value>(width).fill(null));
  const probed = bind(node.query, new Scope(outer.scope.columns, outer.scope.outer, probe));
  if (probed.visibleCount !== 1) throw new SqlError('syntax_error', 'subquery must return only one column', { position: node.span.start });
  const valueType = probed.plan.columns[0]!.type;
  if (node.kind === 'arraySubquery' && isArrayType(valueType)) {
    throw new SqlError('feature_not_supported', 'multidimensional arrays are not supported', { position: node.span.start });
  }
  const type: DataType = node.kind === 'arraySubquery' ? arrayOf(elementType(valueType)) : valueType;
  const used = [...probe.used].sort((a, b) => a - b);
  const argTypes = used.map((index) => outer.scope.columns[index]!.type);
  const encode = keyEncoder(argTypes, used.map((_, i) => i));
  const results = new Map<string, Value>();
  const evaluate = (...values: Value[]): Value => {
    const key = encode(values);
    if (results.has(key)) return results.get(key)!;
    if (!run) throw new SqlError('feature_not_supported', 'correlated subqueries are not supported in this statement', { position: node.span.start });
    const row = new Array<Value>(width).fill(null);
    used.forEach((column, i) => (row[column] = values[i]!));
    const rows = run(bind(node.query, new Scope(outer.scope.columns, outer.scope.outer, new OuterRow(row))));
    let result: Value;
    if (node.kind === 'arraySubquery') result = rows.map((r) => r[0] ?? null);
    else if (rows.length > 1) throw new SqlError('cardinality_violation', 'more than one row returned by a subquery used as an expression');
    else result = rows[0]?.[0] ?? null;
    results.set(key, result);
    return result;
  };
  const fn: ResolvedFunction = { name: node.kind === 'arraySubquery' ? 'array_subquery' : 'subquery', argTypes, returnType: type, impl: evaluate, strict: false, volatile: true };
  return { kind: 'call', fn, args: used.map((index) => ({ kind: 'column', index, type: outer.scope.columns[index]!.type })), type };
}
