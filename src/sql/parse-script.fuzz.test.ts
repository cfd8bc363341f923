// Fuzzing: random token soups and random text never make the parser throw anything but SqlError, and
// whatever parses prints back to SQL that parses to the same tree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { AS_LABEL_KEYWORDS, COLUMN_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNCTION_KEYWORDS } from './keywords.js';
import type { Dialect } from './dialect.js';
import { parseScript } from './parse-script.js';
import { printStatement } from './print-statement.js';

const WORDS = [
  ...RESERVED_KEYWORDS, ...TYPE_FUNCTION_KEYWORDS, ...COLUMN_NAME_KEYWORDS, ...AS_LABEL_KEYWORDS,
  'source', 'sink', 'materialized', 'view', 'emit', 'watermark', 'append', 'flush', 'show', 'set', 'explain', 'format',
  'encode', 'tumble', 'hop', 'rollup', 'cube', 'sets', 'filter', 'over', 'partition', 'rows', 'range', 'preceding',
  'following', 'unbounded', 'current', 'row', 'nulls', 'first', 'last', 'insert', 'update', 'delete', 'drop', 'if',
  'exists', 'replace', 'enforced', 'corresponding', 'unknown', 'zone', 'escape', 'a', 'b', 't', 'x', 'count', 'sum',
  // Names that are also properties of every JavaScript object.
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype',
];
const SYMBOLS = [
  '(', ')', '[', ']', ',', ';', '.', '::', ':', '*', '+', '-', '/', '%', '^', '=', '<', '>', '<=', '>=', '<>', '!=',
  '||', '->', '->>', '~', '@', '#', '&', '|', '?', '`', '$', '{', '}', '\\',
];
const LITERALS = [
  '1', '0', '2.5', '.5', '1e3', '9223372036854775808', "'a'", "''", "'it''s'", "E'\\n'", "E'\\x41'", "U&'\\0041'",
  '$$x$$', '$1', '"Q"', '"a b"', '`b`', '_UTF16"s"', "'2020-01-01'", "'1 hour'",
];

const token = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...SYMBOLS) },
  { weight: 2, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '\t', ' -- c\n', ' /* c */ ');
const soup = fc.array(fc.tuple(token, separator), { maxLength: 40 }).map((pairs) => pairs.map(([text, sep]) => text + sep).join(''));
const dialect = fc.constantFrom<Dialect>('postgres', 'flink');

const BINARY_OPERATORS = [
  'or', 'and', 'is distinct from', 'is not distinct from', '=', '<', '<>', '>=', 'like', 'not ilike', '||', '->',
  '@>', '+', '-', '*', '/', '%', '^', 'at time zone',
];
const POSTFIX = ['is null', 'is not true', 'isnull', 'notnull', '::int', '::numeric(10, 2)', '::text[]', '[1]'];
const PREFIX = ['not', '-', '+', '~', '@'];

/** Random expression text over every precedence level, with random parentheses. */
const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 't.b', '1', '2.5', "'s'", '$1', 'true', 'null', "interval '1' day", "date '2020-01-01'", 'now()', 'current_date'),
    fc.tuple(tie('expression'), fc.constantFrom(...BINARY_OPERATORS), tie('expression')).map(([left, op, right]) => `${left} ${op} ${right}`),
    fc.tuple(fc.constantFrom(...PREFIX), tie('expression')).map(([op, operand]) => `${op} ${operand}`),
    fc.tuple(tie('expression'), fc.constantFrom(...POSTFIX)).map(([operand, op]) => `${operand} ${op}`),
    tie('expression').map((inner) => `(${inner})`),
    fc.tuple(tie('expression'), tie('expression'), tie('expression')).map(([x, low, high]) => `${x} between ${low} and ${high}`),
    fc.tuple(tie('expression'), tie('expression')).map(([x, item]) => `${x} not in (${item}, 1)`),
    fc.tuple(tie('expression'), tie('expression')).map(([x, y]) => `coalesce(${x}, ${y})`),
    fc.tuple(tie('expression'), tie('expression')).map(([x, y]) => `case when ${x} then ${y} else 0 end`),
    fc.tuple(tie('expression'), tie('expression')).map(([x, y]) => `${x} = any (array[${y}])`),
    tie('expression').map((x) => `exists (select ${x})`),
  ),
}));

/** Parses, and if that works checks the printed form round-trips; rethrows anything but SqlError. */
function check(sql: string, chosen: Dialect): void {
  let statements;
  try {
    statements = parseScript(sql, { dialect: chosen });
  } catch (error) {
    if (error instanceof SqlError) {
      expect(error.position === undefined || (error.position >= 0 && error.position <= sql.length)).toBe(true);
      return;
    }
    throw error;
  }
  if (chosen !== 'postgres') return;
  for (const { statement } of statements) {
    const printed = printStatement(statement);
    const [again] = parseScript(printed);
    expect(withoutSpans(again.statement), printed).toEqual(withoutSpans(statement));
  }
}

function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'span').map(([key, value]) => [key, withoutSpans(value)]));
}

describe('parser fuzzing', () => {
  it('throws only SqlError for token soups', () => {
    fc.assert(fc.property(soup, dialect, (sql, chosen) => check(sql, chosen)), { numRuns: 3000 });
  });

  it('throws only SqlError for token soups after a statement start', () => {
    const start = fc.constantFrom('select ', 'select a from t where ', 'create table t (', 'insert into t values (', 'create source s (a int) with (');
    fc.assert(fc.property(start, soup, dialect, (prefix, sql, chosen) => check(prefix + sql, chosen)), { numRuns: 3000 });
  });

  it('round-trips the counterexamples fuzzing found', () => {
    // Type names that only parse back quoted: a reserved word after a dot, a keyword, blanks, capitals, and
    // `"interval"`, which bare would begin an interval literal.
    for (const sql of [
      "select treat . all 'it''s'", `select "treat" 'x'`, `select pg_catalog."Int4" '1'`, `select "x"."select" 'a'`,
      'select 1 :: "a b"', `select "interval" '1'`, `select "interval"(3) '1'`, `select "national" 'x'`,
      `select "extract" 'x'`, 'select 1::"INT"', `select double precision '1', int '2', timestamp with time zone 'x'`,
    ]) {
      check(sql, 'postgres');
    }
  });

  it('throws only SqlError for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), dialect, (sql, chosen) => check(sql, chosen)), { numRuns: 500 });
  });

  it('round-trips random expressions through the printer', () => {
    fc.assert(fc.property(expression, (sql) => check(`select ${sql}`, 'postgres')), { numRuns: 3000 });
  });

  it('rejects deep nesting with SqlError instead of overflowing the stack', () => {
    for (const sql of [
      `select ${'('.repeat(5000)}1${')'.repeat(5000)}`,
      `select ${'-'.repeat(1).padEnd(1)}${' - '.repeat(20000)}1`,
      `select ${'not '.repeat(20000)}true`,
      `select ${'array['.repeat(5000)}1${']'.repeat(5000)}`,
      `select * from ${'('.repeat(5000)}t${')'.repeat(5000)}`,
      `${'('.repeat(5000)}select 1${')'.repeat(5000)}`,
      `select a from t group by grouping sets ${'(grouping sets '.repeat(3000)}`,
    ]) {
      expect(() => parseScript(sql)).toThrow(SqlError);
    }
  });

  it('parses long flat inputs without exhausting the stack', () => {
    parseScript(`select ${Array.from({ length: 20000 }, (_, idx) => `c${idx}`).join(' + ')} from t`);
    parseScript(`insert into t values ${Array.from({ length: 20000 }, (_, idx) => `(${idx}, 'v${idx}')`).join(', ')}`);
  });
});
