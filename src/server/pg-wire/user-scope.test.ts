// Users over pg-wire: SCRAM-SHA-256 against catalog verifiers, row scopes, privileges and masked secrets.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';

let tally: TestServer;
const orders = uniqueName('scoped_orders');

beforeAll(async () => {
  tally = await startTestServer();
  await tally.engine.execute(`
    CREATE TABLE ${orders} (id INT PRIMARY KEY, seller_id VARCHAR, total NUMERIC);
    INSERT INTO ${orders} VALUES (1, 'S1', 10.50), (2, 'S2', 0), (3, 'S1', 4.25), (4, 'S3', 99);
    CREATE MATERIALIZED VIEW ${orders}_gmv AS SELECT seller_id, sum(total) AS gmv FROM ${orders} GROUP BY seller_id;
    CREATE MATERIALIZED VIEW ${orders}_all AS SELECT sum(total) AS gmv FROM ${orders};
    CREATE USER seller_one WITH PASSWORD 'correct horse' SCOPE (seller_id = 'S1');
    CREATE USER no_password;
    GRANT SELECT ON ${orders}, ${orders}_gmv, ${orders}_all TO seller_one;
  `);
});

afterAll(async () => {
  await tally.stop();
});

async function withClient<T>(config: pg.ClientConfig, run: (client: pg.Client) => Promise<T>, port = tally.port): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port, database: 'dev', ...config });
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

const seller = { user: 'seller_one', password: 'correct horse' };

describe('a scoped user over pg-wire', () => {
  it('logs in with SCRAM-SHA-256 and sees only its own rows', async () => {
    await withClient(seller, async (client) => {
      expect((await client.query(`SELECT id, total FROM ${orders} ORDER BY id`)).rows).toEqual([{ id: 1, total: '10.50' }, { id: 3, total: '4.25' }]);
      expect((await client.query(`SELECT count(*) AS n, sum(total) AS s FROM ${orders} WHERE total >= $1`, [0])).rows).toEqual([{ n: '2', s: '14.75' }]);
      expect((await client.query(`SELECT * FROM ${orders}_gmv`)).rows).toEqual([{ seller_id: 'S1', gmv: '14.75' }]);
      expect((await client.query(`SELECT id, 1 / (seller_id <> 'S2')::int AS one FROM ${orders} ORDER BY id`)).rows).toEqual([{ id: 1, one: 1 }, { id: 3, one: 1 }]);
      expect((await client.query('SHOW is_superuser')).rows).toEqual([{ is_superuser: 'off' }]);
      expect((await client.query('SHOW session_authorization')).rows).toEqual([{ session_authorization: 'seller_one' }]);
    });
  });

  it('gets permission denied (42501) for what it may not read or change', async () => {
    await withClient(seller, async (client) => {
      const overall = await errorOf(client.query(`SELECT * FROM ${orders}_all`));
      expect([overall.code, overall.message]).toEqual(['42501', `permission denied for materialized view ${orders}_all`]);
      const prepared = await errorOf(client.query(`SELECT * FROM ${orders}_all WHERE gmv > $1`, [1]));
      expect(prepared.code).toBe('42501');
      const insert = await errorOf(client.query(`INSERT INTO ${orders} VALUES (9, 'S1', 1)`));
      expect([insert.code, insert.message]).toEqual(['42501', `permission denied for table ${orders}`]);
    });
  });

  it('needs the right password; users without one, and unknown users, cannot log in', async () => {
    const wrong = await errorOf(withClient({ user: 'seller_one', password: 'wrong horse' }, async () => undefined));
    expect([wrong.code, wrong.message]).toEqual(['28P01', 'password authentication failed for user "seller_one"']);
    const none = await errorOf(withClient({ user: 'no_password', password: 'anything' }, async () => undefined));
    expect([none.code, none.message]).toEqual(['28P01', 'password authentication failed for user "no_password"']);
    const unknown = await errorOf(withClient({ user: 'mallory', password: 'x' }, async () => undefined));
    expect([unknown.code, unknown.message]).toEqual(['28P01', 'password authentication failed for user "mallory"']);
  });

  it('follows a changed password and scope at once', async () => {
    await tally.engine.execute("CREATE USER seller_two WITH PASSWORD 'first' SCOPE (seller_id = 'S2'); GRANT SELECT ON " + orders + ' TO seller_two');
    await withClient({ user: 'seller_two', password: 'first' }, async (client) => {
      expect((await client.query(`SELECT id FROM ${orders}`)).rows).toEqual([{ id: 2 }]);
      await tally.engine.execute("ALTER USER seller_two SET SCOPE (seller_id = 'S3')");
      expect((await client.query(`SELECT id FROM ${orders}`)).rows).toEqual([{ id: 4 }]);
      await client.query("ALTER USER seller_two PASSWORD 'second'");
    });
    await withClient({ user: 'seller_two', password: 'second' }, async (client) => {
      expect((await client.query(`SELECT id FROM ${orders}`)).rows).toEqual([{ id: 4 }]);
    });
  });

  it('lets root in without a password on loopback', async () => {
    await withClient({ user: 'root' }, async (client) => {
      expect((await client.query(`SELECT count(*) AS n FROM ${orders}`)).rows).toEqual([{ n: '4' }]);
      expect((await client.query('SHOW is_superuser')).rows).toEqual([{ is_superuser: 'on' }]);
    });
  });
});

describe('a server listening beyond this machine', () => {
  it("asks root for the password set with ALTER USER, and refuses root without one", async () => {
    const open = await startTestServer({ host: '0.0.0.0' });
    try {
      const refused = await errorOf(withClient({ user: 'root', password: 'guess' }, async () => undefined, open.port));
      expect(refused.code).toBe('28P01');
      await open.engine.execute("ALTER USER root PASSWORD 'root secret'");
      const rows = await withClient({ user: 'root', password: 'root secret' }, (client) => client.query('SELECT 1 AS one'), open.port);
      expect(rows.rows).toEqual([{ one: 1 }]);
    } finally {
      await open.stop();
    }
  });
});

describe('secrets over pg-wire', () => {
  it("masks seed 001's password in SHOW CREATE SINK, EXPLAIN and errors", async () => {
    const planned = await startTestServer({}, { dryRun: true });
    try {
      await planned.engine.execute(readFileSync('/work/shared/seed-sql/001_seller_performance_risingwave.sql', 'utf8'));
      await withClient({ user: 'root' }, async (client) => {
        const shown = (await client.query('SHOW CREATE SINK seller_sla_sink')).rows as { 'Create Sql': string }[];
        expect(shown[0]!['Create Sql']).toContain('password=***');
        expect(shown[0]!['Create Sql']).not.toContain('secret');
        const explained = (await client.query("EXPLAIN CREATE SINK s2 FROM seller_sla_metrics WITH (connector = 'jdbc', jdbc.url = 'jdbc:postgresql://h/db?password=secret', password = 'hunter22')")).rows as { 'QUERY PLAN': string }[];
        expect(explained[0]!['QUERY PLAN']).toBe("StreamSink { name: s2, options: (connector = 'jdbc', jdbc.url = 'jdbc:postgresql://h/db?password=***', password = '***') }");
        const failed = await errorOf(client.query("CREATE SINK s3 FROM seller_sla_metrics WITH (connector = 'jdbc', password 'hunter22')"));
        expect(failed.message).toBe(`syntax error at or near "'***'"`);
      }, planned.port);
    } finally {
      await planned.stop();
    }
  });
});
