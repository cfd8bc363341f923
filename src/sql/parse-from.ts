// The FROM clause: tables, subqueries, table functions (TUMBLE, HOP, range), joins and comma lists.
import type { Expr, JoinRef, ObjectName, TableAlias, TableRef } from './ast.js';
import { TYPE_FUNCTION_KEYWORDS } from './keywords.js';
import { parseExpr, parseExprList } from './parse-expr.js';
import { isColumnIdAt, parseColumnId, parseObjectName, parseParenthesizedNames } from './parse-name.js';
import { continueQuery, isQueryContinuation, parseQuery, startsQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

/** `a, b JOIN c ON ..., d`: the comma-separated items of a FROM clause. */
export function parseFromList(c: TokenCursor): TableRef[] {
  const refs = [parseTableRef(c)];
  while (c.acceptPunct(',')) refs.push(parseTableRef(c));
  return refs;
}

/** One FROM item with its (left-associative) joins. */
function parseTableRef(c: TokenCursor): TableRef {
  c.enter();
  let left = parseTablePrimary(c);
  while (isJoinAhead(c)) left = parseJoin(c, left);
  c.leave();
  return left;
}

function isJoinAhead(c: TokenCursor): boolean {
  const token = c.peek();
  if (token.kind !== 'word') return false;
  switch (token.value) {
    case 'join': case 'inner': case 'left': case 'right': case 'full': case 'cross': case 'natural':
      return true;
    default:
      return false;
  }
}

function parseJoin(c: TokenCursor, left: TableRef): JoinRef {
  const start = left.span.start;
  if (c.acceptWord('cross')) {
    c.expectWord('join');
    const right = parseTablePrimary(c);
    return { kind: 'join', joinType: 'cross', natural: false, left, right, span: c.spanFrom(start) };
  }
  const natural = c.acceptWord('natural');
  let joinType: JoinRef['joinType'] = 'inner';
  if (c.acceptWord('left')) joinType = 'left';
  else if (c.acceptWord('right')) joinType = 'right';
  else if (c.acceptWord('full')) joinType = 'full';
  else c.acceptWord('inner');
  if (joinType !== 'inner') c.acceptWord('outer');
  c.expectWord('join');
  let right = parseTablePrimary(c);
  // `a JOIN b JOIN c ON x ON y` nests to the right: a JOIN (b JOIN c ON x) ON y.
  while (!natural && isJoinAhead(c)) {
    c.enter();
    right = parseJoin(c, right);
    c.leave();
  }
  if (natural) return { kind: 'join', joinType, natural, left, right, span: c.spanFrom(start) };
  if (c.acceptWord('on')) {
    const on = parseExpr(c);
    return { kind: 'join', joinType, natural, left, right, on, span: c.spanFrom(start) };
  }
  if (!c.acceptWord('using')) c.fail();
  const using = parseParenthesizedNames(c);
  return { kind: 'join', joinType, natural, left, right, using, span: c.spanFrom(start) };
}

function parseTablePrimary(c: TokenCursor): TableRef {
  const start = c.peek().start;
  const lateral = c.acceptWord('lateral');
  if (c.isPunct('(')) return parseParenthesizedRef(c, start, lateral);
  // LEFT, JOIN, ... may only name a table function here; PostgreSQL then complains about what follows.
  const first = c.peek();
  if (first.kind === 'word' && TYPE_FUNCTION_KEYWORDS.has(first.value)) {
    if (!c.isPunct('(', 1)) c.fail(c.peek(1));
    c.next();
    return parseTableFunction(c, start, { parts: [first.value], span: c.spanFrom(start) });
  }
  const name = parseObjectName(c);
  if (c.isPunct('(')) return parseTableFunction(c, start, name);
  if (lateral) c.fail();
  const alias = parseTableAlias(c);
  return { kind: 'table', name, ...withAlias(alias), span: c.spanFrom(start) };
}

/** `tumble(t, ts, INTERVAL '1' HOUR) [AS] alias` after the function's name. */
function parseTableFunction(c: TokenCursor, start: number, name: ObjectName): TableRef {
  c.expectPunct('(');
  const args: Expr[] = c.isPunct(')') ? [] : parseExprList(c);
  c.expectPunct(')');
  if (c.acceptWords('with', 'ordinality')) c.unsupported('WITH ORDINALITY');
  const alias = parseTableAlias(c);
  return { kind: 'function', name: name.parts.join('.'), args, ...withAlias(alias), span: c.spanFrom(start) };
}

/** `(SELECT ...) alias`, `(a JOIN b ON ...)`, `((SELECT ...) UNION ...) alias`. */
function parseParenthesizedRef(c: TokenCursor, start: number, lateral: boolean): TableRef {
  c.expectPunct('(');
  if (startsQuery(c)) {
    const query = parseQuery(c);
    c.expectPunct(')');
    const alias = parseTableAlias(c);
    return { kind: 'subquery', query, ...withAlias(alias), lateral, span: c.spanFrom(start) };
  }
  const inner = parseTableRef(c);
  if (inner.kind === 'subquery' && inner.alias === undefined && isQueryContinuation(c)) {
    const query = continueQuery(c, inner.query, inner.span.start);
    c.expectPunct(')');
    const alias = parseTableAlias(c);
    return { kind: 'subquery', query, ...withAlias(alias), lateral, span: c.spanFrom(start) };
  }
  if (inner.kind === 'join') {
    c.expectPunct(')');
    if (lateral) c.fail();
    if (c.isWord('as') || isTableAliasAhead(c)) c.unsupported('an alias for a parenthesized join');
    return inner;
  }
  // Only a join or a query may be parenthesized: `FROM (t)` is a syntax error in PostgreSQL.
  if (inner.kind !== 'subquery' || inner.alias !== undefined) c.fail();
  c.expectPunct(')');
  const alias = parseTableAlias(c);
  return { ...inner, ...withAlias(alias), lateral: inner.lateral || lateral, span: c.spanFrom(start) };
}

/** `[AS] name [(col, ...)]`. */
function parseTableAlias(c: TokenCursor): TableAlias | undefined {
  if (!c.acceptWord('as') && !isTableAliasAhead(c)) return undefined;
  const name = parseColumnId(c);
  const columns = c.isPunct('(') ? parseParenthesizedNames(c) : undefined;
  return columns === undefined ? { name } : { name, columns };
}

/** A bare alias is a non-reserved word, except RisingWave's `EMIT ON WINDOW CLOSE` after a FROM item. */
function isTableAliasAhead(c: TokenCursor): boolean {
  return isColumnIdAt(c) && !(c.isWord('emit') && c.isWord('on', 1));
}

const withAlias = (alias: TableAlias | undefined): { alias?: TableAlias } => (alias === undefined ? {} : { alias });
