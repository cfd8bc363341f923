// Primary expressions: literals, names, function calls, parenthesized expressions and subqueries, typed literals.
import { SqlError } from '../types/error.js';
import type { Expr, FunctionCall, Literal, ObjectName, Row, Span, TypedLiteral } from './ast.js';
import { COLUMN_NAME_KEYWORDS, isColumnIdentifier, isFunctionIdentifier, TYPE_FUNCTION_KEYWORDS } from './keywords.js';
import { parseExpr, parseExprList } from './parse-expr.js';
import { parseFunctionCall } from './parse-function-call.js';
import { parseColumnLabel } from './parse-name.js';
import { continueQuery, isQueryContinuation, parseQuery, startsQuery } from './parse-query.js';
import { parseSpecialForm } from './parse-special-form.js';
import { parseTypeName } from './parse-type.js';
import type { Token } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/**
 * Rows written as `(a, b)` rather than `ROW(a, b)`. PostgreSQL expands these in GROUP BY and GROUPING SETS
 * into their fields, so the GROUP BY parser asks.
 */
const implicitRows = new WeakSet<Row>();

export const isImplicitRow = (expr: Expr): expr is Row => expr.kind === 'row' && implicitRows.has(expr);

/** Expressions written in parentheses, which PostgreSQL allows a subscript after (`(array[1])[1]`). */
const parenthesized = new WeakSet<Expr>();

/** Whether `a[i]` is allowed after `expr`: a column, a parameter, a parenthesized expression or a subscript. */
export const acceptsSubscript = (expr: Expr): boolean =>
  expr.kind === 'identifier' || expr.kind === 'parameter' || expr.kind === 'subscript' ||
  expr.kind === 'scalarSubquery' || parenthesized.has(expr);

/** Keywords that cannot name functions but are called like functions (they have no special syntax here). */
const PLAIN_CALL_KEYWORDS: ReadonlySet<string> = new Set(['coalesce', 'nullif', 'greatest', 'least', 'grouping']);

/** Type names made of several words, which may start a typed literal: `double precision '1'`. */
const MULTIWORD_TYPE_STARTS: ReadonlySet<string> = new Set([
  'double', 'character', 'char', 'national', 'nchar', 'bit', 'timestamp', 'time',
]);

/** Parses one operand of an operator: anything but prefix and infix operators. */
export function parsePrimary(c: TokenCursor): Expr {
  const token = c.peek();
  switch (token.kind) {
    case 'number':
      c.next();
      return literal({ type: 'number', text: token.value }, token);
    case 'string':
      c.next();
      return literal({ type: 'string', text: token.value }, token);
    case 'parameter':
      c.next();
      return { kind: 'parameter', index: Number(token.value), span: { start: token.start, end: token.end } };
    case 'quoted':
      // Flink writes string literals in double quotes.
      if (c.dialect === 'flink' && token.quote === '"') {
        c.next();
        return literal({ type: 'string', text: token.value }, token);
      }
      return tryParseTypedLiteral(c) ?? parseNameOrCall(c);
    case 'punct':
      return token.value === '(' ? parseParenthesized(c) : c.fail();
    case 'word':
      return parseWordPrimary(c, token);
    default:
      return c.fail();
  }
}

function literal(value: Literal['value'], token: Token): Literal {
  return { kind: 'literal', value, span: { start: token.start, end: token.end } };
}

function parseWordPrimary(c: TokenCursor, token: Token): Expr {
  switch (token.value) {
    case 'true':
    case 'false':
      c.next();
      return literal({ type: 'boolean', value: token.value === 'true' }, token);
    case 'null':
      c.next();
      return literal({ type: 'null' }, token);
  }
  const special = parseSpecialForm(c, token);
  if (special !== undefined) return special;
  return tryParseTypedLiteral(c) ?? parseNameOrCall(c);
}

/**
 * `TYPE 'text'` for any type name (`DATE '2024-01-01'`, `INT '5'`, `numeric(10,2) '1.5'`). Tries to read
 * a type name followed by a string and backs off if that fails; the retry covers one type name only.
 */
function tryParseTypedLiteral(c: TokenCursor): TypedLiteral | undefined {
  const token = c.peek();
  // A quoted name may start one too: `"int4" '1'`, `"s"."t" 'x'` (the printer quotes type names that need it).
  if (token.kind !== 'quoted' && (token.kind !== 'word' || !isFunctionIdentifier(token.value))) return undefined;
  const next = c.peek(1);
  const candidate =
    next.kind === 'string' ||
    (token.kind === 'word' && MULTIWORD_TYPE_STARTS.has(token.value)) ||
    (next.kind === 'punct' && (next.value === '(' || next.value === '.'));
  if (!candidate) return undefined;
  const saved = c.pos;
  try {
    const type = parseTypeName(c, false);
    const text = c.peek();
    if (text.kind === 'string') {
      c.next();
      return { kind: 'typedLiteral', type, text: text.value, span: c.spanFrom(token.start) };
    }
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    c.reset(saved);
    return undefined;
  }
  // `timestamp(3)` can only be a typed literal missing its string: these keywords are no function names.
  if (token.kind === 'word' && COLUMN_NAME_KEYWORDS.has(token.value) && next.kind === 'punct' && next.value === '(' && !PLAIN_CALL_KEYWORDS.has(token.value)) c.fail();
  c.reset(saved);
  return undefined;
}

/** A column reference (`a`, `t.a`, `s.t.a`) or a function call (`f(x)`, `pg_catalog.now()`). */
function parseNameOrCall(c: TokenCursor): Expr {
  const first = c.next();
  // LEFT, IS, JOIN, ... may only start a function call; PostgreSQL then complains about what follows.
  if (first.kind === 'word' && TYPE_FUNCTION_KEYWORDS.has(first.value) && !c.isPunct('(')) c.fail();
  const parts = [first.kind === 'quoted' ? c.quotedName(first) : first.value];
  while (c.isPunct('.') && !c.isOperator('*', 1)) {
    c.next();
    parts.push(parseColumnLabel(c));
  }
  const span = c.spanFrom(first.start);
  if (c.isPunct('(')) {
    if (first.kind === 'word' && !isFunctionIdentifier(first.value)) c.fail(first);
    const name: ObjectName = { parts, span };
    return parseFunctionCall(c, name);
  }
  if (first.kind === 'word' && !isColumnIdentifier(first.value)) c.fail(first);
  return { kind: 'identifier', parts, span };
}

/**
 * `(expr)`, `(a, b)` (a row), `(SELECT ...)` (a scalar subquery), and `((SELECT ...) UNION ...)` where a
 * parenthesized query turns out to be the first operand of a set operation.
 */
function parseParenthesized(c: TokenCursor): Expr {
  const open = c.next();
  if (startsQuery(c)) {
    const query = parseQuery(c);
    c.expectPunct(')');
    return { kind: 'scalarSubquery', query, span: c.spanFrom(open.start) };
  }
  const first = parseExpr(c);
  if (first.kind === 'scalarSubquery' && isQueryContinuation(c)) {
    const query = continueQuery(c, first.query, first.span.start);
    c.expectPunct(')');
    return { kind: 'scalarSubquery', query, span: c.spanFrom(open.start) };
  }
  if (c.isPunct(',')) {
    c.next();
    const fields = [first, ...parseExprList(c)];
    c.expectPunct(')');
    const row: Row = { kind: 'row', fields, span: c.spanFrom(open.start) };
    implicitRows.add(row);
    return row;
  }
  c.expectPunct(')');
  parenthesized.add(first);
  return first;
}

/** A call with no arguments, as the keyword forms `CURRENT_DATE` and `LOCALTIMESTAMP` produce. */
export function keywordCall(name: string, span: Span, args: readonly Expr[] = [], noParens = true): FunctionCall {
  return {
    kind: 'function',
    name: { parts: [name], span },
    args,
    star: false,
    distinct: false,
    orderBy: [],
    withinGroup: [],
    noParens,
    span,
  };
}
