// Binds queries (SELECT, set operations, VALUES, WITH) into logical plans.
import { isAggregateFunction } from '../expr/aggregate-registry.js';
import { compileExpr } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { conjunction, exprKey, isConstant, mapColumns, transformExpr } from '../expr/expr.js';
import type { Catalog } from '../catalog/catalog.js';
import { systemContext } from '../catalog/system/system-catalog.js';
import type { SystemContext } from '../catalog/system/system-relation.js';
import { sessionInfo } from '../expr/function-registry.js';
import { builtinFunctions } from '../expr/functions/function-listing.js';
import type { ReadAccess } from '../catalog/read-access.js';
import type * as ast from '../sql/ast.js';
import type { DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import { AggregateCollector, WINDOW_BASE, groupingExpr, rewriteOverAggregate } from './bind-aggregate.js';
import { ExprBinder, type ExprHooks } from './bind-expr.js';
import type { SubqueryRunner } from './bind-correlated.js';
import { FromBinder } from './bind-from.js';
import { SubqueryBinder } from './bind-subquery.js';
import { rowCountsThrough } from './bind-system.js';
import { bindWindowCall, WindowCollector } from './bind-window.js';
import { coerce, resolveCommonType, resolveUnknown } from './coerce.js';
import { applyEmitOnWindowClose } from './window-close.js';
import { filter, project, type PlanColumn, type PlanNode, type SortKey } from './plan-node.js';
import { Scope } from './scope.js';

export interface BinderOptions {
  /** Streaming plans (materialized views) refuse what cannot be maintained incrementally. */
  readonly streaming: boolean;
  readonly params?: DataType[];
  /** Runs correlated subqueries of a batch query over its snapshot, once per distinct outer row (see bind-correlated.ts). */
  readonly runSubquery?: SubqueryRunner;
  /** The read rights of a user other than a superuser: grants checked, every scan limited to the user's scope. */
  readonly access?: ReadAccess;
}

/** A bound query: its plan and, for top-level batch queries, the final ORDER BY / LIMIT. */
export interface BoundQuery {
  readonly plan: PlanNode;
  /** Output column names (visible ones first; `plan.columns` may hold extra hidden sort columns after them). */
  readonly scope: Scope;
  readonly visibleCount: number;
  readonly orderBy: readonly SortKey[];
  readonly limit?: number;
  readonly offset?: number;
}

const MAX_LIMIT = 9223372036854775807n;

const isAggregateOrGrouping = (name: string): boolean => name === 'grouping' || isAggregateFunction(name);

/** Binds one statement's queries against the catalog. */
export class QueryBinder {
  readonly from: FromBinder;
  readonly subqueries: SubqueryBinder;
  private systemContext: SystemContext | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly options: BinderOptions,
  ) {
    this.from = new FromBinder(this);
    this.subqueries = new SubqueryBinder(this);
  }

  baseHooks(): ExprHooks {
    return { isAggregate: isAggregateOrGrouping };
  }

  exprBinder(scope: Scope, hooks: ExprHooks = this.baseHooks()): ExprBinder {
    return new ExprBinder(scope, hooks, this.options.params, this.system);
  }

  /**
   * What catalog functions, reg* casts and system relations read: the catalog, the session's identity, the built-in
   * functions and, when the statement runs, its relations' row counts.
   */
  get system(): SystemContext {
    this.systemContext ??= {
      ...systemContext(this.catalog, sessionInfo, this.options.access),
      functions: builtinFunctions(),
      readRowCounts: rowCountsThrough(this.options.runSubquery),
    };
    return this.systemContext;
  }

  /**
   * Binds a query. With `top` (a batch query's outermost level) ORDER BY / LIMIT are returned for the caller
   * to apply; otherwise LIMIT becomes a top-N operator and a bare ORDER BY is dropped (sets have no order).
   */
  bindQuery(query: ast.Query, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>, top = false): BoundQuery {
    const scopeCtes = new Map(ctes);
    for (const cte of query.with) scopeCtes.set(cte.name, cte);
    let body = this.bindSetExpr(query.body, outer, scopeCtes, query.orderBy);
    if (query.emitOnWindowClose) {
      if (!this.options.streaming) {
        throw new SqlError('feature_not_supported', 'EMIT ON WINDOW CLOSE applies to materialized views only', { position: query.span.start });
      }
      body = { ...body, plan: applyEmitOnWindowClose(body.plan, this.catalog, query.span.start) };
    }
    const limit = query.limit ? this.constantCount(query.limit, 'LIMIT') : undefined;
    const offset = query.offset ? this.constantCount(query.offset, 'OFFSET') : undefined;
    if (top && !this.options.streaming) return { ...body, limit, offset };
    if (limit === undefined && offset === undefined) return { ...body, orderBy: [] };
    const topN: PlanNode = {
      kind: 'topN',
      input: body.plan,
      partitionBy: [],
      orderBy: body.orderBy,
      offset: offset ?? 0,
      limit: limit ?? Infinity,
      withTies: false,
      columns: body.plan.columns,
    };
    return { ...body, plan: topN, orderBy: [] };
  }

  private constantCount(expr: ast.Expr, what: string): number {
    const bound = this.exprBinder(new Scope([])).bind(expr);
    if (!isConstant(bound)) {
      throw new SqlError('syntax_error', `argument of ${what} must not contain variables`, { position: expr.span.start });
    }
    const value = compileExpr(coerce(bound, 'int8', expr.span.start))([]);
    if (value === null) return Infinity;
    const n = value as bigint;
    if (n < 0n) throw new SqlError('invalid_parameter_value', `${what} must not be negative`, { position: expr.span.start });
    if (n > MAX_LIMIT) throw new SqlError('numeric_value_out_of_range', 'bigint out of range', { position: expr.span.start });
    return Number(n);
  }

  /** Binds a set expression; `orderBy` is the enclosing query's ORDER BY, resolved against this body's output. */
  bindSetExpr(body: ast.SetExpr, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>, orderBy: readonly ast.OrderItem[]): BoundQuery {
    switch (body.kind) {
      case 'select':
        return this.bindSelect(body, outer, ctes, orderBy);
      case 'query': {
        const inner = this.bindQuery(body, outer, ctes);
        return this.withOrderBy(inner, orderBy);
      }
      case 'values':
        return this.withOrderBy(this.bindValues(body, outer), orderBy);
      case 'setOperation':
        return this.withOrderBy(this.bindSetOperation(body, outer, ctes), orderBy);
    }
  }

  /** ORDER BY over a query's output columns (names or ordinals). */
  private withOrderBy(query: BoundQuery, orderBy: readonly ast.OrderItem[]): BoundQuery {
    if (orderBy.length === 0) return query;
    const binder = this.exprBinder(query.scope);
    const keys = orderBy.map((item) => {
      const ordinal = ordinalOf(item.expr);
      const expr: BoundExpr =
        ordinal !== undefined ? outputColumn(query, ordinal, item.expr.span.start) : binder.bind(item.expr);
      return sortKey(expr, item);
    });
    return { ...query, orderBy: keys };
  }

  bindValues(values: ast.Values, outer: Scope | undefined): BoundQuery {
    const binder = this.exprBinder(new Scope([], outer));
    const rows = values.rows.map((row) => row.map((e) => binder.bind(e)));
    const width = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== width)) {
      throw new SqlError('syntax_error', 'VALUES lists must all be the same length', { position: values.span.start });
    }
    const columns: PlanColumn[] = [];
    const typed: BoundExpr[][] = rows.map(() => []);
    for (let c = 0; c < width; c++) {
      const type = resolveCommonType(rows.map((r) => r[c]!.type), 'VALUES', values.span.start);
      columns.push({ name: `column${c + 1}`, type });
      rows.forEach((r, i) => typed[i]!.push(coerce(r[c]!, type, values.span.start)));
    }
    const scope = new Scope(columns.map((c) => ({ name: c.name, type: c.type, hidden: false })));
    if (typed.every((r) => r.every(isConstant))) {
      const plan: PlanNode = { kind: 'values', rows: typed.map((r) => r.map((e) => compileExpr(e)([]))), columns };
      return { plan, scope, visibleCount: width, orderBy: [] };
    }
    throw new SqlError('feature_not_supported', 'VALUES with non-constant expressions is not supported', { position: values.span.start });
  }

  private bindSetOperation(op: ast.SetOperation, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundQuery {
    let left = this.bindSetExpr(op.left, outer, ctes, []);
    let right = this.bindSetExpr(op.right, outer, ctes, []);
    if (op.corresponding) {
      [left, right] = correspond(left, right, op);
    }
    if (left.visibleCount !== right.visibleCount) {
      throw new SqlError('syntax_error', `each ${op.op.toUpperCase()} query must have the same number of columns`, { position: op.span.start });
    }
    const columns: PlanColumn[] = [];
    const leftExprs: BoundExpr[] = [];
    const rightExprs: BoundExpr[] = [];
    for (let i = 0; i < left.visibleCount; i++) {
      const l = left.plan.columns[i]!;
      const r = right.plan.columns[i]!;
      const type = resolveCommonType([l.type, r.type], op.op.toUpperCase(), op.span.start);
      columns.push({ name: l.name, type });
      leftExprs.push(coerce({ kind: 'column', index: i, type: l.type }, type, op.span.start));
      rightExprs.push(coerce({ kind: 'column', index: i, type: r.type }, type, op.span.start));
    }
    const leftPlan = project(left.plan, leftExprs, columns);
    const rightPlan = project(right.plan, rightExprs, columns);
    let plan: PlanNode;
    if (op.op === 'union') {
      plan = { kind: 'union', inputs: [leftPlan, rightPlan], columns };
      if (!op.all) plan = { kind: 'distinct', input: plan, columns };
    } else {
      plan = { kind: 'setOp', op: op.op, all: op.all, left: leftPlan, right: rightPlan, columns };
    }
    const scope = new Scope(columns.map((c) => ({ name: c.name, type: c.type, hidden: false })));
    return { plan, scope, visibleCount: columns.length, orderBy: [] };
  }

  bindSelect(select: ast.Select, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>, orderBy: readonly ast.OrderItem[]): BoundQuery {
    // FROM, with WHERE conjuncts pushed into comma joins.
    const whereConjuncts = select.where ? splitAstConjuncts(select.where) : [];
    const subqueryConjuncts = whereConjuncts.filter(isSubqueryPredicate);
    const scalarConjuncts = whereConjuncts.filter((c) => !isSubqueryPredicate(c) && findScalarSubqueries(c).length > 0);
    const plainConjuncts = whereConjuncts.filter((c) => !isSubqueryPredicate(c) && !scalarConjuncts.includes(c));
    let { plan, scope } = this.from.bindFromList(select.from, outer, ctes, plainConjuncts);
    for (const predicate of subqueryConjuncts) {
      plan = this.subqueries.applyPredicate(plan, scope, predicate, ctes);
    }
    // Scalar subqueries become columns of a join with their (single) row.
    const scalarNodes = [...scalarConjuncts, ...select.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])), ...(select.having ? [select.having] : [])].flatMap(findScalarSubqueries);
    const scalarColumns = new Map<ast.ScalarSubquery | ast.ArraySubquery, BoundExpr>();
    for (const node of scalarNodes) {
      if (scalarColumns.has(node)) continue;
      const joined = this.subqueries.joinScalar({ plan, scope }, node, ctes);
      plan = joined.plan;
      scope = joined.scope;
      scalarColumns.set(node, joined.column);
    }
    const subqueryHook = (expr: ast.Exists | ast.InSubquery | ast.ScalarSubquery | ast.ArraySubquery | ast.QuantifiedComparison): BoundExpr => {
      const column = expr.kind === 'scalarSubquery' || expr.kind === 'arraySubquery' ? scalarColumns.get(expr) : undefined;
      if (!column) throw new SqlError('feature_not_supported', 'this kind of subquery is not supported here', { hint: 'IN and EXISTS subqueries are supported as conditions of WHERE joined by AND.', position: expr.span.start });
      return column;
    };
    if (scalarConjuncts.length > 0) {
      const whereBinder = this.exprBinder(scope, { ...this.baseHooks(), subquery: subqueryHook });
      plan = filter(plan, conjunction(scalarConjuncts.map((c) => coerce(whereBinder.bind(c), 'boolean', c.span.start)))!);
    }

    // Aggregation.
    const collector = new AggregateCollector(scope, this.baseHooks());
    const windows = new WindowCollector();
    const hooks: ExprHooks = {
      isAggregate: isAggregateOrGrouping,
      aggregate: (call, binder) => collector.bindCall(call, binder),
      window: (call, binder) => bindWindowCall(call, binder, windows, select.windows),
      subquery: subqueryHook,
    };
    const binder = this.exprBinder(scope, hooks);
    const items = this.expandSelectItems(select.items, scope, binder);
    const groupBy = this.bindGroupBy(select.groupBy, scope, binder, items);
    const having = select.having ? coerce(binder.bind(select.having), 'boolean', select.having.span.start) : undefined;
    const orderItems = orderBy.map((item) => this.bindOrderItem(item, items, binder));
    const distinctOn = Array.isArray(select.distinct) ? (select.distinct as readonly ast.Expr[]).map((e) => this.bindOrderExpr(e, items, binder)) : [];

    const aggregating = groupBy.keys.length > 0 || collector.calls.length > 0 || select.groupBy.length > 0 || having !== undefined;
    let rewrite = (e: BoundExpr, _position: number): BoundExpr => e;
    if (aggregating) {
      const aggregated = this.planAggregate(plan, groupBy, collector);
      plan = aggregated.plan;
      const grouping = (call: number, position: number): BoundExpr =>
        groupingExpr(collector.groupingCalls[call]!, aggregated.keyIndex, aggregated.setsById, aggregated.setColumn, position);
      rewrite = (e, position) => rewriteOverAggregate(e, aggregated.keyIndex, aggregated.aggOffset, scope, position, (call) => grouping(call, position));
      if (having) plan = filter(plan, rewrite(having, select.having!.span.start));
    }

    // Window functions, over the (aggregated) rows.
    if (windows.calls.length > 0) {
      const windowed = windows.plan(plan, (e) => rewrite(e, select.span.start));
      plan = windowed;
    }
    const windowOffset = windows.calls.length > 0 ? plan.columns.length - windows.calls.length : 0;
    const finalize = (e: BoundExpr, position: number): BoundExpr =>
      transformExpr(rewrite(e, position), (x) =>
        x.kind === 'column' && x.index >= WINDOW_BASE ? { kind: 'column', index: windowOffset + windows.slotOf(x.index - WINDOW_BASE), type: x.type } : undefined,
      );

    // Projection: visible items, then hidden sort / DISTINCT ON keys not among them.
    const exprs = items.map((item) => resolveUnknown(finalize(item.expr, item.position)));
    const columns: PlanColumn[] = items.map((item, i) => ({ name: item.name, type: exprs[i]!.type }));
    const visibleCount = exprs.length;
    const keyOf = (e: BoundExpr): number => {
      const key = exprKey(e);
      const found = exprs.findIndex((x) => exprKey(x) === key);
      if (found >= 0) return found;
      if (select.distinct === true) {
        throw new SqlError('invalid_parameter_value', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list');
      }
      exprs.push(e);
      columns.push({ name: `?sort${exprs.length}`, type: e.type, hidden: true });
      return exprs.length - 1;
    };
    const sortKeys: SortKey[] = orderItems.map((o) => {
      const index = keyOf(finalize(o.expr, o.position));
      return { expr: { kind: 'column', index, type: exprs[index]!.type }, descending: o.descending, nullsFirst: o.nullsFirst };
    });
    const distinctKeys = distinctOn.map((o) => {
      const index = keyOf(finalize(o.expr, o.position));
      return { kind: 'column', index, type: exprs[index]!.type } as BoundExpr;
    });
    plan = project(plan, exprs, columns);

    if (select.distinct === true) {
      plan = { kind: 'distinct', input: plan, columns };
    } else if (distinctKeys.length > 0) {
      plan = { kind: 'topN', input: plan, partitionBy: distinctKeys, orderBy: sortKeys, offset: 0, limit: 1, withTies: false, columns };
    }
    const outScope = new Scope(columns.map((c) => ({ name: c.name, type: c.type, hidden: c.hidden ?? false })));
    return { plan, scope: outScope, visibleCount, orderBy: sortKeys };
  }

  private expandSelectItems(items: readonly ast.SelectItem[], scope: Scope, binder: ExprBinder): SelectEntry[] {
    const out: SelectEntry[] = [];
    for (const item of items) {
      if (item.kind === 'wildcard') {
        const qualifier = item.qualifier?.[item.qualifier.length - 1];
        for (const index of scope.expandWildcard(qualifier, item.span)) {
          const col = scope.columns[index]!;
          out.push({ expr: { kind: 'column', index, type: col.type }, name: col.name, position: item.span.start });
        }
        continue;
      }
      out.push({ expr: binder.bind(item.expr), name: item.alias ?? columnNameOf(item.expr), position: item.span.start, ast: item.expr });
    }
    return out;
  }

  private bindGroupBy(groupBy: readonly ast.GroupByItem[], scope: Scope, binder: ExprBinder, items: SelectEntry[]): GroupBy {
    const keys: BoundExpr[] = [];
    const keyIndex = new Map<string, number>();
    const add = (expr: ast.Expr): number => {
      const bound = this.bindGroupExpr(expr, scope, binder, items);
      const key = exprKey(bound);
      let index = keyIndex.get(key);
      if (index === undefined) {
        index = keys.length;
        keys.push(bound);
        keyIndex.set(key, index);
      }
      return index;
    };
    const setsOf = (item: ast.GroupByItem): number[][] => {
      switch (item.kind) {
        case 'expr':
          return [[add(item.expr)]];
        case 'rollup': {
          const parts = item.sets.map((set) => set.map(add));
          const out: number[][] = [];
          for (let n = parts.length; n >= 0; n--) out.push(parts.slice(0, n).flat());
          return out;
        }
        case 'cube': {
          const parts = item.sets.map((set) => set.map(add));
          const out: number[][] = [];
          for (let mask = (1 << parts.length) - 1; mask >= 0; mask--) {
            out.push(parts.filter((_, i) => mask & (1 << (parts.length - 1 - i))).flat());
          }
          return out;
        }
        case 'groupingSets':
          return item.sets.flatMap((set) => cross(set.map(setsOf)));
      }
    };
    const perItem = groupBy.map(setsOf);
    const hasSets = groupBy.some((g) => g.kind !== 'expr');
    const sets = hasSets ? cross(perItem).map((s) => [...new Set(s)]) : undefined;
    return { keys, sets };
  }

  /** A GROUP BY item: an ordinal, an output column alias, or an input expression. */
  private bindGroupExpr(expr: ast.Expr, scope: Scope, binder: ExprBinder, items: SelectEntry[]): BoundExpr {
    const ordinal = ordinalOf(expr);
    if (ordinal !== undefined) {
      const item = items[ordinal - 1];
      if (!item) throw new SqlError('invalid_parameter_value', `GROUP BY position ${ordinal} is not in select list`, { position: expr.span.start });
      return item.expr;
    }
    if (expr.kind === 'identifier' && expr.parts.length === 1 && !scope.lookup(expr.parts, expr.span)) {
      const item = items.find((i) => i.name === expr.parts[0]);
      if (item) return item.expr;
    }
    const noAgg = binder.with(scope, this.baseHooks());
    return noAgg.bind(expr);
  }

  private bindOrderItem(item: ast.OrderItem, items: SelectEntry[], binder: ExprBinder): OrderEntry {
    const bound = this.bindOrderExpr(item.expr, items, binder);
    return { ...bound, descending: item.descending, nullsFirst: item.nullsFirst ?? item.descending };
  }

  /** ORDER BY / DISTINCT ON: an ordinal, an output name, else an expression over the input. */
  private bindOrderExpr(expr: ast.Expr, items: SelectEntry[], binder: ExprBinder): { expr: BoundExpr; position: number } {
    const ordinal = ordinalOf(expr);
    if (ordinal !== undefined) {
      const item = items[ordinal - 1];
      if (!item) throw new SqlError('invalid_parameter_value', `ORDER BY position ${ordinal} is not in select list`, { position: expr.span.start });
      return { expr: item.expr, position: expr.span.start };
    }
    if (expr.kind === 'identifier' && expr.parts.length === 1) {
      const matches = items.filter((i) => i.name === expr.parts[0]);
      if (matches.length === 1 || (matches.length > 1 && matches.every((m) => exprKey(m.expr) === exprKey(matches[0]!.expr)))) {
        return { expr: matches[0]!.expr, position: expr.span.start };
      }
    }
    return { expr: binder.bind(expr), position: expr.span.start };
  }

  private planAggregate(input: PlanNode, groupBy: GroupBy, collector: AggregateCollector): AggregatePlan {
    const keyIndex = new Map<string, number>();
    groupBy.keys.forEach((k, i) => keyIndex.set(exprKey(k), i));
    const keyColumns: PlanColumn[] = groupBy.keys.map((k, i) => ({ name: `?key${i}`, type: k.type }));
    const aggColumns: PlanColumn[] = collector.calls.map((c, i) => ({ name: `?agg${i}`, type: c.type }));
    if (!groupBy.sets) {
      const plan: PlanNode = {
        kind: 'aggregate',
        input,
        groupKeys: groupBy.keys,
        aggregates: collector.calls,
        global: groupBy.keys.length === 0,
        columns: [...keyColumns, ...aggColumns],
      };
      return { plan, keyIndex, aggOffset: groupBy.keys.length, setsById: [] };
    }
    // Grouping sets: project [keys..., input columns...], expand per set, group by keys + set id.
    // The empty set () is a global aggregate (one row even over no input), planned apart and unioned.
    const n = groupBy.keys.length;
    const width = input.columns.length;
    const outColumns: PlanColumn[] = [...keyColumns, { name: '?set', type: 'int8', hidden: true }, ...aggColumns];
    const nonEmpty = groupBy.sets.map((set, setIdx) => ({ set, setIdx })).filter((s) => s.set.length > 0);
    const parts: PlanNode[] = [];
    if (nonEmpty.length > 0) {
      const projected = project(
        input,
        [...groupBy.keys, ...input.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type }))],
        [...keyColumns, ...input.columns],
      );
      const rest = Array.from({ length: width }, (_, i) => n + i);
      const expand: PlanNode = {
        kind: 'expand',
        input: projected,
        sets: nonEmpty.map(({ set }) => [...set, ...rest]),
        columns: [...projected.columns, { name: '?set', type: 'int8' }],
      };
      const shift = (e: BoundExpr): BoundExpr => mapColumns(e, (index, type) => ({ kind: 'column', index: index + n, type }));
      const aggregates = collector.calls.map((c) => ({ ...c, args: c.args.map(shift), filter: c.filter && shift(c.filter) }));
      const groupKeys: BoundExpr[] = [...keyColumns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })), { kind: 'column', index: n + width, type: 'int8' }];
      parts.push({ kind: 'aggregate', input: expand, groupKeys, aggregates, global: false, columns: outColumns });
    }
    groupBy.sets.forEach((set, setIdx) => {
      if (set.length > 0) return;
      const total: PlanNode = { kind: 'aggregate', input, groupKeys: [], aggregates: collector.calls, global: true, columns: aggColumns };
      const exprs: BoundExpr[] = [
        ...keyColumns.map((c): BoundExpr => ({ kind: 'literal', value: null, type: c.type })),
        { kind: 'literal', value: BigInt(nonEmpty.length + setIdx), type: 'int8' },
        ...aggColumns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })),
      ];
      parts.push(project(total, exprs, outColumns));
    });
    const plan: PlanNode = parts.length === 1 ? parts[0]! : { kind: 'union', inputs: parts, columns: outColumns };
    const setsById: number[][] = nonEmpty.map(({ set }) => set);
    groupBy.sets.forEach((set, setIdx) => {
      if (set.length === 0) setsById[nonEmpty.length + setIdx] = [];
    });
    return { plan, keyIndex, aggOffset: n + 1, setsById, setColumn: n };
  }
}

interface AggregatePlan {
  readonly plan: PlanNode;
  /** Group key expression (by exprKey) -> its column in the aggregate's output. */
  readonly keyIndex: Map<string, number>;
  readonly aggOffset: number;
  /** Grouping sets by set id (key indexes kept), and the output column holding the set id. */
  readonly setsById: readonly (readonly number[])[];
  readonly setColumn?: number;
}

interface SelectEntry {
  readonly expr: BoundExpr;
  readonly name: string;
  readonly position: number;
  readonly ast?: ast.Expr;
}

interface OrderEntry {
  readonly expr: BoundExpr;
  readonly position: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

interface GroupBy {
  readonly keys: BoundExpr[];
  readonly sets?: number[][];
}

function cross(lists: number[][][]): number[][] {
  return lists.reduce<number[][]>((acc, sets) => acc.flatMap((a) => sets.map((s) => [...a, ...s])), [[]]);
}

function sortKey(expr: BoundExpr, item: ast.OrderItem): SortKey {
  return { expr, descending: item.descending, nullsFirst: item.nullsFirst ?? item.descending };
}

function ordinalOf(expr: ast.Expr): number | undefined {
  return expr.kind === 'literal' && expr.value.type === 'number' && /^\d+$/.test(expr.value.text) ? Number(expr.value.text) : undefined;
}

function outputColumn(query: BoundQuery, ordinal: number, position: number): BoundExpr {
  const col = query.plan.columns[ordinal - 1];
  if (!col || ordinal > query.visibleCount) {
    throw new SqlError('invalid_parameter_value', `ORDER BY position ${ordinal} is not in select list`, { position });
  }
  return { kind: 'column', index: ordinal - 1, type: col.type };
}

/** The output name PostgreSQL gives an unaliased select item. */
export function columnNameOf(expr: ast.Expr): string {
  switch (expr.kind) {
    case 'identifier':
      return expr.parts[expr.parts.length - 1]!;
    case 'function':
      return expr.name.parts[expr.name.parts.length - 1]!;
    case 'cast':
      return expr.expr.kind === 'literal' || expr.expr.kind === 'typedLiteral' ? typeColumnName(expr.type.name) : columnNameOf(expr.expr);
    case 'typedLiteral':
      return typeColumnName(expr.type.name);
    case 'intervalLiteral':
      return 'interval';
    case 'case':
      return 'case';
    case 'extract':
      return 'extract';
    case 'exists':
      return 'exists';
    case 'array':
    case 'arraySubquery':
      return 'array';
    case 'scalarSubquery': {
      const body = expr.query.body;
      if (body.kind === 'select' && body.items.length === 1 && body.items[0]!.kind === 'expr') {
        const item = body.items[0] as { expr: ast.Expr; alias?: string };
        return item.alias ?? columnNameOf(item.expr);
      }
      return '?column?';
    }
    default:
      return '?column?';
  }
}

function typeColumnName(name: string): string {
  const map: Record<string, string> = { int: 'int4', integer: 'int4', bigint: 'int8', smallint: 'int2', 'double precision': 'float8', real: 'float4', decimal: 'numeric', 'timestamp with time zone': 'timestamptz', 'timestamp without time zone': 'timestamp', 'character varying': 'varchar', string: 'varchar', text: 'text', boolean: 'bool' };
  return map[name] ?? name;
}

function splitAstConjuncts(expr: ast.Expr): ast.Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...splitAstConjuncts(expr.left), ...splitAstConjuncts(expr.right)];
  return [expr];
}

/** Scalar and ARRAY subqueries of an expression, not looking inside nested queries. */
function findScalarSubqueries(expr: ast.Expr): (ast.ScalarSubquery | ast.ArraySubquery)[] {
  const found: (ast.ScalarSubquery | ast.ArraySubquery)[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const kind = (node as { kind?: string }).kind;
    if (kind === 'scalarSubquery' || kind === 'arraySubquery') {
      found.push(node as ast.ScalarSubquery | ast.ArraySubquery);
      return;
    }
    if (kind === 'query' || kind === 'exists' || kind === 'inSubquery') return;
    for (const value of Object.values(node)) visit(value);
  };
  visit(expr);
  return found;
}

function isSubqueryPredicate(expr: ast.Expr): boolean {
  if (expr.kind === 'unary' && expr.op === 'not') return isSubqueryPredicate(expr.operand);
  return expr.kind === 'exists' || expr.kind === 'inSubquery';
}

/** UNION CORRESPONDING [BY (...)]: keeps the named (or all common) columns, in the left side's (or BY's) order. */
function correspond(left: BoundQuery, right: BoundQuery, op: ast.SetOperation): [BoundQuery, BoundQuery] {
  const leftNames = left.plan.columns.slice(0, left.visibleCount).map((c) => c.name);
  const rightNames = right.plan.columns.slice(0, right.visibleCount).map((c) => c.name);
  let names: string[];
  if (op.corresponding === true) {
    names = leftNames.filter((n) => rightNames.includes(n));
    if (names.length === 0) {
      throw new SqlError('syntax_error', `when CORRESPONDING is specified, at least one column of the left side shall have a column name that is the column name of some column of the right side in a ${op.op.toUpperCase()} operation`, {
        detail: `Left side query column list: (${leftNames.map((n) => `"${n}"`).join(', ')}). Right side query column list: (${rightNames.map((n) => `"${n}"`).join(', ')}).`,
        position: op.span.start,
      });
    }
  } else {
    names = [...(op.corresponding ?? [])];
    for (const n of names) {
      if (!leftNames.includes(n) || !rightNames.includes(n)) {
        throw new SqlError('syntax_error', `column name "${n}" in CORRESPONDING BY is not found in a side of the ${op.op.toUpperCase()} operation`, {
          hint: 'It shall be included in both sides.',
          position: op.span.start,
        });
      }
    }
  }
  const pick = (q: BoundQuery, available: string[]): BoundQuery => {
    const exprs = names.map((n): BoundExpr => {
      const i = available.indexOf(n);
      return { kind: 'column', index: i, type: q.plan.columns[i]!.type };
    });
    const columns = names.map((n, i) => ({ name: n, type: exprs[i]!.type }));
    return { plan: project(q.plan, exprs, columns), scope: new Scope(columns.map((c) => ({ ...c, hidden: false }))), visibleCount: names.length, orderBy: [] };
  };
  return [pick(left, leftNames), pick(right, rightNames)];
}

