// Aggregation in SELECT: collects aggregate calls and rewrites expressions over the aggregate's output.
import { resolveAggregate } from '../expr/aggregate-registry.js';
import type { BoundExpr } from '../expr/expr.js';
import { exprKey, transformExpr } from '../expr/expr.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import type { Value } from '../types/value.js';
import { compileExpr } from '../expr/compile.js';
import { isConstant } from '../expr/expr.js';
import type { AggregateCall } from './plan-node.js';
import type { ExprBinder, ExprHooks } from './bind-expr.js';
import { coerce } from './coerce.js';
import type { Scope } from './scope.js';
import { OUTER_BASE } from './scope.js';

/** Placeholders for aggregate results inside bound expressions, before the rewrite. */
export const AGG_BASE = 1 << 25;
/** Placeholders for window function results. */
export const WINDOW_BASE = 1 << 26;
/** Placeholders for GROUPING(...) calls. */
export const GROUPING_BASE = 1 << 27;

/** Collects the aggregate calls of one SELECT. */
export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  /** Arguments of each GROUPING(...) call, over the input row. */
  readonly groupingCalls: BoundExpr[][] = [];
  private readonly byKey = new Map<string, number>();

  constructor(private readonly inputScope: Scope, private readonly baseHooks: ExprHooks) {}

  /** The hook the expression binder calls for `agg(...)`. */
  bindCall(call: ast.FunctionCall, binder: ExprBinder): BoundExpr {
    const name = call.name.parts[call.name.parts.length - 1]!;
    // Arguments of an aggregate see the input rows, and may not nest aggregates.
    const inner = binder.with(this.inputScope, { ...this.baseHooks, aggregate: undefined, window: undefined });
    if (name === 'grouping') {
      if (call.args.length === 0 || call.args.length > 31) throw new SqlError('syntax_error', 'GROUPING must have between 1 and 31 arguments', { position: call.span.start });
      this.groupingCalls.push(call.args.map((a) => inner.bind(a)));
      return { kind: 'column', index: GROUPING_BASE + this.groupingCalls.length - 1, type: 'int4' };
    }
    const args = call.star ? [] : call.args.map((a) => inner.bind(a));
    const ordered = call.withinGroup.length > 0 ? call.withinGroup : call.orderBy;
    const orderExprs = ordered.map((o) => inner.bind(o.expr));
    let directArgs: Value[] = [];
    let valueArgs = args;
    if (call.withinGroup.length > 0) {
      directArgs = args.map((a) => {
        if (!isConstant(a)) throw new SqlError('feature_not_supported', `direct arguments of ${name} must be constants`, { position: call.span.start });
        return compileExpr(coerce(a, a.type === 'unknown' ? 'float8' : a.type))([]);
      });
      valueArgs = [];
    }
    const aggregate = resolveAggregate(name, valueArgs.map((a) => a.type), {
      distinct: call.distinct,
      orderBy: ordered.map((o, i) => ({ type: orderExprs[i]!.type, descending: o.descending, nullsFirst: o.nullsFirst ?? o.descending })),
      directArgs,
    });
    const allArgs = call.withinGroup.length > 0 ? orderExprs : [...valueArgs, ...orderExprs];
    const castArgs = allArgs.map((a, i) => coerce(a, aggregate.argTypes[i] ?? a.type, call.span.start));
    const filter = call.filter ? coerce(inner.bind(call.filter), 'boolean', call.filter.span.start) : undefined;
    const entry: AggregateCall = { aggregate, args: castArgs, distinct: call.distinct, filter, type: aggregate.returnType };
    const key = `${name}|${call.distinct}|${castArgs.map(exprKey).join(',')}|${filter ? exprKey(filter) : ''}|${directArgs.map(String).join(',')}|${ordered.map((o) => `${o.descending}${o.nullsFirst}`).join(',')}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.calls.length;
      this.calls.push(entry);
      this.byKey.set(key, index);
    }
    return { kind: 'column', index: AGG_BASE + index, type: aggregate.returnType };
  }
}

/**
 * Rewrites an expression bound over the aggregate's input into one over its output row
 * `[group keys..., (set id), aggregates...]`. Reports input columns used outside aggregates and keys.
 */
/**
 * GROUPING(args) over the aggregate's output: bit i (from the left) is 1 when argument i is not grouped in the
 * row's grouping set, read from the set id column (`setColumn`, absent without grouping sets).
 */
export function groupingExpr(args: readonly BoundExpr[], groupKeyIndex: ReadonlyMap<string, number>, setsById: readonly (readonly number[])[], setColumn: number | undefined, position: number): BoundExpr {
  const keys = args.map((a) => {
    const index = groupKeyIndex.get(exprKey(a));
    if (index === undefined) throw new SqlError('grouping_error', 'arguments to GROUPING must be grouping expressions of the associated query level', { position });
    return index;
  });
  if (setColumn === undefined) return { kind: 'literal', value: 0, type: 'int4' };
  const masks = setsById.map((set) => keys.reduce((mask, key) => (mask << 1) | (set.includes(key) ? 0 : 1), 0));
  const fn = { name: 'grouping', argTypes: ['int8' as const], returnType: 'int4' as const, impl: (id: Value) => masks[Number(id)] ?? null, strict: true };
  return { kind: 'call', fn, args: [{ kind: 'column', index: setColumn, type: 'int8' }], type: 'int4' };
}

export function rewriteOverAggregate(
  expr: BoundExpr,
  groupKeyIndex: ReadonlyMap<string, number>,
  aggOffset: number,
  inputScope: Scope,
  position: number,
  grouping: (call: number) => BoundExpr,
): BoundExpr {
  return transformExpr(expr, (e) => {
    const keyIndex = groupKeyIndex.get(exprKey(e));
    if (keyIndex !== undefined) return { kind: 'column', index: keyIndex, type: e.type };
    if (e.kind !== 'column') return undefined;
    if (e.index >= GROUPING_BASE) return grouping(e.index - GROUPING_BASE);
    if (e.index >= WINDOW_BASE) return e;
    if (e.index >= AGG_BASE) return { kind: 'column', index: aggOffset + (e.index - AGG_BASE), type: e.type };
    if (e.index >= OUTER_BASE) return e;
    const col = inputScope.columns[e.index];
    const name = col ? (col.qualifier ? `${col.qualifier}.${col.name}` : col.name) : `#${e.index}`;
    throw new SqlError('grouping_error', `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`, { position });
  });
}
