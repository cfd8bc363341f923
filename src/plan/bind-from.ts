// Binds FROM: relations, subqueries, joins, TUMBLE/HOP windows and table functions.
import { compileExpr } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { conjunction, conjuncts as splitConjuncts, forEachColumn, isConstant } from '../expr/expr.js';
import { resolveFunction } from '../expr/function-registry.js';
import { resolveSystemRelation } from '../catalog/system/system-catalog.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import { Interval } from '../types/interval.js';
import { tumbleWindowBound } from '../types/time-window.js';
import type { Value } from '../types/value.js';
import { checkGrant, scopePredicate } from './bind-access.js';
import type { QueryBinder } from './bind-query.js';
import { bindSystemScan } from './bind-system.js';
import { coerce } from './coerce.js';
import { splitJoinCondition } from './join-condition.js';
import { filter, project, type PlanColumn, type PlanNode } from './plan-node.js';
import { Scope } from './scope.js';
import type { ScopeColumn } from './scope.js';

export interface BoundRelation {
  readonly plan: PlanNode;
  readonly scope: Scope;
}

const MICROS_PER_DAY = 86_400_000_000n;

/** Binds FROM clauses for one QueryBinder. */
export class FromBinder {
  /** Views being expanded: what they read needs no grant of its own, as in PostgreSQL (scopes still apply). */
  private viewDepth = 0;

  constructor(private readonly query: QueryBinder) {}

  /**
   * Binds a FROM list and the plain WHERE conjuncts. Comma-separated items are joined left to right, each
   * join taking the conjuncts that connect it, so that `FROM a, b WHERE a.x = b.y` is an equi-join.
   */
  bindFromList(items: readonly ast.TableRef[], outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>, where: readonly ast.Expr[]): BoundRelation {
    if (items.length === 0) {
      const empty: PlanNode = { kind: 'values', rows: [[]], columns: [] };
      const scope = new Scope([], outer);
      return this.applyWhere({ plan: empty, scope }, where);
    }
    const relations = items.map((item) => this.bindTableRef(item, outer, ctes));
    const allScope = new Scope(relations.flatMap((r) => r.scope.columns), outer);
    const binder = this.query.exprBinder(allScope);
    let pending = where.flatMap((w) => splitConjuncts(coerce(binder.bind(w), 'boolean', w.span.start)));
    let current = relations[0]!;
    let width = current.plan.columns.length;
    for (let i = 1; i < relations.length; i++) {
      const next = relations[i]!;
      const nextWidth = width + next.plan.columns.length;
      const usable = pending.filter((c) => maxColumn(c) < nextWidth);
      pending = pending.filter((c) => !usable.includes(c));
      current = this.join(current, next, 'inner', usable, items[i]!);
      width = nextWidth;
    }
    const scope = allScope;
    const plan = pending.length > 0 ? filter(current.plan, conjunction(pending)!) : current.plan;
    return { plan, scope };
  }

  private applyWhere(rel: BoundRelation, where: readonly ast.Expr[]): BoundRelation {
    if (where.length === 0) return rel;
    const binder = this.query.exprBinder(rel.scope);
    const predicate = conjunction(where.map((w) => coerce(binder.bind(w), 'boolean', w.span.start)))!;
    return { plan: filter(rel.plan, predicate), scope: rel.scope };
  }

  bindTableRef(ref: ast.TableRef, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    switch (ref.kind) {
      case 'table':
        return this.bindNamed(ref.name, ref.alias, outer, ctes);
      case 'subquery': {
        const bound = this.query.bindQuery(ref.query, ref.lateral ? outer : undefined, ctes);
        const visible = bound.plan.columns.slice(0, bound.visibleCount);
        const plan = bound.visibleCount === bound.plan.columns.length ? bound.plan : project(bound.plan, visible.map((c, i) => ({ kind: 'column', index: i, type: c.type })), visible);
        const scope = new Scope(visible.map((c) => ({ name: c.name, type: c.type, hidden: false })), outer);
        return { plan, scope: scope.requalify(ref.alias?.name, ref.alias?.columns) };
      }
      case 'function':
        return this.bindFunction(ref, outer, ctes);
      case 'join':
        return this.bindJoin(ref, outer, ctes);
    }
  }

  private bindNamed(name: ast.ObjectName, alias: ast.TableAlias | undefined, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    const relName = name.parts[name.parts.length - 1]!;
    const qualifier = alias?.name ?? relName;
    const cte = name.parts.length === 1 ? ctes.get(relName) : undefined;
    if (cte) {
      const rest = new Map(ctes);
      rest.delete(relName);
      const bound = this.query.bindQuery(cte.query, undefined, rest);
      const visible = bound.plan.columns.slice(0, bound.visibleCount);
      const scope = new Scope(visible.map((c) => ({ name: c.name, type: c.type, hidden: false })), outer);
      return { plan: bound.plan, scope: scope.requalify(qualifier, alias?.columns ?? cte.columns) };
    }
    const system = resolveSystemRelation(name.parts, this.query.catalog);
    if (system && 'schema' in system) return bindSystemScan(system, alias, outer, this.query.options.streaming, name.span.start);
    const entry = system ? undefined : this.query.catalog.relation(relName);
    if (!entry) {
      throw new SqlError('undefined_table', `relation "${name.parts.join('.')}" does not exist`, { position: name.span.start });
    }
    const access = this.query.options.access;
    if (access && this.viewDepth === 0) checkGrant(access, entry, name.span.start);
    if (entry.kind === 'view') {
      this.viewDepth++;
      let bound;
      try {
        bound = this.query.bindQuery(entry.query, undefined, new Map());
      } finally {
        this.viewDepth--;
      }
      const visible = bound.plan.columns.slice(0, bound.visibleCount);
      const scope = new Scope(visible.map((c, i) => ({ name: entry.columns[i]?.name ?? c.name, type: c.type, hidden: false })), outer);
      return { plan: bound.plan, scope: scope.requalify(qualifier, alias?.columns) };
    }
    const columns: PlanColumn[] = entry.columns.map((c) => ({ name: c.name, type: c.type, hidden: c.hidden }));
    const rowFilter = access && scopePredicate(access, entry, name.span.start);
    const plan: PlanNode = rowFilter ? { kind: 'scan', relation: entry.name, columns, rowFilter } : { kind: 'scan', relation: entry.name, columns };
    const scopeColumns: ScopeColumn[] = entry.columns.map((c, i) => ({
      qualifier,
      name: c.hidden ? c.name : (alias?.columns?.[i] ?? c.name),
      type: c.type,
      hidden: c.hidden ?? false,
    }));
    return { plan, scope: new Scope(scopeColumns, outer) };
  }

  private bindJoin(ref: ast.JoinRef, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    const left = this.bindTableRef(ref.left, outer, ctes);
    const right = this.bindTableRef(ref.right, outer, ctes);
    const combined = new Scope([...left.scope.columns, ...right.scope.columns], outer);
    const leftWidth = left.plan.columns.length;
    let usingNames: readonly string[] | undefined = ref.using;
    if (ref.natural) {
      const rightNames = new Set(right.scope.columns.filter((c) => !c.hidden && !c.qualifiedOnly).map((c) => c.name));
      usingNames = left.scope.columns.filter((c) => !c.hidden && !c.qualifiedOnly && rightNames.has(c.name)).map((c) => c.name);
    }
    let conditions: BoundExpr[] = [];
    const binder = this.query.exprBinder(combined);
    if (usingNames) {
      for (const name of usingNames) {
        const l = left.scope.lookup([name], ref.span);
        const r = right.scope.lookup([name], ref.span);
        if (!l || !r) throw new SqlError('undefined_column', `column "${name}" specified in USING clause does not exist in ${l ? 'right' : 'left'} table`, { position: ref.span.start });
        conditions.push(binder.comparison('=', { kind: 'column', index: l.index, type: l.type }, { kind: 'column', index: leftWidth + r.index, type: r.type }, ref.span.start));
      }
    } else if (ref.on) {
      conditions = splitConjuncts(coerce(binder.bind(ref.on), 'boolean', ref.on.span.start));
    }
    const joinType = ref.joinType === 'cross' ? 'inner' : ref.joinType;
    const joined = this.join(left, right, joinType, conditions, ref);
    if (!usingNames || usingNames.length === 0) return joined;
    // USING / NATURAL: one output column per common name (COALESCE for full joins), then the rest. Each side's
    // own column of a common name stays, reachable as `a.k` and in `a.*` only (PostgreSQL's rules).
    const exprs: BoundExpr[] = [];
    const scopeColumns: ScopeColumn[] = [];
    const skip = new Set<number>();
    for (const name of usingNames) {
      const l = left.scope.lookup([name], ref.span)!;
      const r = right.scope.lookup([name], ref.span)!;
      skip.add(l.index);
      skip.add(leftWidth + r.index);
      const lc: BoundExpr = { kind: 'column', index: l.index, type: l.type };
      const rc: BoundExpr = { kind: 'column', index: leftWidth + r.index, type: r.type };
      const type = l.type;
      const expr: BoundExpr =
        joinType === 'right' ? coerce(rc, type) : joinType === 'full' ? { kind: 'coalesce', args: [lc, coerce(rc, type)], type } : lc;
      exprs.push(expr);
      scopeColumns.push({ name, type, hidden: false });
    }
    combined.columns.forEach((c, i) => {
      exprs.push({ kind: 'column', index: i, type: c.type });
      scopeColumns.push(skip.has(i) ? { ...c, qualifiedOnly: true } : c);
    });
    const columns = scopeColumns.map((c) => ({ name: c.name, type: c.type, hidden: c.hidden }));
    return { plan: project(joined.plan, exprs, columns), scope: new Scope(scopeColumns, outer) };
  }

  /** Joins two relations on conjuncts over their concatenated columns. */
  join(left: BoundRelation, right: BoundRelation, joinType: 'inner' | 'left' | 'right' | 'full', conditions: readonly BoundExpr[], at: { span: ast.Span }): BoundRelation {
    const leftWidth = left.plan.columns.length;
    const split = splitJoinCondition(conditions, leftWidth);
    if (split.leftKeys.length === 0 && this.query.options.streaming && !isSingleRow(left.plan) && !isSingleRow(right.plan)) {
      throw new SqlError('feature_not_supported', 'streaming nested-loop join is not supported', {
        hint: 'Add an equality condition between the two sides to the join, or query the tables in a batch SELECT.',
        position: at.span.start,
      });
    }
    const scope = new Scope([...left.scope.columns, ...right.scope.columns], left.scope.outer);
    const columns = [...left.plan.columns, ...right.plan.columns].map((c, i) => ({
      ...c,
      name: scope.columns[i]?.name ?? c.name,
    }));
    const plan: PlanNode = { kind: 'join', joinType, left: left.plan, right: right.plan, leftKeys: split.leftKeys, rightKeys: split.rightKeys, condition: split.residual, columns };
    return { plan, scope };
  }

  private bindFunction(ref: Extract<ast.TableRef, { kind: 'function' }>, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    const name = ref.name.toLowerCase().replace(/^pg_catalog\./, '');
    if (name === 'tumble' || name === 'hop') return this.bindTimeWindow(ref, name, outer, ctes);
    if (name === 'session') return this.bindSessionWindow(ref, outer, ctes);
    const binder = this.query.exprBinder(new Scope([], outer));
    const args = ref.args.map((a) => binder.bind(a));
    if (!args.every(isConstant)) {
      throw new SqlError('feature_not_supported', `table function ${name} with non-constant arguments is not supported`, { position: ref.span.start });
    }
    const values = args.map((a) => compileExpr(a)([]));
    let rows: Value[][];
    let type = args[0]?.type ?? 'int4';
    if (name === 'range' || name === 'generate_series') {
      const inclusive = name === 'generate_series';
      const ints = values.map((v) => (v === null ? null : BigInt(v as number | bigint)));
      const [start, stop, step = 1n] = ints;
      rows = [];
      if (start !== null && start !== undefined && stop !== null && stop !== undefined && step !== null) {
        if (step === 0n) throw new SqlError('invalid_parameter_value', 'step size cannot equal zero', { position: ref.span.start });
        for (let v = start; step > 0n ? (inclusive ? v <= stop : v < stop) : inclusive ? v >= stop : v > stop; v += step) {
          rows.push([type === 'int8' ? v : Number(v)]);
        }
      }
    } else if (name === 'unnest') {
      const array = values[0];
      type = type.endsWith('[]') ? (type.slice(0, -2) as typeof type) : type;
      rows = array === null ? [] : (array as readonly Value[]).map((v) => [v]);
    } else {
      const fn = resolveFunction(name, args.map((a) => a.type));
      const call = binder.call(fn, args, ref.span.start);
      type = call.type;
      rows = [[compileExpr(call)([])]];
    }
    // A function returning a scalar names its column after the alias, as in PostgreSQL (`unnest(a) x` has x).
    const colName = ref.alias?.columns?.[0] ?? ref.alias?.name ?? name;
    const columns: PlanColumn[] = [{ name: colName, type }];
    const scope = new Scope([{ name: colName, type, hidden: false, qualifier: ref.alias?.name ?? name }], outer);
    return { plan: { kind: 'values', rows, columns }, scope };
  }

  /** TUMBLE(t, col, size [, offset]) and HOP(t, col, slide, size [, offset]): the relation plus window_start, window_end. */
  private bindTimeWindow(ref: Extract<ast.TableRef, { kind: 'function' }>, name: string, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    const [relArg, timeArg, ...rest] = ref.args;
    if (!relArg || relArg.kind !== 'identifier' || !timeArg) {
      throw new SqlError('syntax_error', `${name.toUpperCase()} expects a relation, a time column and interval arguments`, { position: ref.span.start });
    }
    const relName: ast.ObjectName = { parts: relArg.parts, span: relArg.span };
    // The time column is named through the relation (`bid.date_time`); the output through the alias.
    const unaliased = this.bindNamed(relName, undefined, outer, ctes);
    const time = this.query.exprBinder(unaliased.scope).bind(timeArg);
    const base = ref.alias ? { plan: unaliased.plan, scope: unaliased.scope.requalify(ref.alias.name) } : unaliased;
    if (time.kind !== 'column' || (time.type !== 'timestamp' && time.type !== 'timestamptz' && time.type !== 'date')) {
      throw new SqlError('datatype_mismatch', `the time column of ${name.toUpperCase()} must be of type timestamp or timestamp with time zone`, { position: timeArg.span.start });
    }
    const intervals = rest.map((a) => this.intervalMicros(a, name));
    const type = time.type === 'date' ? 'timestamp' : time.type;
    const timeExpr = time.type === 'date' ? coerce(time, 'timestamp') : time;
    const width = base.plan.columns.length;
    const outColumns: PlanColumn[] = [...base.plan.columns, { name: 'window_start', type }, { name: 'window_end', type }];
    const scopeColumns: ScopeColumn[] = [
      ...base.scope.columns,
      { name: 'window_start', type, hidden: false, qualifier: base.scope.columns[0]?.qualifier },
      { name: 'window_end', type, hidden: false, qualifier: base.scope.columns[0]?.qualifier },
    ];
    if (name === 'tumble') {
      const [size, offset = 0n] = intervals;
      if (size === undefined) throw new SqlError('syntax_error', 'TUMBLE requires a window size', { position: ref.span.start });
      const startFn = windowFunction('tumble_start', type, tumbleWindowBound(size, offset, 'start') as (t: Value) => Value, { edge: 'start', size, offset });
      const start: BoundExpr = { kind: 'call', fn: startFn, args: [timeExpr], type };
      const endFn = windowFunction('tumble_end', type, tumbleWindowBound(size, offset, 'end') as (t: Value) => Value, { edge: 'end', size, offset });
      const end: BoundExpr = { kind: 'call', fn: endFn, args: [timeExpr], type };
      const exprs: BoundExpr[] = [...base.plan.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })), start, end];
      return { plan: project(base.plan, exprs, outColumns), scope: new Scope(scopeColumns, outer) };
    }
    const [slide, size, offset = 0n] = intervals;
    if (slide === undefined || size === undefined) throw new SqlError('syntax_error', 'HOP requires a slide and a window size', { position: ref.span.start });
    let input = base.plan;
    let timeIndex = time.index;
    if (time.type === 'date') {
      input = project(input, [...input.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })), timeExpr], [...input.columns, { name: '?time', type, hidden: true }]);
      timeIndex = width;
    }
    const hop: PlanNode = { kind: 'hop', input, timeIndex, slide, size, offset, columns: [...input.columns, { name: 'window_start', type }, { name: 'window_end', type }] };
    const plan = time.type === 'date' ? project(hop, outColumns.map((c, i): BoundExpr => ({ kind: 'column', index: i < width ? i : i + 1, type: c.type })), outColumns) : hop;
    return { plan, scope: new Scope(scopeColumns, outer) };
  }

  /**
   * SESSION(t, col, gap [, key, ...]): the relation plus window_start and window_end of each row's session, the
   * sessions of rows with equal keys (all rows without keys) split where times are `gap` or more apart.
   */
  private bindSessionWindow(ref: Extract<ast.TableRef, { kind: 'function' }>, outer: Scope | undefined, ctes: ReadonlyMap<string, ast.Cte>): BoundRelation {
    const [relArg, timeArg, gapArg, ...keyArgs] = ref.args;
    if (!relArg || relArg.kind !== 'identifier' || !timeArg || !gapArg) {
      throw new SqlError('syntax_error', 'SESSION expects a relation, a time column, a gap interval and optional key columns', { position: ref.span.start });
    }
    const unaliased = this.bindNamed({ parts: relArg.parts, span: relArg.span }, undefined, outer, ctes);
    const binder = this.query.exprBinder(unaliased.scope);
    const time = binder.bind(timeArg);
    if (time.kind !== 'column' || (time.type !== 'timestamp' && time.type !== 'timestamptz' && time.type !== 'date')) {
      throw new SqlError('datatype_mismatch', 'the time column of SESSION must be of type timestamp or timestamp with time zone', { position: timeArg.span.start });
    }
    const gap = this.intervalMicros(gapArg, 'session');
    if (gap <= 0n) throw new SqlError('invalid_parameter_value', 'the gap of SESSION must be positive', { position: gapArg.span.start });
    const partitionBy = keyArgs.map((arg) => binder.bind(arg));
    const base = ref.alias ? { plan: unaliased.plan, scope: unaliased.scope.requalify(ref.alias.name) } : unaliased;
    const type = time.type === 'date' ? 'timestamp' : time.type;
    const width = base.plan.columns.length;
    const bounds: PlanColumn[] = [{ name: 'window_start', type }, { name: 'window_end', type }];
    const scopeColumns: ScopeColumn[] = [...base.scope.columns, ...bounds.map((c) => ({ ...c, hidden: false, qualifier: base.scope.columns[0]?.qualifier }))];
    let input = base.plan;
    let timeIndex = time.index;
    if (time.type === 'date') {
      // As HOP: the session runs over the time as a timestamp, appended as a hidden column and projected away.
      const columnRefs = input.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type }));
      input = project(input, [...columnRefs, coerce(time, 'timestamp')], [...input.columns, { name: '?time', type, hidden: true }]);
      timeIndex = width;
    }
    const session: PlanNode = { kind: 'session', input, timeIndex, gap, partitionBy, columns: [...input.columns, ...bounds] };
    const outColumns = [...base.plan.columns, ...bounds];
    const plan = time.type === 'date' ? project(session, outColumns.map((c, i): BoundExpr => ({ kind: 'column', index: i < width ? i : i + 1, type: c.type })), outColumns) : session;
    return { plan, scope: new Scope(scopeColumns, outer) };
  }

  private intervalMicros(arg: ast.Expr, fn: string): bigint {
    const bound = this.query.exprBinder(new Scope([])).bind(arg);
    if (!isConstant(bound)) {
      throw new SqlError('feature_not_supported', `${fn.toUpperCase()} interval arguments must be constants`, { position: arg.span.start });
    }
    const value = compileExpr(coerce(bound, 'interval', arg.span.start))([]);
    if (!(value instanceof Interval)) throw new SqlError('invalid_parameter_value', `${fn.toUpperCase()} interval must not be NULL`, { position: arg.span.start });
    if (value.months !== 0) {
      throw new SqlError('feature_not_supported', `${fn.toUpperCase()} does not support intervals with months or years`, { position: arg.span.start });
    }
    return BigInt(value.days) * MICROS_PER_DAY + value.micros;
  }
}

/** What a TUMBLE window-bound function computes, for watermark derivation (EMIT ON WINDOW CLOSE). */
export interface TumbleBound {
  readonly edge: 'start' | 'end';
  readonly size: bigint;
  readonly offset: bigint;
}

const tumbleBounds = new WeakMap<object, TumbleBound>();

/** The tumble window bound a bound function computes, if it is one. */
export const tumbleBoundOf = (fn: object): TumbleBound | undefined => tumbleBounds.get(fn);

function windowFunction(name: string, type: 'timestamp' | 'timestamptz', impl: (t: Value) => Value, bound: TumbleBound) {
  const fn = { name, argTypes: [type], returnType: type, impl, strict: true } as const;
  tumbleBounds.set(fn, bound);
  return fn;
}

function maxColumn(expr: BoundExpr): number {
  let max = -1;
  forEachColumn(expr, (i) => {
    if (i > max) max = i;
  });
  return max;
}

/** A relation known to hold at most one row (a global aggregate, a one-row VALUES). */
export function isSingleRow(plan: PlanNode): boolean {
  switch (plan.kind) {
    case 'aggregate':
      return plan.global;
    case 'values':
      return plan.rows.length <= 1;
    case 'project':
    case 'filter':
      return isSingleRow(plan.input);
    default:
      return false;
  }
}
