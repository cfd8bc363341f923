// GET /v1/changes: several relations on one stream, each event naming its relation; what cannot be followed is said.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHttpServer, uniqueName, type TestHttpServer } from './http-test-server.test-support.js';
import { SseClient } from './sse-client.test-support.js';
import type { Engine } from '../../engine.js';
import { HttpError } from './http-error.js';
import { engineRunner } from './request-runner.js';

describe('GET /v1/changes', () => {
  let server: TestHttpServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('sends a snapshot per relation, then each relation\'s changes under its name, and says which cannot be followed', async () => {
    server = await startTestHttpServer();
    const [orders, totals, plain, missing] = ['orders', 'totals', 'plain', 'missing'].map(uniqueName) as [string, string, string, string];
    await server.engine.execute(`
      CREATE TABLE ${orders} (id INT PRIMARY KEY, seller VARCHAR, amount NUMERIC);
      CREATE MATERIALIZED VIEW ${totals} AS SELECT seller, SUM(amount) AS total FROM ${orders} GROUP BY seller;
      CREATE VIEW ${plain} AS SELECT * FROM ${orders};
      INSERT INTO ${orders} VALUES (1, 'S1', 2.50);
    `);
    const client = await SseClient.connect(server.url(`/v1/changes?view=${orders}&view=${totals}&view=${plain}&view=${missing}`));
    try {
      const first = await client.expect<{ view: string; epoch: number; rows: unknown[] }>('snapshot');
      const second = await client.expect<{ view: string; epoch: number; rows: unknown[] }>('snapshot');
      expect(first).toMatchObject({ view: orders, rows: [{ id: 1, seller: 'S1', amount: '2.50' }] });
      expect(second).toMatchObject({ view: totals, rows: [{ seller: 'S1', total: '2.50' }] });
      expect(second.epoch).toBe(first.epoch);
      expect(await client.expect('unavailable')).toMatchObject({ view: plain, status: 400, error: { code: '0A000' } });
      expect(await client.expect('unavailable')).toMatchObject({ view: missing, status: 404, error: { code: '42P01' } });

      await server.engine.execute(`INSERT INTO ${orders} VALUES (2, 'S1', 1.25)`);
      const changes = [await client.expect<{ view: string; inserts: unknown[]; deletes: unknown[] }>('changes'), await client.expect<{ view: string; inserts: unknown[]; deletes: unknown[] }>('changes')];
      expect(changes.find((change) => change.view === orders)).toMatchObject({ inserts: [{ id: 2, seller: 'S1', amount: '1.25' }], deletes: [] });
      expect(changes.find((change) => change.view === totals)).toMatchObject({ inserts: [{ seller: 'S1', total: '3.75' }], deletes: [{ seller: 'S1', total: '2.50' }] });

      // A dropped relation ends alone; the stream goes on for the others.
      await server.engine.execute(`DROP MATERIALIZED VIEW ${totals}; INSERT INTO ${orders} VALUES (3, 'S2', 4)`);
      const events = [await client.next({ skipHeartbeats: true }), await client.next({ skipHeartbeats: true })].map((message) => ({ event: message?.event, ...JSON.parse(message?.data ?? '{}') }));
      expect(events.find((event) => event.event === 'ended')).toMatchObject({ view: totals, error: { code: '42P01' } });
      expect(events.find((event) => event.event === 'changes')).toMatchObject({ view: orders, inserts: [{ id: 3, seller: 'S2', amount: '4' }] });
    } finally {
      client.close();
    }
  });

  it('applies the user\'s scope to every relation, and says which it may not read', async () => {
    const token = 'multi-changes-token-0123456789';
    let engineOf: () => Engine = () => {
      throw new Error('the server is not started');
    };
    // Bearer tokens of users; no header: root.
    const authenticate = (authorization: string | undefined) => {
      if (authorization === undefined) return engineRunner(engineOf());
      const session = engineOf().sessionForToken(authorization.replace(/^Bearer /, ''));
      if (!session) throw new HttpError(401, '28000', 'invalid credentials');
      return session;
    };
    server = await startTestHttpServer({ authenticate });
    const engine = server.engine;
    engineOf = () => engine;
    const [payouts, platform, user] = ['payouts', 'platform', 'seller'].map(uniqueName) as [string, string, string];
    await engine.execute(`
      CREATE TABLE ${payouts} (seller_id VARCHAR PRIMARY KEY, net NUMERIC);
      CREATE TABLE ${platform} (gmv NUMERIC);
      INSERT INTO ${payouts} VALUES ('S1', 10), ('S2', 20);
      INSERT INTO ${platform} VALUES (30);
      CREATE USER ${user} WITH PASSWORD 'pw' SCOPE (seller_id = 'S1');
      ALTER USER ${user} TOKEN '${token}';
      GRANT SELECT ON ${payouts} TO ${user};
    `);
    const client = await SseClient.connect(server.url(`/v1/changes?view=${payouts}&view=${platform}`), { authorization: `Bearer ${token}` });
    try {
      expect(await client.expect('snapshot')).toMatchObject({ view: payouts, rows: [{ seller_id: 'S1', net: '10' }] });
      expect(await client.expect('unavailable')).toMatchObject({ view: platform, status: 403, error: { code: '42501' } });
      await engine.execute(`INSERT INTO ${payouts} VALUES ('S2', 21), ('S1', 11)`);
      expect(await client.expect('changes')).toMatchObject({ view: payouts, inserts: [{ seller_id: 'S1', net: '11' }], deletes: [{ seller_id: 'S1', net: '10' }] });
    } finally {
      client.close();
    }
  });

  it('refuses a request that names no relation', async () => {
    server = await startTestHttpServer();
    const response = await fetch(server.url('/v1/changes'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('22023');
  });
});
