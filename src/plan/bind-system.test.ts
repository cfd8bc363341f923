// Catalog functions that read the engine's row counts through the binder (pg_table_size), over a running engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { errorOf, query } from '../engine/statement-text.test-support.js';

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.open();
  await engine.execute(`
    CREATE TABLE orders (id BIGINT PRIMARY KEY, merchant_id VARCHAR, total NUMERIC(10,2));
    INSERT INTO orders VALUES (1, 'm1', 10), (2, 'm1', 20), (3, 'm2', 30);
    CREATE MATERIALIZED VIEW by_merchant AS SELECT merchant_id, count(*) AS n FROM orders GROUP BY merchant_id;
    CREATE VIEW big AS SELECT id FROM orders WHERE total > 15;
    CREATE TABLE sizes (name VARCHAR, bytes BIGINT);
  `);
});

afterAll(async () => {
  await engine.close();
});

describe('relation sizes in SQL', () => {
  it('follow the rows a table and a materialized view hold, statement by statement', async () => {
    const sizes = "SELECT relname, reltuples, pg_table_size(oid), pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relnamespace = 2200 AND relname <> 'sizes' ORDER BY relname";
    // A row of orders: 8 + 32 + 16 bytes; of by_merchant: 32 + 8.
    expect(await query(engine, sizes)).toEqual(['big -1 0 0 bytes', 'by_merchant 2 80 80 bytes', 'orders 3 168 168 bytes']);
    await engine.execute("INSERT INTO orders VALUES (4, 'm3', 40); DELETE FROM orders WHERE id = 1");
    expect(await query(engine, sizes)).toEqual(['big -1 0 0 bytes', 'by_merchant 3 120 120 bytes', 'orders 3 168 168 bytes']);
    expect(await query(engine, "SELECT pg_table_size('orders'::regclass), pg_table_size(12345)")).toEqual(['168 NULL']);
  });

  it('cannot be read by a statement that binds without the engine’s snapshot', async () => {
    const error = await errorOf(engine, "INSERT INTO sizes SELECT relname, pg_table_size(oid) FROM pg_class WHERE relname = 'orders'");
    expect(error.message).toBe('relation sizes are not available in this statement');
  });
});
