// The view definitions the differential test maintains in Tally and evaluates in PostgreSQL after every batch.
import { FIXED_TODAY } from './workload-generator.js';

/**
 * One view under test. Results must not depend on the order PostgreSQL reads rows in: no ORDER BY except to
 * choose a LIMIT's rows (with unique keys), and no MIN, MAX, percentile_disc, mode, GROUP BY or DISTINCT over
 * subtotal or discount, whose equal values may differ in scale (0 and 0.00) and then come out either way.
 */
export interface DiffView {
  readonly name: string;
  /** The SELECT that Tally maintains (RisingWave dialect where it differs from PostgreSQL). */
  readonly tally: string;
  /** The equivalent PostgreSQL SELECT, when it differs from `tally`. */
  readonly postgres?: string;
  /** Views this one reads, by name; they are created first. */
  readonly dependsOn?: readonly string[];
}

/** The PostgreSQL text of a view. */
export const postgresText = (view: DiffView): string => view.postgres ?? view.tally;

/**
 * PostgreSQL's equivalent of RisingWave's `TUMBLE(table, column, INTERVAL size)`: the table's columns plus
 * window_start and window_end, windows aligned on the Unix epoch as RisingWave aligns them.
 */
export function tumbleInPostgres(table: string, column: string, size: string): string {
  const start = `date_bin(interval '${size}', ${column}, timestamptz '1970-01-01 00:00:00+00')`;
  return `(SELECT *, ${start} AS window_start, ${start} + interval '${size}' AS window_end FROM ${table}) AS ${table}`;
}

const filterAndProject: DiffView[] = [
  {
    name: 'v_filter_project',
    tally: `SELECT order_id, merchant_id, upper(channel) AS channel_upper, total,
      subtotal - coalesce(discount, 0) AS net, total * 1.1 AS total_with_tax, created_at
    FROM orders
    WHERE status = 'completed' AND total > 50`,
  },
  {
    name: 'v_filter_nulls',
    tally: `SELECT order_id, customer_id, discount, order_accepted
    FROM orders
    WHERE discount IS NULL OR customer_id IS NULL OR order_accepted IS NOT TRUE`,
  },
  {
    name: 'v_filter_in_list',
    tally: `SELECT order_id, status, payment_method, total
    FROM orders
    WHERE status IN ('pending', 'refunded') AND payment_method NOT IN ('cod') AND total BETWEEN 10 AND 300`,
  },
  {
    name: 'v_distinct',
    tally: `SELECT DISTINCT merchant_id, channel FROM orders`,
  },
];

const aggregates: DiffView[] = [
  {
    name: 'v_agg_basic',
    tally: `SELECT merchant_id,
      count(*) AS order_count,
      count(customer_id) AS with_customer,
      sum(total) AS total_sum,
      avg(total) AS total_avg,
      min(total) AS total_min,
      max(total) AS total_max,
      min(created_at) AS first_created,
      max(created_at) AS last_created,
      count(DISTINCT customer_id) AS customers,
      sum(discount) AS discount_sum,
      avg(discount) AS discount_avg
    FROM orders
    GROUP BY merchant_id`,
  },
  {
    name: 'v_agg_bool_string',
    tally: `SELECT seller_id,
      bool_and(order_accepted) AS all_accepted,
      bool_or(order_accepted) AS any_accepted,
      string_agg(order_id, ',' ORDER BY order_id) AS order_ids,
      string_agg(DISTINCT channel, '|' ORDER BY channel) AS channels,
      min(status) AS min_status,
      max(customer_id) AS max_customer
    FROM orders
    GROUP BY seller_id`,
  },
  {
    name: 'v_agg_filter',
    tally: `SELECT merchant_id, channel,
      count(*) FILTER (WHERE status = 'completed') AS completed,
      sum(total) FILTER (WHERE status = 'refunded') AS refunded_total,
      avg(subtotal) FILTER (WHERE payment_method = 'card') AS card_avg_subtotal,
      count(DISTINCT customer_id) FILTER (WHERE status <> 'cancelled') AS active_customers,
      max(created_at) FILTER (WHERE order_accepted) AS last_accepted
    FROM orders
    GROUP BY merchant_id, channel`,
  },
  {
    name: 'v_agg_int',
    tally: `SELECT stage,
      count(*) AS events,
      sum(sla_hours) AS sla_sum,
      avg(sla_hours) AS sla_avg,
      min(sla_hours) AS sla_min,
      max(event_ts) AS last_event
    FROM fulfillment
    GROUP BY stage`,
  },
  {
    name: 'v_having',
    tally: `SELECT customer_id, count(*) AS orders, sum(total) AS spent
    FROM orders
    GROUP BY customer_id
    HAVING count(*) >= 2 AND sum(total) > 100`,
  },
  {
    name: 'v_global_agg',
    tally: `SELECT count(*) AS order_count, sum(total) AS total_sum, avg(total) AS total_avg,
      max(created_at) AS last_created, count(DISTINCT merchant_id) AS merchants
    FROM orders`,
  },
  {
    name: 'v_grouping_sets',
    tally: `SELECT merchant_id, channel, GROUPING(merchant_id, channel) AS grouping_level,
      count(*) AS order_count, sum(total) AS total_sum
    FROM orders
    GROUP BY GROUPING SETS ((merchant_id, channel), (merchant_id), ())`,
  },
  {
    name: 'v_rollup',
    tally: `SELECT merchant_id, status, count(*) AS order_count, sum(subtotal) AS subtotal_sum
    FROM orders
    GROUP BY ROLLUP (merchant_id, status)`,
  },
  {
    name: 'v_cube',
    tally: `SELECT channel, payment_method, count(*) AS order_count, max(total) AS max_total
    FROM orders
    GROUP BY CUBE (channel, payment_method)`,
  },
  {
    name: 'v_percentiles',
    tally: `SELECT merchant_id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median_total,
      percentile_disc(0.9) WITHIN GROUP (ORDER BY total) AS p90_total,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY subtotal DESC) AS p25_desc_subtotal,
      mode() WITHIN GROUP (ORDER BY channel) AS top_channel
    FROM orders
    GROUP BY merchant_id`,
  },
  {
    name: 'v_rating_percentiles',
    tally: `SELECT seller_id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY rating) AS median_rating,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY rated_ts) AS median_rated_ts,
      mode() WITHIN GROUP (ORDER BY rating) AS mode_rating
    FROM ratings
    GROUP BY seller_id`,
  },
];

const joins: DiffView[] = [
  {
    name: 'v_join_inner',
    tally: `SELECT o.order_id, o.merchant_id, f.stage, f.event_ts, o.total
    FROM orders o
    JOIN fulfillment f ON o.order_id = f.order_id`,
  },
  {
    name: 'v_join_left',
    tally: `SELECT o.order_id, o.status, r.rating_id, r.rating
    FROM orders o
    LEFT JOIN ratings r ON r.order_id = o.order_id`,
  },
  {
    name: 'v_join_right',
    tally: `SELECT f.order_id AS fulfillment_order_id, f.event_ts, o.order_id, o.status
    FROM fulfillment f
    RIGHT JOIN orders o ON f.order_id = o.order_id AND f.stage = 'shipped'`,
  },
  {
    name: 'v_join_full',
    tally: `SELECT coalesce(o.order_id, r.order_id) AS order_id, o.total, r.rating_id, r.rating
    FROM orders o
    FULL JOIN ratings r ON o.order_id = r.order_id`,
  },
  {
    name: 'v_join_residual',
    tally: `SELECT o.order_id, f.stage, f.event_ts - o.created_at AS since_created
    FROM orders o
    JOIN fulfillment f ON o.order_id = f.order_id AND f.event_ts > o.created_at + interval '1 day'`,
  },
  {
    name: 'v_self_join',
    tally: `SELECT a.order_id AS first_order, b.order_id AS second_order, a.customer_id, b.total - a.total AS total_change
    FROM orders a
    JOIN orders b ON a.customer_id = b.customer_id AND a.order_id < b.order_id`,
  },
  {
    name: 'v_join_three',
    tally: `SELECT o.order_id, o.seller_id, f.event_ts AS delivered_at, r.rating
    FROM orders o
    JOIN fulfillment f ON f.order_id = o.order_id AND f.stage = 'delivered'
    LEFT JOIN ratings r ON r.order_id = o.order_id`,
  },
  {
    name: 'v_join_agg',
    tally: `SELECT o.seller_id, count(*) AS rated_orders, avg(r.rating) AS avg_rating, sum(o.total) AS rated_total
    FROM orders o
    JOIN ratings r ON r.order_id = o.order_id
    GROUP BY o.seller_id`,
  },
];

const setOperations: DiffView[] = [
  {
    name: 'v_union_all',
    tally: `SELECT seller_id, 'order' AS source, created_at AS at FROM orders
    UNION ALL
    SELECT seller_id, 'rating' AS source, rated_ts AS at FROM ratings`,
  },
  {
    name: 'v_union',
    tally: `SELECT seller_id FROM orders
    UNION
    SELECT seller_id FROM fulfillment`,
  },
  {
    name: 'v_except',
    tally: `SELECT order_id FROM orders
    EXCEPT
    SELECT order_id FROM fulfillment`,
  },
  {
    name: 'v_intersect',
    tally: `SELECT order_id, seller_id FROM orders
    INTERSECT
    SELECT order_id, seller_id FROM ratings`,
  },
  {
    name: 'v_except_all',
    tally: `SELECT seller_id FROM fulfillment
    EXCEPT ALL
    SELECT seller_id FROM orders`,
  },
];

const subqueries: DiffView[] = [
  {
    name: 'v_subquery_from',
    tally: `SELECT merchant_id, count(*) AS customers, avg(customer_total) AS avg_customer_total, max(customer_total) AS max_customer_total
    FROM (
      SELECT merchant_id, customer_id, sum(total) AS customer_total
      FROM orders
      GROUP BY merchant_id, customer_id
    ) AS per_customer
    GROUP BY merchant_id`,
  },
  {
    name: 'v_in_subquery',
    tally: `SELECT order_id, status, total
    FROM orders
    WHERE order_id IN (SELECT order_id FROM fulfillment WHERE stage = 'delivered')`,
  },
  {
    name: 'v_not_in_subquery',
    tally: `SELECT order_id, seller_id
    FROM orders
    WHERE seller_id NOT IN (SELECT seller_id FROM ratings WHERE rating <= 2)`,
  },
  {
    name: 'v_exists',
    tally: `SELECT o.order_id, o.seller_id
    FROM orders o
    WHERE EXISTS (SELECT 1 FROM ratings r WHERE r.order_id = o.order_id AND r.rating >= 4)`,
  },
  {
    name: 'v_not_exists',
    tally: `SELECT o.order_id, o.status
    FROM orders o
    WHERE NOT EXISTS (SELECT 1 FROM fulfillment f WHERE f.order_id = o.order_id)`,
  },
  {
    name: 'v_scalar_subquery',
    tally: `SELECT order_id, total
    FROM orders
    WHERE total > (SELECT avg(total) FROM orders)`,
  },
];

const topN: DiffView[] = [
  {
    name: 'v_top1_per_seller',
    tally: `SELECT order_id, seller_id, total
    FROM (
      SELECT order_id, seller_id, total,
        ROW_NUMBER() OVER (PARTITION BY seller_id ORDER BY total DESC, order_id) AS rn
      FROM orders
    ) AS ranked
    WHERE rn = 1`,
  },
  {
    name: 'v_top3_per_merchant',
    tally: `SELECT merchant_id, order_id, created_at, rn
    FROM (
      SELECT merchant_id, order_id, created_at,
        ROW_NUMBER() OVER (PARTITION BY merchant_id ORDER BY created_at DESC, order_id) AS rn
      FROM orders
    ) AS ranked
    WHERE rn <= 3`,
  },
  {
    // Fulfillment has exact duplicate rows: ordering by every column makes the chosen row's values unique.
    name: 'v_latest_stage',
    tally: `SELECT order_id, stage, event_ts
    FROM (
      SELECT order_id, stage, event_ts,
        ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC, stage, seller_id, sla_hours) AS rn
      FROM fulfillment
    ) AS ranked
    WHERE rn = 1`,
  },
  {
    name: 'v_order_limit',
    tally: `SELECT order_id, total FROM orders ORDER BY total DESC, order_id LIMIT 5`,
  },
  {
    name: 'v_order_limit_nulls',
    tally: `SELECT order_id, discount FROM orders ORDER BY discount DESC NULLS LAST, order_id LIMIT 3 OFFSET 1`,
  },
];

const expressions: DiffView[] = [
  {
    name: 'v_expr_case',
    tally: `SELECT order_id,
      CASE WHEN total >= 100 THEN 'large' WHEN total >= 20 THEN 'medium' ELSE 'small' END AS size_band,
      CASE status WHEN 'completed' THEN 1 WHEN 'refunded' THEN -1 ELSE 0 END AS status_sign,
      COALESCE(channel, payment_method, 'unknown') AS first_known,
      NULLIF(discount, 0) AS real_discount,
      NULLIF(channel, 'web') AS non_web_channel
    FROM orders`,
  },
  {
    name: 'v_expr_numeric',
    tally: `SELECT order_id,
      total * commission_rate AS commission,
      round(total * commission_rate, 2) AS commission_rounded,
      total / NULLIF(subtotal, 0) AS paid_share,
      subtotal - total AS saved,
      -total AS negated,
      abs(total - 100) AS distance_from_100,
      total::int AS total_int,
      (subtotal * 2 + 1) / 3 AS mixed
    FROM orders`,
  },
  {
    name: 'v_expr_time',
    tally: `SELECT order_id,
      date_trunc('hour', created_at) AS created_hour,
      date_trunc('day', created_at) AS created_day,
      extract(hour FROM created_at) AS hour_of_day,
      extract(dow FROM created_at) AS day_of_week,
      extract(epoch FROM order_ts - created_at) AS lag_seconds,
      order_ts - created_at AS lag,
      created_at + interval '1 day 2 hours' AS shifted,
      created_at::date AS created_date
    FROM orders`,
  },
  {
    name: 'v_group_by_expr',
    tally: `SELECT date_trunc('day', created_at) AS day,
      extract(hour FROM created_at) >= 12 AS afternoon,
      coalesce(category, 'none') AS category,
      count(*) AS order_count,
      sum(total * coalesce(commission_rate, 0)) AS commission
    FROM orders
    GROUP BY date_trunc('day', created_at), extract(hour FROM created_at) >= 12, coalesce(category, 'none')`,
  },
];

const viewsOnViews: DiffView[] = [
  {
    name: 'vv_busy_merchants',
    tally: `SELECT merchant_id, order_count, total_sum, total_sum / order_count AS mean_total
    FROM v_agg_basic
    WHERE order_count >= 2`,
    dependsOn: ['v_agg_basic'],
  },
  {
    name: 'vv_seller_overview',
    tally: `SELECT b.seller_id, b.all_accepted, j.rated_orders, j.avg_rating
    FROM v_agg_bool_string b
    LEFT JOIN v_join_agg j ON j.seller_id = b.seller_id`,
    dependsOn: ['v_agg_bool_string', 'v_join_agg'],
  },
];

/** The seed pipelines' views (seed-sql/000 and 001), over the differential tables. */
const seedViews: DiffView[] = [
  {
    name: 'mv_gmv_hourly',
    tally: `SELECT
      merchant_id,
      channel,
      WINDOW_START AS hour_start,
      WINDOW_END AS hour_end,
      COUNT(*) AS order_count,
      SUM(total) AS gmv,
      SUM(subtotal) AS gross_subtotal,
      SUM(discount) AS total_discount,
      ROUND(AVG(total), 2) AS aov,
      COUNT(DISTINCT customer_id) AS unique_buyers,
      COUNT(CASE WHEN status = 'refunded' THEN 1 END) AS refund_count,
      ROUND(
        COUNT(CASE WHEN status = 'refunded' THEN 1 END)::NUMERIC /
        NULLIF(COUNT(*), 0) * 100,
        2
      ) AS refund_rate_pct
    FROM TUMBLE(orders, created_at, INTERVAL '1 HOUR')
    WHERE status NOT IN ('cancelled')
    GROUP BY merchant_id, channel, WINDOW_START, WINDOW_END`,
  },
  {
    name: 'mv_gmv_daily',
    tally: `SELECT
      merchant_id,
      channel,
      DATE_TRUNC('day', hour_start) AS day,
      SUM(order_count) AS daily_orders,
      SUM(gmv) AS daily_gmv,
      SUM(total_discount) AS daily_discount,
      ROUND(AVG(aov), 2) AS avg_aov,
      SUM(unique_buyers) AS daily_buyers,
      ROUND(
        SUM(refund_count)::NUMERIC /
        NULLIF(SUM(order_count), 0) * 100,
        2
      ) AS daily_refund_rate_pct
    FROM mv_gmv_hourly
    GROUP BY merchant_id, channel, DATE_TRUNC('day', hour_start)`,
    dependsOn: ['mv_gmv_hourly'],
  },
  {
    name: 'mv_gmv_5min',
    tally: `SELECT
      merchant_id,
      channel,
      WINDOW_START AS window_start,
      COUNT(*) AS orders_in_window,
      SUM(total) AS gmv_in_window,
      ROUND(AVG(total), 2) AS aov_in_window
    FROM TUMBLE(orders, created_at, INTERVAL '5 MINUTES')
    WHERE status NOT IN ('cancelled')
    GROUP BY merchant_id, channel, WINDOW_START`,
  },
  {
    // seed 001 reads marketplace_orders.order_value; here it is orders.total, and CURRENT_DATE a fixed date.
    name: 'seller_performance',
    tally: `SELECT
      seller_id,
      COUNT(order_id) AS total_orders,
      COUNT(order_id) FILTER (WHERE status = 'completed') AS completed_orders,
      COUNT(order_id) FILTER (WHERE status = 'cancelled') AS cancelled_orders,
      COUNT(order_id) FILTER (WHERE order_accepted = TRUE) AS accepted_orders,
      SUM(total) FILTER (WHERE status = 'completed') AS total_gmv,
      AVG(total) FILTER (WHERE status = 'completed') AS avg_order_value,
      COUNT(order_id) FILTER (WHERE order_accepted = TRUE)::NUMERIC
        / NULLIF(COUNT(order_id), 0) AS acceptance_rate,
      COUNT(order_id) FILTER (WHERE status = 'cancelled')::NUMERIC
        / NULLIF(COUNT(order_id), 0) AS cancellation_rate,
      SUM(total * (1 - commission_rate))
        FILTER (WHERE status = 'completed') AS gross_payout,
      SUM(total) FILTER (
        WHERE status = 'completed' AND order_ts >= DATE '${FIXED_TODAY}'
      ) AS gmv_today,
      COUNT(order_id) FILTER (WHERE order_ts >= DATE '${FIXED_TODAY}') AS orders_today,
      MAX(order_ts) AS last_order_ts
    FROM orders
    GROUP BY seller_id`,
  },
  {
    name: 'seller_sla_metrics',
    tally: `SELECT
      sf_ship.seller_id,
      COUNT(DISTINCT sf_ship.order_id) AS shipped_orders,
      COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              <= sf_ship.sla_hours
      ) AS on_time_shipments,
      COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              > sf_ship.sla_hours
      ) AS late_shipments,
      COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              <= sf_ship.sla_hours
      )::NUMERIC
        / NULLIF(COUNT(DISTINCT sf_ship.order_id), 0) AS sla_compliance_rate
    FROM fulfillment sf_ship
    JOIN fulfillment sf_accept
      ON  sf_ship.order_id = sf_accept.order_id
      AND sf_ship.stage = 'shipped'
      AND sf_accept.stage = 'accepted'
    GROUP BY sf_ship.seller_id`,
  },
  {
    name: 'seller_rating_metrics',
    tally: `SELECT
      seller_id,
      COUNT(rating_id) AS total_ratings,
      AVG(rating) AS avg_rating,
      COUNT(rating_id) FILTER (WHERE rating >= 4) AS positive_ratings,
      COUNT(rating_id) FILTER (WHERE rating <= 2) AS negative_ratings
    FROM ratings
    GROUP BY seller_id`,
  },
];

/** The RisingWave-dialect views whose PostgreSQL text differs: TUMBLE becomes date_bin. */
function withPostgresWindows(view: DiffView): DiffView {
  const tumble = /TUMBLE\((\w+), (\w+), INTERVAL '([^']+)'\)/i.exec(view.tally);
  if (!tumble) return view;
  const [call, table, column, size] = tumble as unknown as [string, string, string, string];
  return { ...view, postgres: view.tally.replace(call, tumbleInPostgres(table, column, size)) };
}

/** Re-indents a view's text so that reports and replay scripts show it flush left, continuation lines by two. */
function tidy(view: DiffView): DiffView {
  const reindent = (text: string): string => {
    const [first, ...rest] = text.split('\n');
    const indents = rest.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
    const margin = indents.length === 0 ? 0 : Math.min(...indents);
    return [first, ...rest.map((line) => `  ${line.slice(margin)}`)].join('\n');
  };
  return { ...view, tally: reindent(view.tally), ...(view.postgres === undefined ? {} : { postgres: reindent(view.postgres) }) };
}

/** Every differential view, each after the views it depends on. */
export const DIFF_VIEWS: readonly DiffView[] = [
  ...filterAndProject,
  ...aggregates,
  ...joins,
  ...setOperations,
  ...subqueries,
  ...topN,
  ...expressions,
  ...viewsOnViews,
  ...seedViews.map(withPostgresWindows),
].map(tidy);

/**
 * The views named in a comma-separated filter, plus everything they depend on, in creation order.
 * An empty filter selects every view. Unknown names throw, so that a typo does not pass as "no failures".
 */
export function selectViews(filter: string | undefined): DiffView[] {
  const names = (filter ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) return [...DIFF_VIEWS];
  const byName = new Map(DIFF_VIEWS.map((view) => [view.name, view]));
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    const view = byName.get(name);
    if (!view) throw new Error(`differential view "${name}" does not exist; known views: ${[...byName.keys()].join(', ')}`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dependency of view.dependsOn ?? []) visit(dependency);
  };
  for (const name of names) visit(name);
  return DIFF_VIEWS.filter((view) => wanted.has(view.name));
}
