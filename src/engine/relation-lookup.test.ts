import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Materialize } from '../stream/operators/materialize.js';
import { HeldRows } from '../stream/view-rows.js';
import { TableStore } from '../storage/table-store.js';
import { Engine } from './engine.js';
import { query } from './statement-text.test-support.js';

// A point query must answer exactly as a scan + filter would. `OR FALSE` keeps the same predicate but hides
// its conjuncts from the lookup, so each case is run both ways and the answers compared.
let db: Engine;

beforeAll(async () => {
  db = await Engine.open();
  await db.execute(`
    CREATE TABLE orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC, at TIMESTAMPTZ, ok BOOLEAN);
    CREATE TABLE prices (sku VARCHAR, amount NUMERIC, PRIMARY KEY (sku, amount));
    CREATE TABLE notes (seller VARCHAR, body VARCHAR);
    CREATE MATERIALIZED VIEW per_seller AS SELECT seller, COUNT(*) AS n, SUM(total) AS gmv FROM orders GROUP BY seller;
    CREATE MATERIALIZED VIEW per_hour AS
      SELECT seller, date_trunc('hour', at) AS hour, ok, COUNT(*) AS n FROM orders GROUP BY seller, date_trunc('hour', at), ok;
    CREATE MATERIALIZED VIEW per_total AS SELECT total, COUNT(*) AS n FROM orders GROUP BY total;
    CREATE MATERIALIZED VIEW all_orders AS SELECT seller, total FROM orders;
    INSERT INTO orders VALUES
      (1, 'S1', 10.50, '2024-01-01 10:05:00+00', true), (2, 'S1', 4.25, '2024-01-01 10:55:00+00', false),
      (3, 'S2', 7, '2024-01-01 11:00:00+00', true), (4, NULL, 2.0, '2024-01-01 12:00:00+00', NULL),
      (5, 'S3', 2.00, '2024-01-02 00:00:00+00', true), (6, 's1', 1, '2024-01-01 10:05:00+00', true);
    INSERT INTO prices VALUES ('a', 1.0), ('a', 2), ('b', 1.00);
    INSERT INTO notes VALUES ('S1', 'x'), ('S1', 'y'), ('S2', 'z');
  `);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The query's answer, and the same query with its WHERE clause wrapped so that it can only scan. */
async function bothWays(select: string, where: string): Promise<{ lookup: string[]; scan: string[] }> {
  return {
    lookup: await query(db, `${select} WHERE ${where}`),
    scan: await query(db, `${select} WHERE (${where}) OR FALSE`),
  };
}

describe('point lookups in batch queries', () => {
  it.each([
    ["SELECT * FROM per_seller", "seller = 'S1'"],
    ["SELECT * FROM per_seller", "'S2' = seller"],
    ["SELECT * FROM per_seller", "seller = 'nobody'"],
    ["SELECT * FROM per_seller", 'seller = NULL'],
    ["SELECT * FROM per_seller", "seller = 'S1' AND n > 5"],
    ["SELECT * FROM per_seller", "seller = 'S1' AND seller = 'S2'"],
    ["SELECT * FROM per_hour", "seller = 'S1' AND hour = '2024-01-01 10:00:00+00' AND ok = true"],
    ["SELECT * FROM per_hour", "seller = 'S1' AND hour = CAST('2024-01-01 10:00:00+00' AS TIMESTAMPTZ) AND ok"],
    ["SELECT * FROM per_hour", "seller = 'S1' AND hour = '2024-01-01 10:00:00+00'"],
    ["SELECT * FROM per_hour", "seller = 'S1'"],
    ["SELECT * FROM per_hour", "seller = 'S1' AND ok"],
    ["SELECT * FROM per_hour", "hour = '2024-01-01 10:00:00+00'"],
    ["SELECT * FROM per_total", 'total = 2'],
    ["SELECT * FROM per_total", 'total = 2.000'],
    ["SELECT * FROM orders", 'id = 3'],
    ["SELECT * FROM orders", 'id = 3.0'],
    ["SELECT * FROM orders", 'id = 99'],
    ["SELECT * FROM prices", "sku = 'a' AND amount = 1"],
    ["SELECT * FROM prices", "sku = 'b' AND amount = 1.0"],
    ["SELECT * FROM notes", "seller = 'S1'"],
    ["SELECT * FROM all_orders", "seller = 'S1'"],
    ["SELECT s.seller, s.n, h.hour FROM per_seller s JOIN per_hour h ON s.seller = h.seller", "s.seller = 'S1' AND h.seller = 'S1'"],
    ["SELECT a.seller, b.seller FROM per_seller a, per_seller b", "a.seller = 'S1' AND b.seller = 'S2'"],
  ])('%s WHERE %s answers as the scan does', async (select, where) => {
    const { lookup, scan } = await bothWays(select, where);
    expect(lookup).toEqual(scan);
  });

  it('reads a view by its group key without scanning it', async () => {
    // The aggregates' views read their rows in the aggregates' groups.
    const rows = vi.spyOn(HeldRows.prototype, 'rows');
    const ownRows = vi.spyOn(Materialize.prototype, 'rows');
    expect(await query(db, "SELECT * FROM per_seller WHERE seller = 'S1'")).toEqual(['S1 2 14.75']);
    expect(await query(db, "SELECT n FROM per_hour WHERE seller = 'S1' AND hour = '2024-01-01 10:00:00+00' AND ok = false")).toEqual(['1']);
    expect(rows).not.toHaveBeenCalled();
    expect(await query(db, "SELECT n FROM per_hour WHERE seller = 'S1' AND ok = true")).toEqual(['1']);
    expect(rows).not.toHaveBeenCalled();
    // Without the key's first column a lookup would walk most of the view: the query scans.
    expect(await query(db, "SELECT seller FROM per_hour WHERE hour = '2024-01-01 10:00:00+00' AND ok = true")).toEqual(['S1', 's1']);
    expect(rows).toHaveBeenCalledTimes(1);
    expect(ownRows).not.toHaveBeenCalled();
  });

  it('reads a table by its primary key, and scans one without', async () => {
    const scan = vi.spyOn(TableStore.prototype, 'rows');
    expect(await query(db, 'SELECT total FROM orders WHERE id = 2')).toEqual(['4.25']);
    expect(await query(db, "SELECT * FROM prices WHERE amount = 2 AND sku = 'a'")).toEqual(['a 2']);
    expect(scan).not.toHaveBeenCalled();
    expect(await query(db, "SELECT body FROM notes WHERE seller = 'S2'")).toEqual(['z']);
    expect(scan).toHaveBeenCalledTimes(1);
  });

  it('follows later changes of the view, in the order a scan gives', async () => {
    await db.execute(`INSERT INTO orders VALUES (7, 'S9', 1, '2024-01-03 00:00:00+00', true), (8, 'S9', 1, '2024-01-03 01:00:00+00', true)`);
    await db.execute(`INSERT INTO orders VALUES (9, 'S9', 1, '2024-01-03 00:30:00+00', true)`);
    const { lookup, scan } = await bothWays('SELECT hour, n FROM per_hour', "seller = 'S9'");
    expect(lookup).toEqual(['2024-01-03 01:00:00+00 1', '2024-01-03 00:00:00+00 2']);
    expect(lookup).toEqual(scan);
    await db.execute('DELETE FROM orders WHERE id IN (8, 9)');
    expect(await query(db, "SELECT n FROM per_seller WHERE seller = 'S9'")).toEqual(['1']);
    await db.execute('DELETE FROM orders WHERE id = 7');
    expect(await query(db, "SELECT n FROM per_seller WHERE seller = 'S9'")).toEqual([]);
  });

  it('keeps a reading user inside its scope', async () => {
    await db.execute(`
      CREATE USER s1 WITH PASSWORD 'pw' SCOPE (seller = 'S1');
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO s1;
    `);
    const scoped = db.session('s1');
    expect(await query(scoped, "SELECT n FROM per_seller WHERE seller = 'S1'")).toEqual(['2']);
    expect(await query(scoped, "SELECT n FROM per_seller WHERE seller = 'S2'")).toEqual([]);
  });
});
