// USING and NATURAL joins against PostgreSQL (PGlite): which columns `*`, `t.*`, `k` and `t.k` reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { formatValue } from '../types/text-format.js';
import { PgOracle } from '../types/pg-oracle.test-support.js';

const SETUP = `CREATE TABLE a (k INT, x INT, z INT); CREATE TABLE b (k INT, z INT, y INT); CREATE TABLE c (k INT, w INT);
  INSERT INTO a VALUES (1, 10, 5), (2, 20, 6), (NULL, 30, 7);
  INSERT INTO b VALUES (1, 5, 100), (3, 9, 300);
  INSERT INTO c VALUES (1, 1000), (3, 3000), (4, 4000);`;

const QUERIES = [
  'SELECT * FROM a JOIN b USING (k)',
  'SELECT a.k, b.k, k, x, y FROM a JOIN b USING (k)',
  'SELECT a.*, b.* FROM a JOIN b USING (k)',
  'SELECT * FROM a LEFT JOIN b USING (k)',
  'SELECT a.k, b.k, k FROM a RIGHT JOIN b USING (k)',
  'SELECT *, a.k AS ak, b.k AS bk FROM a FULL JOIN b USING (k)',
  'SELECT * FROM a JOIN b USING (k, z)',
  'SELECT * FROM a NATURAL JOIN b',
  'SELECT a.* FROM a NATURAL FULL JOIN b',
  'SELECT * FROM a JOIN b USING (k) JOIN c USING (k)',
  'SELECT k, a.k, b.k, c.k, w FROM a FULL JOIN b USING (k) FULL JOIN c USING (k)',
  'SELECT k, count(*) FROM a JOIN b USING (k) GROUP BY k',
];

describe('JOIN ... USING / NATURAL JOIN', () => {
  let engine: Engine;
  const oracle = new PgOracle();

  beforeAll(async () => {
    engine = await Engine.open();
    await engine.execute(SETUP);
    for (const statement of SETUP.split(';').filter((s) => s.trim() !== '')) await oracle.query(statement);
  });

  afterAll(async () => {
    await engine.close();
    await oracle.close();
  });

  it.each(QUERIES)('%s answers as PostgreSQL does', async (sql) => {
    const [result] = await engine.execute(sql);
    if (result?.kind !== 'rows') throw new Error('no rows');
    const tally = result.rows.map((row) => row.map((value, columnIdx) => formatValue(result.columns[columnIdx]!.type, value)));
    // Integers only: PostgreSQL's parsed values print as their text.
    const postgres = (await oracle.query(sql)).map((row) => row.map((value) => (value === null ? null : String(value))));
    const sorted = (rows: (string | null)[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(tally)).toEqual(sorted(postgres));
    expect(result.columns.length).toBe(postgres[0]?.length ?? result.columns.length);
  });

  it('refuses what PostgreSQL refuses', async () => {
    await expect(engine.execute('SELECT a.k FROM (SELECT * FROM a JOIN b USING (k)) s')).rejects.toThrow('missing FROM-clause entry for table "a"');
    await expect(engine.execute('SELECT * FROM a JOIN b USING (x)')).rejects.toThrow('column "x" specified in USING clause does not exist in right table');
  });
});
