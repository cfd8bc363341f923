// IN / EXISTS subqueries in WHERE, decorrelated into semi- and anti-joins.
import { resolveAggregate } from '../expr/aggregate-registry.js';
import type { BoundExpr } from '../expr/expr.js';
import { conjunction, conjuncts, forEachColumn, mapColumns } from '../expr/expr.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import { correlatedSubquery } from './bind-correlated.js';
import type { BoundQuery, QueryBinder } from './bind-query.js';
import { coerce } from './coerce.js';
import { splitJoinCondition } from './join-condition.js';
import { filter, project, type PlanNode } from './plan-node.js';
import { OUTER_BASE, Scope } from './scope.js';
import { isSingleRow } from './bind-from.js';

/** Turns subquery predicates of a WHERE clause into joins. */
export class SubqueryBinder {
  constructor(private readonly query: QueryBinder) {}

  /** Applies one WHERE conjunct that is `[NOT] EXISTS (...)` or `x [NOT] IN (...)` to `plan`. */
  applyPredicate(plan: PlanNode, scope: Scope, predicate: ast.Expr, ctes: ReadonlyMap<string, ast.Cte>): PlanNode {
    let negated = false;
    let expr = predicate;
    while (expr.kind === 'unary' && expr.op === 'not') {
      negated = !negated;
      expr = expr.operand;
    }
    if (expr.kind === 'exists') return this.semiJoin(plan, scope, expr.query, undefined, negated !== expr.negated, ctes);
    if (expr.kind === 'inSubquery') return this.semiJoin(plan, scope, expr.query, expr.expr, negated !== expr.negated, ctes);
    throw new SqlError('internal_error', 'not a subquery predicate (this is a bug)');
  }

  /**
   * Joins `rel` with the single row of an uncorrelated scalar subquery (a LEFT join, so an empty subquery
   * gives NULL); returns the new relation and the subquery's column in it.
   */
  joinScalar(rel: { plan: PlanNode; scope: Scope }, node: ast.ScalarSubquery | ast.ArraySubquery, ctes: ReadonlyMap<string, ast.Cte>): { plan: PlanNode; scope: Scope; column: BoundExpr } {
    // Batch queries evaluate other subqueries per outer row; materialized views cannot.
    const perRow = (): { plan: PlanNode; scope: Scope; column: BoundExpr } => {
      const bind = (query: ast.Query, outer: Scope): BoundQuery => this.query.bindQuery(query, outer, ctes, true);
      const value = correlatedSubquery(node, rel, bind, this.query.options.runSubquery);
      const width = rel.plan.columns.length;
      const exprs: BoundExpr[] = [...rel.plan.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })), value];
      const plan = project(rel.plan, exprs, [...rel.plan.columns, { name: '?subquery', type: value.type, hidden: true }]);
      const scope = new Scope([...rel.scope.columns, { name: '?subquery', type: value.type, hidden: true }], rel.scope.outer);
      return { plan, scope, column: { kind: 'column', index: width, type: value.type } };
    };
    if (node.kind === 'arraySubquery') {
      if (this.query.options.streaming) throw new SqlError('feature_not_supported', 'ARRAY(subquery) is not supported in materialized views', { position: node.span.start });
      return perRow();
    }
    let bound: BoundQuery;
    try {
      bound = this.query.bindQuery(node.query, undefined, ctes);
    } catch (err) {
      // A reference to the outer query: a correlated subquery.
      if (!(err instanceof SqlError)) throw err;
      if (!this.query.options.streaming) return perRow();
      if (this.bindsWithOuter(node.query, rel.scope, ctes)) {
        throw new SqlError('feature_not_supported', 'correlated scalar subqueries are not supported in materialized views', {
          hint: 'Join the subquery\'s relation instead, grouped by the correlating columns.',
          position: node.span.start,
        });
      }
      throw err;
    }
    if (bound.visibleCount !== 1) throw new SqlError('syntax_error', 'subquery must return only one column', { position: node.span.start });
    if (!isSingleRow(bound.plan)) {
      if (!this.query.options.streaming) return perRow();
      throw new SqlError('feature_not_supported', 'scalar subqueries must be aggregates without GROUP BY', {
        detail: 'Tally evaluates a scalar subquery as a join with its one row, so it must provably return at most one row.',
        position: node.span.start,
      });
    }
    const type = bound.plan.columns[0]!.type;
    const right = project(bound.plan, [{ kind: 'column', index: 0, type }], [{ name: '?subquery', type }]);
    const width = rel.plan.columns.length;
    const plan: PlanNode = { kind: 'join', joinType: 'left', left: rel.plan, right, leftKeys: [], rightKeys: [], columns: [...rel.plan.columns, { name: '?subquery', type, hidden: true }] };
    const scope = new Scope([...rel.scope.columns, { name: '?subquery', type, hidden: true }], rel.scope.outer);
    return { plan, scope, column: { kind: 'column', index: width, type } };
  }

  /** Whether `query` binds once the enclosing query's columns are visible to it: it is correlated. */
  private bindsWithOuter(query: ast.Query, outer: Scope, ctes: ReadonlyMap<string, ast.Cte>): boolean {
    try {
      this.query.bindQuery(query, outer, ctes);
      return true;
    } catch {
      return false;
    }
  }

  private semiJoin(left: PlanNode, scope: Scope, query: ast.Query, lhs: ast.Expr | undefined, anti: boolean, ctes: ReadonlyMap<string, ast.Cte>): PlanNode {
    const leftWidth = left.columns.length;
    const correlatedForm = simpleSelect(query);
    let right: PlanNode;
    const conditions: BoundExpr[] = [];
    let rightValue: BoundExpr | undefined;
    let correlated = false;
    const toJoined = (e: BoundExpr): BoundExpr =>
      mapColumns(e, (index, type) => ({ kind: 'column', index: index >= OUTER_BASE ? index - OUTER_BASE : leftWidth + index, type }));
    if (correlatedForm) {
      const rel = this.query.from.bindFromList(correlatedForm.from, scope, ctes, []);
      const binder = this.query.exprBinder(rel.scope);
      const local: BoundExpr[] = [];
      if (correlatedForm.where) {
        for (const c of conjuncts(coerce(binder.bind(correlatedForm.where), 'boolean', correlatedForm.where.span.start))) {
          if (hasOuter(c)) {
            correlated = true;
            conditions.push(toJoined(c));
          } else {
            local.push(c);
          }
        }
      }
      right = local.length > 0 ? filter(rel.plan, conjunction(local)!) : rel.plan;
      if (lhs) {
        const item = correlatedForm.items[0];
        if (correlatedForm.items.length !== 1 || !item || item.kind !== 'expr') {
          throw new SqlError('syntax_error', 'subquery has too many columns', { position: query.span.start });
        }
        const value = binder.bind(item.expr);
        if (hasOuter(value)) correlated = true;
        rightValue = toJoined(value);
      }
    } else {
      const bound = this.query.bindQuery(query, undefined, ctes);
      right = bound.plan;
      if (lhs) {
        if (bound.visibleCount !== 1) throw new SqlError('syntax_error', 'subquery has too many columns', { position: query.span.start });
        rightValue = { kind: 'column', index: leftWidth, type: right.columns[0]!.type };
      }
    }
    const joinedBinder = this.query.exprBinder(scope);
    if (lhs && rightValue) {
      const leftValue = joinedBinder.bind(lhs);
      if (anti) {
        if (correlated) throw new SqlError('feature_not_supported', 'correlated NOT IN subqueries are not supported', { hint: 'Rewrite it with NOT EXISTS.', position: query.span.start });
        left = this.notInNullGuard(left, leftValue, right, rightValue, leftWidth);
      }
      conditions.push(joinedBinder.comparison('=', leftValue, rightValue, lhs.span.start));
    }
    const split = splitJoinCondition(conditions, leftWidth);
    return {
      kind: 'join',
      joinType: anti ? 'anti' : 'semi',
      left,
      right,
      leftKeys: split.leftKeys,
      rightKeys: split.rightKeys,
      condition: split.residual,
      columns: left.columns,
    };
  }

  /**
   * `x NOT IN (S)` is NULL, so filtered out, when S holds a NULL, or when x is NULL and S is not empty. Joins
   * the left rows with S's row count and non-null count (a one-row aggregate) and keeps the rows for which the
   * anti-join alone decides.
   */
  private notInNullGuard(left: PlanNode, leftValue: BoundExpr, right: PlanNode, rightValue: BoundExpr, leftWidth: number): PlanNode {
    const value = mapColumns(rightValue, (index, type) => ({ kind: 'column', index: index - leftWidth, type }));
    const countAll = resolveAggregate('count', [], { distinct: false, orderBy: [], directArgs: [] });
    const countValues = resolveAggregate('count', [value.type], { distinct: false, orderBy: [], directArgs: [] });
    const stats: PlanNode = {
      kind: 'aggregate',
      input: right,
      groupKeys: [],
      aggregates: [
        { aggregate: countAll, args: [], distinct: false, type: 'int8' },
        { aggregate: countValues, args: [value], distinct: false, type: 'int8' },
      ],
      global: true,
      columns: [{ name: '?n', type: 'int8' }, { name: '?nn', type: 'int8' }],
    };
    const joined: PlanNode = { kind: 'join', joinType: 'inner', left, right: stats, leftKeys: [], rightKeys: [], columns: [...left.columns, ...stats.columns] };
    const n: BoundExpr = { kind: 'column', index: leftWidth, type: 'int8' };
    const nn: BoundExpr = { kind: 'column', index: leftWidth + 1, type: 'int8' };
    const binder = this.query.exprBinder(this.emptyScope());
    const noNulls = binder.comparison('=', n, nn, 0);
    const empty = binder.comparison('=', n, { kind: 'literal', value: 0n, type: 'int8' }, 0);
    const guard: BoundExpr = {
      kind: 'and',
      args: [noNulls, { kind: 'or', args: [{ kind: 'isNull', arg: leftValue, negated: true, type: 'boolean' }, empty], type: 'boolean' }],
      type: 'boolean',
    };
    return project(filter(joined, guard), left.columns.map((c, i): BoundExpr => ({ kind: 'column', index: i, type: c.type })), left.columns);
  }

  private emptyScope(): Scope {
    return this.query.from.bindFromList([], undefined, new Map(), []).scope;
  }
}

function hasOuter(expr: BoundExpr): boolean {
  let found = false;
  forEachColumn(expr, (i) => {
    if (i >= OUTER_BASE) found = true;
  });
  return found;
}

/** A subquery simple enough to decorrelate by pulling its WHERE conjuncts into the join. */
function simpleSelect(query: ast.Query): ast.Select | undefined {
  if (query.with.length > 0 || query.limit || query.offset || query.body.kind !== 'select') return undefined;
  const s = query.body;
  if (s.distinct !== false || s.groupBy.length > 0 || s.having) return undefined;
  const usesAggregateOrWindow = s.items.some((i) => i.kind === 'expr' && containsCall(i.expr));
  return usesAggregateOrWindow ? undefined : s;
}

/** Whether the expression calls any function (a conservative test: such subqueries take the uncorrelated path). */
function containsCall(expr: ast.Expr): boolean {
  return JSON.stringify(expr).includes('"kind":"function"');
}
