// Splits a join condition into equi-join keys (hashable) and a residual predicate.
import type { BoundExpr } from '../expr/expr.js';
import { conjunction, forEachColumn, mapColumns } from '../expr/expr.js';

export interface JoinCondition {
  readonly leftKeys: BoundExpr[];
  /** Over the right row alone (indexes shifted by the left width). */
  readonly rightKeys: BoundExpr[];
  /** Over the concatenated row. */
  readonly residual?: BoundExpr;
}

type Side = 'none' | 'left' | 'right' | 'both';

function sideOf(expr: BoundExpr, leftWidth: number): Side {
  let side: Side = 'none';
  forEachColumn(expr, (index) => {
    const s = index < leftWidth ? 'left' : 'right';
    side = side === 'none' || side === s ? s : 'both';
  });
  return side;
}

/** `conjuncts` are over [left columns..., right columns...]. */
export function splitJoinCondition(conjuncts: readonly BoundExpr[], leftWidth: number): JoinCondition {
  const leftKeys: BoundExpr[] = [];
  const rightKeys: BoundExpr[] = [];
  const residual: BoundExpr[] = [];
  const shift = (e: BoundExpr): BoundExpr => mapColumns(e, (index, type) => ({ kind: 'column', index: index - leftWidth, type }));
  for (const c of conjuncts) {
    if (c.kind === 'call' && c.fn.name === '=' && c.args.length === 2) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      const sa = sideOf(a, leftWidth);
      const sb = sideOf(b, leftWidth);
      if (sa === 'left' && sb === 'right') {
        leftKeys.push(a);
        rightKeys.push(shift(b));
        continue;
      }
      if (sa === 'right' && sb === 'left') {
        leftKeys.push(b);
        rightKeys.push(shift(a));
        continue;
      }
    }
    residual.push(c);
  }
  return { leftKeys, rightKeys, residual: conjunction(residual) };
}
