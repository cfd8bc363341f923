// Rewrite rules applied to every bound plan before it runs: they change cost, never results.
import type { PlanNode } from './plan-node.js';
import { rewriteTopN } from './rewrite-top-n.js';

/** The optimized plan of a view or query. */
export function optimize(plan: PlanNode): PlanNode {
  return rewriteTopN(plan);
}
