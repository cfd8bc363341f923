// Tables named and shaped like the views the dashboard reads (the commerce contract), with generated rows, and
// how each panel shows them: what a browser test compares the screen with.
import type { Engine } from '../engine.js';
import { jsonValue } from '../server/http/json-value.js';

/** How a figure is written on screen (the test's own statement of the dashboard's formats). */
export type ShownAs = 'money' | 'count' | 'rate' | 'percent' | 'decimal' | 'text' | 'minute' | 'hour' | 'second' | 'day' | 'flag';

export interface ShownView {
  readonly name: string;
  readonly ddl: string;
  /** Columns that identify a row on screen (`data-key`), in order. */
  readonly keyColumns: readonly string[];
  /** Every column the panel shows, and how. */
  readonly shown: Readonly<Record<string, ShownAs>>;
  /** Which of the view's rows the panel shows (default: all). */
  readonly select?: (rows: readonly Record<string, unknown>[]) => Record<string, unknown>[];
}

const latestPerHost = (rows: readonly Record<string, unknown>[]): Record<string, unknown>[] => {
  const latest = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const seen = latest.get(String(row.host));
    if (!seen || Date.parse(isoOf(String(row.minute))) > Date.parse(isoOf(String(seen.minute)))) latest.set(String(row.host), row);
  }
  return [...latest.values()];
};

/** PostgreSQL's timestamptz text ("2026-11-21 10:05:00+00") as ISO 8601, for Date.parse. */
export const isoOf = (text: string): string => (text.length <= 10 ? text : text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

export const SHOWN_VIEWS: readonly ShownView[] = [
  { name: 'mv_platform_gmv_today', ddl: '(orders BIGINT, gmv NUMERIC, buyers BIGINT)', keyColumns: [], shown: { orders: 'count', gmv: 'money', buyers: 'count' } },
  { name: 'mv_channel_gmv_today', ddl: '(channel VARCHAR PRIMARY KEY, orders BIGINT, gmv NUMERIC)', keyColumns: ['channel'], shown: { channel: 'text', orders: 'count', gmv: 'money' } },
  { name: 'mv_merchant_gmv_today', ddl: '(merchant_id VARCHAR PRIMARY KEY, orders BIGINT, gmv NUMERIC)', keyColumns: ['merchant_id'], shown: { merchant_id: 'text', orders: 'count', gmv: 'money' } },
  {
    name: 'mv_platform_gmv_5min',
    ddl: '(window_start TIMESTAMPTZ PRIMARY KEY, window_end TIMESTAMPTZ, orders BIGINT, gmv NUMERIC)',
    keyColumns: ['window_start'],
    shown: { window_start: 'minute', orders: 'count', gmv: 'money' },
  },
  { name: 'mv_platform_gmv_hourly', ddl: '(hour_start TIMESTAMPTZ PRIMARY KEY, orders BIGINT, gmv NUMERIC)', keyColumns: ['hour_start'], shown: { hour_start: 'hour', orders: 'count', gmv: 'money' } },
  { name: 'mv_platform_gmv_daily', ddl: '(day DATE PRIMARY KEY, orders BIGINT, gmv NUMERIC)', keyColumns: ['day'], shown: { day: 'day', orders: 'count', gmv: 'money' } },
  {
    name: 'seller_leaderboard',
    ddl: '(seller_id VARCHAR PRIMARY KEY, total_orders BIGINT, total_gmv NUMERIC, acceptance_rate NUMERIC, cancellation_rate NUMERIC, sla_compliance_rate NUMERIC, avg_rating NUMERIC, net_payout NUMERIC, underperforming BOOLEAN)',
    keyColumns: ['seller_id'],
    shown: {
      seller_id: 'text',
      total_orders: 'count',
      total_gmv: 'money',
      acceptance_rate: 'rate',
      cancellation_rate: 'rate',
      sla_compliance_rate: 'rate',
      avg_rating: 'decimal',
      net_payout: 'money',
      underperforming: 'flag',
    },
  },
  {
    name: 'seller_payouts',
    ddl: '(seller_id VARCHAR PRIMARY KEY, gross_payout NUMERIC, refunds NUMERIC, net_payout NUMERIC)',
    keyColumns: ['seller_id'],
    shown: { seller_id: 'text', gross_payout: 'money', refunds: 'money', net_payout: 'money' },
  },
  { name: 'promo_total_gmv', ddl: '(orders BIGINT, gmv NUMERIC)', keyColumns: [], shown: { orders: 'count', gmv: 'money' } },
  {
    name: 'promo_top5_products',
    ddl: '(product_id VARCHAR PRIMARY KEY, product_name VARCHAR, units BIGINT, sales NUMERIC, rank BIGINT)',
    keyColumns: ['product_id'],
    shown: { rank: 'count', product_name: 'text', units: 'count', sales: 'money' },
  },
  {
    name: 'promo_conversion',
    ddl: '(searches BIGINT, views BIGINT, orders_after_search BIGINT, orders_after_view BIGINT, search_conversion NUMERIC, view_conversion NUMERIC)',
    keyColumns: [],
    shown: { searches: 'count', views: 'count', orders_after_search: 'count', orders_after_view: 'count', search_conversion: 'rate', view_conversion: 'rate' },
  },
  { name: 'promo_pv_uv_per_minute', ddl: '(minute TIMESTAMPTZ PRIMARY KEY, pv BIGINT, uv BIGINT)', keyColumns: ['minute'], shown: { minute: 'minute', pv: 'count', uv: 'count' } },
  {
    name: 'promo_host_metrics_per_minute',
    ddl: '(host VARCHAR, minute TIMESTAMPTZ, avg_cpu NUMERIC, p75_cpu NUMERIC, avg_mem NUMERIC, p75_mem NUMERIC, avg_io NUMERIC, p75_io NUMERIC, PRIMARY KEY (host, minute))',
    keyColumns: ['host', 'minute'],
    shown: { host: 'text', minute: 'minute', p75_cpu: 'percent', avg_cpu: 'percent' },
    select: latestPerHost,
  },
  {
    name: 'alert_feed',
    ddl: '(alert_time TIMESTAMPTZ, kind VARCHAR, subject VARCHAR, value NUMERIC, threshold NUMERIC, message VARCHAR)',
    keyColumns: ['alert_time', 'kind', 'subject'],
    shown: { alert_time: 'second', kind: 'text', subject: 'text', value: 'decimal', threshold: 'decimal', message: 'text' },
  },
];

/** Views only a seller's page shows (their own rows): the operator's page leaves them out. */
export const SELLER_VIEWS: readonly ShownView[] = [
  {
    name: 'seller_sla_metrics',
    ddl: '(seller_id VARCHAR PRIMARY KEY, shipped_orders BIGINT, on_time_shipments BIGINT, late_shipments BIGINT, sla_compliance_rate NUMERIC)',
    keyColumns: ['seller_id'],
    shown: { seller_id: 'text', shipped_orders: 'count', on_time_shipments: 'count', late_shipments: 'count', sla_compliance_rate: 'rate' },
  },
  {
    name: 'seller_category_breakdown',
    ddl: '(seller_id VARCHAR, category VARCHAR, orders BIGINT, gmv NUMERIC, PRIMARY KEY (seller_id, category))',
    keyColumns: ['seller_id', 'category'],
    shown: { category: 'text', orders: 'count', gmv: 'money' },
  },
];

/** A view's rows as the HTTP API encodes them, read with a batch query. */
export async function viewRows(engine: Engine, view: string): Promise<Record<string, unknown>[]> {
  const [result] = await engine.execute(`SELECT * FROM ${view}`);
  if (result?.kind !== 'rows') throw new Error(`SELECT * FROM ${view} returned no rows`);
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, columnIdx) => [column.name, jsonValue(column.type, row[columnIdx]!)])));
}

/** A small deterministic generator (mulberry32), so that a failing run can be repeated. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates every table and fills it: figures with three decimals (rounding shows), a few exactly on a half. */
export async function createShownViews(engine: Engine, seed: number): Promise<void> {
  const next = random(seed);
  const int = (below: number): number => Math.floor(next() * below);
  const money = (below: number): string => `${int(below)}.${String(int(1000)).padStart(3, '0')}`;
  const rate = (): string => `0.${String(int(1_000_000)).padStart(6, '0')}`;
  const at = (minutes: number): string => new Date(Date.UTC(2026, 10, 21, 8, 0) + minutes * 60_000).toISOString();
  const text = (value: string): string => `'${value.replace(/'/g, "''")}'`;
  const sql: string[] = [...SHOWN_VIEWS, ...SELLER_VIEWS].map((view) => `CREATE TABLE ${view.name} ${view.ddl};`);
  const insert = (view: string, rows: string[][]): void => {
    if (rows.length > 0) sql.push(`INSERT INTO ${view} VALUES ${rows.map((row) => `(${row.join(', ')})`).join(', ')};`);
  };
  insert('mv_platform_gmv_today', [[`${int(90_000)}`, '1234567.565', `${int(40_000)}`]]);
  insert('mv_channel_gmv_today', ['web', 'mobile', 'pos', 'marketplace'].map((channel) => [text(channel), `${int(9000)}`, money(500_000)]));
  insert('mv_merchant_gmv_today', range(40).map((idx) => [text(`M${String(idx + 1).padStart(3, '0')}`), `${int(900)}`, money(90_000)]));
  insert('mv_platform_gmv_5min', range(36).map((idx) => [text(at(idx * 5)), text(at(idx * 5 + 5)), `${int(400)}`, idx === 20 ? '99999.995' : money(20_000)]));
  insert('mv_platform_gmv_hourly', range(30).map((idx) => [text(at(idx * 60 - 24 * 60)), `${int(5000)}`, money(200_000)]));
  insert('mv_platform_gmv_daily', range(7).map((idx) => [text(at((idx - 6) * 24 * 60).slice(0, 10)), `${int(90_000)}`, money(3_000_000)]));
  insert('seller_leaderboard', range(50).map((idx) => [
    text(`S${String(idx + 1).padStart(2, '0')}`), `${int(800)}`, money(60_000), rate(), rate(), idx === 3 ? '0.99950' : rate(), `${1 + int(4)}.${int(100)}`, money(50_000), next() < 0.2 ? 'TRUE' : 'FALSE',
  ]));
  insert('seller_payouts', range(50).map((idx) => {
    const gross = money(50_000);
    const refunds = `-${money(900)}`;
    return [text(`S${String(idx + 1).padStart(2, '0')}`), gross, refunds, `${gross} + ${refunds}`];
  }));
  insert('promo_total_gmv', [[`${int(20_000)}`, money(2_000_000)]]);
  insert('promo_top5_products', range(5).map((idx) => [text(`P${1000 + int(9000)}-${idx}`), text(`Product ${idx + 1}`), `${int(3000)}`, money(90_000), `${idx + 1}`]));
  insert('promo_conversion', [[`${int(90_000)}`, `${int(200_000)}`, `${int(9000)}`, `${int(12_000)}`, rate(), rate()]]);
  insert('promo_pv_uv_per_minute', range(60).map((idx) => [text(at(idx)), `${int(50_000)}`, `${int(9000)}`]));
  insert('promo_host_metrics_per_minute', range(8).flatMap((host) => range(3).map((minute) => [
    text(`h0${host + 1}`), text(at(minute)), money(100), money(100), money(100), money(100), money(500), money(500),
  ])));
  insert('alert_feed', range(12).map((idx) => [text(at(idx * 7)), text(idx % 2 === 0 ? 'sla_breach' : 'cpu_high'), text(idx % 2 === 0 ? `S${String(idx + 1).padStart(2, '0')}` : `h0${(idx % 8) + 1}`), rate(), '0.950', text(`alert number ${idx}`)]));
  insert('seller_sla_metrics', range(50).map((idx) => {
    const shipped = 1 + int(300);
    const late = int(Math.ceil(shipped / 8));
    return [text(`S${String(idx + 1).padStart(2, '0')}`), `${shipped}`, `${shipped - late}`, `${late}`, `${shipped - late}::NUMERIC / ${shipped}`];
  }));
  insert('seller_category_breakdown', range(50).flatMap((idx) => ['electronics', 'home', 'fashion', 'toys'].slice(0, 1 + (idx % 4)).map((category) => [
    text(`S${String(idx + 1).padStart(2, '0')}`), text(category), `${int(200)}`, money(20_000),
  ])));
  await engine.execute(sql.join('\n'));
}

export const range = (count: number): number[] => Array.from({ length: count }, (_, idx) => idx);
