CREATE SOURCE orders (
    order_id        VARCHAR,
    merchant_id     VARCHAR,
    customer_id     VARCHAR,
    channel         VARCHAR,        -- 'web', 'mobile', 'pos', 'marketplace'
    payment_method  VARCHAR,        -- 'card', 'alipay', 'paypal', 'cod'
    subtotal        NUMERIC,
    discount        NUMERIC,
    total           NUMERIC,
    status          VARCHAR,
    created_at      TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'ecommerce.orders',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE MATERIALIZED VIEW mv_gmv_hourly AS
SELECT
    merchant_id,
    channel,
    WINDOW_START                                AS hour_start,
    WINDOW_END                                  AS hour_end,
    COUNT(*)                                    AS order_count,
    SUM(total)                                  AS gmv,
    SUM(subtotal)                               AS gross_subtotal,
    SUM(discount)                               AS total_discount,
    ROUND(AVG(total), 2)                        AS aov,
    COUNT(DISTINCT customer_id)                 AS unique_buyers,
    COUNT(CASE WHEN status = 'refunded'
               THEN 1 END)                     AS refund_count,
    ROUND(
        COUNT(CASE WHEN status = 'refunded'
                   THEN 1 END)::NUMERIC /
        NULLIF(COUNT(*), 0) * 100,
        2
    )                                           AS refund_rate_pct
FROM TUMBLE(orders, created_at, INTERVAL '1 HOUR')
WHERE status NOT IN ('cancelled')
GROUP BY merchant_id, channel, WINDOW_START, WINDOW_END;

CREATE MATERIALIZED VIEW mv_gmv_daily AS
SELECT
    merchant_id,
    channel,
    DATE_TRUNC('day', hour_start)               AS day,
    SUM(order_count)                            AS daily_orders,
    SUM(gmv)                                    AS daily_gmv,
    SUM(total_discount)                         AS daily_discount,
    ROUND(AVG(aov), 2)                          AS avg_aov,
    SUM(unique_buyers)                          AS daily_buyers,
    ROUND(
        SUM(refund_count)::NUMERIC /
        NULLIF(SUM(order_count), 0) * 100,
        2
    )                                           AS daily_refund_rate_pct
FROM mv_gmv_hourly
GROUP BY merchant_id, channel, DATE_TRUNC('day', hour_start);

CREATE MATERIALIZED VIEW mv_gmv_5min AS
SELECT
    merchant_id,
    channel,
    WINDOW_START                                AS window_start,
    COUNT(*)                                    AS orders_in_window,
    SUM(total)                                  AS gmv_in_window,
    ROUND(AVG(total), 2)                        AS aov_in_window
FROM TUMBLE(orders, created_at, INTERVAL '5 MINUTES')
WHERE status NOT IN ('cancelled')
GROUP BY merchant_id, channel, WINDOW_START;

CREATE SINK sink_gmv_hourly
FROM mv_gmv_hourly
WITH (
    connector = 'jdbc',
    jdbc.url = 'jdbc:postgresql://app-db:5432/commerce',
    table.name = 'gmv_hourly',
    type = 'upsert',
    primary_key = 'merchant_id,channel,hour_start'
);

CREATE SINK sink_gmv_daily
FROM mv_gmv_daily
WITH (
    connector = 'jdbc',
    jdbc.url = 'jdbc:postgresql://app-db:5432/commerce',
    table.name = 'gmv_daily',
    type = 'upsert',
    primary_key = 'merchant_id,channel,day'
);

-- ====================================================================================================
-- Additions (issue 6): a second regional source and platform-level views over both regions.
-- ====================================================================================================

-- EU orders arrive keyed by order_id (message key "\"O-eu-17\"" or {"order_id": ...}); a later message of
-- the same key replaces the order (a status update), a tombstone deletes it.
CREATE TABLE orders_eu (
    order_id        VARCHAR PRIMARY KEY,
    merchant_id     VARCHAR,
    customer_id     VARCHAR,
    channel         VARCHAR,
    payment_method  VARCHAR,
    subtotal        NUMERIC,
    discount        NUMERIC,
    total           NUMERIC,
    status          VARCHAR,
    created_at      TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'ecommerce.orders.eu',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT UPSERT ENCODE JSON;

-- Every order of both regions, once, in its latest state. The US stream is append-only: a cancellation or
-- a refund arrives as a later record of the same order_id, so an order's state is its most advanced status
-- (refunded, then cancelled, then paid). The EU table already holds one row per order.
CREATE MATERIALIZED VIEW platform_orders AS
SELECT 'us' AS region, order_id, merchant_id, customer_id, channel, payment_method,
       subtotal, discount, total, status, created_at
FROM (
    SELECT *,
           ROW_NUMBER() OVER (
               PARTITION BY order_id
               ORDER BY CASE status WHEN 'refunded' THEN 2 WHEN 'cancelled' THEN 1 ELSE 0 END DESC
           ) AS state_rank
    FROM orders
) latest
WHERE state_rank = 1
UNION ALL
SELECT 'eu' AS region, order_id, merchant_id, customer_id, channel, payment_method,
       subtotal, discount, total, status, created_at
FROM orders_eu;

-- GMV today (UTC), one row for the whole platform. Cancelled orders are not GMV; refunded ones are, as in
-- the seed's views (GMV is gross). Rows leave these views when created_at falls behind midnight.
CREATE MATERIALIZED VIEW mv_platform_gmv_today AS
SELECT
    COUNT(*)                                    AS orders,
    COALESCE(SUM(total), 0)                     AS gmv,
    COUNT(DISTINCT customer_id)                 AS buyers
FROM platform_orders
WHERE status <> 'cancelled'
  AND created_at >= CURRENT_DATE;

CREATE MATERIALIZED VIEW mv_channel_gmv_today AS
SELECT
    channel,
    COUNT(*)                                    AS orders,
    SUM(total)                                  AS gmv
FROM platform_orders
WHERE status <> 'cancelled'
  AND created_at >= CURRENT_DATE
GROUP BY channel;

CREATE MATERIALIZED VIEW mv_merchant_gmv_today AS
SELECT
    merchant_id,
    COUNT(*)                                    AS orders,
    SUM(total)                                  AS gmv
FROM platform_orders
WHERE status <> 'cancelled'
  AND created_at >= CURRENT_DATE
GROUP BY merchant_id;

-- Flash-sale velocity: platform GMV per 5-minute window.
CREATE MATERIALIZED VIEW mv_platform_gmv_5min AS
SELECT
    WINDOW_START                                AS window_start,
    WINDOW_END                                  AS window_end,
    COUNT(*)                                    AS orders,
    SUM(total)                                  AS gmv
FROM TUMBLE(platform_orders, created_at, INTERVAL '5 MINUTES')
WHERE status <> 'cancelled'
GROUP BY WINDOW_START, WINDOW_END;

CREATE MATERIALIZED VIEW mv_platform_gmv_hourly AS
SELECT
    WINDOW_START                                AS hour_start,
    COUNT(*)                                    AS orders,
    SUM(total)                                  AS gmv
FROM TUMBLE(platform_orders, created_at, INTERVAL '1 HOUR')
WHERE status <> 'cancelled'
GROUP BY WINDOW_START;

CREATE MATERIALIZED VIEW mv_platform_gmv_daily AS
SELECT
    DATE_TRUNC('day', created_at)               AS day,
    COUNT(*)                                    AS orders,
    SUM(total)                                  AS gmv
FROM platform_orders
WHERE status <> 'cancelled'
GROUP BY DATE_TRUNC('day', created_at);
