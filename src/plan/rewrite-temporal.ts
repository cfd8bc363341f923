// Rewrite rule for views: expressions reading the clock move into temporal projections the runtime re-evaluates.
import type { BoundExpr } from '../expr/expr.js';
import { conjunction, conjuncts } from '../expr/expr.js';
import { mapInputs, type PlanColumn, type PlanNode } from './plan-node.js';
import { isTemporal } from './volatility.js';

/**
 * In a view, `WHERE ts > NOW() - INTERVAL '1 hour'`, `SELECT ts >= CURRENT_DATE` and
 * `SUM(x) FILTER (WHERE ts >= CURRENT_DATE)` must change as time passes, not only when rows change. Each such
 * expression (a WHERE conjunct, a select expression, an aggregate's FILTER or argument) is computed by a
 * temporalProject node below its user, which appends its value as a column and retracts and re-inserts rows
 * whose value changed at each barrier; the user reads the column. Under AND, OR and NOT only the temporal
 * operands move (`status = 'completed' AND ts >= CURRENT_DATE` projects the comparison alone), so that the
 * projection can tell when a value is final (`temporal-settling.ts`) and stop keeping the row. Other places keep
 * the call, and the caller refuses them.
 */
export function rewriteTemporal(plan: PlanNode): PlanNode {
  const node = mapInputs(plan, rewriteTemporal);
  switch (node.kind) {
    case 'filter': {
      const parts = conjuncts(node.predicate);
      if (!parts.some(isTemporal)) return node;
      // The other conjuncts filter first: the projection keeps only rows that pass them.
      const plain = parts.filter((part) => !isTemporal(part));
      const below: PlanNode = plain.length === 0 ? node.input : { kind: 'filter', input: node.input, predicate: conjunction(plain)!, columns: node.input.columns };
      const moved: BoundExpr[] = [];
      const predicate = conjunction(parts.filter(isTemporal).map((part) => extractTemporal(part, node.input.columns.length, moved)))!;
      const input = temporalProject(below, moved);
      const filtered: PlanNode = { kind: 'filter', input, predicate, columns: input.columns };
      return { kind: 'project', input: filtered, exprs: node.input.columns.map((c, i) => ({ kind: 'column', index: i, type: c.type })), columns: node.columns };
    }
    case 'project': {
      if (!node.exprs.some(isTemporal)) return node;
      const moved: BoundExpr[] = [];
      const exprs = node.exprs.map((e) => extractTemporal(e, node.input.columns.length, moved));
      return { ...node, input: temporalProject(node.input, moved), exprs };
    }
    case 'aggregate': {
      if (!node.aggregates.some((a) => a.args.some(isTemporal) || (a.filter !== undefined && isTemporal(a.filter)))) return node;
      const width = node.input.columns.length;
      const moved: BoundExpr[] = [];
      const aggregates = node.aggregates.map((a) => ({
        ...a,
        args: a.args.map((e) => extractTemporal(e, width, moved)),
        filter: a.filter && extractTemporal(a.filter, width, moved),
      }));
      return { ...node, input: temporalProject(node.input, moved), aggregates };
    }
    default:
      return node;
  }
}

/**
 * `expr` with its temporal parts replaced by references to the columns a temporal projection appends after
 * `width` input columns, each part added to `moved`: the operands of AND, OR and NOT one by one, anything
 * else whole.
 */
function extractTemporal(expr: BoundExpr, width: number, moved: BoundExpr[]): BoundExpr {
  if (!isTemporal(expr)) return expr;
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { ...expr, args: expr.args.map((arg) => extractTemporal(arg, width, moved)) };
    case 'not':
      return { ...expr, arg: extractTemporal(expr.arg, width, moved) };
    default:
      moved.push(expr);
      return { kind: 'column', index: width + moved.length - 1, type: expr.type };
  }
}

function temporalProject(input: PlanNode, exprs: readonly BoundExpr[]): PlanNode {
  const columns: PlanColumn[] = [...input.columns, ...exprs.map((e, i) => ({ name: `?temporal${i}`, type: e.type, hidden: true }))];
  return { kind: 'temporalProject', input, exprs, columns };
}
