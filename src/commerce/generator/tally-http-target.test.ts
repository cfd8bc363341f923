// Tests of the Tally target: records POSTed to /v1/ingest of a running server, into http sources and tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from '../../server/http/http-test-server.test-support.js';
import type { GeneratedRecord } from './commerce-streams.js';
import { sendRun } from './generator-run.test-support.js';
import { tallyHttpTarget } from './tally-http-target.js';

const ORDER_COLUMNS = `order_id VARCHAR, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR, payment_method VARCHAR,
  subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ`;

describe('tallyHttpTarget', () => {
  let server: TestHttpServer;
  const rows = async (sql: string): Promise<unknown[][]> => {
    const [result] = await server.engine.execute(sql);
    return result?.kind === 'rows' ? result.rows : [];
  };

  beforeAll(async () => {
    server = await startTestHttpServer();
    await server.sql(`
      CREATE SOURCE orders (${ORDER_COLUMNS}) WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
      CREATE TABLE orders_eu (${ORDER_COLUMNS}, PRIMARY KEY (order_id)) WITH (connector = 'http');
      CREATE SOURCE promo_app_logs (log_id VARCHAR, host VARCHAR, service VARCHAR, level VARCHAR, message VARCHAR, log_ts TIMESTAMPTZ)
        WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
      CREATE MATERIALIZED VIEW us_orders AS SELECT status, COUNT(*) AS n, SUM(total) AS total FROM orders GROUP BY status;
      CREATE MATERIALIZED VIEW errors_per_host AS SELECT host, COUNT(*) AS n FROM promo_app_logs WHERE level = 'ERROR' GROUP BY host;
      CREATE TABLE seller_ratings (rating_id VARCHAR, order_id VARCHAR, seller_id VARCHAR, rating INT, rated_ts TIMESTAMPTZ);`);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('ingests each stream into its source; an UPSERT region into a keyed table keeps the latest status', async () => {
    const target = tallyHttpTarget({ url: server.url('') });
    const { sent } = await sendRun(target, { seed: 31, rate: 300, durationMs: 40_000, streams: ['ecommerce.orders', 'ecommerce.orders.eu', 'promo.app_logs'] });
    await target.close();

    const us = sent.get('ecommerce.orders')!;
    const byStatus = new Map<unknown, GeneratedRecord[]>();
    for (const record of us) byStatus.set(record.value.status, [...(byStatus.get(record.value.status) ?? []), record]);
    const expected = [...byStatus]
      .map(([status, records]) => [status, String(records.length), (records.reduce((sum, record) => sum + Math.round((record.value.total as number) * 100), 0) / 100).toFixed(2)])
      .sort();
    expect(byStatus.get('cancelled')?.length).toBeGreaterThan(10);
    expect((await rows('SELECT status, n, total FROM us_orders ORDER BY status')).map((row) => row.map(String))).toEqual(expected);

    const latest = new Map<unknown, unknown>();
    for (const record of sent.get('ecommerce.orders.eu')!) latest.set(record.value.order_id, record.value.status);
    const table = await rows('SELECT order_id, status FROM orders_eu');
    expect(table.length).toBe(latest.size);
    expect(new Map(table.map(([id, status]) => [id, status]))).toEqual(latest);

    const errors = sent.get('promo.app_logs')!.filter((record) => record.value.level === 'ERROR');
    const perHost = await rows('SELECT SUM(n) FROM errors_per_host');
    expect(String(perHost[0]![0])).toBe(String(errors.length));
  });

  it("says which relation refused the records and why", async () => {
    const ratings = tallyHttpTarget({ url: server.url('') });
    const record: GeneratedRecord = { stream: 'seller_ratings', value: { rating_id: 'R-1', order_id: 'MO-1', seller_id: 'S01', rating: 5, rated_ts: '2026-11-21T15:00:00.000Z' } };
    await expect(ratings.send('seller_ratings', [record])).rejects.toThrow(
      `could not ingest into "seller_ratings": "seller_ratings" is not an http source or table (Create it WITH (connector = 'http') to ingest events into it over HTTP.)`,
    );
    const renamed = tallyHttpTarget({ url: server.url(''), sourceNames: { seller_ratings: 'no_such_relation' } });
    await expect(renamed.send('seller_ratings', [record])).rejects.toThrow('could not ingest into "no_such_relation": relation "no_such_relation" does not exist');
    const badValue: GeneratedRecord = { stream: 'ecommerce.orders', value: { order_id: 'O-1', total: 'lots' } };
    await expect(tallyHttpTarget({ url: server.url('') }).send('ecommerce.orders', [badValue])).rejects.toThrow(
      'could not ingest into "orders": 1 of 1 records could not be decoded; line 1: invalid input syntax for type numeric: "lots"',
    );
  });

  it('says when no server answers', async () => {
    const target = tallyHttpTarget({ url: 'http://127.0.0.1:9' });
    await expect(target.send('ecommerce.orders', [{ stream: 'ecommerce.orders', value: { order_id: 'O-1' } }])).rejects.toThrow(/^could not reach Tally at http:\/\/127\.0\.0\.1:9: /);
  });
});
