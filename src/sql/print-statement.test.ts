// Round trip: every parsed statement, printed and parsed again, gives the same tree.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Statement } from './ast.js';
import { parseScript, parseStatement } from './parse-script.js';
import { printStatement } from './print-statement.js';

/** The tree without source positions, which printing does not preserve. */
function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'span').map(([key, value]) => [key, withoutSpans(value)]));
}

function expectRoundTrip(statement: Statement, where: string): void {
  const printed = printStatement(statement);
  let reparsed: Statement;
  try {
    reparsed = parseStatement(printed);
  } catch (error) {
    throw new Error(`${where}: printed statement does not parse: ${(error as Error).message}\n${printed}`, { cause: error });
  }
  expect(withoutSpans(reparsed), `${where}\n${printed}`).toEqual(withoutSpans(statement));
}

const PEER_DIR = '/work/shared/peer-tests/risingwave-streaming';

function peerStatements(): { where: string; sql: string }[] {
  const files = readdirSync(PEER_DIR, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.slt'));
  return files.flatMap((name) => {
    const blocks = readFileSync(join(PEER_DIR, name), 'utf8').split(/\n(?:\s*\n)+/);
    return blocks
      .map((block) => /^(?:statement|query)[^\n]*\n([\s\S]*?)(?:\n----[\s\S]*)?$/.exec(block.trim())?.[1])
      .filter((sql): sql is string => sql !== undefined)
      .map((sql) => ({ where: name, sql }));
  });
}

const EXTRA = [
  `SELECT a + b * c, NOT a = b, a OR b AND c, x::int + 1, -2 ^ 2, -(2::int), - x, ~ a || b, |/ 4`,
  `SELECT x IS NULL, x IS NOT DISTINCT FROM y, x IS NOT TRUE, x ISNULL, x NOTNULL, x IS UNKNOWN`,
  `SELECT x BETWEEN SYMMETRIC 1 AND 2, x NOT IN (1, 2), x IN (SELECT 1), x NOT LIKE 'a%' ESCAPE '!', x ILIKE 'b'`,
  `SELECT x = ANY (ARRAY[1, 2]), x > ALL (SELECT 1), EXISTS (SELECT 1), NOT EXISTS (SELECT 1), (SELECT 1)`,
  `SELECT CASE WHEN a THEN 1 ELSE 2 END, CASE a WHEN 1 THEN 'x' END, CAST(x AS numeric(10, 2)), x::varchar(3)[], 1::"Q", CAST(1 AS "My Type")`,
  `SELECT EXTRACT(EPOCH FROM (a - b)), position('a' IN s), substring(s FROM 2 FOR 3), substring(s FOR 2), trim(BOTH 'x' FROM s), trim(LEADING FROM s), overlay(s PLACING 'x' FROM 2 FOR 1)`,
  `SELECT count(*), count(DISTINCT x), sum(x) FILTER (WHERE x > 0), string_agg(x, ',' ORDER BY y DESC NULLS FIRST), percentile_cont(0.5) WITHIN GROUP (ORDER BY a)`,
  `SELECT row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), sum(x) OVER w, lag(x) OVER (w ORDER BY y RANGE 2 PRECEDING) FROM t WINDOW w AS (PARTITION BY z)`,
  `SELECT CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(3), LOCALTIMESTAMP, now(), E'a\\nb', $1, "Mixed Case", ARRAY[[1, 2], [3]], a[1], ROW(1, 2), (1, 2)`,
  `SELECT DATE '2024-01-01', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', INT '5', double precision '1.5', interval '1' day to second(3), interval(2) '1 s', x AT TIME ZONE 'UTC'`,
  `WITH a (x) AS (SELECT 1), b AS (VALUES (2)) SELECT DISTINCT ON (x) * FROM a, b ORDER BY 1 LIMIT 10 OFFSET 2`,
  `SELECT * FROM t1 LEFT JOIN t2 USING (a) NATURAL FULL JOIN t3 CROSS JOIN t4 RIGHT OUTER JOIN t5 ON true`,
  `SELECT * FROM (SELECT 1) AS s (x), LATERAL (SELECT 2) AS l, generate_series(1, 3) AS g (n), (t1 JOIN t2 ON true)`,
  `SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), (a), (), ROLLUP (a, (a, b))), CUBE (a, b), ()`,
  `(SELECT 1 UNION ALL SELECT 2) EXCEPT (SELECT 3 INTERSECT SELECT 4) ORDER BY 1 FETCH FIRST 5 ROWS ONLY`,
  `SELECT window_start, count(*) FROM tumble(t, ts, INTERVAL '1 hour') GROUP BY window_start EMIT ON WINDOW CLOSE`,
  `CREATE TABLE t (a int PRIMARY KEY, b varchar NOT NULL DEFAULT 'x', c timestamp(3) with time zone, d int[], e int AS a + 1, WATERMARK FOR c AS c - INTERVAL '5 minutes') APPEND ONLY WITH (connector = 'kafka', properties.bootstrap.server = 'k:9092') FORMAT PLAIN ENCODE JSON`,
  `CREATE SOURCE IF NOT EXISTS s (a int, PRIMARY KEY (a)) WITH (connector = 'kafka') FORMAT UPSERT ENCODE JSON (k = 'v')`,
  `CREATE SINK s AS SELECT * FROM t WITH (connector = 'blackhole')`,
  `CREATE OR REPLACE MATERIALIZED VIEW IF NOT EXISTS v (x) AS SELECT 1`,
  `INSERT INTO t (a, b) SELECT 1, 2 RETURNING a AS x, *`,
  `UPDATE t AS u SET a = a + 1, b = DEFAULT_VALUE WHERE a > 0 RETURNING a`,
  `DELETE FROM t WHERE a IN (1, 2)`,
  `DROP MATERIALIZED VIEW IF EXISTS a, s.b CASCADE`,
  `SET search_path TO a, b`,
  `SET LOCAL timezone TO DEFAULT`,
  `SHOW CREATE MATERIALIZED VIEW v`,
  `SHOW COLUMNS FROM t`,
  `EXPLAIN VERBOSE SELECT 1`,
];

describe('printStatement', () => {
  it('round-trips the peer statements', () => {
    for (const { where, sql } of peerStatements()) {
      for (const { statement } of parseScript(sql)) expectRoundTrip(statement, where);
    }
  });

  it('round-trips the seed scripts', () => {
    for (const name of ['000_gmv_risingwave.sql', '001_seller_performance_risingwave.sql']) {
      for (const { statement } of parseScript(readFileSync(join('/work/shared/seed-sql', name), 'utf8'))) expectRoundTrip(statement, name);
    }
  });

  it('round-trips statements using every construct', () => {
    for (const sql of EXTRA) expectRoundTrip(parseStatement(sql), sql);
  });
});
