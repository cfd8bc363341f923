-- Promotion monitoring (seed 002): the article names the streams and metrics of a promotion's real-time
-- dashboard but gives no SQL; this is Tally's. Load after 001_seller_performance.sql: alert_feed at the end
-- gathers the alert views of both files.

-- ====================================================================================================
-- Sources: buyer search logs, product views, orders, site traffic, machine metrics, application logs
-- ====================================================================================================

CREATE SOURCE promo_search_logs (
    search_id       VARCHAR,
    user_id         VARCHAR,
    session_id      VARCHAR,
    query           VARCHAR,
    product_id      VARCHAR,        -- the result clicked, NULL when none was
    search_ts       TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.search_logs',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE SOURCE promo_product_views (
    view_id         VARCHAR,
    user_id         VARCHAR,
    session_id      VARCHAR,
    product_id      VARCHAR,
    view_ts         TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.product_views',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE SOURCE promo_orders (
    order_id        VARCHAR,
    user_id         VARCHAR,
    session_id      VARCHAR,
    product_id      VARCHAR,
    product_name    VARCHAR,
    quantity        INT,
    amount          NUMERIC,
    order_ts        TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.orders',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE SOURCE promo_site_traffic (
    request_id      VARCHAR,
    ip              VARCHAR,
    user_id         VARCHAR,        -- NULL for visitors who are not signed in
    url             VARCHAR,
    status_code     INT,
    request_ts      TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.site_traffic',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE SOURCE promo_machine_metrics (
    host            VARCHAR,
    cpu_pct         NUMERIC,
    mem_pct         NUMERIC,
    io_mbps         NUMERIC,
    metric_ts       TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.machine_metrics',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE SOURCE promo_app_logs (
    log_id          VARCHAR,
    host            VARCHAR,
    service         VARCHAR,
    level           VARCHAR,        -- 'DEBUG', 'INFO', 'WARN', 'ERROR'
    message         VARCHAR,
    log_ts          TIMESTAMPTZ
) WITH (
    connector = 'kafka',
    topic = 'promo.app_logs',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

-- ====================================================================================================
-- Metrics
-- ====================================================================================================

-- Total sales of the promotion across all products.
CREATE MATERIALIZED VIEW promo_total_gmv AS
SELECT
    COUNT(DISTINCT order_id)                    AS orders,
    COALESCE(SUM(amount), 0)                    AS gmv
FROM promo_orders;

-- The five best-selling products by sales; ties go to the smaller product_id.
CREATE MATERIALIZED VIEW promo_top5_products AS
SELECT product_id, product_name, units, sales, rank
FROM (
    SELECT
        product_id,
        product_name,
        units,
        sales,
        ROW_NUMBER() OVER (ORDER BY sales DESC, product_id) AS rank
    FROM (
        SELECT
            product_id,
            MAX(product_name)                   AS product_name,
            SUM(quantity)                       AS units,
            SUM(amount)                         AS sales
        FROM promo_orders
        GROUP BY product_id
    ) product_sales
) ranked
WHERE rank <= 5;

-- Searches and product views joined to the orders they led to: an order follows a search when the search's
-- clicked result is the ordered product, in the same session, no later than the order; likewise for views.
CREATE MATERIALIZED VIEW promo_conversion AS
SELECT
    s.searches,
    v.views,
    os.orders_after_search,
    ov.orders_after_view,
    ROUND(os.orders_after_search::NUMERIC / NULLIF(s.searches, 0), 4) AS search_conversion,
    ROUND(ov.orders_after_view::NUMERIC / NULLIF(v.views, 0), 4)      AS view_conversion
FROM (SELECT COUNT(*) AS searches FROM promo_search_logs) s
CROSS JOIN (SELECT COUNT(*) AS views FROM promo_product_views) v
CROSS JOIN (
    SELECT COUNT(DISTINCT o.order_id) AS orders_after_search
    FROM promo_orders o
    JOIN promo_search_logs sl
      ON sl.session_id = o.session_id AND sl.product_id = o.product_id AND sl.search_ts <= o.order_ts
) os
CROSS JOIN (
    SELECT COUNT(DISTINCT o.order_id) AS orders_after_view
    FROM promo_orders o
    JOIN promo_product_views pv
      ON pv.session_id = o.session_id AND pv.product_id = o.product_id AND pv.view_ts <= o.order_ts
) ov;

-- Page views and unique visitors per minute; a visitor who is not signed in counts by IP.
CREATE MATERIALIZED VIEW promo_pv_uv_per_minute AS
SELECT
    WINDOW_START                                AS minute,
    COUNT(*)                                    AS pv,
    COUNT(DISTINCT COALESCE(user_id, ip))       AS uv
FROM TUMBLE(promo_site_traffic, request_ts, INTERVAL '1 MINUTE')
GROUP BY WINDOW_START;

CREATE MATERIALIZED VIEW promo_requests_per_ip_minute AS
SELECT
    WINDOW_START                                AS minute,
    ip,
    COUNT(*)                                    AS requests
FROM TUMBLE(promo_site_traffic, request_ts, INTERVAL '1 MINUTE')
GROUP BY WINDOW_START, ip;

CREATE MATERIALIZED VIEW promo_host_metrics_per_minute AS
SELECT
    host,
    WINDOW_START                                AS minute,
    ROUND(AVG(cpu_pct), 2)                      AS avg_cpu,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY cpu_pct) AS p75_cpu,
    ROUND(AVG(mem_pct), 2)                      AS avg_mem,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY mem_pct) AS p75_mem,
    ROUND(AVG(io_mbps), 2)                      AS avg_io,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY io_mbps) AS p75_io
FROM TUMBLE(promo_machine_metrics, metric_ts, INTERVAL '1 MINUTE')
GROUP BY host, WINDOW_START;

-- ERROR-level log lines only, forwarded to a topic of their own.
CREATE MATERIALIZED VIEW promo_error_logs AS
SELECT log_id, host, service, message, log_ts
FROM promo_app_logs
WHERE level = 'ERROR';

CREATE SINK promo_error_log_stream
FROM promo_error_logs
WITH (
    connector = 'kafka',
    properties.bootstrap.server = 'kafka:9092',
    topic = 'promo.error_logs'
) FORMAT PLAIN ENCODE JSON;

-- Sales per minute, the input of the GMV-drop alert.
CREATE MATERIALIZED VIEW promo_gmv_per_minute AS
SELECT
    WINDOW_START                                AS minute,
    COUNT(DISTINCT order_id)                    AS orders,
    SUM(amount)                                 AS gmv
FROM TUMBLE(promo_orders, order_ts, INTERVAL '1 MINUTE')
GROUP BY WINDOW_START;

-- ====================================================================================================
-- Alerts: one view per metric, each row an alert in alert_feed's columns
-- (alert_time, kind, subject, value, threshold, message). Thresholds:
--   gmv_drop     a minute's GMV below 50% of the minute before (that one at least 100), once a later
--                minute has orders (so the minute is over in event time); a minute without any order
--                has no row and does not alert
--   cpu, mem, io a host's p75 per minute above 85%, 90%, 400 MB/s
--   error_logs   more than 10 ERROR lines of one service in a minute
--   ip_requests  more than 120 requests from one IP in a minute
-- ====================================================================================================

CREATE MATERIALIZED VIEW promo_alert_gmv_drop AS
SELECT
    cur.minute                                  AS alert_time,
    'gmv_drop'::VARCHAR                         AS kind,
    'platform'::VARCHAR                         AS subject,
    ROUND(cur.gmv / prev.gmv, 4)                AS value,
    0.5::NUMERIC                                AS threshold,
    'GMV ' || cur.gmv || ' is ' || ROUND(cur.gmv / prev.gmv * 100, 1) || '% of the minute before (' || prev.gmv || ')' AS message
FROM promo_gmv_per_minute cur
JOIN promo_gmv_per_minute prev ON prev.minute = cur.minute - INTERVAL '1 MINUTE'
JOIN (SELECT MAX(minute) AS latest FROM promo_gmv_per_minute) last_minute ON cur.minute < last_minute.latest
WHERE prev.gmv >= 100 AND cur.gmv < 0.5 * prev.gmv;

CREATE MATERIALIZED VIEW promo_alert_cpu AS
SELECT
    minute                                      AS alert_time,
    'cpu'::VARCHAR                              AS kind,
    host                                        AS subject,
    ROUND(p75_cpu::NUMERIC, 2)                  AS value,
    85::NUMERIC                                 AS threshold,
    'host ' || host || ' p75 CPU ' || ROUND(p75_cpu::NUMERIC, 1) || '% > 85%' AS message
FROM promo_host_metrics_per_minute
WHERE p75_cpu > 85;

CREATE MATERIALIZED VIEW promo_alert_mem AS
SELECT
    minute                                      AS alert_time,
    'mem'::VARCHAR                              AS kind,
    host                                        AS subject,
    ROUND(p75_mem::NUMERIC, 2)                  AS value,
    90::NUMERIC                                 AS threshold,
    'host ' || host || ' p75 memory ' || ROUND(p75_mem::NUMERIC, 1) || '% > 90%' AS message
FROM promo_host_metrics_per_minute
WHERE p75_mem > 90;

CREATE MATERIALIZED VIEW promo_alert_io AS
SELECT
    minute                                      AS alert_time,
    'io'::VARCHAR                               AS kind,
    host                                        AS subject,
    ROUND(p75_io::NUMERIC, 2)                   AS value,
    400::NUMERIC                                AS threshold,
    'host ' || host || ' p75 I/O ' || ROUND(p75_io::NUMERIC, 1) || ' MB/s > 400 MB/s' AS message
FROM promo_host_metrics_per_minute
WHERE p75_io > 400;

CREATE MATERIALIZED VIEW promo_alert_error_logs AS
SELECT
    WINDOW_START                                AS alert_time,
    'error_logs'::VARCHAR                       AS kind,
    service                                     AS subject,
    COUNT(*)::NUMERIC                           AS value,
    10::NUMERIC                                 AS threshold,
    'service ' || service || ' logged ' || COUNT(*) || ' errors in a minute (> 10)' AS message
FROM TUMBLE(promo_app_logs, log_ts, INTERVAL '1 MINUTE')
WHERE level = 'ERROR'
GROUP BY WINDOW_START, service
HAVING COUNT(*) > 10;

CREATE MATERIALIZED VIEW promo_alert_ip_requests AS
SELECT
    minute                                      AS alert_time,
    'ip_requests'::VARCHAR                      AS kind,
    ip                                          AS subject,
    requests::NUMERIC                           AS value,
    120::NUMERIC                                AS threshold,
    'IP ' || ip || ' sent ' || requests || ' requests in a minute (> 120)' AS message
FROM promo_requests_per_ip_minute
WHERE requests > 120;

-- Every alert of seeds 001 and 002 in one feed. An SLA violation is dated by the seller's latest shipment.
CREATE MATERIALIZED VIEW alert_feed AS
SELECT
    last_shipment.shipped_at                    AS alert_time,
    'seller_sla'::VARCHAR                       AS kind,
    v.seller_id                                 AS subject,
    v.sla_compliance_rate                       AS value,
    0.95::NUMERIC                               AS threshold,
    'seller ' || v.seller_id || ' shipped ' || ROUND(v.sla_compliance_rate * 100, 1) || '% of '
        || v.shipped_orders || ' orders within SLA (< 95%)' AS message
FROM seller_sla_violations v
JOIN (
    SELECT seller_id, MAX(event_ts) AS shipped_at
    FROM seller_fulfillment
    WHERE stage = 'shipped'
    GROUP BY seller_id
) last_shipment ON last_shipment.seller_id = v.seller_id
UNION ALL SELECT * FROM promo_alert_gmv_drop
UNION ALL SELECT * FROM promo_alert_cpu
UNION ALL SELECT * FROM promo_alert_mem
UNION ALL SELECT * FROM promo_alert_io
UNION ALL SELECT * FROM promo_alert_error_logs
UNION ALL SELECT * FROM promo_alert_ip_requests;
