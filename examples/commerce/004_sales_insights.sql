-- Sales insights (seed 004): REES46 e-commerce events (a cosmetics shop's event log, Oct 2019 - Feb 2020),
-- dropped as CSV files into a directory, one new file per interval. Sales per product per window, customer
-- lifetime value and cart abandonment are kept current; the processed events are archived to Parquet for
-- batch jobs and model training; per-product aggregates are pushed to a Kafka topic for other applications.
-- Paths are relative to the directory Tally runs in (the demo: its own directory).

-- Header: event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
-- event_time like '2019-12-01 00:00:00 UTC'; event_type view, cart, removefromcart (or remove_from_cart),
-- purchase; category ids have 19 digits. Files arrive in time order; five minutes of disorder are allowed.
CREATE SOURCE rees46_events (
    event_time      TIMESTAMPTZ,
    event_type      VARCHAR,
    product_id      BIGINT,
    category_id     BIGINT,
    category_code   VARCHAR,
    brand           VARCHAR,
    price           NUMERIC,
    user_id         BIGINT,
    user_session    VARCHAR,
    WATERMARK FOR event_time AS event_time - INTERVAL '5 MINUTES'
) WITH (
    connector = 'file',
    path = 'rees46/incoming/',
    match_pattern = '*.csv',
    -- Files are moved into the directory whole (written elsewhere, then renamed, as tally datagen does), so no
    -- settle time is needed and a purchase is in the views within a second. Files copied in place need one (the
    -- default is 1000 ms unchanged) so that a half-written file is not read.
    settle_ms = '0',
    -- A landed file is deleted once a checkpoint holds its records: the events live on in the Parquet archive,
    -- and the directory (and the source's position) does not grow with every file ever dropped.
    clean_source = 'delete'
) FORMAT PLAIN ENCODE CSV;

-- The events as they are archived: a user and a non-negative price, the category's top level split out.
CREATE MATERIALIZED VIEW processed_events AS
SELECT
    event_time,
    event_type,
    product_id,
    category_id,
    category_code,
    SPLIT_PART(category_code, '.', 1)           AS category_top,
    brand,
    price,
    user_id,
    user_session
FROM rees46_events
WHERE user_id IS NOT NULL AND price >= 0;

-- Parquet files by day (rees46/archive/dt=2019-12-01/part-....parquet), readable by DuckDB or Spark.
CREATE SINK processed_events_archive
FROM processed_events
WITH (
    connector = 'file',
    path = 'rees46/archive/',
    partition_by = 'event_time',
    type = 'append-only'
) FORMAT PLAIN ENCODE PARQUET;

-- Sales per product per 10-minute window, updated with every purchase (not only when the window closes).
CREATE MATERIALIZED VIEW sales_per_product_window AS
SELECT
    WINDOW_START                                AS window_start,
    WINDOW_END                                  AS window_end,
    product_id,
    COUNT(*)                                    AS purchases,
    SUM(price)                                  AS revenue,
    COUNT(DISTINCT user_id)                     AS buyers
FROM TUMBLE(processed_events, event_time, INTERVAL '10 MINUTES')
WHERE event_type = 'purchase'
GROUP BY WINDOW_START, WINDOW_END, product_id;

-- Each change of a window's figures replaces the message of its key in a compacted topic.
CREATE SINK product_aggregates_topic
FROM sales_per_product_window
WITH (
    connector = 'kafka',
    properties.bootstrap.server = 'kafka:9092',
    topic = 'sales.product_aggregates',
    primary_key = 'window_start,product_id'
) FORMAT UPSERT ENCODE JSON;

-- Customer lifetime value: what each customer has spent so far, and how often.
CREATE MATERIALIZED VIEW customer_lifetime_value AS
SELECT
    user_id,
    COUNT(*)                                    AS purchases,
    SUM(price)                                  AS lifetime_value,
    ROUND(AVG(price), 2)                        AS avg_purchase_value,
    MIN(event_time)                             AS first_purchase_at,
    MAX(event_time)                             AS last_purchase_at
FROM processed_events
WHERE event_type = 'purchase'
GROUP BY user_id;

-- A customer's session: events less than 30 minutes apart. A session is final once its end (last event plus
-- 30 minutes) is behind the watermark; only final sessions are listed, so an open cart is not yet abandoned.
-- It reads the source, not processed_events: EMIT ON WINDOW CLOSE needs the column the WATERMARK is declared on.
CREATE MATERIALIZED VIEW cart_sessions AS
SELECT
    user_id,
    window_start                                AS session_start,
    window_end                                  AS session_end,
    COUNT(*)                                    AS events,
    COUNT(*) FILTER (WHERE event_type = 'cart') AS cart_adds,
    COUNT(*) FILTER (WHERE event_type = 'purchase') AS purchases,
    COALESCE(SUM(price) FILTER (WHERE event_type = 'cart'), 0) AS cart_value
FROM SESSION(rees46_events, event_time, INTERVAL '30 MINUTES', user_id)
WHERE user_id IS NOT NULL AND price >= 0
GROUP BY user_id, window_start, window_end
EMIT ON WINDOW CLOSE;

-- Abandoned carts: closed sessions with an item put in the cart and no purchase.
CREATE MATERIALIZED VIEW cart_abandonment AS
SELECT
    COUNT(*) FILTER (WHERE cart_adds > 0)       AS sessions_with_cart,
    COUNT(*) FILTER (WHERE cart_adds > 0 AND purchases = 0) AS abandoned_sessions,
    ROUND(COUNT(*) FILTER (WHERE cart_adds > 0 AND purchases = 0)::NUMERIC
          / NULLIF(COUNT(*) FILTER (WHERE cart_adds > 0), 0), 4) AS abandonment_rate,
    COALESCE(SUM(cart_value) FILTER (WHERE cart_adds > 0 AND purchases = 0), 0) AS abandoned_cart_value
FROM cart_sessions;
