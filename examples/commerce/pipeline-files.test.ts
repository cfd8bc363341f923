// The five commerce pipeline files: accepted by `tally check`, run in order 000..004 on one engine, views as the contract names them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/cli/check-command.js';
import { formatValue } from '../../src/types/text-format.js';
import { SEED_SQL_DIR } from '../../test/crash/seed-pipelines-sql.js';
import { openCommerceEngine, type CommerceEngine } from './commerce-engine.test-support.js';
import { COMMERCE_DIR, PIPELINE_FILES, pipelineStatements, pipelineText } from './pipeline-files.test-support.js';

/** The columns (and their types) the dashboard reads, per the commerce contract. */
const CONTRACT_VIEWS: Record<string, readonly string[]> = {
  mv_platform_gmv_today: ['orders int8', 'gmv numeric', 'buyers int8'],
  mv_channel_gmv_today: ['channel varchar', 'orders int8', 'gmv numeric'],
  mv_merchant_gmv_today: ['merchant_id varchar', 'orders int8', 'gmv numeric'],
  mv_platform_gmv_5min: ['window_start timestamptz', 'window_end timestamptz', 'orders int8', 'gmv numeric'],
  mv_platform_gmv_hourly: ['hour_start timestamptz', 'orders int8', 'gmv numeric'],
  mv_platform_gmv_daily: ['day timestamptz', 'orders int8', 'gmv numeric'],
  seller_leaderboard: [
    'seller_id varchar', 'total_orders int8', 'total_gmv numeric', 'acceptance_rate numeric', 'cancellation_rate numeric',
    'sla_compliance_rate numeric', 'avg_rating numeric', 'net_payout numeric', 'underperforming boolean',
  ],
  seller_payouts: ['seller_id varchar', 'gross_payout numeric', 'refunds numeric', 'net_payout numeric'],
  seller_sla_violations: ['seller_id varchar', 'sla_compliance_rate numeric', 'shipped_orders int8'],
  seller_category_breakdown: ['seller_id varchar', 'category varchar', 'orders int8', 'gmv numeric'],
  promo_total_gmv: ['orders int8', 'gmv numeric'],
  promo_top5_products: ['product_id varchar', 'product_name varchar', 'units int8', 'sales numeric', 'rank int8'],
  promo_conversion: [
    'searches int8', 'views int8', 'orders_after_search int8', 'orders_after_view int8', 'search_conversion numeric', 'view_conversion numeric',
  ],
  promo_pv_uv_per_minute: ['minute timestamptz', 'pv int8', 'uv int8'],
  promo_requests_per_ip_minute: ['minute timestamptz', 'ip varchar', 'requests int8'],
  promo_host_metrics_per_minute: [
    'host varchar', 'minute timestamptz', 'avg_cpu numeric', 'p75_cpu float8', 'avg_mem numeric', 'p75_mem float8', 'avg_io numeric', 'p75_io float8',
  ],
  promo_error_logs: ['log_id varchar', 'host varchar', 'service varchar', 'message varchar', 'log_ts timestamptz'],
  alert_feed: ['alert_time timestamptz', 'kind varchar', 'subject varchar', 'value numeric', 'threshold numeric', 'message varchar'],
};

describe('tally check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-commerce-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // `tally check` gives each file a catalog of its own; 002's alert_feed reads 001's views, so 002 is checked after 001.
  it.each(PIPELINE_FILES)('accepts every statement of %s', async (file) => {
    let path = join(COMMERCE_DIR, file);
    if (file === '002_promotion_monitoring.sql') {
      path = join(dir, '001_then_002.sql');
      writeFileSync(path, pipelineText('001_seller_performance.sql') + '\n' + pipelineText(file));
    }
    const lines: string[] = [];
    const failures = await checkFiles([path], {}, (line) => lines.push(line));
    expect(lines.filter((line) => !/: OK /.test(line))).toEqual([]);
    expect(failures).toBe(0);
    expect(lines.length).toBe(pipelineStatements(file, readFileSync(path, 'utf8')).length);
  });

  it('keeps the seeds verbatim: each seed file is the start of its pipeline file', () => {
    const seeds: [string, string][] = [
      ['000_gmv_risingwave.sql', '000_gmv.sql'],
      ['001_seller_performance_risingwave.sql', '001_seller_performance.sql'],
    ];
    for (const [seed, file] of seeds) expect(pipelineText(file).startsWith(readFileSync(join(SEED_SQL_DIR, seed), 'utf8'))).toBe(true);
    expect(pipelineText('003_result_table_mysql.sql')).toBe(readFileSync(join(SEED_SQL_DIR, '003_result_table_mysql.sql'), 'utf8'));
    // 003: the Flink job with only its connection placeholders filled in.
    const job = readFileSync(join(SEED_SQL_DIR, '003_channel_gmv_flink.sql'), 'utf8')
      .replace('"xxxx:9092,xxxx:9092,xxxx:9092"', '"127.0.0.1:9092"')
      .replace('"jdbc:mysql://xxxx:3306/xxxx"', '"jdbc:mysql://127.0.0.1:3306/test?user=root"')
      .replace('"connector.table" = "xxxx"', '"connector.table" = "trade_channel_collect"');
    expect(pipelineText('003_channel_statistics.sql')).toBe(job);
  });
});

describe('the five pipelines on one engine', () => {
  let engine: CommerceEngine;
  beforeAll(async () => {
    engine = await openCommerceEngine(PIPELINE_FILES);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('creates every object of every file, in order', () => {
    const created = new Set(engine.db.relations().map((relation) => relation.name));
    const expected = PIPELINE_FILES.flatMap((file) => pipelineStatements(file))
      .filter((statement) => statement.kind !== 'sink' && statement.kind !== 'other')
      .map((statement) => statement.name);
    expect(expected.filter((name) => !created.has(name))).toEqual([]);
    const sinks = PIPELINE_FILES.flatMap((file) => pipelineStatements(file)).filter((statement) => statement.kind === 'sink');
    expect(sinks.map((sink) => sink.name).filter((name) => !engine.sinkTargets.has(name) && !name.endsWith('_archive'))).toEqual([]);
  });

  it.each(Object.entries(CONTRACT_VIEWS))('%s has the contract columns', (view, columns) => {
    const relation = engine.db.relation(view);
    expect(relation?.columns.filter((column) => !column.hidden).map((column) => `${column.name} ${column.type}`)).toEqual(columns);
  });

  it('runs seed 003 on its sample records to the published channel figures', async () => {
    const records = readFileSync(join(SEED_SQL_DIR, '003_trade_order_detail.jsonl'), 'utf8').trim().split('\n');
    engine.feed.produce('trade_order_detail_info', records.map((value) => ({ value })));
    while (engine.feed.unread() > 0) await engine.db.execute('FLUSH');
    await engine.db.sinksDrained();
    const target = engine.sinkTargets.get('trade_channel_collect');
    const columns = engine.db.relation('trade_channel_collect')!.columns;
    const rows = [...target!.rows.values()]
      .map((row) => row.slice(0, 7).map((value, columnIdx) => formatValue(columns[columnIdx]!.type, value)).join(' | '))
      .sort();
    expect(rows).toEqual([
      '2021-03-25 00:00:00 | appShop | Shopping App | 50.5 | 1 | 1 | 2021-03-25 06:07:00',
      '2021-03-25 00:00:00 | miniAppShop |  Miniprogram | 148.8 | 2 | 2 | 2021-03-25 12:03:00',
      '2021-03-25 00:00:00 | other | Other | 400 | 1 | 1 | 2021-03-25 15:10:00',
      '2021-03-25 00:00:00 | webShop | Website | 986.5 | 2 | 5 | 2021-03-25 16:16:16',
    ]);
  });
});
