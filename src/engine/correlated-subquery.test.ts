// Correlated and multi-row subqueries of batch queries (evaluated per outer row), compared with PostgreSQL (PGlite).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { formatValue } from '../types/text-format.js';
import { Engine } from './engine.js';

const SETUP = `
  CREATE TABLE t (id INT PRIMARY KEY, grp VARCHAR, v INT, tags VARCHAR[]);
  CREATE TABLE u (grp VARCHAR, label VARCHAR, n INT);
  INSERT INTO t VALUES (1, 'a', 3, ARRAY['x', 'y']), (2, 'b', 1, NULL), (3, 'c', 0, ARRAY[]::VARCHAR[]), (4, NULL, 2, ARRAY['z']), (5, 'a', 5, NULL);
  INSERT INTO u VALUES ('a', 'alpha', 2), ('a', 'alpha', 4), ('b', 'beta', 7), ('d', 'delta', 1), (NULL, 'none', 9);
`;

/** Each query runs in Tally and PostgreSQL and must give the same rows, in order (every query orders its rows). */
const QUERIES = [
  `SELECT id, (SELECT max(label) FROM u WHERE u.grp = t.grp) FROM t ORDER BY id`,
  `SELECT id, (SELECT count(*) FROM u WHERE u.grp = t.grp) AS n FROM t ORDER BY id`,
  `SELECT id, ARRAY(SELECT n FROM u WHERE u.grp = t.grp ORDER BY n DESC) FROM t ORDER BY id`,
  `SELECT id, array_to_string(ARRAY(SELECT label || n FROM u WHERE u.n > t.v ORDER BY 1), ',') FROM t ORDER BY id`,
  `SELECT id FROM t WHERE v < (SELECT min(n) FROM u WHERE u.grp = t.grp) ORDER BY id`,
  `SELECT id, (SELECT sum(x) FROM generate_series(1, t.v) x) FROM t ORDER BY id`,
  `SELECT id, (SELECT string_agg(x, '+') FROM pg_catalog.unnest(t.tags) x) FROM t ORDER BY id`,
  `SELECT id, CASE WHEN t.v > 2 THEN (SELECT label FROM u WHERE u.n = t.v + 1) ELSE 'small' END FROM t ORDER BY id`,
  `SELECT id, (SELECT label FROM u ORDER BY n LIMIT 1) FROM t ORDER BY id`,
  `SELECT id, (SELECT (SELECT count(*) FROM u u2 WHERE u2.grp = t.grp) FROM u u1 WHERE u1.n = 7) FROM t ORDER BY id`,
  `SELECT g, ARRAY(SELECT id FROM t WHERE t.grp = s.g ORDER BY id) FROM (SELECT DISTINCT grp AS g FROM u) s ORDER BY g`,
];

let tally: Engine;
let postgres: PGlite;

beforeAll(async () => {
  tally = await Engine.open();
  await tally.execute(SETUP);
  postgres = new PGlite();
  await postgres.exec(SETUP);
}, 120_000);

afterAll(async () => {
  await postgres.close();
});

async function tallyRows(sql: string): Promise<string[]> {
  const results = await tally.execute(sql);
  const result = results[results.length - 1];
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join('|'));
}

async function postgresRows(sql: string): Promise<string[]> {
  const result = await postgres.query<(string | null)[]>(sql, [], { rowMode: 'array' });
  return result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : textOf(v))).join('|'));
}

/** PGlite parses values; print them back as PostgreSQL's text. */
function textOf(value: unknown): string {
  if (Array.isArray(value)) return `{${value.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
  return String(value);
}

async function errorOf(sql: string): Promise<SqlError> {
  try {
    await tally.execute(sql);
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('correlated subqueries in batch queries', () => {
  it.each(QUERIES)('%s', async (sql) => {
    expect(await tallyRows(sql)).toEqual(await postgresRows(sql));
  });

  it('raises cardinality_violation when a scalar subquery returns more than one row, as PostgreSQL does', async () => {
    const err = await errorOf(`SELECT id, (SELECT n FROM u WHERE u.grp = t.grp) FROM t`);
    expect([err.condition, err.message]).toEqual(['cardinality_violation', 'more than one row returned by a subquery used as an expression']);
    await expect(postgres.query(`SELECT id, (SELECT n FROM u WHERE u.grp = t.grp) FROM t`)).rejects.toThrow(err.message);
  });

  it('refuses correlated and ARRAY subqueries in materialized views', async () => {
    const correlated = await errorOf(`CREATE MATERIALIZED VIEW m1 AS SELECT id, (SELECT max(n) FROM u WHERE u.grp = t.grp) AS m FROM t`);
    expect([correlated.condition, correlated.message]).toEqual(['feature_not_supported', 'correlated scalar subqueries are not supported in materialized views']);
    const array = await errorOf(`CREATE MATERIALIZED VIEW m2 AS SELECT id, ARRAY(SELECT n FROM u) AS a FROM t`);
    expect(array.message).toBe('ARRAY(subquery) is not supported in materialized views');
    expect((await errorOf(`CREATE MATERIALIZED VIEW m3 AS SELECT id, (SELECT max(n) FROM u WHERE u.nope = t.grp) AS m FROM t`)).message).toBe('column "u.nope" does not exist');
  });
});
