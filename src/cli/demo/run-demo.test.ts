// The demo end to end: every pipeline fed by the generator through the embedded equivalents, read over pg-wire,
// stopped and started again from its data directory without losing what it had.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine.js';
import { eventually } from './eventually.test-support.js';
import { startDemo, type RunningDemo } from './run-demo.js';

const dataDir = await mkdtemp(join(tmpdir(), 'tally-demo-'));
const lines: string[] = [];
// Endpoints of the seeds (kafka:9092, app-db:5432, ...) do not resolve here; a short probe keeps the test quick.
// REES46 shoppers browse for half a minute or so before they buy: sales_per_product_window fills last.
const options = { dataDir, pgPort: '0', httpPort: '0', rate: 300, seed: 7, probeTimeoutMs: 300 };
const WAIT_MS = 120_000;

async function count(engine: Engine, sql: string): Promise<bigint> {
  const [result] = await engine.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error(`no rows from ${sql}`);
  return BigInt(String(result.rows[0]![0] ?? 0));
}

const PIPELINE_OUTPUTS = [
  'mv_platform_gmv_today', 'mv_gmv_hourly', 'gmv_hourly', 'seller_performance', 'seller_leaderboard', 'seller_payouts',
  'promo_top5_products', 'promo_host_metrics_per_minute', 'promo_pv_uv_per_minute', 'trade_channel_collect', 'sales_per_product_window',
];

describe('tally demo', () => {
  let demo: RunningDemo | undefined;
  afterAll(async () => {
    await demo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the five pipelines on generated events and serves them', async () => {
    demo = await startDemo(options, (line) => lines.push(line));
    expect(demo.created).toBe(true);
    expect(lines.join('\n')).toMatch(/not reachable; reading embedded Kafka topic ecommerce\.orders/);
    const engine = demo.server.engine;
    await eventually(async () => {
      const empty = PIPELINE_OUTPUTS.filter((name) => (engine.rowCount(name) ?? 0) === 0);
      return empty.length === 0 ? undefined : `still empty: ${empty.join(', ')}`;
    }, WAIT_MS);
    const client = new pg.Client({ host: '127.0.0.1', port: demo.server.pgWire.address.port, user: 'root', database: 'dev' });
    await client.connect();
    try {
      const { rows } = await client.query<{ orders: string }>('SELECT orders FROM mv_platform_gmv_today');
      expect(BigInt(rows[0]!.orders)).toBeGreaterThan(0n);
    } finally {
      await client.end();
    }
    const seller = new pg.Client({ host: '127.0.0.1', port: demo.server.pgWire.address.port, user: 's01', password: 's01-demo', database: 'dev' });
    await seller.connect();
    try {
      const { rows } = await seller.query<{ seller_id: string }>('SELECT DISTINCT seller_id FROM seller_performance');
      expect(rows.map((row) => row.seller_id)).toEqual(['S01']);
    } finally {
      await seller.end();
    }
  }, 180_000);

  it('resumes from the data directory after a stop', async () => {
    const engine = demo!.server.engine;
    const before = await count(engine, 'SELECT SUM(total_orders) FROM seller_performance');
    await demo!.stop();
    demo = undefined;
    demo = await startDemo(options, (line) => lines.push(line));
    expect(demo.created).toBe(false);
    const restored = await count(demo.server.engine, 'SELECT SUM(total_orders) FROM seller_performance');
    expect(restored).toBeGreaterThanOrEqual(before);
    await eventually(async () => {
      const now = await count(demo!.server.engine, 'SELECT SUM(total_orders) FROM seller_performance');
      return now > restored ? undefined : `total_orders still ${now}`;
    }, WAIT_MS);
  }, 180_000);
});
