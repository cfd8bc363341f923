// The streams of the commerce application (the contract of issue 6): names, event-time fields, CSV columns.

/** Every stream the generator writes; a Kafka topic of the same name, except the REES46 events (files of CSV). */
export const COMMERCE_STREAMS = [
  'ecommerce.orders',
  'ecommerce.orders.eu',
  'marketplace_orders',
  'marketplace_order_items',
  'seller_fulfillment',
  'seller_ratings',
  'marketplace_refunds',
  'promo.search_logs',
  'promo.product_views',
  'promo.orders',
  'promo.site_traffic',
  'promo.machine_metrics',
  'promo.app_logs',
  'trade_order_detail_info',
  'rees46.events',
] as const;

export type CommerceStream = (typeof COMMERCE_STREAMS)[number];

/** A record's value: the JSON object of the contract (money as numbers with at most 2 decimals, ids as strings). */
export type StreamValue = Readonly<Record<string, string | number | boolean | null>>;

/** One generated record: the stream it belongs to, the message key where the stream has one, the value. */
export interface GeneratedRecord {
  readonly stream: CommerceStream;
  readonly key?: string;
  readonly value: StreamValue;
}

/** The REES46 columns, in the order of the dataset's CSV header. */
export const REES46_COLUMNS = ['event_time', 'event_type', 'product_id', 'category_id', 'category_code', 'brand', 'price', 'user_id', 'user_session'] as const;

/** How the file target writes a stream as CSV files: columns, the subdirectory, file names' prefix. */
export interface CsvLayout {
  readonly columns: readonly string[];
  readonly directory: string;
  readonly prefix: string;
}

/**
 * Streams written as CSV files by the file target (the others are JSON lines): REES46 into rees46/incoming/, the
 * directory seed 004's file source watches (relative to the demo's file directory).
 */
export const CSV_LAYOUTS: Partial<Record<CommerceStream, CsvLayout>> = {
  'rees46.events': { columns: REES46_COLUMNS, directory: 'rees46/incoming', prefix: 'rees46' },
};

/** The field holding each stream's event time (the one shifted back for out-of-order events). */
export const EVENT_TIME_FIELDS: Readonly<Record<CommerceStream, string>> = {
  'ecommerce.orders': 'created_at',
  'ecommerce.orders.eu': 'created_at',
  marketplace_orders: 'order_ts',
  marketplace_order_items: 'order_ts',
  seller_fulfillment: 'event_ts',
  seller_ratings: 'rated_ts',
  marketplace_refunds: 'refunded_ts',
  'promo.search_logs': 'search_ts',
  'promo.product_views': 'view_ts',
  'promo.orders': 'order_ts',
  'promo.site_traffic': 'request_ts',
  'promo.machine_metrics': 'metric_ts',
  'promo.app_logs': 'log_ts',
  trade_order_detail_info: 'pay_time',
  'rees46.events': 'event_time',
};

/**
 * The relation each stream is ingested into by the Tally HTTP target: the source names of examples/commerce
 * (a Kafka topic `ecommerce.orders` feeds the source `orders`). Promotion streams are prefixed because
 * `promo.orders` would otherwise collide with seed 000's `orders`.
 */
export const DEFAULT_SOURCE_NAMES: Readonly<Record<CommerceStream, string>> = {
  'ecommerce.orders': 'orders',
  'ecommerce.orders.eu': 'orders_eu',
  marketplace_orders: 'marketplace_orders',
  marketplace_order_items: 'marketplace_order_items',
  seller_fulfillment: 'seller_fulfillment',
  seller_ratings: 'seller_ratings',
  marketplace_refunds: 'marketplace_refunds',
  'promo.search_logs': 'promo_search_logs',
  'promo.product_views': 'promo_product_views',
  'promo.orders': 'promo_orders',
  'promo.site_traffic': 'promo_site_traffic',
  'promo.machine_metrics': 'promo_machine_metrics',
  'promo.app_logs': 'promo_app_logs',
  trade_order_detail_info: 'trade_order_detail',
  'rees46.events': 'rees46_events',
};

const STREAM_SET: ReadonlySet<string> = new Set(COMMERCE_STREAMS);

export const isCommerceStream = (name: string): name is CommerceStream => STREAM_SET.has(name);
