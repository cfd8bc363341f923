// EMIT ON WINDOW CLOSE: finds the aggregate of a view and the watermark that closes its groups (and its sessions).
import type { Catalog } from '../catalog/catalog.js';
import type { BoundExpr } from '../expr/expr.js';
import { tumbleStart } from '../types/time-window.js';
import { SqlError } from '../types/error.js';
import { tumbleBoundOf } from './bind-from.js';
import type { PlanNode, WindowCloseSpec } from './plan-node.js';

interface KeyLineage {
  readonly relation: string;
  /** True when the key is the watermark column itself (not a window bound computed from it). */
  readonly identity: boolean;
  readonly closedBefore: (watermark: bigint) => bigint;
}

/**
 * Marks the view's aggregate to emit each group once, when a watermark passes it. One of its GROUP BY keys
 * must be a relation's watermark column, TUMBLE's window_start / window_end over it, or SESSION's window_end.
 */
export function applyEmitOnWindowClose(plan: PlanNode, catalog: Catalog, position: number): PlanNode {
  switch (plan.kind) {
    case 'project':
    case 'filter':
      return { ...plan, input: applyEmitOnWindowClose(plan.input, catalog, position) } as PlanNode;
    case 'aggregate': {
      for (let keyIndex = 0; keyIndex < plan.groupKeys.length; keyIndex++) {
        const lineage = trace(plan.input, plan.groupKeys[keyIndex]!, catalog);
        if (!lineage) continue;
        const spec: WindowCloseSpec = { relation: lineage.relation, keyIndex, closedBefore: lineage.closedBefore };
        return { ...plan, input: closeSessions(plan.input, plan.groupKeys[keyIndex]!, lineage.relation), emitOnWindowClose: spec };
      }
      throw new SqlError('feature_not_supported', 'EMIT ON WINDOW CLOSE needs a GROUP BY key on a watermark column or a window over it', {
        hint: 'Declare WATERMARK FOR the time column of the source, and group by window_start of TUMBLE or window_end of SESSION over it.',
        position,
      });
    }
    default:
      throw new SqlError('feature_not_supported', 'EMIT ON WINDOW CLOSE is supported on aggregations only', { position });
  }
}

function trace(plan: PlanNode, expr: BoundExpr, catalog: Catalog): KeyLineage | undefined {
  if (expr.kind === 'call') {
    const bound = tumbleBoundOf(expr.fn);
    const inner = bound && expr.args[0] ? trace(plan, expr.args[0], catalog) : undefined;
    if (!bound || !inner?.identity) return undefined;
    const { size, offset } = bound;
    // A window [start, start + size) is closed once the watermark reaches its end.
    const closedBefore = bound.edge === 'start' ? (w: bigint) => tumbleStart(w, size, offset) : (w: bigint) => tumbleStart(w, size, offset) + 1n;
    return { relation: inner.relation, identity: false, closedBefore };
  }
  if (expr.kind !== 'column') return undefined;
  switch (plan.kind) {
    case 'session': {
      if (expr.index !== sessionEndIndex(plan)) return undefined;
      const time = plan.input.columns[plan.timeIndex]!;
      const inner = trace(plan.input, { kind: 'column', index: plan.timeIndex, type: time.type }, catalog);
      if (!inner?.identity) return undefined;
      // A session ends `gap` after its last row: once the watermark reaches its end, no row that is not late can join it.
      return { relation: inner.relation, identity: false, closedBefore: (w) => w + 1n };
    }
    case 'scan': {
      const entry = catalog.relation(plan.relation);
      const watermark = entry && (entry.kind === 'table' || entry.kind === 'source') ? entry.watermark : undefined;
      return watermark?.column === expr.index ? { relation: plan.relation, identity: true, closedBefore: (w) => w } : undefined;
    }
    case 'project':
      return plan.exprs[expr.index] ? trace(plan.input, plan.exprs[expr.index]!, catalog) : undefined;
    case 'filter':
      return trace(plan.input, expr, catalog);
    default:
      return undefined;
  }
}

const sessionEndIndex = (plan: Extract<PlanNode, { kind: 'session' }>): number => plan.input.columns.length + 1;

/**
 * Marks the SESSION node whose window_end the EMIT ON WINDOW CLOSE key reads (through projections and filters)
 * as closed by the watermark of `relation`, so that it drops closed sessions and their late changes too.
 */
function closeSessions(plan: PlanNode, expr: BoundExpr, relation: string): PlanNode {
  if (expr.kind !== 'column') return plan;
  switch (plan.kind) {
    case 'session':
      return expr.index === sessionEndIndex(plan) ? { ...plan, closedBy: relation } : plan;
    case 'project': {
      const inner = plan.exprs[expr.index];
      const input = inner ? closeSessions(plan.input, inner, relation) : plan.input;
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'filter': {
      const input = closeSessions(plan.input, expr, relation);
      return input === plan.input ? plan : { ...plan, input };
    }
    default:
      return plan;
  }
}
