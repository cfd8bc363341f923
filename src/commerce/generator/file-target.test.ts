// Tests of the file target: JSON lines appended per stream, REES46 as whole CSV files, read back by Tally's file source.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileConnector } from '../../connectors/file/file-connector.js';
import { Engine } from '../../engine/engine.js';
import { REES46_COLUMNS } from './commerce-streams.js';
import { csvRow } from './csv-row.js';
import { fileTarget } from './file-target.js';
import { ManualClock } from './generator-clock.js';
import { sendRun, START_MS } from './generator-run.test-support.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scalar(db: Engine, sql: string): Promise<unknown> {
  const [result] = await db.execute(sql);
  return result?.kind === 'rows' ? result.rows[0]?.[0] : undefined;
}

/** FLUSHes until `sql` gives `expected` or the time is up; returns the last answer. */
async function flushUntil(db: Engine, sql: string, expected: unknown, timeoutMs = 10_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await db.execute('FLUSH');
    const value = await scalar(db, sql);
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fileTarget', () => {
  it('appends JSON lines per stream and writes REES46 as a CSV file per interval', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-datagen-files-'));
    dirs.push(dir);
    const clock = new ManualClock(START_MS);
    const target = fileTarget({ directory: dir, clock, csvFileIntervalMs: 5_000 });
    const { summary, sent } = await sendRun(target, { seed: 21, rate: 400, durationMs: 12_000 }, clock);
    await target.close();
    // A second run appends to the JSON-lines files.
    const again = fileTarget({ directory: dir, clock, csvFileIntervalMs: 5_000 });
    const second = await sendRun(again, { seed: 22, rate: 50, durationMs: 1_000, streams: ['promo.app_logs'] }, clock);
    await again.close();

    const jsonFiles = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
    expect(jsonFiles).toEqual([...sent.keys()].filter((stream) => stream !== 'rees46.events').map((stream) => `${stream}.jsonl`).sort());
    for (const [stream, records] of sent) {
      if (stream === 'rees46.events') continue;
      const lines = (await readFile(join(dir, `${stream}.jsonl`), 'utf8')).trimEnd().split('\n');
      const appended = stream === 'promo.app_logs' ? second.sent.get(stream)! : [];
      expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([...records, ...appended].map((record) => record.value));
    }

    const csvDir = join(dir, 'rees46', 'incoming');
    const csvFiles = await readdir(csvDir);
    expect(csvFiles.every((name) => /^rees46-\d{8}T\d{9}Z-\d{6}\.csv$/.test(name))).toBe(true);
    // One file at 5 s, one at 10 s, the rest at close; none left under a temporary name.
    expect(csvFiles).toHaveLength(3);
    const rows: string[] = [];
    for (const name of [...csvFiles].sort()) {
      const [header, ...lines] = (await readFile(join(csvDir, name), 'utf8')).trimEnd().split('\n');
      expect(header).toBe(REES46_COLUMNS.join(','));
      rows.push(...lines);
    }
    expect(rows).toEqual(sent.get('rees46.events')!.map((record) => csvRow(REES46_COLUMNS, record.value)));
    expect(summary.total).toBe([...sent.values()].reduce((sum, records) => sum + records.length, 0));
  });

  it("writes files Tally's file source reads with the seeds' column types", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-datagen-files-'));
    dirs.push(dir);
    const clock = new ManualClock(START_MS);
    const target = fileTarget({ directory: dir, clock, csvFileIntervalMs: 3_000 });
    const { sent } = await sendRun(target, { seed: 23, rate: 300, durationMs: 10_000, streams: ['marketplace_orders', 'rees46.events'] }, clock);
    await target.close();
    const db = await Engine.open({ sourceConnectors: [fileConnector], barrierIntervalMs: 3_600_000 });
    try {
      await db.execute(`
        CREATE SOURCE events (event_time TIMESTAMPTZ, event_type VARCHAR, product_id BIGINT, category_id BIGINT, category_code VARCHAR,
          brand VARCHAR, price NUMERIC, user_id BIGINT, user_session VARCHAR)
        WITH (connector = 'file', path = '${join(dir, 'rees46', 'incoming')}', match_pattern = '*.csv', settle_ms = '0') FORMAT PLAIN ENCODE CSV;
        CREATE SOURCE marketplace_orders (order_id VARCHAR, seller_id VARCHAR, customer_id VARCHAR, order_value NUMERIC, commission_rate NUMERIC,
          order_accepted BOOLEAN, cancellation_reason VARCHAR, order_ts TIMESTAMPTZ, status VARCHAR)
        WITH (connector = 'file', path = '${dir}', match_pattern = 'marketplace_orders.jsonl', settle_ms = '0') FORMAT PLAIN ENCODE JSON;
        CREATE MATERIALIZED VIEW event_count AS SELECT COUNT(*) AS n FROM events;
        CREATE MATERIALIZED VIEW purchases AS SELECT COUNT(*) AS n FROM events WHERE event_type = 'purchase';
        CREATE MATERIALIZED VIEW order_count AS SELECT COUNT(*) AS n FROM marketplace_orders;
        CREATE MATERIALIZED VIEW completed AS SELECT SUM(order_value) AS gmv FROM marketplace_orders WHERE status = 'completed' AND order_accepted;
      `);
      const events = sent.get('rees46.events')!;
      expect(await flushUntil(db, 'SELECT n FROM event_count', BigInt(events.length))).toBe(BigInt(events.length));
      expect(await scalar(db, 'SELECT n FROM purchases')).toBe(BigInt(events.filter((record) => record.value.event_type === 'purchase').length));
      const orders = sent.get('marketplace_orders')!;
      expect(await flushUntil(db, 'SELECT n FROM order_count', BigInt(orders.length))).toBe(BigInt(orders.length));
      const gmvCents = orders.filter((record) => record.value.status === 'completed' && record.value.order_accepted).reduce((sum, record) => sum + Math.round((record.value.order_value as number) * 100), 0);
      expect(String(await scalar(db, 'SELECT gmv FROM completed'))).toBe((gmvCents / 100).toFixed(2));
      expect(await scalar(db, 'SELECT COUNT(*) FROM tally_dead_letters')).toBe(0n);
    } finally {
      await db.close();
    }
  });
});
