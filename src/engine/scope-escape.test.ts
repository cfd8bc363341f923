// Seller S1 tries every way it can think of to read S2's rows, and finds none: each query run as S1 over every
// seller's data must answer exactly what root gets from a database holding S1's rows only.
import { beforeAll, describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { formatValue } from '../types/text-format.js';
import { Engine } from './engine.js';
import type { EngineSession } from './engine-session.js';

const SCHEMA = `
  CREATE TABLE orders (id INT PRIMARY KEY, seller_id VARCHAR, buyer VARCHAR, total NUMERIC, at TIMESTAMP);
  CREATE TABLE order_items (order_id INT, seller_id VARCHAR, sku VARCHAR, qty INT);
  CREATE TABLE sellers (seller_id VARCHAR PRIMARY KEY, name VARCHAR, secret_note VARCHAR);
  CREATE TABLE fx_rates (currency VARCHAR, rate NUMERIC);
  CREATE MATERIALIZED VIEW seller_gmv AS SELECT seller_id, count(*) AS orders, sum(total) AS gmv FROM orders GROUP BY seller_id;
  CREATE MATERIALIZED VIEW item_totals AS SELECT seller_id, sku, sum(qty) AS qty FROM order_items GROUP BY seller_id, sku;
  CREATE MATERIALIZED VIEW platform_gmv AS SELECT sum(total) AS gmv FROM orders;
  CREATE VIEW order_lines AS SELECT o.id, o.seller_id, o.total, i.sku, i.qty FROM orders o JOIN order_items i ON i.order_id = o.id;
  CREATE VIEW all_totals AS SELECT count(*) AS n, sum(total) AS gmv, max(total) AS biggest FROM orders;
  CREATE VIEW s2_orders AS SELECT * FROM orders WHERE seller_id = 'S2';
  CREATE VIEW priced AS SELECT o.id, o.total * r.rate AS eur FROM orders o CROSS JOIN fx_rates r;
`;

/** Rows of S1 and of others; the others' are made to stand out: zero totals to divide by, the largest values, NULLs. */
const S1_ROWS = `
  INSERT INTO orders VALUES (1, 'S1', 'b1', 10.50, '2024-01-01 10:05:00'), (2, 'S1', 'b2', 4.25, '2024-01-01 11:30:00'), (3, 'S1', 'b1', 7, '2024-01-02 09:00:00');
  INSERT INTO order_items VALUES (1, 'S1', 'sku-a', 2), (2, 'S1', 'sku-b', 1), (3, 'S1', 'sku-a', 5);
  INSERT INTO sellers VALUES ('S1', 'Seller One', 'note one');
`;
const OTHER_ROWS = `
  INSERT INTO orders VALUES (11, 'S2', 'b1', 0, '2024-01-01 10:10:00'), (12, 'S2', 'b9', 99999.99, '2024-01-03 00:00:00'), (13, 'S3', 'b2', 1, '2024-01-01 10:20:00'), (14, NULL, 'b1', 5, '2024-01-01 12:00:00'), (15, 's1', 'b1', 3, '2024-01-01 12:00:00');
  INSERT INTO order_items VALUES (11, 'S2', 'sku-a', 1000), (12, 'S2', 'sku-z', 1), (13, 'S3', 'sku-b', 0), (1, NULL, 'sku-a', 7);
  INSERT INTO sellers VALUES ('S2', 'Seller Two', 'S2 secret'), ('S3', 'Seller Three', 'S3 secret');
  INSERT INTO fx_rates VALUES ('EUR', 1.1);
`;

let scoped: EngineSession;
let alone: Engine;
let everyoneAsRoot: Engine;

beforeAll(async () => {
  const everyone = await Engine.open();
  await everyone.execute(SCHEMA + S1_ROWS + OTHER_ROWS);
  await everyone.execute(`
    CREATE USER s1 WITH PASSWORD 'pw' SCOPE (seller_id = 'S1');
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO s1;
  `);
  scoped = everyone.session('s1');
  everyoneAsRoot = everyone;
  alone = await Engine.open();
  await alone.execute(SCHEMA + S1_ROWS);
});

type Outcome = { rows: string[] } | { error: string };

async function outcome(runner: Engine | EngineSession, sql: string): Promise<Outcome> {
  try {
    const results = await runner.execute(sql);
    const result = results[results.length - 1]!;
    if (result.kind !== 'rows') return { rows: [result.tag] };
    return { rows: result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join('|')) };
  } catch (err) {
    if (err instanceof SqlError) return { error: `${err.condition}: ${err.message}` };
    throw err;
  }
}

/** Queries whose answers, as S1, must be those over S1's rows alone. */
const SAME_AS_ALONE: readonly string[] = [
  'SELECT * FROM orders ORDER BY id',
  'SELECT count(*), sum(total), min(total), max(total), avg(total) FROM orders',
  "SELECT count(*) FILTER (WHERE seller_id = 'S2'), count(*) FILTER (WHERE seller_id IS NULL), count(*) FILTER (WHERE seller_id <> 'S1') FROM orders",
  "SELECT * FROM orders WHERE seller_id = 'S2' OR seller_id IS NULL OR true",
  "SELECT * FROM orders WHERE lower(seller_id) = 's1' ORDER BY id",
  'SELECT seller_id, count(*), sum(total) FROM orders GROUP BY seller_id ORDER BY 1',
  'SELECT seller_id, sku, sum(qty) FROM order_items GROUP BY ROLLUP (seller_id, sku) ORDER BY 1, 2',
  'SELECT buyer, count(*) FROM orders GROUP BY buyer HAVING count(*) > 0 ORDER BY 1',
  'SELECT string_agg(seller_id, \',\' ORDER BY id), array_agg(id ORDER BY id) FROM orders',
  // Joins and self-joins.
  'SELECT a.id, b.id FROM orders a JOIN orders b ON a.buyer = b.buyer ORDER BY 1, 2',
  'SELECT a.id, b.id FROM orders a, orders b WHERE a.total < b.total ORDER BY 1, 2',
  'SELECT o.id, i.sku, i.qty FROM orders o LEFT JOIN order_items i ON i.order_id = o.id ORDER BY 1, 2, 3',
  'SELECT o.id, i.qty FROM order_items i RIGHT JOIN orders o ON i.order_id = o.id ORDER BY 1, 2',
  'SELECT o.id, i.order_id FROM orders o FULL JOIN order_items i ON i.order_id = o.id ORDER BY 1, 2',
  'SELECT * FROM orders NATURAL JOIN sellers ORDER BY id',
  'SELECT o.id, s.name, s.secret_note FROM orders o JOIN sellers s USING (seller_id) ORDER BY 1',
  'SELECT o.id, s.name FROM orders o CROSS JOIN sellers s ORDER BY 1, 2',
  // Subqueries: scalar, IN, EXISTS, quantified, lateral, derived tables.
  'SELECT (SELECT count(*) FROM orders), (SELECT max(total) FROM orders), (SELECT min(seller_id) FROM sellers)',
  "SELECT id FROM orders WHERE total IN (SELECT total FROM orders WHERE seller_id = 'S2') ORDER BY id",
  "SELECT count(*) FROM sellers WHERE EXISTS (SELECT 1 FROM orders WHERE seller_id = 'S2')",
  "SELECT count(*) FROM orders WHERE NOT EXISTS (SELECT 1 FROM sellers WHERE secret_note LIKE '%secret%')",
  "SELECT id FROM orders WHERE seller_id NOT IN (SELECT seller_id FROM sellers WHERE name = 'Seller Two') ORDER BY id",
  'SELECT id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.qty > 100) ORDER BY id',
  'SELECT id FROM orders WHERE total >= (SELECT max(total) FROM orders)',
  'SELECT id FROM orders WHERE total > (SELECT avg(total) FROM orders) ORDER BY id',
  'SELECT o.id, l.n, l.top FROM orders o, LATERAL (SELECT count(*) AS n, max(total) AS top FROM orders) l ORDER BY 1',
  'SELECT * FROM (SELECT seller_id, total FROM orders UNION ALL SELECT seller_id, qty FROM order_items) AS u ORDER BY 1, 2',
  'SELECT id, (SELECT count(*) FROM order_items) FROM orders o ORDER BY 1',
  'SELECT id, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) FROM orders o ORDER BY 1',
  'SELECT id, (SELECT max(total) FROM orders p WHERE p.buyer = o.buyer AND p.id <> o.id) FROM orders o ORDER BY 1',
  'SELECT id, ARRAY(SELECT sku FROM order_items i WHERE i.order_id = o.id ORDER BY sku) FROM orders o ORDER BY 1',
  // CTEs.
  'WITH everything AS (SELECT * FROM orders) SELECT count(*), sum(total) FROM everything',
  'WITH s AS (SELECT seller_id FROM sellers), o AS (SELECT seller_id, total FROM orders) SELECT seller_id, sum(total) FROM s LEFT JOIN o USING (seller_id) GROUP BY 1 ORDER BY 1',
  // Set operations.
  'SELECT seller_id FROM orders UNION SELECT seller_id FROM sellers UNION SELECT seller_id FROM order_items ORDER BY 1',
  "SELECT 'S2' EXCEPT SELECT seller_id FROM orders",
  "SELECT 'S2' INTERSECT SELECT seller_id FROM sellers",
  'SELECT seller_id FROM sellers EXCEPT ALL SELECT seller_id FROM orders',
  // Window functions.
  'SELECT id, count(*) OVER (), sum(total) OVER (), rank() OVER (ORDER BY total DESC), lead(id) OVER (ORDER BY id) FROM orders ORDER BY id',
  'SELECT id, row_number() OVER (PARTITION BY buyer ORDER BY at), max(total) OVER (PARTITION BY buyer) FROM orders ORDER BY id',
  'SELECT * FROM (SELECT id, rank() OVER (ORDER BY total DESC) AS r FROM orders) t WHERE r = 1',
  // ORDER BY, LIMIT and OFFSET tricks.
  'SELECT total FROM orders ORDER BY total DESC LIMIT 1',
  'SELECT id FROM orders ORDER BY id OFFSET 2 LIMIT 5',
  'SELECT DISTINCT ON (buyer) buyer, id FROM orders ORDER BY buyer, total DESC',
  'SELECT DISTINCT seller_id FROM order_items ORDER BY 1',
  // Time windows.
  "SELECT window_start, count(*), sum(total) FROM TUMBLE(orders, at, INTERVAL '1 hour') GROUP BY window_start ORDER BY 1",
  "SELECT window_start, count(*) FROM HOP(orders, at, INTERVAL '1 hour', INTERVAL '1 day') GROUP BY window_start ORDER BY 1",
  // Errors that only other sellers' rows would raise.
  "SELECT id, 1 / (seller_id <> 'S2')::int FROM orders ORDER BY id",
  "SELECT id FROM orders WHERE 1 / (seller_id <> 'S2')::int = 1 ORDER BY id",
  'SELECT sum(1 / total) FROM orders',
  'SELECT id FROM orders WHERE 100 / total > 1 ORDER BY id',
  "SELECT CAST(CASE WHEN seller_id = 'S1' THEN '1' ELSE 'not a number' END AS int) FROM orders",
  "SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id AND 1 / (i.seller_id = 'S1')::int = 1 ORDER BY 1",
  'SELECT (SELECT min(1 / total) FROM orders), (SELECT max(qty / (qty - 1000)) FROM order_items)',
  'SELECT total::numeric(6, 2) FROM orders ORDER BY 1',
  // Views defined by root: expanded, so their scans are scoped too.
  'SELECT * FROM order_lines ORDER BY id, sku',
  'SELECT * FROM all_totals',
  'SELECT * FROM s2_orders',
  'SELECT count(*) FROM s2_orders JOIN orders USING (id)',
  // Materialized views with the scoping column.
  'SELECT * FROM seller_gmv ORDER BY 1',
  'SELECT sum(gmv), count(*) FROM seller_gmv',
  'SELECT * FROM item_totals ORDER BY 1, 2',
  'SELECT seller_id, g.gmv, s.name FROM seller_gmv g JOIN sellers s USING (seller_id)',
];

/** Relations without the scoping column cannot be read at all, however they are reached. */
const REFUSED: readonly (readonly [string, string])[] = [
  ['SELECT * FROM platform_gmv', 'materialized view platform_gmv'],
  ['SELECT * FROM fx_rates', 'table fx_rates'],
  ['SELECT * FROM priced', 'table fx_rates'],
  ['SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM platform_gmv WHERE gmv > 100000)', 'materialized view platform_gmv'],
  ['SELECT (SELECT gmv FROM platform_gmv)', 'materialized view platform_gmv'],
  ['WITH p AS (SELECT * FROM platform_gmv) SELECT 1 FROM p', 'materialized view platform_gmv'],
  ['SELECT seller_id FROM orders UNION SELECT currency FROM fx_rates', 'table fx_rates'],
  ['SELECT * FROM orders, LATERAL (SELECT rate FROM fx_rates) r', 'table fx_rates'],
  ['EXPLAIN SELECT * FROM platform_gmv', 'materialized view platform_gmv'],
];

describe('seller S1 cannot read other sellers rows', () => {
  it.each(SAME_AS_ALONE)('%s', async (sql) => {
    const expected = await outcome(alone, sql);
    // A query Tally cannot run at all would pass without testing anything.
    expect(expected).toHaveProperty('rows');
    expect(await outcome(scoped, sql)).toEqual(expected);
  });

  it.each(REFUSED)('%s is refused', async (sql, what) => {
    expect(await outcome(scoped, sql)).toEqual({ error: `insufficient_privilege: permission denied for ${what}` });
  });

  it('checks the test itself: root over everyone sees what S1 may not', async () => {
    const everyone = await Engine.open();
    await everyone.execute(SCHEMA + S1_ROWS + OTHER_ROWS);
    for (const sql of ["SELECT id FROM orders WHERE seller_id = 'S2'", 'SELECT * FROM all_totals', "SELECT id, 1 / (seller_id <> 'S2')::int FROM orders"]) {
      expect(await outcome(everyone, sql)).not.toEqual(await outcome(alone, sql));
    }
  });

  it('shows nothing of other rows in EXPLAIN, only its own scope', async () => {
    const explained = await outcome(scoped, "EXPLAIN SELECT id FROM orders o JOIN order_lines l USING (id) WHERE o.total > 5");
    if (!('rows' in explained)) throw new Error(JSON.stringify(explained));
    const plan = explained.rows.join('\n');
    expect(plan).toContain('scope: =(seller_id,lit(varchar:"S1"))');
    for (const other of ['S2', 'S3', '99999', 'secret']) expect(plan).not.toContain(other);
  });

  it('lists only the relations S1 can read, in SHOW and in the system catalogs', async () => {
    expect(await outcome(scoped, 'SHOW TABLES')).toEqual({ rows: ['order_items', 'orders', 'sellers'] });
    expect(await outcome(scoped, 'SHOW MATERIALIZED VIEWS')).toEqual({ rows: ['item_totals', 'seller_gmv'] });
    expect(await outcome(scoped, 'SHOW SINKS')).toEqual({ rows: [] });
    const readable = ['all_totals', 'item_totals', 'order_items', 'order_lines', 'orders', 's2_orders', 'seller_gmv', 'sellers'];
    // Plain views are listed when granted: their scans are scoped when read (priced then fails on fx_rates).
    const listed = [...readable, 'priced'].sort();
    expect(await outcome(scoped, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1")).toEqual({ rows: listed });
    expect(await outcome(scoped, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).toEqual({ rows: listed });
    expect(await outcome(scoped, "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1")).toEqual({ rows: listed });
    expect(await outcome(scoped, "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid WHERE c.relname IN ('platform_gmv', 'fx_rates')")).toEqual({ rows: ['0'] });
    expect(await outcome(scoped, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).toEqual({ rows: ['order_items', 'orders', 'sellers'] });
    expect(await outcome(scoped, "SELECT matviewname FROM pg_matviews ORDER BY 1")).toEqual({ rows: ['item_totals', 'seller_gmv'] });
    expect(await outcome(scoped, "SELECT 'platform_gmv'::regclass")).toMatchObject({ error: expect.stringMatching(/relation "platform_gmv" does not exist/) });
    // Root sees every relation in the same catalogs.
    expect(await outcome(everyoneAsRoot, "SELECT count(*) FROM pg_class WHERE relname IN ('platform_gmv', 'fx_rates')")).toEqual({ rows: ['2'] });
  });

  it('cannot change what it reads', async () => {
    for (const sql of ["UPDATE orders SET seller_id = 'S1'", "INSERT INTO sellers VALUES ('S9', 'x', 'y')", "ALTER USER s1 RESET SCOPE", "CREATE VIEW mine AS SELECT * FROM orders"]) {
      expect(await outcome(scoped, sql)).toMatchObject({ error: expect.stringMatching(/^insufficient_privilege: /) });
    }
  });
});
