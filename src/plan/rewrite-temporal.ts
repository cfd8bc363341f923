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
 * whose value changed at each barrier; the user reads the column. Other places keep the call, and the caller
 * refuses them.
 */
export function rewriteTemporal(plan: PlanNode): PlanNode {
  const node = mapInputs(plan, rewriteTemporal);
  switch (node.kind) {
    case 'filter': {
      const parts = conjuncts(node.predicate);
      const temporal = parts.filter(isTemporal);
      if (temporal.length === 0) return node;
      const width = node.input.columns.length;
      const input = temporalProject(node.input, temporal);
      const checks = temporal.map((_, i): BoundExpr => ({ kind: 'column', index: width + i, type: 'boolean' }));
      const filtered: PlanNode = { kind: 'filter', input, predicate: conjunction([...parts.filter((p) => !isTemporal(p)), ...checks])!, columns: input.columns };
      return { kind: 'project', input: filtered, exprs: node.input.columns.map((c, i) => ({ kind: 'column', index: i, type: c.type })), columns: node.columns };
    }
    case 'project': {
      const temporal = node.exprs.filter(isTemporal);
      if (temporal.length === 0) return node;
      const input = temporalProject(node.input, temporal);
      const replace = columnsFor(temporal, node.input.columns.length);
      return { ...node, input, exprs: node.exprs.map((e) => replace.get(e) ?? e) };
    }
    case 'aggregate': {
      const temporal = node.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])]).filter(isTemporal);
      if (temporal.length === 0) return node;
      const input = temporalProject(node.input, temporal);
      const replace = columnsFor(temporal, node.input.columns.length);
      const aggregates = node.aggregates.map((a) => ({
        ...a,
        args: a.args.map((e) => replace.get(e) ?? e),
        filter: a.filter && (replace.get(a.filter) ?? a.filter),
      }));
      return { ...node, input, aggregates };
    }
    default:
      return node;
  }
}

function temporalProject(input: PlanNode, exprs: readonly BoundExpr[]): PlanNode {
  const columns: PlanColumn[] = [...input.columns, ...exprs.map((e, i) => ({ name: `?temporal${i}`, type: e.type, hidden: true }))];
  return { kind: 'temporalProject', input, exprs, columns };
}

/** Column references to the values a temporal projection appends after `width` input columns. */
function columnsFor(exprs: readonly BoundExpr[], width: number): Map<BoundExpr, BoundExpr> {
  return new Map(exprs.map((e, i) => [e, { kind: 'column', index: width + i, type: e.type }]));
}
