// Prints expressions back to SQL that parses to the same tree: operators fully parenthesized, names quoted
// where PostgreSQL's quote_ident would quote them.
import { isBuiltinTypeName } from '../types/type-name.js';
import type { Expr, FrameBound, FunctionCall, ObjectName, OrderItem, TypeName, WindowSpec } from './ast.js';
import { COLUMN_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNCTION_KEYWORDS } from './keywords.js';
import { printQuery } from './print-query.js';

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/** `name` if it needs no quotes, else `"name"` with inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  const plain =
    PLAIN_IDENTIFIER.test(name) && !RESERVED_KEYWORDS.has(name) && !TYPE_FUNCTION_KEYWORDS.has(name) && !COLUMN_NAME_KEYWORDS.has(name);
  return plain ? name : `"${name.replaceAll('"', '""')}"`;
}

export const quoteName = (parts: readonly string[]): string => parts.map(quoteIdentifier).join('.');

export const printObjectName = (name: ObjectName): string => quoteName(name.parts);

/** A standard-conforming string literal: backslashes are literal, quotes doubled. */
export const quoteString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export function printTypeName(type: TypeName): string {
  let text = printTypeNameWords(type.name);
  if (type.name === 'interval' && type.fields !== undefined) {
    text += ` ${type.fields}`;
    if (type.modifiers.length > 0) text += `(${type.modifiers.join(', ')})`;
  } else if (type.modifiers.length > 0) {
    const modifiers = `(${type.modifiers.join(', ')})`;
    // The precision of a time type comes before its time zone words.
    const zone = /^(timestamp|time)( with(out)? time zone)$/.exec(type.name);
    text = zone === null ? text + modifiers : `${zone[1]}${modifiers}${zone[2]}`;
  }
  if (type.unsigned) text += ' unsigned';
  return type.isArray ? `${text}[]` : text;
}

/**
 * A built-in type's words as they are (`double precision`, `int`); any other name quoted as an identifier needs,
 * part by part when qualified (`pg_catalog.int4`, `treat."all"`, `"a b"`), so that it parses back the same.
 */
function printTypeNameWords(name: string): string {
  if (isBuiltinTypeName(name)) return name;
  return name.includes('.') ? quoteName(name.split('.')) : quoteIdentifier(name);
}

/** Prints an expression; compound expressions come out parenthesized so that precedence is explicit. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'identifier': return quoteName(expr.parts);
    case 'literal': return printLiteral(expr.value);
    case 'typedLiteral': {
      // Only `"interval" 'x'` makes a typed literal of type interval: bare, it would read as an interval literal.
      const printed = printTypeName(expr.type);
      const type = expr.type.name === 'interval' ? `"interval"${printed.slice('interval'.length)}` : printed;
      return `${type} ${quoteString(expr.text)}`;
    }
    case 'intervalLiteral': {
      const precision = expr.precision === undefined ? '' : `(${expr.precision})`;
      if (expr.fields === undefined) return `INTERVAL${precision} ${quoteString(expr.text)}`;
      if (!expr.fields.endsWith('second')) return `INTERVAL${precision} ${quoteString(expr.text)} ${expr.fields}`;
      return `INTERVAL ${quoteString(expr.text)} ${expr.fields}${precision}`;
    }
    case 'parameter': return `$${expr.index}`;
    case 'unary': return `(${expr.op === 'not' ? 'NOT' : expr.op} ${printExpr(expr.operand)})`;
    case 'binary': {
      const op = expr.op === 'and' || expr.op === 'or' ? expr.op.toUpperCase() : expr.op;
      return `(${printExpr(expr.left)} ${op} ${printExpr(expr.right)})`;
    }
    case 'function': return printFunctionCall(expr);
    case 'cast': return `CAST(${printExpr(expr.expr)} AS ${printTypeName(expr.type)})`;
    case 'case': {
      const operand = expr.operand === undefined ? '' : ` ${printExpr(expr.operand)}`;
      const whens = expr.whens.map(({ when, then }) => ` WHEN ${printExpr(when)} THEN ${printExpr(then)}`).join('');
      const otherwise = expr.else === undefined ? '' : ` ELSE ${printExpr(expr.else)}`;
      return `CASE${operand}${whens}${otherwise} END`;
    }
    case 'inList': return `(${printExpr(expr.expr)}${not(expr.negated)} IN (${printExprs(expr.list)}))`;
    case 'inSubquery': return `(${printExpr(expr.expr)}${not(expr.negated)} IN (${printQuery(expr.query)}))`;
    case 'between': {
      const symmetric = expr.symmetric ? ' SYMMETRIC' : '';
      return `(${printExpr(expr.expr)}${not(expr.negated)} BETWEEN${symmetric} ${printExpr(expr.low)} AND ${printExpr(expr.high)})`;
    }
    case 'like': {
      const escape = expr.escape === undefined ? '' : ` ESCAPE ${printExpr(expr.escape)}`;
      const keyword = expr.caseInsensitive ? 'ILIKE' : 'LIKE';
      return `(${printExpr(expr.expr)}${not(expr.negated)} ${keyword} ${printExpr(expr.pattern)}${escape})`;
    }
    case 'isNull': return `(${printExpr(expr.expr)} IS${not(expr.negated)} NULL)`;
    case 'isBoolean': {
      const value = expr.value === null ? 'UNKNOWN' : expr.value ? 'TRUE' : 'FALSE';
      return `(${printExpr(expr.expr)} IS${not(expr.negated)} ${value})`;
    }
    case 'isDistinctFrom': return `(${printExpr(expr.left)} IS${not(expr.negated)} DISTINCT FROM ${printExpr(expr.right)})`;
    case 'exists': return `(${expr.negated ? 'NOT ' : ''}EXISTS (${printQuery(expr.query)}))`;
    case 'scalarSubquery': return `(${printQuery(expr.query)})`;
    case 'quantified': {
      const subject = expr.subject.kind === 'query' ? printQuery(expr.subject.query) : printExpr(expr.subject.expr);
      return `(${printExpr(expr.expr)} ${expr.op} ${expr.quantifier.toUpperCase()} (${subject}))`;
    }
    case 'extract': return `EXTRACT(${quoteString(expr.field)} FROM ${printExpr(expr.source)})`;
    case 'array': return `ARRAY[${printExprs(expr.elements)}]`;
    case 'arraySubquery': return `ARRAY(${printQuery(expr.query)})`;
    case 'collate': return `(${printExpr(expr.expr)}) COLLATE ${quoteName(expr.collation)}`;
    case 'subscript': return `(${printExpr(expr.expr)})[${printExpr(expr.index)}]`;
    case 'row': return `ROW(${printExprs(expr.fields)})`;
  }
}

const not = (negated: boolean): string => (negated ? ' NOT' : '');

export const printExprs = (exprs: readonly Expr[]): string => exprs.map(printExpr).join(', ');

function printLiteral(value: Extract<Expr, { kind: 'literal' }>['value']): string {
  switch (value.type) {
    // Parenthesized so that a negative number stays one literal next to any operator.
    case 'number': return value.text.startsWith('-') ? `(${value.text})` : value.text;
    case 'string': return quoteString(value.text);
    case 'boolean': return value.value ? 'TRUE' : 'FALSE';
    case 'null': return 'NULL';
  }
}

function printFunctionCall(call: FunctionCall): string {
  if (call.noParens) return call.name.parts.join('.').toUpperCase();
  let args: string;
  if (call.star) {
    args = '*';
  } else {
    args = (call.distinct ? 'DISTINCT ' : '') + printExprs(call.args);
    if (call.orderBy.length > 0) args += ` ORDER BY ${printOrderBy(call.orderBy)}`;
  }
  let text = `${quoteName(call.name.parts)}(${args})`;
  if (call.withinGroup.length > 0) text += ` WITHIN GROUP (ORDER BY ${printOrderBy(call.withinGroup)})`;
  if (call.filter !== undefined) text += ` FILTER (WHERE ${printExpr(call.filter)})`;
  if (call.over !== undefined) text += ` OVER ${'name' in call.over ? quoteIdentifier(call.over.name) : printWindowSpec(call.over)}`;
  return text;
}

export function printOrderBy(items: readonly OrderItem[]): string {
  return items
    .map((item) => {
      const nulls = item.nullsFirst === undefined ? '' : item.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
      return `${printExpr(item.expr)}${item.descending ? ' DESC' : ''}${nulls}`;
    })
    .join(', ');
}

export function printWindowSpec(spec: WindowSpec): string {
  const parts: string[] = [];
  if (spec.baseName !== undefined) parts.push(quoteIdentifier(spec.baseName));
  if (spec.partitionBy.length > 0) parts.push(`PARTITION BY ${printExprs(spec.partitionBy)}`);
  if (spec.orderBy.length > 0) parts.push(`ORDER BY ${printOrderBy(spec.orderBy)}`);
  if (spec.frame !== undefined) {
    const { units, start, end } = spec.frame;
    const bounds = end === undefined ? printFrameBound(start) : `BETWEEN ${printFrameBound(start)} AND ${printFrameBound(end)}`;
    parts.push(`${units.toUpperCase()} ${bounds}`);
  }
  return `(${parts.join(' ')})`;
}

function printFrameBound(bound: FrameBound): string {
  switch (bound.kind) {
    case 'unboundedPreceding': return 'UNBOUNDED PRECEDING';
    case 'preceding': return `${printExpr(bound.offset)} PRECEDING`;
    case 'currentRow': return 'CURRENT ROW';
    case 'following': return `${printExpr(bound.offset)} FOLLOWING`;
    case 'unboundedFollowing': return 'UNBOUNDED FOLLOWING';
  }
}
