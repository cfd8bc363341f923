// Parsing of type names: `int`, `numeric(10, 2)`, `double precision`, `timestamp(3) with time zone`, `int[]`.
import type { TypeName } from './ast.js';
import { isFunctionIdentifier } from './keywords.js';
import { parseColumnLabel } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

const INTERVAL_FIELDS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);
/** The fields allowed after `<field> TO`. */
const INTERVAL_FIELD_RANGES: ReadonlyMap<string, readonly string[]> = new Map([
  ['year', ['month']],
  ['day', ['hour', 'minute', 'second']],
  ['hour', ['minute', 'second']],
  ['minute', ['second']],
]);

/**
 * Parses a type name. `allowArray` is false for typed literals (`INT '5'`), where PostgreSQL accepts no
 * array bounds. Throws a syntax error at the first token that cannot be part of a type name.
 */
export function parseTypeName(c: TokenCursor, allowArray = true): TypeName {
  const start = c.peek().start;
  const first = c.next();
  let name: string;
  let modifiers: number[] = [];
  let fields: string | undefined;
  if (first.kind === 'quoted') {
    name = qualifiedRest(c, c.quotedName(first));
  } else if (first.kind === 'word' && isFunctionIdentifier(first.value)) {
    switch (first.value) {
      case 'double':
        name = c.acceptWord('precision') ? 'double precision' : 'double';
        break;
      case 'national':
        if (!c.isWord('character') && !c.isWord('char')) c.fail();
        name = `national ${c.next().value}${c.acceptWord('varying') ? ' varying' : ''}`;
        break;
      case 'character':
      case 'char':
      case 'nchar':
      case 'bit':
        name = c.acceptWord('varying') ? `${first.value} varying` : first.value;
        break;
      case 'timestamp':
      case 'time':
        if (c.isPunct('(')) modifiers = parseTypeModifiers(c);
        name = first.value + timeZoneSuffix(c);
        break;
      case 'interval': {
        const qualifier = parseIntervalQualifier(c);
        name = 'interval';
        fields = qualifier.fields;
        if (qualifier.precision !== undefined) modifiers = [qualifier.precision];
        break;
      }
      default:
        name = qualifiedRest(c, first.value);
    }
  } else {
    return c.fail(first);
  }
  if (modifiers.length === 0 && c.isPunct('(')) modifiers = parseTypeModifiers(c);
  const isArray = allowArray && parseArrayBounds(c);
  const unsigned = c.dialect === 'flink' && c.acceptWord('unsigned');
  if (unsigned) c.acceptWord('zerofill');
  return {
    name,
    modifiers,
    isArray,
    span: c.spanFrom(start),
    ...(fields === undefined ? {} : { fields }),
    ...(unsigned ? { unsigned } : {}),
  };
}

/** `WITH TIME ZONE` / `WITHOUT TIME ZONE` after `timestamp` or `time`, as a name suffix. */
function timeZoneSuffix(c: TokenCursor): string {
  if (c.acceptWords('with', 'time', 'zone')) return ' with time zone';
  if (c.acceptWords('without', 'time', 'zone')) return ' without time zone';
  return '';
}

function qualifiedRest(c: TokenCursor, first: string): string {
  let name = first;
  while (c.isPunct('.')) {
    c.next();
    name += `.${parseColumnLabel(c)}`;
  }
  return name;
}

/** `(10, 2)`: signed integer modifiers. */
export function parseTypeModifiers(c: TokenCursor): number[] {
  c.expectPunct('(');
  const modifiers = [parseSignedInteger(c)];
  while (c.acceptPunct(',')) modifiers.push(parseSignedInteger(c));
  c.expectPunct(')');
  return modifiers;
}

function parseSignedInteger(c: TokenCursor): number {
  const negative = c.acceptOperator('-');
  if (!negative) c.acceptOperator('+');
  const token = c.peek();
  if (token.kind !== 'number' || !/^\d+$/.test(token.value)) c.fail();
  c.next();
  const value = Number(token.value);
  return negative ? -value : value;
}

/** `[]`, `[3]`, `[][]`, `ARRAY`, `ARRAY[3]`: returns whether any array bound was given. */
function parseArrayBounds(c: TokenCursor): boolean {
  if (c.acceptWord('array')) {
    if (c.acceptPunct('[')) {
      parseSignedInteger(c);
      c.expectPunct(']');
    }
    return true;
  }
  let isArray = false;
  while (c.acceptPunct('[')) {
    if (!c.isPunct(']')) parseSignedInteger(c);
    c.expectPunct(']');
    isArray = true;
  }
  return isArray;
}

/**
 * The optional qualifier of an interval type or literal: `DAY`, `HOUR TO SECOND`, `SECOND(3)`. Returns
 * the fields lower-cased and the seconds precision, if given.
 */
export function parseIntervalQualifier(c: TokenCursor): { fields?: string; precision?: number } {
  const first = c.peek();
  if (first.kind !== 'word' || !INTERVAL_FIELDS.has(first.value)) return {};
  c.next();
  let fields = first.value;
  let last = first.value;
  if (c.isWord('to')) {
    c.next();
    const second = c.peek();
    if (second.kind !== 'word' || !(INTERVAL_FIELD_RANGES.get(first.value) ?? []).includes(second.value)) c.fail();
    c.next();
    fields = `${first.value} to ${second.value}`;
    last = second.value;
  }
  if (last === 'second' && c.isPunct('(')) {
    const [precision, ...extra] = parseTypeModifiers(c);
    if (extra.length > 0) c.fail();
    return { fields, precision };
  }
  return { fields };
}
