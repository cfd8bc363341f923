// Rewrite rule: a ranking window filtered to its first N ranks becomes a top-N operator.
import { compileExpr } from '../expr/compile.js';
import type { BoundExpr } from '../expr/expr.js';
import { conjuncts, isConstant } from '../expr/expr.js';
import { mapInputs, type PlanNode } from './plan-node.js';

type RankName = 'row_number' | 'rank' | 'dense_rank';
const RANKS = new Set(['row_number', 'rank', 'dense_rank']);

/**
 * `WHERE rn <= N` (or `rn < N`, `rn = 1`, `N >= rn`) over `row_number() / rank() / dense_rank() OVER (PARTITION BY
 * ... ORDER BY ...)`: the window node, which recomputes a whole partition on every change, is replaced by a
 * TopN that keeps each partition ordered and emits only rows entering or leaving the first N ranks. The
 * filter stays, so the rewrite changes cost, never results.
 */
export function rewriteTopN(plan: PlanNode): PlanNode {
  const rewritten = mapInputs(plan, rewriteTopN);
  if (rewritten.kind !== 'filter') return rewritten;
  const limit = rankLimit(rewritten.predicate, rewritten.input);
  if (!limit) return rewritten;
  return { ...rewritten, input: replaceWindow(rewritten.input, limit.windowColumn, limit.limit) };
}

interface RankLimit {
  readonly windowColumn: number;
  readonly limit: number;
}

/** The column a filter input's column `index` comes from in the window node below, through projections. */
function windowSource(plan: PlanNode, index: number): { window: Extract<PlanNode, { kind: 'window' }>; column: number } | undefined {
  if (plan.kind === 'window') return { window: plan, column: index };
  if (plan.kind === 'project') {
    const expr = plan.exprs[index];
    return expr?.kind === 'column' ? windowSource(plan.input, expr.index) : undefined;
  }
  if (plan.kind === 'filter') return windowSource(plan.input, index);
  return undefined;
}

function rankLimit(predicate: BoundExpr, input: PlanNode): RankLimit | undefined {
  for (const c of conjuncts(predicate)) {
    if (c.kind !== 'call' || c.args.length !== 2) continue;
    const [a, b] = c.args as [BoundExpr, BoundExpr];
    let column: BoundExpr | undefined;
    let bound: BoundExpr | undefined;
    let op = c.fn.name;
    if (a.kind === 'column' && isConstant(b)) [column, bound] = [a, b];
    else if (b.kind === 'column' && isConstant(a)) {
      [column, bound] = [b, a];
      op = ({ '>=': '<=', '>': '<', '=': '=' } as Record<string, string>)[op] ?? '';
    }
    if (!column || column.kind !== 'column' || !bound || !['<=', '<', '='].includes(op)) continue;
    const source = windowSource(input, column.index);
    if (!source) continue;
    const functionIdx = source.column - source.window.input.columns.length;
    const fn = source.window.functions[functionIdx];
    if (!fn || !RANKS.has(fn.name) || source.window.functions.length !== 1 || source.window.orderBy.length === 0) continue;
    const value = compileExpr(bound)([]);
    if (value === null) continue;
    const n = Number(value);
    if (!Number.isFinite(n)) continue;
    const limit = op === '<' ? Math.ceil(n) - 1 : op === '=' ? (n === 1 ? 1 : NaN) : Math.floor(n);
    if (!(limit >= 0)) continue;
    return { windowColumn: source.column, limit };
  }
  return undefined;
}

function replaceWindow(plan: PlanNode, windowColumn: number, limit: number): PlanNode {
  if (plan.kind === 'window') {
    return {
      kind: 'topN',
      input: plan.input,
      partitionBy: plan.partitionBy,
      orderBy: plan.orderBy,
      offset: 0,
      limit,
      withTies: false,
      rank: plan.functions[0]!.name as RankName,
      columns: plan.columns,
    };
  }
  if (plan.kind === 'project' || plan.kind === 'filter') return { ...plan, input: replaceWindow(plan.input, windowColumn, limit) } as PlanNode;
  return plan;
}
