import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { HttpError } from './http-error.js';
import { startTestHttpServer, type TestHttpServer } from './http-test-server.test-support.js';
import { engineRunner, type RequestRunner } from './request-runner.js';
import { SseClient } from './sse-client.test-support.js';

/**
 * An authentication step as users will plug in: token "s1" is a user who sees the rows of seller S1 only and may
 * not read "secrets"; no token is refused. The runner logs what ran through it.
 */
function sellerAuthentication(server: () => TestHttpServer, ran: string[]): (authorization: string | undefined) => RequestRunner {
  return (authorization) => {
    if (authorization !== 'Bearer s1') throw new HttpError(401, '28000', 'invalid bearer token');
    const engine = engineRunner(server().engine);
    return {
      execute: (sql) => {
        ran.push(sql);
        return engine.execute(sql);
      },
      executeStatement: (statement, text) => {
        ran.push(text);
        return engine.executeStatement(statement, text);
      },
      runStatement: (statement, text, signal) => {
        ran.push(text);
        return engine.runStatement(statement, text, signal);
      },
      rowFilter: (relation) => {
        if (relation === 'secrets') throw new SqlError('insufficient_privilege', `permission denied for table ${relation}`);
        return (row: Row) => row[0] === 'S1';
      },
    };
  };
}

describe('an authentication hook', () => {
  let server: TestHttpServer;
  const ran: string[] = [];
  const headers = { authorization: 'Bearer s1' };

  beforeAll(async () => {
    server = await startTestHttpServer({ authenticate: sellerAuthentication(() => server, ran) });
    await server.engine.execute(`
      CREATE TABLE orders (seller VARCHAR, total INT);
      CREATE TABLE secrets (seller VARCHAR);
      INSERT INTO orders VALUES ('S1', 1), ('S2', 2);`);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('runs SQL and view reads through the runner it returns', async () => {
    ran.length = 0;
    expect((await server.post('/v1/sql', JSON.stringify({ sql: 'SELECT 1' }), 'application/json', headers)).status).toBe(200);
    expect((await fetch(server.url('/v1/views/orders?total.gt=0'), { headers })).status).toBe(200);
    expect(ran).toEqual(['SELECT 1', `SELECT * FROM "orders" WHERE "total" > CAST('0' AS integer)`]);
  });

  it('refuses a request it refuses, and /health needs nothing', async () => {
    expect((await fetch(server.url('/v1/views/orders'))).status).toBe(401);
    expect((await fetch(server.url('/health'))).status).toBe(200);
  });

  it("limits a change stream's changes to the rows the runner lets through", async () => {
    const client = await SseClient.connect(server.url('/v1/views/orders/changes'), headers);
    try {
      await client.expect('snapshot');
      await server.engine.execute(`INSERT INTO orders VALUES ('S2', 20)`);
      const s1 = await server.engine.execute(`INSERT INTO orders VALUES ('S1', 10)`);
      expect(s1).toHaveLength(1);
      expect(await client.expect('changes')).toEqual({ epoch: server.engine.epoch, inserts: [{ seller: 'S1', total: 10 }], deletes: [] });
    } finally {
      client.close();
    }
  });

  it('answers 403 for a relation the runner may not read', async () => {
    const response = await fetch(server.url('/v1/views/secrets/changes'), { headers });
    expect(response.status).toBe(403);
    expect((await response.json()) as unknown).toEqual({ error: { code: '42501', message: 'permission denied for table secrets' } });
  });
});
