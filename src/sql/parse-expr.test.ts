// Expressions: PostgreSQL's precedence and associativity, special syntaxes, and the trees they produce.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import type { Expr } from './ast.js';
import type { Dialect } from './dialect.js';
import { parseStatement } from './parse-script.js';
import { printExpr } from './print-expr.js';

/** The first select item of `SELECT <sql>`. */
function parseExpr(sql: string, dialect?: Dialect): Expr {
  const statement = parseStatement(`SELECT ${sql}`, { dialect });
  if (statement.kind !== 'query' || statement.query.body.kind !== 'select') throw new Error('not a select');
  const item = statement.query.body.items[0];
  if (item.kind !== 'expr') throw new Error('not an expression');
  return item.expr;
}

/** The expression printed fully parenthesized, which shows how it was grouped. */
const grouped = (sql: string, dialect?: Dialect): string => printExpr(parseExpr(sql, dialect));

function errorOf(sql: string): string {
  try {
    parseStatement(sql);
  } catch (error) {
    if (error instanceof SqlError) return error.message;
    throw error;
  }
  return '(no error)';
}

describe('operator precedence', () => {
  it.each([
    ['a + b * c', '(a + (b * c))'],
    ['NOT a = b', '(NOT (a = b))'],
    ['a OR b AND c', '(a OR (b AND c))'],
    ['x::int + 1', '(CAST(x AS int) + 1)'],
    ['-2 ^ 2', '((-2) ^ 2)'],
    ['2 ^ 3 ^ 2', '((2 ^ 3) ^ 2)'],
    ['a - b - c', '((a - b) - c)'],
    ['a || b || c', '((a || b) || c)'],
    ['a || b + c', '(a || (b + c))'],
    ['a + b || c', '((a + b) || c)'],
    ['a = b || c', '(a = (b || c))'],
    ['a = b IS NULL', '((a = b) IS NULL)'],
    ['x IS NULL = true', '((x IS NULL) = TRUE)'],
    ['NOT a AND b', '((NOT a) AND b)'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ['a AND NOT b OR c', '((a AND (NOT b)) OR c)'],
    ['true = NOT false', '(TRUE = (NOT FALSE))'],
    ['a LIKE b || c', '(a LIKE (b || c))'],
    ['a = b LIKE c', '(a = (b LIKE c))'],
    ['x BETWEEN 1 AND 2 = true', '((x BETWEEN 1 AND 2) = TRUE)'],
    ['x BETWEEN now() AND now() + interval \'1 day\' * 365 * 2000', "(x BETWEEN now() AND (now() + ((INTERVAL '1 day' * 365) * 2000)))"],
    ['x NOT IN (1, 2) AND y', '((x NOT IN (1, 2)) AND y)'],
    ['1 IN (1) IN (true)', '((1 IN (1)) IN (TRUE))'],
    ['x IS NULL IS NULL', '((x IS NULL) IS NULL)'],
    ['- a::int', '(- CAST(a AS int))'],
    ['-(2::int)', '(- CAST(2 AS int))'],
    ['- -2', '2'],
    ['- a ^ 2', '((- a) ^ 2)'],
    ['~ a + b', '(~ (a + b))'],
    ['~ a || b', '((~ a) || b)'],
    ['a * -1', '(a * (-1))'],
    ['a[1] + b', '((a)[1] + b)'],
    ['(INT \'850\') % t_0.p_size', "(int '850' % t_0.p_size)"],
    ["x AT TIME ZONE 'UTC' + y", "(timezone('UTC', x) + y)"],
    ['a -> \'k\' ->> \'j\' = b', "(((a -> 'k') ->> 'j') = b)"],
    ['count(x) FILTER (WHERE y)::numeric / 2', '(CAST(count(x) FILTER (WHERE y) AS numeric) / 2)'],
  ])('%s', (sql, expected) => {
    expect(grouped(sql)).toBe(expected);
  });

  it.each([
    ['SELECT 1 < 2 < 3', 'syntax error at or near "<"'],
    ['SELECT a LIKE b LIKE c', 'syntax error at or near "LIKE"'],
    ['SELECT 2 BETWEEN 1 AND 3 BETWEEN false AND true', 'syntax error at or near "BETWEEN"'],
    ['SELECT 1 = 1 IS DISTINCT FROM true IS NULL', 'syntax error at or near "IS"'],
    ['SELECT a = = b', 'syntax error at or near "="'],
    ['SELECT 1 < 2 = true', 'syntax error at or near "="'],
    ['SELECT * 2', 'syntax error at or near "2"'],
  ])('rejects %s', (sql, message) => {
    expect(errorOf(sql)).toBe(message);
  });
});

describe('literals', () => {
  it('keeps number text and folds a leading minus', () => {
    expect(parseExpr('9223372036854775807')).toMatchObject({ kind: 'literal', value: { type: 'number', text: '9223372036854775807' } });
    expect(parseExpr('-2147483648')).toMatchObject({ value: { type: 'number', text: '-2147483648' }, span: { start: 7, end: 18 } });
  });

  it('reads typed literals for any type name', () => {
    expect(parseExpr("INT '5'")).toMatchObject({ kind: 'typedLiteral', type: { name: 'int' }, text: '5' });
    expect(parseExpr("TIMESTAMP '2023-10-03 20:32:03'")).toMatchObject({ kind: 'typedLiteral', type: { name: 'timestamp' } });
    expect(parseExpr("timestamp(3) with time zone '2020-01-01'")).toMatchObject({
      type: { name: 'timestamp with time zone', modifiers: [3] },
    });
    expect(parseExpr("double precision '1.5'")).toMatchObject({ type: { name: 'double precision' }, text: '1.5' });
    expect(parseExpr("numeric(10, 2) '1.234'")).toMatchObject({ type: { name: 'numeric', modifiers: [10, 2] } });
    expect(parseExpr("date '2024-01-01'")).toMatchObject({ type: { name: 'date' }, text: '2024-01-01' });
    expect(parseExpr("pg_catalog.int4 '5'")).toMatchObject({ type: { name: 'pg_catalog.int4' } });
  });

  it('reads interval literals with their fields and precision', () => {
    expect(parseExpr("interval '24 h'")).toMatchObject({ kind: 'intervalLiteral', text: '24 h' });
    expect(parseExpr("interval '2' hour")).toMatchObject({ text: '2', fields: 'hour' });
    expect(parseExpr("INTERVAL '1' DAY TO SECOND(3)")).toMatchObject({ fields: 'day to second', precision: 3 });
    expect(parseExpr("interval(3) '1.2345 s'")).toMatchObject({ precision: 3 });
    expect(errorOf("SELECT interval '1' hour to day")).toBe('syntax error at or near "day"');
  });

  it('reads booleans, NULL, parameters and escape strings', () => {
    expect(grouped("TRUE AND NULL OR $2 = E'a\\tb'")).toBe("((TRUE AND NULL) OR ($2 = 'a\tb'))");
  });

  it('reads Flink double-quoted strings and introducers as strings', () => {
    expect(grouped('x IN ("webShop", _UTF16"Website")', 'flink')).toBe("(x IN ('webShop', 'Website'))");
  });
});

describe('names', () => {
  it('lets non-reserved keywords be column names', () => {
    expect(grouped('day + hour + date + time + timestamp + interval + key + value + type + channel + status + sum + real + window_start'))
      .toBe('(((((((((((((day + hour) + date) + "time") + "timestamp") + "interval") + key) + value) + type) + channel) + status) + sum) + "real") + window_start)');
  });

  it('rejects reserved words and function-only keywords as column names', () => {
    expect(errorOf('SELECT left FROM t')).toBe('syntax error at or near "FROM"');
    expect(errorOf('SELECT select')).toBe('syntax error at or near "select"');
    expect(grouped("left('abc', 2)")).toBe("\"left\"('abc', 2)");
  });

  it('treats names of JavaScript object properties as plain names', () => {
    expect(parseExpr('constructor')).toMatchObject({ kind: 'identifier', parts: ['constructor'] });
    expect(grouped('__proto__ + "toString"(constructor)')).toBe('(__proto__ + "toString"(constructor))');
    expect(errorOf('SELECT a NOT constructor')).toBe('syntax error at or near "constructor"');
    expect(parseStatement('SET constructor TO __proto__')).toMatchObject({ name: 'constructor', value: '__proto__' });
  });

  it('keeps quoted names as written', () => {
    expect(parseExpr('"Mixed Case".Col')).toMatchObject({ kind: 'identifier', parts: ['Mixed Case', 'col'] });
  });
});

describe('special syntaxes', () => {
  it.each([
    ["CAST(x AS numeric(10,2))", 'CAST(x AS numeric(10, 2))'],
    ['x::varchar', 'CAST(x AS varchar)'],
    ["'{1,2}'::int[]", "CAST('{1,2}' AS int[])"],
    ['CAST(x AS character varying(32))', 'CAST(x AS character varying(32))'],
    ['CAST(x AS timestamp with time zone)', 'CAST(x AS timestamp with time zone)'],
    ['CAST(x AS string)', 'CAST(x AS string)'],
    ['COALESCE(a, b)', '"coalesce"(a, b)'],
    ['NULLIF(a, 0)', '"nullif"(a, 0)'],
    ['EXTRACT(EPOCH FROM (a - b))', "EXTRACT('epoch' FROM (a - b))"],
    ["position('a' in s)", "\"position\"('a', s)"],
    ['substring(s from 2 for 3)', '"substring"(s, 2, 3)'],
    ['substring(s for 3)', '"substring"(s, 1, 3)'],
    ['substring(s, 2)', '"substring"(s, 2)'],
    ["trim(both 'x' from s)", "btrim(s, 'x')"],
    ["trim(leading 'x' from s)", "ltrim(s, 'x')"],
    ['trim(trailing from s)', 'rtrim(s)'],
    ['trim(s)', 'btrim(s)'],
    ["overlay(s placing 'x' from 2)", "\"overlay\"(s, 'x', 2)"],
    ['ARRAY[1, 2]', 'ARRAY[1, 2]'],
    ['ARRAY[[1], [2]]', 'ARRAY[ARRAY[1], ARRAY[2]]'],
    ['a[1]', '(a)[1]'],
    ['ROW(1, 2)', 'ROW(1, 2)'],
    ['(1, 2)', 'ROW(1, 2)'],
    ['CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END', 'CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END'],
    ["CASE x WHEN 1 THEN 'a' END", "CASE x WHEN 1 THEN 'a' END"],
    ['x IS NOT DISTINCT FROM y', '(x IS NOT DISTINCT FROM y)'],
    ['x IS NOT TRUE', '(x IS NOT TRUE)'],
    ['x IS UNKNOWN', '(x IS UNKNOWN)'],
    ['x ISNULL', '(x IS NULL)'],
    ['x NOTNULL', '(x IS NOT NULL)'],
    ["x NOT ILIKE 'a!%' ESCAPE '!'", "(x NOT ILIKE 'a!%' ESCAPE '!')"],
    ['x BETWEEN SYMMETRIC 2 AND 1', '(x BETWEEN SYMMETRIC 2 AND 1)'],
    ['x = ANY (ARRAY[1, 2])', '(x = ANY (ARRAY[1, 2]))'],
    ['x <> ALL (SELECT y FROM t)', '(x <> ALL (SELECT y FROM t))'],
    ['x = SOME (SELECT 1)', '(x = ANY (SELECT 1))'],
    ['x NOT IN (SELECT y FROM t)', '(x NOT IN (SELECT y FROM t))'],
    ['EXISTS (SELECT 1)', '(EXISTS (SELECT 1))'],
    ['NOT EXISTS (SELECT 1)', '(NOT EXISTS (SELECT 1))'],
    ['(SELECT max(x) FROM t) + 1', '((SELECT max(x) FROM t) + 1)'],
    ['((SELECT 1) UNION SELECT 2)', '((SELECT 1) UNION (SELECT 2))'],
    ['CURRENT_DATE', 'CURRENT_DATE'],
    ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP'],
    ['LOCALTIMESTAMP', 'LOCALTIMESTAMP'],
    ['NOW()', 'now()'],
    ['count(*)', 'count(*)'],
    ['count(DISTINCT x)', 'count(DISTINCT x)'],
    ['count(ALL x)', 'count(x)'],
    ['sum(x) FILTER (WHERE y > 0)', 'sum(x) FILTER (WHERE (y > 0))'],
    ["string_agg(x, ',' ORDER BY y)", "string_agg(x, ',' ORDER BY y)"],
    ['percentile_cont(0.5) within group (order by a)', 'percentile_cont(0.5) WITHIN GROUP (ORDER BY a)'],
    ['first_value(DISTINCT t.c9 ORDER BY t.c9 ASC)', 'first_value(DISTINCT t.c9 ORDER BY t.c9)'],
    ['last_value(x ORDER BY x ASC NULLS FIRST)', 'last_value(x ORDER BY x NULLS FIRST)'],
    ['lag(x) over (partition by 0::int)', 'lag(x) OVER (PARTITION BY CAST(0 AS int))'],
    ['row_number() over(partition by a order by b desc)', 'row_number() OVER (PARTITION BY a ORDER BY b DESC)'],
    ['sum(x) OVER (ORDER BY y ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING)', 'sum(x) OVER (ORDER BY y ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING)'],
    ['sum(x) OVER (w RANGE CURRENT ROW)', 'sum(x) OVER (w RANGE CURRENT ROW)'],
    ['sum(x) OVER w', 'sum(x) OVER w'],
  ])('%s', (sql, expected) => {
    expect(grouped(sql)).toBe(expected);
  });

  it('maps keyword functions to calls without parentheses', () => {
    expect(parseExpr('CURRENT_DATE')).toMatchObject({ kind: 'function', name: { parts: ['current_date'] }, args: [], noParens: true });
    expect(parseExpr('CURRENT_TIMESTAMP(3)')).toMatchObject({ name: { parts: ['current_timestamp'] }, noParens: false });
  });

  it('parses COLLATE, ARRAY(subquery) and OPERATOR(pg_catalog.op) as psql sends them', () => {
    expect(parseExpr("c.relname COLLATE pg_catalog.default")).toMatchObject({ kind: 'collate', expr: { kind: 'identifier' }, collation: ['pg_catalog', 'default'] });
    expect(printExpr(parseExpr('x COLLATE "C"'))).toBe('(x) COLLATE "C"');
    expect(printExpr(parseExpr('ARRAY(SELECT b.rolname FROM r b ORDER BY 1)'))).toBe('ARRAY(SELECT b.rolname FROM r AS b ORDER BY 1)');
    expect(parseExpr("c.relname OPERATOR(pg_catalog.~) '^(t)$'")).toMatchObject({ kind: 'binary', op: '~', left: { kind: 'identifier' } });
    // "Any other operator" precedence, whatever the operator: looser than +, tighter than =.
    expect(grouped('a OPERATOR(pg_catalog.+) b * c = d')).toBe(grouped('(a OPERATOR(pg_catalog.+) (b * c)) = d'));
    expect(parseExpr('x OPERATOR(pg_catalog.=) ANY(y)')).toMatchObject({ kind: 'quantified', op: '=', quantifier: 'any' });
    expect(() => parseExpr('a OPERATOR(public.~) b')).toThrow('operator does not exist: public.~');
  });

  it('rejects what Tally does not support with feature_not_supported', () => {
    for (const sql of ["SELECT 'a' SIMILAR TO 'b'", 'SELECT a[1:2]']) {
      try {
        parseStatement(sql);
        expect.unreachable(sql);
      } catch (error) {
        expect((error as SqlError).condition).toBe('feature_not_supported');
      }
    }
  });
});
