// Every view of pipelines 000, 001, 002 and 004, fed a seeded workload, equals PostgreSQL's answer over the same data.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbRows, parquetArchive } from '../../src/connectors/file/file-sink-duckdb.test-support.js';
import type { TextResult } from '../../test/differential/text-result.js';
import { commerceWorkload } from './commerce-workload.test-support.js';
import { feedWorkload, openCommerceEngine, tallyContents, type CommerceEngine } from './commerce-engine.test-support.js';
import { pipelineStatements, type PipelineFile } from './pipeline-files.test-support.js';
import { postgresContents, relationRows } from './postgres-views.test-support.js';

const FILES: readonly PipelineFile[] = ['000_gmv.sql', '001_seller_performance.sql', '002_promotion_monitoring.sql', '004_sales_insights.sql'];
const SEED = 6;

const sortedRows = (result: TextResult): string[] => result.rows.map((row) => JSON.stringify(row)).sort();

describe('commerce pipelines against PostgreSQL', () => {
  const statements = FILES.flatMap((file) => pipelineStatements(file));
  const views = statements.filter((statement) => statement.kind === 'view').map((statement) => statement.name);
  const workload = commerceWorkload(SEED);
  const rows = relationRows(statements, workload);
  let engine: CommerceEngine;
  let tally: Map<string, TextResult>;
  let postgres: Map<string, TextResult>;

  beforeAll(async () => {
    engine = await openCommerceEngine(FILES);
    await feedWorkload(engine, workload, rows.get('rees46_events')!.length);
    tally = await tallyContents(engine.db, views);
    postgres = await postgresContents(statements, rows, views);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
  });

  it.each(views)('view %s', (view) => {
    const expected = postgres.get(view)!;
    const actual = tally.get(view)!;
    expect(actual.columns).toEqual(expected.columns);
    expect(sortedRows(actual)).toEqual(sortedRows(expected));
  });

  it('exercises every view: each holds rows, and every alert kind fires', () => {
    const empty = views.filter((view) => tally.get(view)!.rows.length === 0);
    expect(empty).toEqual([]);
    const kinds = new Set(tally.get('alert_feed')!.rows.map((row) => row[1]));
    expect([...kinds].sort()).toEqual(['cpu', 'error_logs', 'gmv_drop', 'io', 'ip_requests', 'mem', 'seller_sla']);
  });

  it('delivers each view to its sinks', async () => {
    await engine.db.sinksDrained();
    const keyed = (sink: string): number => engine.sinkTargets.get(sink)!.rows.size;
    expect(keyed('sink_gmv_hourly')).toBe(tally.get('mv_gmv_hourly')!.rows.length);
    expect(keyed('sink_gmv_daily')).toBe(tally.get('mv_gmv_daily')!.rows.length);
    expect(keyed('seller_performance_sink')).toBe(tally.get('seller_performance')!.rows.length);
    expect(keyed('seller_sla_sink')).toBe(tally.get('seller_sla_metrics')!.rows.length);
    expect(keyed('seller_sla_alert_sink')).toBe(tally.get('seller_sla_violations')!.rows.length);
    expect(keyed('product_aggregates_topic')).toBe(tally.get('sales_per_product_window')!.rows.length);
    expect(engine.sinkTargets.get('promo_error_log_stream')!.appended.length).toBe(tally.get('promo_error_logs')!.rows.length);
    // The Parquet archive, read back by DuckDB, holds each processed event once.
    const archived = await duckdbRows(`SELECT user_session, event_time::VARCHAR, event_type, product_id::VARCHAR, price::VARCHAR
      FROM ${parquetArchive(join(engine.dir, 'rees46', 'archive'))}`);
    const processed = tally.get('processed_events')!.rows.map((row) => [row[9], row[0], row[1], row[2], row[7]]);
    const normalized = (list: unknown[][]): string[] => list.map((row) => JSON.stringify(row).replace(/\+00"/g, '"')).sort();
    expect(normalized(archived)).toEqual(normalized(processed));
  });

  it("shows a seller bound to seller_id only that seller's rows", async () => {
    await engine.db.execute(`CREATE USER seller_s01 WITH PASSWORD 'pw' SCOPE (seller_id = 'S01');
      GRANT SELECT ON seller_leaderboard, seller_payouts, seller_category_breakdown TO seller_s01`);
    const session = engine.db.session('seller_s01');
    for (const view of ['seller_leaderboard', 'seller_payouts', 'seller_category_breakdown']) {
      const [result] = await session.execute(`SELECT seller_id FROM ${view}`);
      if (result?.kind !== 'rows') throw new Error(`expected rows from ${view}`);
      const all = tally.get(view)!.rows.filter((row) => row[0] === 'S01').length;
      expect(all).toBeGreaterThan(0);
      expect(result.rows.map((row) => row[0])).toEqual(new Array(all).fill('S01'));
    }
  });
});
