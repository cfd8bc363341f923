-- Marketplace orders
CREATE SOURCE marketplace_orders (
    order_id          VARCHAR,
    seller_id         VARCHAR,
    customer_id       VARCHAR,
    order_value       NUMERIC,
    commission_rate   NUMERIC,   -- platform commission as decimal (e.g., 0.15 = 15%)
    order_accepted    BOOLEAN,
    cancellation_reason VARCHAR,
    order_ts          TIMESTAMPTZ,
    status            VARCHAR
)
WITH (
    connector = 'kafka',
    topic = 'marketplace_orders',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

-- Fulfillment events (reuse fulfillment_events source or create new)
CREATE SOURCE seller_fulfillment (
    order_id    VARCHAR,
    seller_id   VARCHAR,
    stage       VARCHAR,   -- 'accepted', 'packed', 'shipped', 'delivered', 'failed'
    sla_hours   INT,       -- contracted SLA in hours
    event_ts    TIMESTAMPTZ
)
WITH (
    connector = 'kafka',
    topic = 'seller_fulfillment',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

-- Customer ratings
CREATE SOURCE seller_ratings (
    rating_id   VARCHAR,
    order_id    VARCHAR,
    seller_id   VARCHAR,
    rating      INT,       -- 1-5
    rated_ts    TIMESTAMPTZ
)
WITH (
    connector = 'kafka',
    topic = 'seller_ratings',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

CREATE MATERIALIZED VIEW seller_performance AS
SELECT
    seller_id,
    -- Volume metrics
    COUNT(order_id)                                           AS total_orders,
    COUNT(order_id) FILTER (WHERE status = 'completed')       AS completed_orders,
    COUNT(order_id) FILTER (WHERE status = 'cancelled')       AS cancelled_orders,
    COUNT(order_id) FILTER (WHERE order_accepted = TRUE)      AS accepted_orders,
    -- GMV
    SUM(order_value) FILTER (WHERE status = 'completed')      AS total_gmv,
    AVG(order_value) FILTER (WHERE status = 'completed')      AS avg_order_value,
    -- Rates
    COUNT(order_id) FILTER (WHERE order_accepted = TRUE)::NUMERIC
        / NULLIF(COUNT(order_id), 0)                          AS acceptance_rate,
    COUNT(order_id) FILTER (WHERE status = 'cancelled')::NUMERIC
        / NULLIF(COUNT(order_id), 0)                          AS cancellation_rate,
    -- Payout calculation: GMV × (1 - commission_rate)
    SUM(order_value * (1 - commission_rate))
        FILTER (WHERE status = 'completed')                   AS gross_payout,
    -- Today
    SUM(order_value) FILTER (
        WHERE status = 'completed' AND order_ts >= CURRENT_DATE
    )                                                         AS gmv_today,
    COUNT(order_id) FILTER (WHERE order_ts >= CURRENT_DATE)   AS orders_today,
    MAX(order_ts)                                             AS last_order_ts
FROM marketplace_orders
GROUP BY seller_id;

-- Seller fulfillment SLA compliance
CREATE MATERIALIZED VIEW seller_sla_metrics AS
SELECT
    sf_ship.seller_id,
    COUNT(DISTINCT sf_ship.order_id) AS shipped_orders,
    COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              <= sf_ship.sla_hours
    )                                AS on_time_shipments,
    COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              > sf_ship.sla_hours
    )                                AS late_shipments,
    COUNT(DISTINCT sf_ship.order_id) FILTER (
        WHERE EXTRACT(EPOCH FROM (sf_ship.event_ts - sf_accept.event_ts)) / 3600
              <= sf_ship.sla_hours
    )::NUMERIC
        / NULLIF(COUNT(DISTINCT sf_ship.order_id), 0)  AS sla_compliance_rate
FROM seller_fulfillment sf_ship
JOIN seller_fulfillment sf_accept
    ON  sf_ship.order_id   = sf_accept.order_id
    AND sf_ship.stage      = 'shipped'
    AND sf_accept.stage    = 'accepted'
GROUP BY sf_ship.seller_id;

-- Average seller rating
CREATE MATERIALIZED VIEW seller_rating_metrics AS
SELECT
    seller_id,
    COUNT(rating_id)   AS total_ratings,
    AVG(rating)        AS avg_rating,
    COUNT(rating_id) FILTER (WHERE rating >= 4) AS positive_ratings,
    COUNT(rating_id) FILTER (WHERE rating <= 2) AS negative_ratings
FROM seller_ratings
GROUP BY seller_id;

CREATE SINK seller_performance_sink
FROM seller_performance
WITH (
    connector   = 'jdbc',
    jdbc.url    = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret',
    table.name  = 'seller_performance_live',
    type        = 'upsert',
    primary_key = 'seller_id'
);

CREATE SINK seller_sla_sink
FROM seller_sla_metrics
WITH (
    connector   = 'jdbc',
    jdbc.url    = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret',
    table.name  = 'seller_sla_live',
    type        = 'upsert',
    primary_key = 'seller_id'
);

-- ====================================================================================================
-- Additions (issue 6): refunds, payouts, SLA-violation alerts, per-category breakdown, leaderboard.
-- ====================================================================================================

-- Refunds paid back to customers; refund_amount is positive in the stream, and the seller bears all of it.
CREATE SOURCE marketplace_refunds (
    refund_id       VARCHAR,
    order_id        VARCHAR,
    seller_id       VARCHAR,
    refund_amount   NUMERIC,
    refunded_ts     TIMESTAMPTZ
)
WITH (
    connector = 'kafka',
    topic = 'marketplace_refunds',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

-- Order lines: item_value is the line's value (its quantity included).
CREATE SOURCE marketplace_order_items (
    order_id        VARCHAR,
    seller_id       VARCHAR,
    product_id      VARCHAR,
    category        VARCHAR,
    quantity        INT,
    item_value      NUMERIC,
    order_ts        TIMESTAMPTZ
)
WITH (
    connector = 'kafka',
    topic = 'marketplace_order_items',
    properties.bootstrap.server = 'kafka:9092',
    scan.startup.mode = 'earliest'
) FORMAT PLAIN ENCODE JSON;

-- Payouts: the seed's gross payout of completed orders, GMV × (1 - commission_rate), plus refunds as
-- negative amounts; net_payout = gross_payout + refunds.
CREATE MATERIALIZED VIEW seller_payouts AS
SELECT
    seller_id,
    SUM(gross)                                  AS gross_payout,
    SUM(refund)                                 AS refunds,
    SUM(gross) + SUM(refund)                    AS net_payout
FROM (
    SELECT seller_id, order_value * (1 - commission_rate) AS gross, 0 AS refund
    FROM marketplace_orders
    WHERE status = 'completed'
    UNION ALL
    SELECT seller_id, 0 AS gross, -refund_amount AS refund
    FROM marketplace_refunds
) payout_lines
GROUP BY seller_id;

-- Sellers shipping fewer than 95% of their orders within the contracted SLA.
CREATE MATERIALIZED VIEW seller_sla_violations AS
SELECT
    seller_id,
    sla_compliance_rate,
    shipped_orders
FROM seller_sla_metrics
WHERE sla_compliance_rate < 0.95;

-- Each violation that appears, changes or clears is POSTed as a firing / updated / resolved notification.
-- An unreachable receiver does not stop the pipeline: the sink retries with backoff and logs the outage.
CREATE SINK seller_sla_alert_sink
FROM seller_sla_violations
WITH (
    connector   = 'webhook',
    url         = 'http://alerts:8080/tally/seller-sla',
    type        = 'upsert',
    primary_key = 'seller_id'
);

CREATE MATERIALIZED VIEW seller_category_breakdown AS
SELECT
    seller_id,
    category,
    COUNT(DISTINCT order_id)                    AS orders,
    SUM(item_value)                             AS gmv
FROM marketplace_order_items
GROUP BY seller_id, category;

-- One row per seller with orders. A seller is underperforming when any of these holds (a missing metric,
-- e.g. no shipments or no ratings yet, does not count against the seller):
--   SLA compliance below 95%, cancellation rate above 10%, average rating below 3.5, acceptance below 90%.
CREATE MATERIALIZED VIEW seller_leaderboard AS
SELECT
    p.seller_id,
    p.total_orders,
    COALESCE(p.total_gmv, 0)                    AS total_gmv,
    p.acceptance_rate,
    p.cancellation_rate,
    s.sla_compliance_rate,
    r.avg_rating,
    COALESCE(pay.net_payout, 0)                 AS net_payout,
    COALESCE(s.sla_compliance_rate < 0.95, FALSE)
        OR COALESCE(p.cancellation_rate > 0.1, FALSE)
        OR COALESCE(r.avg_rating < 3.5, FALSE)
        OR COALESCE(p.acceptance_rate < 0.9, FALSE) AS underperforming
FROM seller_performance p
LEFT JOIN seller_sla_metrics s    ON s.seller_id = p.seller_id
LEFT JOIN seller_rating_metrics r ON r.seller_id = p.seller_id
LEFT JOIN seller_payouts pay      ON pay.seller_id = p.seller_id;
