// Queries: WITH, set operations, SELECT and VALUES, ORDER BY / LIMIT / OFFSET / FETCH, EMIT ON WINDOW CLOSE.
import { SqlError } from '../types/error.js';
import type { Cte, Expr, NamedWindow, OrderItem, Query, Select, SelectItem, SetExpr, Values } from './ast.js';
import { AS_LABEL_KEYWORDS } from './keywords.js';
import { PREC_UNARY, parseExpr, parseExprList } from './parse-expr.js';
import { parseFromList } from './parse-from.js';
import { parseOrderByList, parseWindowSpec } from './parse-function-call.js';
import { parseGroupByList } from './parse-group-by.js';
import { parseColumnId, parseColumnLabel, parseParenthesizedNames } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

/** Per-query state that a SELECT deep inside the set expression reports to its Query. */
interface QueryState {
  emitOnWindowClose: boolean;
}

/** Words that end a select list that may be empty (`SELECT FROM t`, `SELECT;`). */
const SELECT_LIST_END: ReadonlySet<string> = new Set([
  'from', 'where', 'group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'union', 'except',
  'intersect', 'into', 'returning',
]);

/** Whether the token `ahead` starts a query (inside parentheses this makes them a subquery). */
export function startsQuery(c: TokenCursor, ahead = 0): boolean {
  return c.isWord('select', ahead) || c.isWord('values', ahead) || c.isWord('with', ahead);
}

/** Whether the current token continues a query after a parenthesized first operand. */
export function isQueryContinuation(c: TokenCursor): boolean {
  const token = c.peek();
  if (token.kind !== 'word') return false;
  switch (token.value) {
    case 'union': case 'except': case 'intersect': case 'order': case 'limit': case 'offset': case 'fetch':
      return true;
    default:
      return false;
  }
}

/** Parses a full query: `[WITH ...] body [ORDER BY ...] [LIMIT ...] [OFFSET ...]`. */
export function parseQuery(c: TokenCursor): Query {
  c.enter();
  const start = c.peek().start;
  const ctes = c.isWord('with') ? parseWith(c) : [];
  const state: QueryState = { emitOnWindowClose: false };
  const body = parseSetExpr(c, state);
  const query = parseQueryTail(c, start, ctes, body, state);
  c.leave();
  return query;
}

/**
 * Continues a query whose first operand, `(first)`, was already parsed as a parenthesized subquery:
 * `((SELECT 1) UNION SELECT 2)`.
 */
export function continueQuery(c: TokenCursor, first: Query, start: number): Query {
  const state: QueryState = { emitOnWindowClose: false };
  const body = parseSetExpr(c, state, unwrap(first));
  return parseQueryTail(c, start, [], body, state);
}

function parseQueryTail(c: TokenCursor, start: number, ctes: readonly Cte[], body: SetExpr, state: QueryState): Query {
  const orderBy: OrderItem[] = c.acceptClause('order', 'by') ? parseOrderByList(c) : [];
  let limit: Expr | undefined;
  let offset: Expr | undefined;
  let sawLimit = false;
  let sawOffset = false;
  // One LIMIT (or FETCH) and one OFFSET, in either order; a second one is a syntax error.
  for (;;) {
    if (!sawLimit && (c.isWord('limit') || c.isWord('fetch'))) {
      sawLimit = true;
      limit = c.isWord('limit') ? parseLimit(c) : parseFetch(c);
    } else if (!sawOffset && c.isWord('offset')) {
      sawOffset = true;
      c.next();
      offset = parseExpr(c);
      if (!c.acceptWord('row')) c.acceptWord('rows');
    } else {
      break;
    }
  }
  if (c.acceptWords('emit', 'on', 'window', 'close')) state.emitOnWindowClose = true;
  if (body.kind === 'query') rejectRepeatedClauses(body, ctes, orderBy, limit, offset, start);
  return {
    kind: 'query',
    with: ctes,
    body,
    orderBy,
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
    emitOnWindowClose: state.emitOnWindowClose,
    span: c.spanFrom(start),
  };
}

/**
 * `(SELECT ... LIMIT 1) LIMIT 2`: PostgreSQL merges the clauses of a parenthesized query into the outer
 * one and rejects a clause given twice, pointing at the outer clause.
 */
function rejectRepeatedClauses(
  inner: Query,
  ctes: readonly Cte[],
  orderBy: readonly OrderItem[],
  limit: Expr | undefined,
  offset: Expr | undefined,
  start: number,
): void {
  const repeated = (clause: string, position: number): never => {
    throw new SqlError('syntax_error', `multiple ${clause} clauses not allowed`, { position });
  };
  if (inner.orderBy.length > 0 && orderBy.length > 0) repeated('ORDER BY', orderBy[0].span.start);
  if (inner.offset !== undefined && offset !== undefined) repeated('OFFSET', offset.span.start);
  if (inner.limit !== undefined && limit !== undefined) repeated('LIMIT', limit.span.start);
  if (inner.with.length > 0 && ctes.length > 0) repeated('WITH', start);
}

/** `LIMIT n` or `LIMIT ALL` (no limit). */
function parseLimit(c: TokenCursor): Expr | undefined {
  const keyword = c.next();
  if (c.acceptWord('all')) return undefined;
  const limit = parseExpr(c);
  if (c.isPunct(',')) {
    throw new SqlError('syntax_error', 'LIMIT #,# syntax is not supported', {
      position: keyword.start,
      hint: 'Use separate LIMIT and OFFSET clauses.',
    });
  }
  return limit;
}

/** `FETCH FIRST|NEXT [n] ROW|ROWS ONLY`, a limit (of 1 when n is omitted). */
function parseFetch(c: TokenCursor): Expr {
  const keyword = c.next();
  if (!c.acceptWord('first')) c.expectWord('next');
  let limit: Expr;
  if (c.isWord('row') || c.isWord('rows')) {
    limit = { kind: 'literal', value: { type: 'number', text: '1' }, span: { start: keyword.start, end: keyword.end } };
  } else {
    limit = parseExpr(c, PREC_UNARY);
  }
  if (!c.acceptWord('row')) c.expectWord('rows');
  if (c.isWord('with')) c.unsupported('FETCH ... WITH TIES');
  c.expectWord('only');
  return limit;
}

function parseWith(c: TokenCursor): Cte[] {
  c.expectWord('with');
  if (c.isWord('recursive')) c.unsupported('WITH RECURSIVE');
  const ctes: Cte[] = [];
  do {
    const start = c.peek().start;
    const name = parseColumnId(c);
    const columns = c.isPunct('(') ? parseParenthesizedNames(c) : undefined;
    c.expectWord('as');
    if (!c.acceptWord('materialized')) c.acceptWords('not', 'materialized');
    c.expectPunct('(');
    const query = parseQuery(c);
    c.expectPunct(')');
    ctes.push({ name, ...(columns === undefined ? {} : { columns }), query, span: c.spanFrom(start) });
  } while (c.acceptPunct(','));
  return ctes;
}

/** UNION and EXCEPT, which bind more loosely than INTERSECT; all left-associative. */
function parseSetExpr(c: TokenCursor, state: QueryState, first?: SetExpr): SetExpr {
  let left = parseSetTerm(c, state, first);
  while (c.isWord('union') || c.isWord('except')) left = parseSetOperation(c, state, left);
  return left;
}

function parseSetTerm(c: TokenCursor, state: QueryState, first?: SetExpr): SetExpr {
  let left = first ?? parseSetPrimary(c, state);
  while (c.isWord('intersect')) left = parseSetOperation(c, state, left);
  return left;
}

function parseSetOperation(c: TokenCursor, state: QueryState, left: SetExpr): SetExpr {
  const op = c.next().value as 'union' | 'except' | 'intersect';
  const all = c.acceptWord('all');
  if (!all) c.acceptWord('distinct');
  let corresponding: true | string[] | undefined;
  if (c.acceptWord('corresponding')) corresponding = c.acceptWord('by') ? parseParenthesizedNames(c) : true;
  const right = op === 'intersect' ? parseSetPrimary(c, state) : parseSetTerm(c, state);
  return {
    kind: 'setOperation',
    op,
    all,
    ...(corresponding === undefined ? {} : { corresponding }),
    left,
    right,
    span: c.spanFrom(left.span.start),
  };
}

function parseSetPrimary(c: TokenCursor, state: QueryState): SetExpr {
  if (c.isWord('select')) return parseSelect(c, state);
  if (c.isWord('values')) return parseValues(c);
  if (c.isPunct('(')) {
    c.next();
    const query = parseQuery(c);
    c.expectPunct(')');
    return unwrap(query);
  }
  return c.fail();
}

/** A parenthesized query with nothing but a body is just that body. */
function unwrap(query: Query): SetExpr {
  const plain =
    query.with.length === 0 && query.orderBy.length === 0 && query.limit === undefined &&
    query.offset === undefined && !query.emitOnWindowClose;
  return plain ? query.body : query;
}

function parseSelect(c: TokenCursor, state: QueryState): Select {
  const start = c.expectWord('select').start;
  let distinct: boolean | Expr[] = false;
  if (c.acceptWord('distinct')) {
    if (c.acceptWord('on')) {
      c.expectPunct('(');
      distinct = parseExprList(c);
      c.expectPunct(')');
    } else {
      distinct = true;
    }
  } else {
    c.acceptWord('all');
  }
  const items = parseSelectItems(c);
  if (c.isWord('into')) c.unsupported('SELECT INTO');
  const from = c.acceptWord('from') ? parseFromList(c) : [];
  const where = c.acceptWord('where') ? parseExpr(c) : undefined;
  const groupBy = c.acceptClause('group', 'by') ? parseGroupByList(c) : [];
  const having = c.acceptWord('having') ? parseExpr(c) : undefined;
  const windows = c.acceptWord('window') ? parseNamedWindows(c) : [];
  if (c.acceptWords('emit', 'on', 'window', 'close')) state.emitOnWindowClose = true;
  return {
    kind: 'select',
    distinct,
    items,
    from,
    ...(where === undefined ? {} : { where }),
    groupBy,
    ...(having === undefined ? {} : { having }),
    windows,
    span: c.spanFrom(start),
  };
}

/** The select list, which PostgreSQL allows to be empty. Also used for RETURNING. */
export function parseSelectItems(c: TokenCursor): SelectItem[] {
  const token = c.peek();
  if (c.atStatementEnd() || c.isPunct(')') || (token.kind === 'word' && SELECT_LIST_END.has(token.value))) return [];
  const items = [parseSelectItem(c)];
  while (c.acceptPunct(',')) items.push(parseSelectItem(c));
  return items;
}

function parseSelectItem(c: TokenCursor): SelectItem {
  const start = c.peek().start;
  if (c.acceptOperator('*')) return { kind: 'wildcard', span: c.spanFrom(start) };
  const qualifier = parseWildcardQualifier(c);
  if (qualifier !== undefined) return { kind: 'wildcard', qualifier, span: c.spanFrom(start) };
  const expr = parseExpr(c);
  const alias = parseSelectAlias(c);
  return { kind: 'expr', expr, ...(alias === undefined ? {} : { alias }), span: c.spanFrom(start) };
}

/** `t.*` or `s.t.*`: returns the qualifier if the tokens ahead are one. */
function parseWildcardQualifier(c: TokenCursor): string[] | undefined {
  let ahead = 0;
  while ((c.peek(ahead).kind === 'word' || c.peek(ahead).kind === 'quoted') && c.isPunct('.', ahead + 1)) {
    if (c.isOperator('*', ahead + 2)) {
      const qualifier: string[] = [];
      for (let part = 0; part <= ahead; part += 2) {
        qualifier.push(parseColumnLabel(c));
        c.next();
      }
      c.next();
      return qualifier;
    }
    ahead += 2;
  }
  return undefined;
}

/** `AS label` (any word), or a bare label (a word PostgreSQL allows there). */
function parseSelectAlias(c: TokenCursor): string | undefined {
  if (c.acceptWord('as')) return parseColumnLabel(c);
  const token = c.peek();
  if (token.kind === 'quoted') return parseColumnLabel(c);
  if (token.kind === 'word' && !AS_LABEL_KEYWORDS.has(token.value)) return c.next().value;
  return undefined;
}

function parseValues(c: TokenCursor): Values {
  const start = c.expectWord('values').start;
  const rows: Expr[][] = [];
  do {
    c.expectPunct('(');
    rows.push(parseExprList(c));
    c.expectPunct(')');
  } while (c.acceptPunct(','));
  return { kind: 'values', rows, span: c.spanFrom(start) };
}

function parseNamedWindows(c: TokenCursor): NamedWindow[] {
  const windows: NamedWindow[] = [];
  do {
    const name = parseColumnId(c);
    c.expectWord('as');
    windows.push({ name, spec: parseWindowSpec(c) });
  } while (c.acceptPunct(','));
  return windows;
}
