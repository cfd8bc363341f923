// The stream key of a plan: output columns whose values (under SQL equality) identify at most one live row.
import type { PlanNode } from './plan-node.js';

/**
 * Indexes of output columns that no two rows of the plan's result share, when the plan guarantees such a key:
 * a GROUP BY's output is unique per group key (a global aggregate's single row has the empty key), and filters
 * and projections that keep the key columns keep the guarantee. Undefined when the plan promises nothing.
 * The Materialize of a view keys its rows by it, so that an update touches one map entry.
 */
export function streamKey(plan: PlanNode): readonly number[] | undefined {
  switch (plan.kind) {
    case 'aggregate':
      return plan.global ? [] : plan.groupKeys.map((_, keyIdx) => keyIdx);
    case 'filter':
      return streamKey(plan.input);
    case 'project': {
      const inputKey = streamKey(plan.input);
      if (inputKey === undefined) return undefined;
      const outputKey: number[] = [];
      for (const inputIdx of inputKey) {
        const outputIdx = plan.exprs.findIndex((expr) => expr.kind === 'column' && expr.index === inputIdx);
        if (outputIdx < 0) return undefined;
        outputKey.push(outputIdx);
      }
      return outputKey;
    }
    default:
      return undefined;
  }
}
