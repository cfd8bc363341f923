// Function calls with their aggregate and window decorations, window specifications, and ORDER BY lists.
import type { Expr, FrameBound, FunctionCall, ObjectName, OrderItem, WindowFrame, WindowSpec } from './ast.js';
import { parseExpr, parseExprList } from './parse-expr.js';
import { isColumnIdAt, parseColumnId } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

/** Words that start a window specification's clauses and therefore cannot be a base window name. */
const WINDOW_CLAUSE_WORDS: ReadonlySet<string> = new Set(['partition', 'order', 'rows', 'range', 'groups']);

/**
 * `name(...)` after the name: `(*)`, `(DISTINCT a ORDER BY b)`, then `WITHIN GROUP (ORDER BY ...)`,
 * `FILTER (WHERE ...)` and `OVER (...)` / `OVER w`.
 */
export function parseFunctionCall(c: TokenCursor, name: ObjectName): FunctionCall {
  c.expectPunct('(');
  let star = false;
  let distinct = false;
  let args: Expr[] = [];
  let orderBy: OrderItem[] = [];
  if (c.isOperator('*')) {
    c.next();
    star = true;
  } else if (!c.isPunct(')')) {
    if (c.acceptWord('distinct')) distinct = true;
    else c.acceptWord('all');
    if (c.isWord('variadic')) c.unsupported('VARIADIC');
    args = parseExprList(c);
    if (c.acceptClause('order', 'by')) orderBy = parseOrderByList(c);
  }
  c.expectPunct(')');
  let withinGroup: OrderItem[] = [];
  if (c.acceptClause('within', 'group')) {
    c.expectPunct('(');
    c.expectWord('order');
    c.expectWord('by');
    withinGroup = parseOrderByList(c);
    c.expectPunct(')');
  }
  let filter: Expr | undefined;
  if (c.isWord('filter') && c.isPunct('(', 1)) {
    c.next();
    c.next();
    c.expectWord('where');
    filter = parseExpr(c);
    c.expectPunct(')');
  }
  let over: FunctionCall['over'];
  if (c.acceptWord('over')) {
    if (c.isPunct('(')) {
      over = parseWindowSpec(c);
    } else {
      const start = c.peek().start;
      over = { name: parseColumnId(c), span: c.spanFrom(start) };
    }
  }
  return {
    kind: 'function',
    name,
    args,
    star,
    distinct,
    orderBy,
    ...(filter === undefined ? {} : { filter }),
    withinGroup,
    ...(over === undefined ? {} : { over }),
    noParens: false,
    span: c.spanFrom(name.span.start),
  };
}

/** `(base PARTITION BY ... ORDER BY ... ROWS BETWEEN ... AND ...)`, parentheses included. */
export function parseWindowSpec(c: TokenCursor): WindowSpec {
  const start = c.expectPunct('(').start;
  let baseName: string | undefined;
  if (isColumnIdAt(c) && !(c.peek().kind === 'word' && WINDOW_CLAUSE_WORDS.has(c.peek().value))) {
    baseName = parseColumnId(c);
  }
  const partitionBy = c.acceptClause('partition', 'by') ? parseExprList(c) : [];
  const orderBy = c.acceptClause('order', 'by') ? parseOrderByList(c) : [];
  const frame = parseFrame(c);
  c.expectPunct(')');
  return {
    ...(baseName === undefined ? {} : { baseName }),
    partitionBy,
    orderBy,
    ...(frame === undefined ? {} : { frame }),
    span: c.spanFrom(start),
  };
}

function parseFrame(c: TokenCursor): WindowFrame | undefined {
  const token = c.peek();
  if (token.kind !== 'word' || (token.value !== 'rows' && token.value !== 'range' && token.value !== 'groups')) return undefined;
  c.next();
  const units = token.value;
  let start: FrameBound;
  let end: FrameBound | undefined;
  if (c.acceptWord('between')) {
    start = parseFrameBound(c);
    c.expectWord('and');
    end = parseFrameBound(c);
  } else {
    start = parseFrameBound(c);
  }
  if (c.isWord('exclude')) c.unsupported('EXCLUDE in a window frame');
  return end === undefined ? { units, start } : { units, start, end };
}

function parseFrameBound(c: TokenCursor): FrameBound {
  if (c.acceptWord('unbounded')) {
    if (c.acceptWord('preceding')) return { kind: 'unboundedPreceding' };
    c.expectWord('following');
    return { kind: 'unboundedFollowing' };
  }
  if (c.acceptWords('current', 'row')) return { kind: 'currentRow' };
  const offset = parseExpr(c);
  if (c.acceptWord('preceding')) return { kind: 'preceding', offset };
  c.expectWord('following');
  return { kind: 'following', offset };
}

/** `expr [ASC | DESC] [NULLS FIRST | LAST], ...` (after ORDER BY). */
export function parseOrderByList(c: TokenCursor): OrderItem[] {
  const items = [parseOrderItem(c)];
  while (c.acceptPunct(',')) items.push(parseOrderItem(c));
  return items;
}

function parseOrderItem(c: TokenCursor): OrderItem {
  const expr = parseExpr(c);
  let descending = false;
  if (c.acceptWord('desc')) descending = true;
  else if (!c.acceptWord('asc') && c.isWord('using')) c.unsupported('ORDER BY ... USING');
  let nullsFirst: boolean | undefined;
  // NULLS counts only before FIRST or LAST (PostgreSQL's NULLS_LA lookahead).
  if (c.isWord('nulls') && (c.isWord('first', 1) || c.isWord('last', 1))) {
    c.next();
    nullsFirst = c.next().value === 'first';
  }
  return {
    expr,
    descending,
    ...(nullsFirst === undefined ? {} : { nullsFirst }),
    span: c.spanFrom(expr.span.start),
  };
}
