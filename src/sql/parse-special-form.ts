// Expressions with their own syntax: CASE, CAST, ARRAY[], ROW(), EXISTS, EXTRACT, POSITION, SUBSTRING, TRIM,
// OVERLAY, INTERVAL literals and the parenthesis-free keyword functions (CURRENT_DATE, LOCALTIMESTAMP, ...).
import type { ArrayConstructor, Expr, IntervalLiteral } from './ast.js';
import { COLUMN_NAME_KEYWORDS, isColumnIdentifier } from './keywords.js';
import { PREC_OTHER, parseExpr, parseExprList } from './parse-expr.js';
import { keywordCall } from './parse-primary.js';
import { parseQuery } from './parse-query.js';
import { parseIntervalQualifier, parseTypeModifiers, parseTypeName } from './parse-type.js';
import type { Token } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/** Keyword functions written without parentheses; those marked true take an optional `(precision)`. */
const KEYWORD_FUNCTIONS: ReadonlyMap<string, boolean> = new Map([
  ['current_date', false],
  ['current_time', true],
  ['current_timestamp', true],
  ['localtime', true],
  ['localtimestamp', true],
  ['current_user', false],
  ['current_role', false],
  ['session_user', false],
  ['user', false],
  ['current_catalog', false],
]);

/** Parses the special form `token` starts, or returns undefined if it starts none (so it is a name). */
export function parseSpecialForm(c: TokenCursor, token: Token): Expr | undefined {
  const parenNext = c.isPunct('(', 1);
  switch (token.value) {
    case 'case': return parseCase(c);
    case 'cast': return parseCast(c);
    case 'array': return parseArray(c);
    case 'exists': return parenNext ? parseExists(c) : undefined;
    case 'row': return parenNext ? parseRow(c) : undefined;
    case 'extract': return parenNext ? parseExtract(c) : undefined;
    case 'position': return parenNext ? parsePosition(c) : undefined;
    case 'substring': return parenNext ? parseSubstring(c) : undefined;
    case 'trim': return parenNext ? parseTrim(c) : undefined;
    case 'overlay': return parenNext ? parseOverlay(c) : undefined;
    case 'interval': return parenNext || c.peek(1).kind === 'string' ? parseIntervalLiteral(c) : undefined;
    case 'current_schema':
      if (parenNext) return undefined;
      c.next();
      return keywordCall(token.value, c.spanFrom(token.start));
  }
  const takesPrecision = KEYWORD_FUNCTIONS.get(token.value);
  if (takesPrecision === undefined) return undefined;
  c.next();
  if (takesPrecision && c.isPunct('(')) {
    c.next();
    const precision = parseExpr(c);
    c.expectPunct(')');
    return keywordCall(token.value, c.spanFrom(token.start), [precision], false);
  }
  return keywordCall(token.value, c.spanFrom(token.start));
}

function parseCase(c: TokenCursor): Expr {
  const start = c.next().start;
  const operand = c.isWord('when') ? undefined : parseExpr(c);
  const whens: { when: Expr; then: Expr }[] = [];
  while (c.acceptWord('when')) {
    const when = parseExpr(c);
    c.expectWord('then');
    whens.push({ when, then: parseExpr(c) });
  }
  if (whens.length === 0) c.fail();
  const elseExpr = c.acceptWord('else') ? parseExpr(c) : undefined;
  c.expectWord('end');
  return {
    kind: 'case',
    ...(operand === undefined ? {} : { operand }),
    whens,
    ...(elseExpr === undefined ? {} : { else: elseExpr }),
    span: c.spanFrom(start),
  };
}

function parseCast(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const expr = parseExpr(c);
  c.expectWord('as');
  const type = parseTypeName(c);
  c.expectPunct(')');
  return { kind: 'cast', expr, type, span: c.spanFrom(start) };
}

function parseArray(c: TokenCursor): Expr {
  const start = c.next().start;
  if (c.acceptPunct('(')) {
    const query = parseQuery(c);
    c.expectPunct(')');
    return { kind: 'arraySubquery', query, span: c.spanFrom(start) };
  }
  if (!c.isPunct('[')) c.fail();
  return parseArrayElements(c, start);
}

/** `[a, b]` or `[[a, b], [c, d]]`, the brackets of an ARRAY constructor. */
function parseArrayElements(c: TokenCursor, start: number): ArrayConstructor {
  c.expectPunct('[');
  c.enter();
  const elements: Expr[] = [];
  if (!c.isPunct(']')) {
    do {
      elements.push(c.isPunct('[') ? parseArrayElements(c, c.peek().start) : parseExpr(c));
    } while (c.acceptPunct(','));
  }
  c.expectPunct(']');
  c.leave();
  return { kind: 'array', elements, span: c.spanFrom(start) };
}

function parseExists(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const query = parseQuery(c);
  c.expectPunct(')');
  return { kind: 'exists', query, negated: false, span: c.spanFrom(start) };
}

function parseRow(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const fields = c.isPunct(')') ? [] : parseExprList(c);
  c.expectPunct(')');
  return { kind: 'row', fields, span: c.spanFrom(start) };
}

/** `EXTRACT(field FROM source)`; the field may be a keyword, an identifier or a string. */
function parseExtract(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const field = c.peek();
  const fieldWord = field.kind === 'word' && (isColumnIdentifier(field.value) && !COLUMN_NAME_KEYWORDS.has(field.value));
  if (!fieldWord && field.kind !== 'string' && field.kind !== 'quoted') c.fail();
  c.next();
  c.expectWord('from');
  const source = parseExpr(c);
  c.expectPunct(')');
  return { kind: 'extract', field: field.value.toLowerCase(), source, span: c.spanFrom(start) };
}

/** `POSITION(a IN b)` is `position(a, b)`. */
function parsePosition(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  // The operands bind tighter than IN, which would otherwise be read as a membership test.
  const needle = parseExpr(c, PREC_OTHER);
  c.expectWord('in');
  const haystack = parseExpr(c, PREC_OTHER);
  c.expectPunct(')');
  return keywordCall('position', c.spanFrom(start), [needle, haystack], false);
}

/** `SUBSTRING(s FROM a FOR b)`, `SUBSTRING(s FOR b)` (from 1), or the plain `substring(s, a, b)`. */
function parseSubstring(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const source = parseExpr(c);
  let args: Expr[];
  if (c.acceptWord('from')) {
    const from = parseExpr(c);
    args = c.acceptWord('for') ? [source, from, parseExpr(c)] : [source, from];
  } else if (c.isWord('for')) {
    const forToken = c.next();
    const count = parseExpr(c);
    const one: Expr = { kind: 'literal', value: { type: 'number', text: '1' }, span: { start: forToken.start, end: forToken.end } };
    args = c.acceptWord('from') ? [source, parseExpr(c), count] : [source, one, count];
  } else if (c.isWord('similar')) {
    return c.unsupported('SUBSTRING ... SIMILAR');
  } else {
    args = c.acceptPunct(',') ? [source, ...parseExprList(c)] : [source];
  }
  c.expectPunct(')');
  return keywordCall('substring', c.spanFrom(start), args, false);
}

/** `TRIM([BOTH | LEADING | TRAILING] [chars] FROM s)` is `btrim(s, chars)` (`ltrim`, `rtrim`). */
function parseTrim(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  let name = 'btrim';
  if (c.acceptWord('leading')) name = 'ltrim';
  else if (c.acceptWord('trailing')) name = 'rtrim';
  else c.acceptWord('both');
  let args: Expr[];
  if (c.acceptWord('from')) {
    args = parseExprList(c);
  } else {
    const first = parseExpr(c);
    if (c.acceptWord('from')) args = [...parseExprList(c), first];
    else args = c.acceptPunct(',') ? [first, ...parseExprList(c)] : [first];
  }
  c.expectPunct(')');
  return keywordCall(name, c.spanFrom(start), args, false);
}

/** `OVERLAY(s PLACING r FROM a [FOR b])` is `overlay(s, r, a[, b])`. */
function parseOverlay(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectPunct('(');
  const source = parseExpr(c);
  let args: Expr[];
  if (c.acceptWord('placing')) {
    const replacement = parseExpr(c);
    c.expectWord('from');
    const from = parseExpr(c);
    args = c.acceptWord('for') ? [source, replacement, from, parseExpr(c)] : [source, replacement, from];
  } else {
    args = c.acceptPunct(',') ? [source, ...parseExprList(c)] : [source];
  }
  c.expectPunct(')');
  return keywordCall('overlay', c.spanFrom(start), args, false);
}

/** `INTERVAL '1 hour'`, `INTERVAL '2' HOUR`, `INTERVAL '1' DAY TO SECOND(3)`, `INTERVAL(3) '1.5 s'`. */
function parseIntervalLiteral(c: TokenCursor): IntervalLiteral {
  const start = c.next().start;
  let precision: number | undefined;
  if (c.isPunct('(')) {
    const modifiers = parseTypeModifiers(c);
    if (modifiers.length !== 1) c.fail();
    precision = modifiers[0];
  }
  const text = c.peek();
  if (text.kind !== 'string') c.fail();
  c.next();
  const qualifier = parseIntervalQualifier(c);
  precision = qualifier.precision ?? precision;
  return {
    kind: 'intervalLiteral',
    text: text.value,
    ...(qualifier.fields === undefined ? {} : { fields: qualifier.fields }),
    ...(precision === undefined ? {} : { precision }),
    span: c.spanFrom(start),
  };
}
