// PostgreSQL's answer for seed 000's three GMV views (PGlite, in process), and Tally's views in the same text form.
import { PGlite } from '@electric-sql/pglite';
import type { Engine } from '../src/engine.js';
import { formatValue } from '../src/types/text-format.js';

/** The hourly view as a PostgreSQL query (TUMBLE is date_bin); the daily view aggregates it. */
const PG_HOURLY = `SELECT merchant_id, channel, date_bin('1 hour', created_at, '1970-01-01 00:00:00+00') AS hour_start,
      date_bin('1 hour', created_at, '1970-01-01 00:00:00+00') + interval '1 hour' AS hour_end, COUNT(*) AS order_count,
      SUM(total) AS gmv, SUM(subtotal) AS gross_subtotal, SUM(discount) AS total_discount, ROUND(AVG(total), 2) AS aov,
      COUNT(DISTINCT customer_id) AS unique_buyers, COUNT(CASE WHEN status = 'refunded' THEN 1 END) AS refund_count,
      ROUND(COUNT(CASE WHEN status = 'refunded' THEN 1 END)::NUMERIC / NULLIF(COUNT(*), 0) * 100, 2) AS refund_rate_pct
    FROM orders WHERE status NOT IN ('cancelled') GROUP BY 1, 2, 3, 4`;

/** The same three views as PostgreSQL queries. */
const PG_QUERIES: Record<string, string> = {
  mv_gmv_hourly: PG_HOURLY,
  mv_gmv_daily: `SELECT merchant_id, channel, date_trunc('day', hour_start) AS day, SUM(order_count) AS daily_orders,
      SUM(gmv) AS daily_gmv, SUM(total_discount) AS daily_discount, ROUND(AVG(aov), 2) AS avg_aov, SUM(unique_buyers) AS daily_buyers,
      ROUND(SUM(refund_count)::NUMERIC / NULLIF(SUM(order_count), 0) * 100, 2) AS daily_refund_rate_pct
    FROM (${PG_HOURLY}) hourly GROUP BY 1, 2, 3`,
  mv_gmv_5min: `SELECT merchant_id, channel, date_bin('5 minutes', created_at, '1970-01-01 00:00:00+00') AS window_start,
      COUNT(*) AS orders_in_window, SUM(total) AS gmv_in_window, ROUND(AVG(total), 2) AS aov_in_window
    FROM orders WHERE status NOT IN ('cancelled') GROUP BY 1, 2, 3`,
};

/** The views' names, in the seed's order. */
export const SEED000_VIEWS = Object.keys(PG_QUERIES);

export interface PostgresAnswer {
  readonly loadSeconds: number;
  readonly querySeconds: number;
  /** Each view's rows as PostgreSQL's record text, sorted. */
  readonly results: Map<string, string[]>;
}

/** Loads `lines` (order events as JSON) into PGlite and computes the three views once. */
export async function postgresAnswer(lines: readonly string[]): Promise<PostgresAnswer> {
  const pg = new PGlite();
  await pg.exec(`SET TIME ZONE 'UTC'; CREATE TABLE orders (order_id VARCHAR, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR,
    payment_method VARCHAR, subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ)`);
  const loadStart = process.hrtime.bigint();
  for (let offset = 0; offset < lines.length; offset += 5_000) {
    const json = `[${lines.slice(offset, offset + 5_000).join(',')}]`;
    await pg.query(`INSERT INTO orders SELECT * FROM json_populate_recordset(NULL::orders, $1::json)`, [json]);
  }
  const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
  const results = new Map<string, string[]>();
  const queryStart = process.hrtime.bigint();
  for (const [name, sql] of Object.entries(PG_QUERIES)) {
    const res = await pg.query<Record<string, unknown>>(`SELECT t::text AS r FROM (${sql}) t`);
    results.set(name, res.rows.map((r) => String(r.r)).sort());
  }
  const querySeconds = Number(process.hrtime.bigint() - queryStart) / 1e9;
  await pg.close();
  return { loadSeconds, querySeconds, results };
}

/** A Tally view's rows in PostgreSQL's record text form, sorted: comparable with `PostgresAnswer.results`. */
export async function tallyRows(engine: Engine, view: string): Promise<string[]> {
  const [result] = await engine.execute(`SELECT * FROM ${view}`);
  if (!result || result.kind !== 'rows') return [];
  return result.rows
    .map((row) => `(${row.map((v, i) => pgRecordField(formatValue(result.columns[i]!.type, v))).join(',')})`)
    .sort();
}

/** A value as PostgreSQL prints it inside a record's text form. */
function pgRecordField(text: string | null): string {
  if (text === null) return '';
  return /[\s,()"\\]/.test(text) || text === '' ? `"${text.replace(/(["\\])/g, '$1$1')}"` : text;
}
