// GROUP BY lists: expressions, ROLLUP, CUBE, GROUPING SETS and the empty grouping set `()`.
import type { Expr, GroupByItem } from './ast.js';
import { parseExpr } from './parse-expr.js';
import { isImplicitRow } from './parse-primary.js';
import type { TokenCursor } from './token-cursor.js';

/**
 * The items after GROUP BY. As in PostgreSQL, a parenthesized list `(a, b)` is not a row value here but
 * the columns a and b (`GROUP BY (a, b)` is `GROUP BY a, b`; in GROUPING SETS it is one set).
 */
export function parseGroupByList(c: TokenCursor): GroupByItem[] {
  if (c.isWord('distinct')) c.unsupported('GROUP BY DISTINCT');
  c.acceptWord('all');
  const items: GroupByItem[] = [];
  do {
    parseGroupByElement(c, items);
  } while (c.acceptPunct(','));
  return items;
}

function parseGroupByElement(c: TokenCursor, into: GroupByItem[]): void {
  const start = c.peek().start;
  if ((c.isWord('rollup') || c.isWord('cube')) && c.isPunct('(', 1)) {
    const kind = c.next().value === 'rollup' ? 'rollup' : 'cube';
    c.expectPunct('(');
    const sets: Expr[][] = [];
    do {
      sets.push(expressionsOf(parseExpr(c)));
    } while (c.acceptPunct(','));
    c.expectPunct(')');
    into.push({ kind, sets, span: c.spanFrom(start) });
    return;
  }
  if (c.isWord('grouping') && c.isWord('sets', 1)) {
    c.next();
    c.next();
    into.push({ kind: 'groupingSets', sets: parseGroupingSetList(c), span: c.spanFrom(start) });
    return;
  }
  if (c.isPunct('(') && c.isPunct(')', 1)) {
    c.next();
    c.next();
    into.push({ kind: 'groupingSets', sets: [[]], span: c.spanFrom(start) });
    return;
  }
  for (const expr of expressionsOf(parseExpr(c))) into.push({ kind: 'expr', expr });
}

/** `( set, set, ... )` after GROUPING SETS; each set is `()`, `(a, b)`, an expression, or a nested item. */
function parseGroupingSetList(c: TokenCursor): GroupByItem[][] {
  c.expectPunct('(');
  c.enter();
  const sets: GroupByItem[][] = [];
  do {
    if (c.isPunct('(') && c.isPunct(')', 1)) {
      c.next();
      c.next();
      sets.push([]);
    } else {
      const set: GroupByItem[] = [];
      parseGroupByElement(c, set);
      sets.push(set);
    }
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  c.leave();
  return sets;
}

const expressionsOf = (expr: Expr): Expr[] => (isImplicitRow(expr) ? [...expr.fields] : [expr]);
