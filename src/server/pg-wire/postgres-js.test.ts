import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.test-support.js';

let tally: TestServer;
let sql: postgres.Sql<{ bigint: bigint }>;

beforeAll(async () => {
  tally = await startTestServer();
  // With its default fetch_types, postgres.js reads the array types from pg_catalog.pg_type when it connects.
  sql = postgres({
    host: '127.0.0.1', port: tally.port, user: 'root', database: 'dev', onnotice: () => undefined, max: 4,
    types: { bigint: postgres.BigInt },
  });
});

afterAll(async () => {
  await sql?.end();
  await tally.stop();
});

describe('postgres.js', () => {
  it('runs tagged-template queries with parameters of every common type', async () => {
    await sql`CREATE TABLE pj_orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC(10,2), at TIMESTAMPTZ, day DATE, qty BIGINT, ok BOOLEAN, score FLOAT8, raw BYTEA)`;
    const at = new Date('2024-05-06T07:08:09.123Z');
    const inserted = await sql`INSERT INTO pj_orders VALUES (${1}, ${'S1'}, ${'10.50'}, ${at}, ${'2024-02-29'}, ${9007199254740993n}, ${true}, ${0.25}, ${Buffer.from([0, 255])})`;
    expect([inserted.command, inserted.count]).toEqual(['INSERT', 1]);
    await sql`INSERT INTO pj_orders (id, seller) VALUES (${2}, ${null})`;
    const rows = await sql`SELECT * FROM pj_orders WHERE id = ${1}`;
    expect(rows).toEqual([{
      id: 1, seller: 'S1', total: '10.50', at, day: new Date('2024-02-29T00:00:00Z'), qty: 9007199254740993n, ok: true, score: 0.25, raw: Buffer.from([0, 255]),
    }]);
    expect(await sql`SELECT id FROM pj_orders WHERE at <= ${new Date('2030-01-01T00:00:00Z')} AND qty = ${9007199254740993n} AND ok = ${true}`).toEqual([{ id: 1 }]);
    expect(await sql`SELECT id FROM pj_orders WHERE seller IS NULL`).toEqual([{ id: 2 }]);
    expect(await sql`SELECT ${20} + 1 AS n, ${'a'} || ${'b'} AS s, ${1.5}::numeric * 2 AS x`).toEqual([{ n: 21, s: 'ab', x: '3.0' }]);
  });

  it('parses arrays with the element types fetch_types read from pg_type', async () => {
    const [row] = await sql`SELECT ARRAY[1, 2] AS ints, ARRAY['a', 'b c'] AS texts, ARRAY[1.5, 2]::float8[] AS floats, ARRAY[true, false] AS flags`;
    expect(row).toEqual({ ints: [1, 2], texts: ['a', 'b c'], floats: [1.5, 2], flags: [true, false] });
    const tables = await sql`SELECT relname FROM pg_catalog.pg_class WHERE relname = ${'pj_orders'}`;
    expect(tables).toEqual([{ relname: 'pj_orders' }]);
  });

  it('describes a statement: parameter types and result columns', async () => {
    const described = await sql`SELECT id, seller, total FROM pj_orders WHERE id = ${1} AND at < ${new Date()}`.describe();
    expect(described.types).toEqual([25, 1184]);
    expect(described.columns.map((column) => [column.name, column.type])).toEqual([['id', 23], ['seller', 1043], ['total', 1700]]);
  });

  it('reports errors with their code and position', async () => {
    let error: postgres.PostgresError | undefined;
    try {
      await sql`SELECT nope FROM pj_orders`;
    } catch (err) {
      error = err as postgres.PostgresError;
    }
    expect(error).toBeInstanceOf(postgres.PostgresError);
    if (!error) return;
    expect([error.code, error.position, error.message]).toEqual(['42703', '8', 'column "nope" does not exist']);
  });

  it('runs unsafe multi-statement text and transactions', async () => {
    await sql.unsafe('CREATE TABLE pj_tx (a INT); INSERT INTO pj_tx VALUES (1)');
    await sql.begin(async (tx) => {
      await tx`INSERT INTO pj_tx VALUES (${2})`;
      await tx`INSERT INTO pj_tx VALUES (${3})`;
    });
    expect(await sql`SELECT sum(a) AS s FROM pj_tx`).toEqual([{ s: 6n }]);
  });

  it('streams a large result through a cursor in batches', async () => {
    await sql`CREATE TABLE pj_many (n INT)`;
    await sql.unsafe(`INSERT INTO pj_many SELECT * FROM generate_series(1, 2500)`);
    const batches: number[] = [];
    let sum = 0;
    await sql`SELECT n FROM pj_many`.cursor(1000, (rows) => {
      batches.push(rows.length);
      for (const row of rows) sum += row.n as number;
    });
    expect(batches).toEqual([1000, 1000, 500]);
    expect(sum).toBe((2500 * 2501) / 2);
  });
});
