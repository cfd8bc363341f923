// Expression parsing by precedence climbing, with PostgreSQL 15's operator precedence and associativity.
import type { Expr, Query, QuantifiedComparison } from './ast.js';
import { acceptsSubscript, parsePrimary } from './parse-primary.js';
import { parseQuery, startsQuery } from './parse-query.js';
import { parseColumnLabel } from './parse-name.js';
import { parseTypeName } from './parse-type.js';
import { SqlError } from '../types/error.js';
import type { TokenCursor } from './token-cursor.js';

// Binding strength, loosest first, as in PostgreSQL's documentation ("Operator Precedence").
export const PREC_OR = 1;
export const PREC_AND = 2;
export const PREC_NOT = 3;
export const PREC_IS = 4;
export const PREC_COMPARISON = 5;
/** BETWEEN, IN, LIKE, ILIKE, SIMILAR. */
export const PREC_PATTERN = 6;
/** Every operator not listed elsewhere: `||`, `->`, `@>`, `~`, ... */
export const PREC_OTHER = 7;
export const PREC_ADDITIVE = 8;
export const PREC_MULTIPLICATIVE = 9;
export const PREC_EXPONENT = 10;
/** AT TIME ZONE. */
export const PREC_AT = 11;
export const PREC_UNARY = 12;
/** `::`, `[ ]`. */
export const PREC_POSTFIX = 13;

type InfixKind = 'binary' | 'qualifiedOperator' | 'is' | 'isnull' | 'notnull' | 'in' | 'like' | 'between' | 'similar' | 'at' | 'cast' | 'subscript' | 'collate';

interface InfixOperator {
  readonly kind: InfixKind;
  readonly precedence: number;
}

const infix = (kind: InfixKind, precedence: number): InfixOperator => ({ kind, precedence });
const OR = infix('binary', PREC_OR);
const AND = infix('binary', PREC_AND);
const IS = infix('is', PREC_IS);
const ISNULL = infix('isnull', PREC_IS);
const NOTNULL = infix('notnull', PREC_IS);
const COMPARISON = infix('binary', PREC_COMPARISON);
const IN = infix('in', PREC_PATTERN);
const LIKE = infix('like', PREC_PATTERN);
const BETWEEN = infix('between', PREC_PATTERN);
const SIMILAR = infix('similar', PREC_PATTERN);
const OTHER = infix('binary', PREC_OTHER);
/** `OPERATOR(schema.op)` binds as "any other operator" whatever the operator is, as in PostgreSQL. */
const QUALIFIED_OPERATOR = infix('qualifiedOperator', PREC_OTHER);
const ADDITIVE = infix('binary', PREC_ADDITIVE);
const MULTIPLICATIVE = infix('binary', PREC_MULTIPLICATIVE);
const EXPONENT = infix('binary', PREC_EXPONENT);
const AT = infix('at', PREC_AT);
const COLLATE = infix('collate', PREC_AT);
const CAST = infix('cast', PREC_POSTFIX);
const SUBSCRIPT = infix('subscript', PREC_POSTFIX);

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['<', '>', '=', '<=', '>=', '<>']);
/** Single-character and comparison operators have their own grammar tokens and cannot be prefix operators. */
const NON_PREFIX_OPERATORS: ReadonlySet<string> = new Set(['*', '/', '%', '^', '<', '>', '=', '<=', '>=', '<>']);
const PATTERN_AFTER_NOT: ReadonlyMap<string, InfixOperator> = new Map([['in', IN], ['like', LIKE], ['ilike', LIKE], ['between', BETWEEN], ['similar', SIMILAR]]);

/**
 * Parses an expression whose operators all bind at least as tightly as `minPrecedence` (PREC_OR: any
 * expression). Stops at the first token that cannot continue it.
 */
export function parseExpr(c: TokenCursor, minPrecedence = PREC_OR): Expr {
  c.enter();
  let left = parsePrefix(c);
  // The precedence of the last non-associative operator applied: `a < b < c` is a syntax error.
  let blocked = 0;
  for (;;) {
    const operator = peekInfix(c);
    if (operator === undefined || operator.precedence < minPrecedence) break;
    if (operator.precedence === blocked) c.fail();
    left = applyInfix(c, left, operator);
    blocked = blocksSamePrecedence(operator, left) ? operator.precedence : 0;
  }
  c.leave();
  return left;
}

/** `expr, expr, ...` */
export function parseExprList(c: TokenCursor): Expr[] {
  const list = [parseExpr(c)];
  while (c.acceptPunct(',')) list.push(parseExpr(c));
  return list;
}

function parsePrefix(c: TokenCursor): Expr {
  const token = c.peek();
  if (token.kind === 'word' && token.value === 'not') {
    c.next();
    const operandStart = c.peek().start;
    const operand = parseExpr(c, PREC_NOT + 1);
    if (operand.kind === 'exists' && !operand.negated && operand.span.start === operandStart) {
      return { ...operand, negated: true, span: c.spanFrom(token.start) };
    }
    return { kind: 'unary', op: 'not', operand, span: c.spanFrom(token.start) };
  }
  if (token.kind !== 'operator' || NON_PREFIX_OPERATORS.has(token.value)) return parsePrimary(c);
  c.next();
  if (token.value === '-' || token.value === '+') {
    const operand = parseExpr(c, PREC_UNARY);
    if (token.value === '-' && operand.kind === 'literal' && operand.value.type === 'number') {
      // PostgreSQL folds a minus into a numeric constant, so `-2147483648` is an int4.
      const text = operand.value.text.startsWith('-') ? operand.value.text.slice(1) : `-${operand.value.text}`;
      return { kind: 'literal', value: { type: 'number', text }, span: c.spanFrom(token.start) };
    }
    return { kind: 'unary', op: token.value, operand, span: c.spanFrom(token.start) };
  }
  const operand = parseExpr(c, PREC_OTHER + 1);
  return { kind: 'unary', op: token.value, operand, span: c.spanFrom(token.start) };
}

function peekInfix(c: TokenCursor): InfixOperator | undefined {
  const token = c.peek();
  switch (token.kind) {
    case 'operator': {
      const op = token.value;
      if (COMPARISON_OPERATORS.has(op)) return COMPARISON;
      if (op === '+' || op === '-') return ADDITIVE;
      if (op === '*' || op === '/' || op === '%') return MULTIPLICATIVE;
      if (op === '^') return EXPONENT;
      return OTHER;
    }
    case 'punct':
      if (token.value === '::') return CAST;
      if (token.value === '[') return SUBSCRIPT;
      return undefined;
    case 'word':
      switch (token.value) {
        case 'and': return AND;
        case 'or': return OR;
        case 'is': return IS;
        case 'isnull': return ISNULL;
        case 'notnull': return NOTNULL;
        case 'in': return IN;
        case 'like':
        case 'ilike': return LIKE;
        case 'between': return BETWEEN;
        case 'similar': return SIMILAR;
        case 'collate': return COLLATE;
        case 'operator': return c.isPunct('(', 1) ? QUALIFIED_OPERATOR : undefined;
        case 'not': {
          const next = c.peek(1);
          return next.kind === 'word' ? PATTERN_AFTER_NOT.get(next.value) : undefined;
        }
        case 'at':
          return c.isWord('time', 1) && c.isWord('zone', 2) ? AT : undefined;
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

/**
 * Operators whose right operand is an open expression cannot be chained at the same precedence
 * (`a LIKE b LIKE c`); those ending in a closing token can (`x IS NULL IS NULL`, `a IN (1) IN (true)`).
 */
function blocksSamePrecedence(operator: InfixOperator, result: Expr): boolean {
  switch (operator.kind) {
    case 'binary': return operator.precedence === PREC_COMPARISON && result.kind === 'binary';
    case 'is': return result.kind === 'isDistinctFrom';
    case 'like':
    case 'between': return true;
    default: return false;
  }
}

function applyInfix(c: TokenCursor, left: Expr, operator: InfixOperator): Expr {
  const start = left.span.start;
  switch (operator.kind) {
    case 'binary': {
      const token = c.next();
      const op = token.value;
      if (token.kind === 'operator' && isQuantifierAhead(c)) return parseQuantified(c, left, op);
      const right = parseExpr(c, operator.precedence + 1);
      return { kind: 'binary', op, left, right, span: c.spanFrom(start) };
    }
    case 'qualifiedOperator': {
      c.next();
      const op = parseOperatorName(c);
      if (isQuantifierAhead(c)) return parseQuantified(c, left, op);
      const right = parseExpr(c, operator.precedence + 1);
      return { kind: 'binary', op, left, right, span: c.spanFrom(start) };
    }
    case 'cast': {
      c.next();
      const type = parseTypeName(c);
      return { kind: 'cast', expr: left, type, span: c.spanFrom(start) };
    }
    case 'subscript': {
      if (!acceptsSubscript(left)) c.fail();
      c.next();
      const index = parseExpr(c);
      if (c.isPunct(':')) c.unsupported('array slicing');
      c.expectPunct(']');
      return { kind: 'subscript', expr: left, index, span: c.spanFrom(start) };
    }
    case 'is':
      c.next();
      return parseIsTest(c, left);
    case 'isnull':
    case 'notnull':
      c.next();
      return { kind: 'isNull', expr: left, negated: operator.kind === 'notnull', span: c.spanFrom(start) };
    case 'at': {
      c.next();
      c.next();
      c.next();
      const zone = parseExpr(c, PREC_AT + 1);
      // PostgreSQL turns `x AT TIME ZONE z` into timezone(z, x).
      return timezoneCall(zone, left, c.spanFrom(start));
    }
    case 'collate': {
      c.next();
      const collation = parseAnyName(c);
      return { kind: 'collate', expr: left, collation, span: c.spanFrom(start) };
    }
    default:
      return parsePatternTest(c, left, operator);
  }
}

/**
 * `(pg_catalog.~)` after OPERATOR: the operator symbol. Every operator lives in pg_catalog, so a qualified
 * operator is its symbol; another schema names no operator.
 */
function parseOperatorName(c: TokenCursor): string {
  c.expectPunct('(');
  const schema: string[] = [];
  while (c.peek().kind !== 'operator') {
    const part = c.next();
    if (part.kind !== 'word' && part.kind !== 'quoted') c.fail(part);
    schema.push(part.kind === 'quoted' ? c.quotedName(part) : part.value);
    c.expectPunct('.');
  }
  const symbol = c.next();
  c.expectPunct(')');
  const qualifier = schema[schema.length - 1];
  if (qualifier !== undefined && qualifier !== 'pg_catalog') {
    throw new SqlError('undefined_function', `operator does not exist: ${[...schema, symbol.value].join('.')}`, { position: symbol.start });
  }
  return symbol.value;
}

/** A possibly qualified name (a collation's): `"C"`, `pg_catalog.default`. */
function parseAnyName(c: TokenCursor): string[] {
  const first = c.next();
  if (first.kind !== 'word' && first.kind !== 'quoted') c.fail(first);
  const parts = [first.kind === 'quoted' ? c.quotedName(first) : first.value];
  while (c.acceptPunct('.')) parts.push(parseColumnLabel(c));
  return parts;
}

function parseIsTest(c: TokenCursor, left: Expr): Expr {
  const start = left.span.start;
  const negated = c.acceptWord('not');
  const token = c.peek();
  if (token.kind === 'word') {
    switch (token.value) {
      case 'null':
        c.next();
        return { kind: 'isNull', expr: left, negated, span: c.spanFrom(start) };
      case 'true':
      case 'false':
      case 'unknown':
        c.next();
        return {
          kind: 'isBoolean',
          expr: left,
          value: token.value === 'unknown' ? null : token.value === 'true',
          negated,
          span: c.spanFrom(start),
        };
      case 'distinct': {
        c.next();
        c.expectWord('from');
        const right = parseExpr(c, PREC_IS + 1);
        return { kind: 'isDistinctFrom', left, right, negated, span: c.spanFrom(start) };
      }
      case 'document':
      case 'normalized':
      case 'json':
        return c.unsupported(`IS ${token.value.toUpperCase()}`);
    }
  }
  return c.fail();
}

/** `[NOT] IN (...)`, `[NOT] LIKE | ILIKE p [ESCAPE e]`, `[NOT] BETWEEN [SYMMETRIC] a AND b`. */
function parsePatternTest(c: TokenCursor, left: Expr, operator: InfixOperator): Expr {
  const start = left.span.start;
  const negated = c.acceptWord('not');
  const keyword = c.next();
  switch (operator.kind) {
    case 'in': {
      c.expectPunct('(');
      if (startsQuery(c)) {
        const query = parseQuery(c);
        c.expectPunct(')');
        return { kind: 'inSubquery', expr: left, query, negated, span: c.spanFrom(start) };
      }
      const list = parseExprList(c);
      c.expectPunct(')');
      return { kind: 'inList', expr: left, list, negated, span: c.spanFrom(start) };
    }
    case 'like': {
      if (isQuantifierAhead(c)) c.unsupported(`${keyword.value.toUpperCase()} ${c.peek().value.toUpperCase()}`);
      const pattern = parseExpr(c, PREC_PATTERN + 1);
      const escape = c.acceptWord('escape') ? parseExpr(c, PREC_PATTERN + 1) : undefined;
      return {
        kind: 'like',
        expr: left,
        pattern,
        ...(escape === undefined ? {} : { escape }),
        negated,
        caseInsensitive: keyword.value === 'ilike',
        span: c.spanFrom(start),
      };
    }
    case 'between': {
      const symmetric = c.acceptWord('symmetric');
      if (!symmetric) c.acceptWord('asymmetric');
      const low = parseExpr(c, PREC_PATTERN + 1);
      c.expectWord('and');
      const high = parseExpr(c, PREC_PATTERN + 1);
      return { kind: 'between', expr: left, low, high, negated, symmetric, span: c.spanFrom(start) };
    }
    default:
      return c.unsupported('SIMILAR TO', keyword);
  }
}

/** ANY, SOME and ALL are reserved, so after an operator they always start a quantified comparison. */
function isQuantifierAhead(c: TokenCursor): boolean {
  return c.isWord('any') || c.isWord('some') || c.isWord('all');
}

/** `left op ANY|SOME|ALL (subquery | array expression)`. */
function parseQuantified(c: TokenCursor, left: Expr, op: string): QuantifiedComparison {
  const quantifier = c.next().value === 'all' ? 'all' : 'any';
  c.expectPunct('(');
  let subject: QuantifiedComparison['subject'];
  if (startsQuery(c)) {
    const query: Query = parseQuery(c);
    subject = { kind: 'query', query };
  } else {
    subject = { kind: 'expr', expr: parseExpr(c) };
  }
  c.expectPunct(')');
  return { kind: 'quantified', op, quantifier, expr: left, subject, span: c.spanFrom(left.span.start) };
}

function timezoneCall(zone: Expr, value: Expr, span: Expr['span']): Expr {
  return {
    kind: 'function',
    name: { parts: ['timezone'], span },
    args: [zone, value],
    star: false,
    distinct: false,
    orderBy: [],
    withinGroup: [],
    noParens: false,
    span,
  };
}
