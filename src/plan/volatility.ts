// Finds functions whose value changes over time or per call, which a maintained view cannot re-evaluate.
import type { BoundExpr } from '../expr/expr.js';
import { transformExpr } from '../expr/expr.js';
import { planInputs, type PlanNode } from './plan-node.js';

/** Functions that read the clock: in a view they are temporal filters, which the runtime must drive. */
export const TEMPORAL_FUNCTIONS = new Set([
  'now',
  'current_timestamp',
  'current_date',
  'current_time',
  'localtimestamp',
  'localtime',
  'statement_timestamp',
  'transaction_timestamp',
  'clock_timestamp',
]);

/** True when the expression calls a clock function. */
export function isTemporal(expr: BoundExpr): boolean {
  let found = false;
  transformExpr(expr, (e) => {
    if (e.kind === 'call' && TEMPORAL_FUNCTIONS.has(e.fn.name)) found = true;
    return found ? e : undefined;
  });
  return found;
}

/** Every expression of the plan tree, except those of temporal projections (the runtime re-evaluates them). */
export function forEachPlanExpr(plan: PlanNode, visit: (expr: BoundExpr) => void): void {
  switch (plan.kind) {
    case 'scan':
    case 'values':
      return;
    case 'filter':
      visit(plan.predicate);
      break;
    case 'project':
      plan.exprs.forEach(visit);
      break;
    case 'aggregate':
      plan.groupKeys.forEach(visit);
      for (const a of plan.aggregates) {
        a.args.forEach(visit);
        if (a.filter) visit(a.filter);
      }
      break;
    case 'join':
      plan.leftKeys.forEach(visit);
      plan.rightKeys.forEach(visit);
      if (plan.condition) visit(plan.condition);
      break;
    case 'topN':
      plan.partitionBy.forEach(visit);
      plan.orderBy.forEach((k) => visit(k.expr));
      break;
    case 'window':
      plan.partitionBy.forEach(visit);
      plan.orderBy.forEach((k) => visit(k.expr));
      plan.functions.forEach((f) => f.args.forEach(visit));
      break;
    case 'session':
      plan.partitionBy.forEach(visit);
      break;
    default:
      break;
  }
  for (const input of planInputs(plan)) forEachPlanExpr(input, visit);
}

/** Names of the volatile functions a plan calls, once each. */
export function volatileCalls(plan: PlanNode): string[] {
  const names = new Set<string>();
  forEachPlanExpr(plan, (expr) =>
    transformExpr(expr, (e) => {
      if (e.kind === 'call' && e.fn.volatile) names.add(e.fn.name);
      return undefined;
    }),
  );
  return [...names];
}
