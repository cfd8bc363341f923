import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from './http-test-server.test-support.js';
import { rowFilter } from './row-filter.js';
import { parseViewQuery } from './view-query.js';

interface ViewAnswer {
  relation: string;
  epoch: number;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

describe('GET /v1/views/:name', () => {
  let server: TestHttpServer;
  const get = async (path: string): Promise<{ status: number; body: ViewAnswer & { error?: { code: string; message: string } } }> => {
    const response = await fetch(server.url(path));
    return { status: response.status, body: (await response.json()) as ViewAnswer };
  };
  const ids = async (query: string): Promise<unknown[]> => {
    const { status, body } = await get(`/v1/views/orders?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body.rows.map((row) => row.id);
  };

  beforeAll(async () => {
    server = await startTestHttpServer();
    await server.sql(`
      CREATE TABLE orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC, at TIMESTAMP, "order" VARCHAR, "we""ird" INT);
      INSERT INTO orders VALUES
        (1, 'S1', 10.50, '2024-01-01 10:00:00', 'a', 1),
        (2, 'S2', 20.00, '2024-01-02 10:00:00', 'b', 2),
        (3, 'S1', 5, '2024-01-03 10:00:00', 'c', 3),
        (4, 'it''s', NULL, NULL, 'd', 4),
        (5, 'S3', 20.0, '2024-01-05 10:00:00', 'e', NULL);
      CREATE MATERIALIZED VIEW seller_totals AS SELECT seller, SUM(total) AS total, COUNT(*) AS orders FROM orders GROUP BY seller;`);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('returns every row with the relation columns and the epoch read', async () => {
    const { status, body } = await get('/v1/views/seller_totals?order=seller');
    expect(status).toBe(200);
    expect(body.relation).toBe('seller_totals');
    expect(body.epoch).toBe(server.engine.epoch);
    expect(body.columns).toEqual([
      { name: 'seller', type: 'character varying' },
      { name: 'total', type: 'numeric' },
      { name: 'orders', type: 'bigint' },
    ]);
    expect(body.rows).toEqual([
      { seller: 'S1', total: '15.50', orders: '2' },
      { seller: 'S2', total: '20.00', orders: '1' },
      { seller: 'S3', total: '20.0', orders: '1' },
      { seller: "it's", total: null, orders: '1' },
    ]);
  });

  it('filters by equality and comparisons of the column type', async () => {
    expect(await ids('seller=S1&order=id')).toEqual([1, 3]);
    expect(await ids('seller.eq=S1&order=id')).toEqual([1, 3]);
    expect(await ids('seller.neq=S1&order=id')).toEqual([2, 4, 5]);
    // Numeric by value: 20.00 and 20.0 are both 20; NULL matches no comparison.
    expect(await ids('total=20&order=id')).toEqual([2, 5]);
    expect(await ids('total.gt=10.5&order=id')).toEqual([2, 5]);
    expect(await ids('total.gte=10.5&order=id')).toEqual([1, 2, 5]);
    expect(await ids('total.lt=10.5&order=id')).toEqual([3]);
    expect(await ids('total.lte=10.5&order=id')).toEqual([1, 3]);
    expect(await ids('at.gte=2024-01-02&at.lt=2024-01-04&order=id')).toEqual([2, 3]);
    expect(await ids('id.in=5,1,3&order=id')).toEqual([1, 3, 5]);
    expect(await ids(`seller.in=${encodeURIComponent('"it\'s","S,3",S2')}&order=id`)).toEqual([2, 4]);
    // A repeated parameter is one more condition.
    expect(await ids('id.gt=1&id.gt=3')).toEqual([4, 5]);
  });

  it('orders, limits and offsets', async () => {
    expect(await ids('order=total.desc.nullslast,id')).toEqual([2, 5, 1, 3, 4]);
    expect(await ids('order=total.asc.nullsfirst,id.desc')).toEqual([4, 3, 1, 5, 2]);
    expect(await ids('order=id.desc&limit=2')).toEqual([5, 4]);
    expect(await ids('order=id&limit=2&offset=3')).toEqual([4, 5]);
    expect(await ids('order=id&limit=0')).toEqual([]);
  });

  it('filters a column named like a parameter, and one whose name needs quotes', async () => {
    expect(await ids('order.eq=b')).toEqual([2]);
    expect(await ids('order.in=c,a&order=order.desc')).toEqual([3, 1]);
    expect(await ids(`${encodeURIComponent('we"ird')}.gte=3&order=id`)).toEqual([3, 4]);
  });

  it('never lets a value or a name change the statement', async () => {
    expect(await ids(`seller=${encodeURIComponent("S1' OR '1'='1")}`)).toEqual([]);
    expect(await ids(`seller=${encodeURIComponent("x'); DROP TABLE orders; --")}`)).toEqual([]);
    const { status, body } = await get(`/v1/views/${encodeURIComponent('orders" WHERE "id" = 1 --')}`);
    expect(status).toBe(404);
    expect(body.error?.code).toBe('42P01');
    expect(await ids('order=id')).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers 404 for an unknown relation and 400 for an unknown column, operator or value', async () => {
    const missing = await get('/v1/views/nothing_here');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: '42P01', message: 'relation "nothing_here" does not exist' });
    const column = await get('/v1/views/orders?sellr=S1');
    expect(column.status).toBe(400);
    expect(column.body.error).toMatchObject({ code: '42703', message: 'column "sellr" does not exist' });
    const orderColumn = await get('/v1/views/orders?order=nope.desc');
    expect(orderColumn.status).toBe(400);
    expect(orderColumn.body.error).toMatchObject({ code: '42703', message: 'column "nope" does not exist' });
    const operator = await get('/v1/views/orders?total.like=1');
    expect(operator.status).toBe(400);
    expect(operator.body.error).toMatchObject({ message: 'unrecognized filter operator "like" in query parameter "total.like"' });
    const value = await get('/v1/views/orders?id=abc');
    expect(value.status).toBe(400);
    expect(value.body.error).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
    const limit = await get('/v1/views/orders?limit=-1');
    expect(limit.status).toBe(400);
    expect(limit.body.error?.message).toBe('query parameter "limit" must be a non-negative integer, not "-1"');
  });

  it('lists the relations with their columns', async () => {
    const response = await fetch(server.url('/v1/views'));
    const body = (await response.json()) as { relations: { name: string; kind: string; columns: unknown[] }[] };
    expect(body.relations.map((r) => [r.name, r.kind])).toEqual([
      ['orders', 'table'],
      ['seller_totals', 'materialized view'],
    ]);
    expect(body.relations[1]!.columns).toHaveLength(3);
  });
});

describe('filters on every type', () => {
  it('read the value with the column type and find the row', async () => {
    const server = await startTestHttpServer();
    try {
      await server.sql(`
        CREATE TABLE every (b BOOLEAN, i2 SMALLINT, i4 INT, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION, n NUMERIC(10,2),
          v VARCHAR(20), by BYTEA, d DATE, t TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, j JSONB, a INT[]);
        INSERT INTO every VALUES (true, 2, 4, 8, 0.5, 0.25, 1.50, 'v', '\\x0102', '2024-02-29', '10:30:00', '2024-02-29 10:30:00',
          '2024-02-29 10:30:00+00', '1 day', '{"k": 1}', ARRAY[1,2]);`);
      const filters: Record<string, string> = {
        b: 'true', i2: '2', i4: '4', i8: '8', f4: '0.5', f8: '0.25', n: '1.5', v: 'v', by: '\\x0102', d: '2024-02-29', t: '10:30',
        ts: '2024-02-29 10:30', tz: '2024-02-29 11:30+01', iv: '24 hours', j: '{"k":1}', a: '{1,2}',
      };
      for (const [column, value] of Object.entries(filters)) {
        const response = await fetch(server.url(`/v1/views/every?${column}=${encodeURIComponent(value)}`));
        const body = (await response.json()) as ViewAnswer;
        expect(response.status, `${column}: ${JSON.stringify(body)}`).toBe(200);
        expect(body.rows, column).toHaveLength(1);
        const miss = await fetch(server.url(`/v1/views/every?${column}.lt=${encodeURIComponent(value)}`));
        expect(((await miss.json()) as ViewAnswer).rows, column).toHaveLength(0);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('filters in SQL and filters in code', () => {
  it('select the same rows', async () => {
    const server = await startTestHttpServer();
    try {
      await server.sql('CREATE TABLE facts (id INT PRIMARY KEY, n INT, d NUMERIC, s VARCHAR)');
      const value = fc.option(fc.integer({ min: -3, max: 3 }), { nil: null });
      const rows = fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 1000 }), n: value, d: value, s: value }), { selector: (r) => r.id, maxLength: 12 });
      const filter = fc.record({
        column: fc.constantFrom('n', 'd', 's'),
        operator: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in'),
        values: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 3 }),
      });
      await fc.assert(
        fc.asyncProperty(rows, fc.array(filter, { maxLength: 3 }), async (generated, filters) => {
          await server.sql('DELETE FROM facts');
          if (generated.length > 0) {
            const literal = (v: number | null, text: boolean): string => (v === null ? 'NULL' : text ? `'${v}'` : `${v}.0`);
            await server.sql(`INSERT INTO facts VALUES ${generated.map((r) => `(${r.id}, ${r.n ?? 'NULL'}, ${literal(r.d, false)}, ${literal(r.s, true)})`).join(', ')}`);
          }
          const params = filters.map((f) => [`${f.column}.${f.operator}`, f.operator === 'in' ? f.values.join(',') : String(f.values[0])] as const);
          const query = new URLSearchParams(params.map(([k, v]): [string, string] => [k, v]));
          const response = await fetch(server.url(`/v1/views/facts?${query.toString()}&order=id`));
          const fromSql = ((await response.json()) as ViewAnswer).rows.map((row) => row.id);
          const grouped: Record<string, string[]> = {};
          for (const [key, text] of params) (grouped[key] ??= []).push(text);
          const entry = server.engine.relation('facts')!;
          const predicate = rowFilter(parseViewQuery(entry, grouped, { ordering: true }).filters) ?? (() => true);
          const [snapshot] = await server.engine.execute('SELECT * FROM facts ORDER BY id');
          const inCode = snapshot!.kind === 'rows' ? snapshot!.rows.filter(predicate).map((row) => row[0]) : [];
          expect(fromSql).toEqual(inCode);
        }),
        { numRuns: 60 },
      );
    } finally {
      await server.stop();
    }
  });
});
