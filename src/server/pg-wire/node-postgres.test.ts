import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.test-support.js';

let tally: TestServer;

beforeAll(async () => {
  tally = await startTestServer();
});

afterAll(async () => {
  await tally.stop();
});

async function withClient<T>(run: (client: pg.Client) => Promise<T>, config: pg.ClientConfig = {}): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port: tally.port, user: 'root', database: 'dev', ...config });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function errorOf(promise: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await promise;
  } catch (err) {
    return err as pg.DatabaseError;
  }
  throw new Error('expected an error');
}

describe('node-postgres', () => {
  it('runs simple queries with PostgreSQL command tags and type OIDs', async () => {
    await withClient(async (client) => {
      const created = await client.query('CREATE TABLE np_orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC(10,2), at TIMESTAMPTZ, qty BIGINT, ok BOOLEAN, score FLOAT8)');
      expect(created.command).toBe('CREATE');
      const inserted = await client.query(
        "INSERT INTO np_orders VALUES (1, 'S1', 10.50, '2024-01-01 10:00:00+00', 3, true, 0.1), (2, 'S2', 4.25, '2024-01-02 11:30:00+00', 1, false, 1e100), (3, 'S1', NULL, NULL, NULL, NULL, NULL)",
      );
      expect(inserted.command).toBe('INSERT');
      expect(inserted.rowCount).toBe(3);
      const result = await client.query('SELECT * FROM np_orders ORDER BY id');
      expect(result.command).toBe('SELECT');
      expect(result.rowCount).toBe(3);
      expect(result.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
        ['id', 23], ['seller', 1043], ['total', 1700], ['at', 1184], ['qty', 20], ['ok', 16], ['score', 701],
      ]);
      expect(result.rows[0]).toEqual({ id: 1, seller: 'S1', total: '10.50', at: new Date('2024-01-01T10:00:00Z'), qty: '3', ok: true, score: 0.1 });
      expect(result.rows[1]).toMatchObject({ score: 1e100, ok: false });
      expect(result.rows[2]).toEqual({ id: 3, seller: 'S1', total: null, at: null, qty: null, ok: null, score: null });
    });
  });

  it('binds parameters: numbers, text, numeric, timestamps and NULL', async () => {
    await withClient(async (client) => {
      await client.query('CREATE TABLE np_params (id INT PRIMARY KEY, name VARCHAR, price NUMERIC, at TIMESTAMPTZ, day DATE)');
      await client.query('INSERT INTO np_params VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)', [
        1, "it's", '19.99', new Date('2024-03-01T12:00:00.123Z'), '2024-02-29',
        2, null, 0.5, null, null,
      ]);
      const byId = await client.query('SELECT name, price, at FROM np_params WHERE id = $1', [1]);
      expect(byId.rows).toEqual([{ name: "it's", price: '19.99', at: new Date('2024-03-01T12:00:00.123Z') }]);
      const byPrice = await client.query('SELECT id FROM np_params WHERE price > $1 ORDER BY id', ['0.25']);
      expect(byPrice.rows).toEqual([{ id: 1 }, { id: 2 }]);
      const byTime = await client.query('SELECT id FROM np_params WHERE at < $1', [new Date('2025-01-01T00:00:00Z')]);
      expect(byTime.rows).toEqual([{ id: 1 }]);
      const nulls = await client.query('SELECT id FROM np_params WHERE name IS NOT DISTINCT FROM $1', [null]);
      expect(nulls.rows).toEqual([{ id: 2 }]);
      const computed = await client.query('SELECT $1::int + 1 AS next, $2::text AS label, $3::numeric * 2 AS twice', [41, 'x', '1.25']);
      expect(computed.rows).toEqual([{ next: 42, label: 'x', twice: '2.50' }]);
      const limited = await client.query('SELECT id FROM np_params ORDER BY id LIMIT $1', [1]);
      expect(limited.rows).toEqual([{ id: 1 }]);
      const updated = await client.query('UPDATE np_params SET name = $1 WHERE id = $2', ['two', 2]);
      expect([updated.command, updated.rowCount]).toEqual(['UPDATE', 1]);
      const returned = await client.query('DELETE FROM np_params WHERE id = $1 RETURNING id, name', [2]);
      expect([returned.command, returned.rows]).toEqual(['DELETE', [{ id: 2, name: 'two' }]]);
    });
  });

  it('reports errors with SQLSTATE and 1-based positions, and stays usable', async () => {
    await withClient(async (client) => {
      const missingColumn = await errorOf(client.query('SELECT nope FROM np_orders'));
      expect([missingColumn.code, missingColumn.position, missingColumn.message]).toEqual(['42703', '8', 'column "nope" does not exist']);
      const syntax = await errorOf(client.query('SELECT FROM WHERE'));
      expect([syntax.code, syntax.position]).toEqual(['42601', '13']);
      const missingTable = await errorOf(client.query('SELECT * FROM nowhere WHERE id = $1', [1]));
      expect([missingTable.code, missingTable.position]).toEqual(['42P01', '15']);
      const badInput = await errorOf(client.query('SELECT id FROM np_orders WHERE id = $1', ['x']));
      expect([badInput.code, badInput.message]).toEqual(['22P02', 'invalid input syntax for type integer: "x"']);
      const division = await errorOf(client.query('SELECT 1 / 0'));
      expect(division.code).toBe('22012');
      // Positions count characters, not UTF-16 units: the emoji is one character.
      const afterEmoji = await errorOf(client.query("SELECT '😀', nope"));
      expect(afterEmoji.position).toBe('13');
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('runs several statements in one query, stopping at the first error', async () => {
    await withClient(async (client) => {
      const results = (await client.query('CREATE TABLE np_multi (a INT); INSERT INTO np_multi VALUES (1), (2); SELECT sum(a) AS s FROM np_multi')) as unknown as pg.QueryResult[];
      expect(results.map((r) => r.command)).toEqual(['CREATE', 'INSERT', 'SELECT']);
      expect(results[2]!.rows).toEqual([{ s: '3' }]);
      const failed = await errorOf(client.query('INSERT INTO np_multi VALUES (3); SELECT 1 / 0; INSERT INTO np_multi VALUES (4)'));
      expect(failed.code).toBe('22012');
      expect(failed.position).toBeUndefined();
      const positioned = await errorOf(client.query('SELECT 1; SELECT nope FROM np_multi'));
      expect(positioned.position).toBe('18');
      // Statements before the error stay applied (no implicit transaction); the one after it never ran.
      expect((await client.query('SELECT a FROM np_multi ORDER BY a')).rows).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    });
  });

  it('reads a materialized view that follows inserts', async () => {
    await withClient(async (client) => {
      await client.query('CREATE TABLE np_sales (seller VARCHAR, amount NUMERIC)');
      await client.query('CREATE MATERIALIZED VIEW np_by_seller AS SELECT seller, sum(amount) AS total, count(*) AS n FROM np_sales GROUP BY seller');
      await client.query("INSERT INTO np_sales VALUES ('S1', 10), ('S2', 5)");
      await client.query('INSERT INTO np_sales VALUES ($1, $2)', ['S1', '2.5']);
      const view = await client.query('SELECT * FROM np_by_seller ORDER BY seller');
      expect(view.rows).toEqual([{ seller: 'S1', total: '12.5', n: '2' }, { seller: 'S2', total: '5', n: '1' }]);
      const one = await client.query('SELECT total FROM np_by_seller WHERE seller = $1', ['S2']);
      expect(one.rows).toEqual([{ total: '5' }]);
    });
  });

  it('serves concurrent clients, each with its own settings', async () => {
    await withClient((client) => client.query('CREATE TABLE np_concurrent (client INT, n INT)'));
    const clients = Array.from({ length: 8 }, (_, index) => index);
    const seen = await Promise.all(
      clients.map((index) =>
        withClient(async (client) => {
          await client.query(`SET application_name = 'client${index}'`);
          for (let n = 0; n < 20; n++) await client.query('INSERT INTO np_concurrent VALUES ($1, $2)', [index, n]);
          const own = await client.query('SELECT count(*) AS c FROM np_concurrent WHERE client = $1', [index]);
          const name = await client.query('SHOW application_name');
          return [own.rows[0].c, name.rows[0].application_name] as const;
        }),
      ),
    );
    expect(seen).toEqual(clients.map((index) => ['20', `client${index}`]));
    await withClient(async (client) => {
      expect((await client.query('SELECT count(*) AS c FROM np_concurrent')).rows).toEqual([{ c: '160' }]);
      expect((await client.query('SHOW application_name')).rows).toEqual([{ application_name: '' }]);
    });
  });

  it('accepts transaction blocks, applying each statement as it runs', async () => {
    await withClient(async (client) => {
      await client.query('CREATE TABLE np_tx (a INT)');
      await client.query('BEGIN');
      await client.query('INSERT INTO np_tx VALUES ($1)', [1]);
      await client.query('COMMIT');
      await client.query('START TRANSACTION');
      await client.query('INSERT INTO np_tx VALUES (2)');
      await client.query('ROLLBACK');
      expect((await client.query('SELECT a FROM np_tx ORDER BY a')).rows).toEqual([{ a: 1 }, { a: 2 }]);
    });
  });

  it('authenticates with SCRAM-SHA-256 when users have passwords', async () => {
    const secured = await startTestServer({ users: new Map([['alice', 'wonder land']]) });
    try {
      const connect = async (user: string, password: string): Promise<unknown> => {
        const client = new pg.Client({ host: '127.0.0.1', port: secured.port, user, password, database: 'dev' });
        try {
          await client.connect();
          return (await client.query('SELECT 1 AS ok')).rows;
        } finally {
          await client.end().catch(() => undefined);
        }
      };
      expect(await connect('alice', 'wonder land')).toEqual([{ ok: 1 }]);
      const wrong = await errorOf(connect('alice', 'wonderland'));
      expect([wrong.code, wrong.message]).toEqual(['28P01', 'password authentication failed for user "alice"']);
      const unknown = await errorOf(connect('mallory', 'wonder land'));
      expect([unknown.code, unknown.message]).toEqual(['28P01', 'password authentication failed for user "mallory"']);
    } finally {
      await secured.stop();
    }
  });
});
