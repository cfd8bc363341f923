import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../src/sql/index.js';
import { loadSeedPipelines, missingSeedFiles, translateTumble, withKafkaEndpoint } from './seed-pipelines-sql.js';

const missing = missingSeedFiles();
if (missing) console.warn(`skipping seed-pipelines-sql.test.ts: ${missing}`);

describe.skipIf(missing !== undefined)('the seed pipelines as the crash test runs them', () => {
  const pipelines = loadSeedPipelines();

  it('keeps the sources and views of seeds 000 and 001 in order, without the sinks', () => {
    expect(pipelines.statements.map(({ kind, name }) => `${kind} ${name}`)).toEqual([
      'source orders',
      'view mv_gmv_hourly',
      'view mv_gmv_daily',
      'view mv_gmv_5min',
      'source marketplace_orders',
      'source seller_fulfillment',
      'source seller_ratings',
      'view seller_performance',
      'view seller_sla_metrics',
      'view seller_rating_metrics',
    ]);
    expect(pipelines.sources.map((source) => source.topicInSeed)).toEqual(['ecommerce.orders', 'marketplace_orders', 'seller_fulfillment', 'seller_ratings']);
  });

  it('replaces only the topic and the bootstrap servers of a source', () => {
    const orders = pipelines.sources[0]!;
    const sql = withKafkaEndpoint(orders, 'crash-orders-1', '127.0.0.1:19092');
    expect(sql).toBe(orders.sql.replace(`'ecommerce.orders'`, `'crash-orders-1'`).replace(`'kafka:9092'`, `'127.0.0.1:19092'`));
    const statement = parseStatement(sql);
    if (statement.kind !== 'createSource') throw new Error('expected CREATE SOURCE');
    expect(statement.with.map(({ key, value }) => `${key}=${value}`)).toEqual([
      'connector=kafka',
      'topic=crash-orders-1',
      'properties.bootstrap.server=127.0.0.1:19092',
      'scan.startup.mode=earliest',
    ]);
  });

  it('gives PostgreSQL tables with the declared columns and views with TUMBLE spelled out', () => {
    const fulfillment = pipelines.sources.find((source) => source.name === 'seller_fulfillment')!;
    expect(fulfillment.postgresTable.replace(/\s+/g, ' ')).toBe(
      'CREATE TABLE seller_fulfillment (order_id VARCHAR, seller_id VARCHAR, stage VARCHAR, sla_hours INT, event_ts TIMESTAMPTZ)',
    );
    const hourly = pipelines.views.find((view) => view.name === 'mv_gmv_hourly')!;
    expect(hourly.postgresView).toMatch(/^CREATE VIEW mv_gmv_hourly AS SELECT/);
    expect(hourly.postgresView).not.toMatch(/TUMBLE/i);
    expect(translateTumble(`SELECT * FROM TUMBLE(orders, created_at, INTERVAL '5 MINUTES') WHERE true`)).toBe(
      `SELECT * FROM (SELECT *, date_bin(interval '5 MINUTES', created_at, timestamptz '1970-01-01 00:00:00+00') AS window_start, ` +
        `date_bin(interval '5 MINUTES', created_at, timestamptz '1970-01-01 00:00:00+00') + interval '5 MINUTES' AS window_end FROM orders) AS orders WHERE true`,
    );
  });
});
