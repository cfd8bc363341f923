// pg_catalog and information_schema through SQL: what psql, drivers and tools read, with PostgreSQL as the oracle.
import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { connectOracle, textRows } from '../catalog/system/postgres-oracle.test-support.js';
import { Engine } from './engine.js';
import { errorOf, query as queryWith } from './statement-text.test-support.js';

const query = (engine: Engine, sql: string): Promise<string[]> => queryWith(engine, sql, '|');

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});




const ORDERS = 'CREATE TABLE orders (order_id BIGINT PRIMARY KEY, merchant_id VARCHAR(32), total NUMERIC(10,2), qty INT, created_at TIMESTAMPTZ(3), note VARCHAR NOT NULL, tags VARCHAR[])';

async function shop(): Promise<Engine> {
  const db = await Engine.open();
  await db.execute(`
    ${ORDERS};
    CREATE TABLE events (payload JSONB, at TIMESTAMP);
    CREATE VIEW big_orders AS SELECT order_id, total FROM orders WHERE total > 100;
    CREATE MATERIALIZED VIEW merchant_totals AS SELECT merchant_id, sum(total) AS total, count(*) AS n FROM orders GROUP BY merchant_id;
    CREATE SOURCE clicks (page VARCHAR, amount NUMERIC) WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
  `);
  return db;
}

describe('pg_catalog', () => {
  it('lists every relation in pg_class with its kind, namespace and a stable OID', async () => {
    const db = await shop();
    const listing = `SELECT c.oid, c.relname, c.relkind, n.nspname, c.relnatts FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY c.oid`;
    const before = await query(db, listing);
    expect(before).toEqual([
      '16384|orders|r|public|7',
      '16385|events|r|public|2',
      '16386|big_orders|v|public|2',
      '16387|merchant_totals|m|public|3',
      '16388|clicks|s|public|2',
    ]);
    await db.execute('DROP VIEW big_orders; CREATE TABLE later (a INT)');
    expect(await query(db, listing)).toEqual([...before.filter((r) => !r.includes('big_orders')), '16389|later|r|public|1']);
    expect(await query(db, `SELECT relname, relkind FROM pg_class WHERE relname IN ('pg_class', 'tables') ORDER BY 1`)).toEqual(['pg_class|r', 'tables|v']);
  });

  it('numbers columns in pg_attribute, with the hidden row id as a system column, keys NOT NULL and PostgreSQL type modifiers', async () => {
    const db = await shop();
    expect(await query(db, `SELECT attname, attnum, atttypid, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass ORDER BY attnum`)).toEqual([
      'order_id|1|20|bigint|t',
      'merchant_id|2|1043|character varying(32)|f',
      'total|3|1700|numeric(10,2)|f',
      'qty|4|23|integer|f',
      'created_at|5|1184|timestamp(3) with time zone|f',
      'note|6|1043|character varying|t',
      'tags|7|1015|character varying[]|f',
    ]);
    expect(await query(db, `SELECT attname, attnum FROM pg_attribute WHERE attrelid = 'events'::regclass ORDER BY attnum`)).toEqual(['_row_id|-1', 'payload|1', 'at|2']);
    expect(await query(db, `SELECT conname, contype, conkey, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orders'::regclass`)).toEqual(['orders_pkey|p|{1}|PRIMARY KEY (order_id)']);
  });

  it.skipIf(!client)('describes a table in pg_attribute and information_schema.columns as PostgreSQL does', async () => {
    const db = await shop();
    const table = `orders_${process.pid}`;
    await client!.query(ORDERS.replace('orders', `pg_temp.${table}`));
    const attributes = (relation: string): string =>
      `SELECT attname, atttypid, attlen, attnum, attndims, atttypmod, attbyval, attalign, attstorage, attnotnull, attcollation FROM pg_attribute WHERE attrelid = '${relation}'::regclass AND attnum > 0 ORDER BY attnum`;
    expect(await query(db, attributes('orders'))).toEqual((await textRows(client!, attributes(table))).map((r) => r.join('|')));
    const columns = `SELECT column_name, ordinal_position, is_nullable, data_type, character_maximum_length, character_octet_length, numeric_precision,
      numeric_precision_radix, numeric_scale, datetime_precision, udt_schema, udt_name, dtd_identifier, is_updatable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`;
    const expected = (await textRows(client!, columns, [table])).map((r) => r.map((v) => v ?? 'NULL').join('|'));
    expect(await query(db, columns.replace('$1', "'orders'"))).toEqual(expected);
  });

  it('resolves regclass, regtype, regnamespace, regrole, regproc and oid input, and reports what does not exist', async () => {
    const db = await shop();
    expect(await query(db, `SELECT 'orders'::regclass, 'public.orders'::regclass, '"orders"'::pg_catalog.regclass, 'pg_class'::regclass, '16384'::regclass, 'integer'::regtype, 'text[]'::regtype, 'public'::regnamespace, 'root'::regrole, 'pg_catalog.array_in'::regproc, '42'::oid`)).toEqual([
      '16384|16384|16384|1259|16384|23|1009|2200|10|array_in|42',
    ]);
    expect(await query(db, `SELECT relname FROM pg_class WHERE oid = 'information_schema.columns'::regclass`)).toEqual(['columns']);
    expect((await errorOf(db, `SELECT 'nope'::regclass`)).message).toBe('relation "nope" does not exist');
    expect((await errorOf(db, `SELECT 'nope'::regtype`)).message).toBe('type "nope" does not exist');
    expect((await errorOf(db, `SELECT 'x1'::oid`)).message).toBe('invalid input syntax for type oid: "x1"');
    expect((await errorOf(db, `SELECT 'nope'::regproc`)).message).toBe('function "nope" does not exist');
    expect((await errorOf(db, `SELECT 1.5::regclass`)).message).toBe('cannot cast type numeric to regclass');
    expect(await query(db, `SELECT to_regclass('nope') IS NULL, to_regclass('orders')`)).toEqual(['t|16384']);
  });

  it('answers the catalog functions psql and drivers call', async () => {
    const db = await shop();
    expect(await query(db, `SELECT pg_catalog.pg_table_is_visible('orders'::regclass), pg_table_is_visible('pg_class'::regclass), pg_table_is_visible('information_schema.tables'::regclass), pg_table_is_visible(999999) IS NULL`)).toEqual(['t|t|f|t']);
    expect(await query(db, `SELECT pg_get_userbyid(10), pg_get_userbyid(3), pg_encoding_to_char(6), current_schemas(true), current_schemas(false)`)).toEqual(['root|unknown (OID=3)|UTF8|{pg_catalog,public}|{public}']);
    expect(await query(db, `SELECT pg_get_viewdef('big_orders'::regclass, true), pg_get_viewdef('merchant_totals'), pg_get_viewdef('orders') IS NULL`)).toEqual([
      ' SELECT order_id, total FROM orders WHERE (total > 100);| SELECT merchant_id, sum(total) AS total, count(*) AS n FROM orders GROUP BY merchant_id;|t',
    ]);
    expect(await query(db, `SELECT definition FROM pg_views WHERE viewname = 'big_orders' UNION ALL SELECT view_definition FROM information_schema.views WHERE table_name = 'big_orders'`)).toEqual([
      ' SELECT order_id, total FROM orders WHERE (total > 100);',
      ' SELECT order_id, total FROM orders WHERE (total > 100);',
    ]);
    expect(await query(db, `SELECT obj_description('orders'::regclass, 'pg_class') IS NULL, col_description('orders'::regclass, 1) IS NULL, pg_get_indexdef(1) IS NULL`)).toEqual(['t|t|t']);
  });

  it('lists schemas, the database, roles and collations', async () => {
    const db = await shop();
    expect(await query(db, `SELECT nspname FROM pg_namespace ORDER BY oid`)).toEqual(['pg_catalog', 'public', 'information_schema']);
    expect(await query(db, `SELECT datname, pg_encoding_to_char(encoding), datcollate FROM pg_database`)).toEqual(['dev|UTF8|C']);
    expect(await query(db, `SELECT rolname, rolsuper, oid FROM pg_roles`)).toEqual(['root|t|10']);
    expect(await query(db, `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).toEqual([
      'big_orders|VIEW',
      'events|BASE TABLE',
      'merchant_totals|MATERIALIZED VIEW',
      'orders|BASE TABLE',
    ]);
    expect(await query(db, `SELECT schema_name FROM information_schema.schemata ORDER BY 1`)).toEqual(['information_schema', 'pg_catalog', 'public']);
    expect(await query(db, `SELECT 'b' < 'a' COLLATE "C", 'a' COLLATE pg_catalog.default = 'a'`)).toEqual(['f|t']);
  });

  it('resolves bare catalog names unless a user relation has the name, and keeps information_schema off the search path', async () => {
    const db = await shop();
    expect(await query(db, `SELECT count(*) > 0 FROM pg_type`)).toEqual(['t']);
    expect((await errorOf(db, `SELECT * FROM tables`)).message).toBe('relation "tables" does not exist');
    expect((await errorOf(db, `SELECT * FROM pg_catalog.orders`)).message).toBe('relation "pg_catalog.orders" does not exist');
    await db.execute(`CREATE TABLE pg_am (x INT); INSERT INTO pg_am VALUES (7)`);
    expect(await query(db, `SELECT * FROM pg_am`)).toEqual(['7']);
    expect(await query(db, `SELECT count(*) FROM pg_catalog.pg_am`)).toEqual(['0']);
  });

  it('sees the catalog as it is when queried, through plain views too, but refuses materialized views over it', async () => {
    const db = await shop();
    await db.execute(`CREATE VIEW my_relations AS SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace`);
    expect(await query(db, `SELECT count(*) FROM my_relations`)).toEqual(['6']);
    await db.execute(`CREATE TABLE another (a INT)`);
    expect(await query(db, `SELECT count(*) FROM my_relations`)).toEqual(['7']);
    const refused = await errorOf(db, `CREATE MATERIALIZED VIEW catalog_mv AS SELECT relname FROM pg_catalog.pg_class`);
    expect([refused.condition, refused.message]).toEqual(['feature_not_supported', 'materialized views cannot read system relation "pg_catalog.pg_class"']);
    expect((await errorOf(db, `CREATE MATERIALIZED VIEW catalog_mv AS SELECT * FROM my_relations`)).message).toBe('materialized views cannot read system relation "pg_catalog.pg_class"');
  });

  it('runs the fetch_types query of postgres.js and SHOW search_path', async () => {
    const db = await shop();
    const rows = await query(db, `select b.oid, b.typarray from pg_catalog.pg_type a left join pg_catalog.pg_type b on b.oid = a.typelem where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid`);
    expect(rows).toContain('23|1007');
    expect(rows).toContain('1043|1015');
    expect(await query(db, `SHOW search_path`)).toEqual(['"$user", public']);
    expect(await query(db, `SELECT current_database(), current_user`)).toEqual(['dev|root']);
  });
});
