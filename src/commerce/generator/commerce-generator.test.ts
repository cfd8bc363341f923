// Tests of the commerce generator: determinism for a seed, the contract's fields, and the shares it promises.
import { describe, expect, it } from 'vitest';
import { COMMERCE_STREAMS, EVENT_TIME_FIELDS, type CommerceStream, type GeneratedRecord } from './commerce-streams.js';
import { CommerceGenerator, type CommerceGeneratorOptions } from './commerce-generator.js';
import { ManualClock } from './generator-clock.js';
import { DEFAULT_SHARES } from './generator-shares.js';
import { CANCELLATION_DELAY_MS, REFUND_DELAY_MS } from './order-scenario.js';
import { sellerProfile } from './seller-profiles.js';

const START_MS = Date.UTC(2026, 10, 21, 15, 1, 0);
const TICK_MS = 100;

interface Tick {
  readonly nowMs: number;
  readonly records: GeneratedRecord[];
}

/** Runs a generator on a manual clock for `seconds`, one batch per 100 ms tick. */
function run(options: Omit<CommerceGeneratorOptions, 'clock'>, seconds: number, startMs = START_MS): Tick[] {
  const clock = new ManualClock(startMs);
  const generator = new CommerceGenerator({ ...options, clock });
  const ticks: Tick[] = [];
  for (let tick = 0; tick <= (seconds * 1000) / TICK_MS; tick++) {
    ticks.push({ nowMs: clock.now(), records: generator.nextBatch() });
    clock.advance(TICK_MS);
  }
  return ticks;
}

const recordsOf = (ticks: readonly Tick[], stream?: CommerceStream): GeneratedRecord[] =>
  ticks.flatMap((tick) => tick.records).filter((record) => stream === undefined || record.stream === stream);

/** |measured - expected| within four standard deviations of a binomial count over `trials`. */
function expectShare(count: number, trials: number, probability: number): void {
  expect(trials).toBeGreaterThan(200);
  const deviation = Math.sqrt(trials * probability * (1 - probability));
  expect(Math.abs(count - trials * probability)).toBeLessThanOrEqual(4 * deviation + 1);
}

const FIELDS: Readonly<Record<CommerceStream, readonly string[]>> = {
  'ecommerce.orders': ['order_id', 'merchant_id', 'customer_id', 'channel', 'payment_method', 'subtotal', 'discount', 'total', 'status', 'created_at'],
  'ecommerce.orders.eu': ['order_id', 'merchant_id', 'customer_id', 'channel', 'payment_method', 'subtotal', 'discount', 'total', 'status', 'created_at'],
  marketplace_orders: ['order_id', 'seller_id', 'customer_id', 'order_value', 'commission_rate', 'order_accepted', 'cancellation_reason', 'order_ts', 'status'],
  marketplace_order_items: ['order_id', 'seller_id', 'product_id', 'category', 'quantity', 'item_value', 'order_ts'],
  seller_fulfillment: ['order_id', 'seller_id', 'stage', 'sla_hours', 'event_ts'],
  seller_ratings: ['rating_id', 'order_id', 'seller_id', 'rating', 'rated_ts'],
  marketplace_refunds: ['refund_id', 'order_id', 'seller_id', 'refund_amount', 'refunded_ts'],
  'promo.search_logs': ['search_id', 'user_id', 'session_id', 'query', 'product_id', 'search_ts'],
  'promo.product_views': ['view_id', 'user_id', 'session_id', 'product_id', 'view_ts'],
  'promo.orders': ['order_id', 'user_id', 'session_id', 'product_id', 'product_name', 'quantity', 'amount', 'order_ts'],
  'promo.site_traffic': ['request_id', 'ip', 'user_id', 'url', 'status_code', 'request_ts'],
  'promo.machine_metrics': ['host', 'cpu_pct', 'mem_pct', 'io_mbps', 'metric_ts'],
  'promo.app_logs': ['log_id', 'host', 'service', 'level', 'message', 'log_ts'],
  trade_order_detail_info: ['order_id', 'order_channel', 'order_time', 'pay_amount', 'real_pay', 'pay_time', 'user_id', 'user_name', 'area_id'],
  'rees46.events': ['event_time', 'event_type', 'product_id', 'category_id', 'category_code', 'brand', 'price', 'user_id', 'user_session'],
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SQL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const cents = (value: unknown): number => Math.round((value as number) * 100);
const hasTwoDecimalsAtMost = (value: unknown): boolean => typeof value === 'number' && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
const timeOf = (record: GeneratedRecord): number => {
  const text = record.value[EVENT_TIME_FIELDS[record.stream]] as string;
  return Date.parse(ISO.test(text) ? text : `${text.replace(' UTC', '').replace(' ', 'T')}Z`);
};

describe('CommerceGenerator', () => {
  it('gives the same streams for the same seed and clock, and others for another seed', () => {
    const options = { seed: 7, rate: 400, outOfOrderRate: 0.1, duplicateRate: 0.05 };
    const first = run(options, 30);
    const second = run(options, 30);
    expect(recordsOf(first).length).toBeGreaterThan(10_000);
    expect(second).toEqual(first);
    const other = run({ ...options, seed: 8 }, 30);
    expect(JSON.stringify(recordsOf(other).slice(0, 200))).not.toBe(JSON.stringify(recordsOf(first).slice(0, 200)));
  });

  it("writes every stream with the contract's fields and value shapes", () => {
    const records = recordsOf(run({ seed: 1, rate: 500 }, 240));
    const streams = new Set(records.map((record) => record.stream));
    expect([...streams].sort()).toEqual([...COMMERCE_STREAMS].sort());
    for (const record of records) expect(Object.keys(record.value)).toEqual(FIELDS[record.stream]);
    for (const record of recordsOf(run({ seed: 1, rate: 500 }, 20))) {
      const value = record.value;
      if (record.stream === 'ecommerce.orders' || record.stream === 'ecommerce.orders.eu') {
        expect(value.merchant_id).toMatch(/^M0(0[1-9]|[1-3]\d|40)$/);
        expect(['web', 'mobile', 'pos', 'marketplace']).toContain(value.channel);
        expect(['card', 'alipay', 'paypal', 'cod']).toContain(value.payment_method);
        expect([value.subtotal, value.discount, value.total].every(hasTwoDecimalsAtMost)).toBe(true);
        expect(cents(value.total)).toBe(cents(value.subtotal) - cents(value.discount));
        expect(value.created_at).toMatch(ISO);
        expect(record.key).toBe(JSON.stringify(value.order_id));
      } else if (record.stream === 'marketplace_orders') {
        expect(value.seller_id).toMatch(/^S(0[1-9]|[1-4]\d|50)$/);
        expect(value.commission_rate).toBeGreaterThanOrEqual(0.05);
        expect(value.commission_rate).toBeLessThanOrEqual(0.2);
        expect(['completed', 'cancelled', 'pending']).toContain(value.status);
        expect(value.cancellation_reason === null).toBe(value.status !== 'cancelled');
      } else if (record.stream === 'trade_order_detail_info') {
        expect(value.order_time).toMatch(SQL_TIME);
        expect(value.pay_time).toMatch(SQL_TIME);
        expect(value.pay_amount).toMatch(/^\d+\.\d{2}$/);
        expect(String(value.order_id)).toMatch(/^\d{18}$/);
      } else if (record.stream === 'rees46.events') {
        expect(value.event_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
        expect(['view', 'cart', 'removefromcart', 'purchase']).toContain(value.event_type);
        expect(value.category_id).toMatch(/^\d{19}$/);
      }
    }
  });

  it('keeps to the rate, ten times it during a flash sale, and sends machine metrics every second', () => {
    const flashSale = { everyMs: 60_000, lengthMs: 10_000, factor: 10 };
    // From 15:01:00: sales at 15:02:00-15:02:10 and 15:03:00-15:03:10.
    const ticks = run({ seed: 3, rate: 200, flashSale }, 180);
    const onSale = (ms: number): boolean => ms % 60_000 < 10_000;
    const perSecond = (sale: boolean): number => {
      const chosen = ticks.slice(1).filter((tick) => onSale(tick.nowMs - 1) === sale && onSale(tick.nowMs) === sale);
      const count = chosen.reduce((sum, tick) => sum + tick.records.filter((record) => record.stream !== 'promo.machine_metrics').length, 0);
      return count / ((chosen.length * TICK_MS) / 1000);
    };
    expect(perSecond(false)).toBeGreaterThan(190);
    expect(perSecond(false)).toBeLessThan(210);
    expect(perSecond(true) / perSecond(false)).toBeGreaterThan(9);
    expect(perSecond(true) / perSecond(false)).toBeLessThan(11);
    const metrics = recordsOf(ticks, 'promo.machine_metrics');
    expect(metrics.length).toBe(8 * 181);
    expect(new Set(metrics.map((record) => `${record.value.host}@${record.value.metric_ts}`)).size).toBe(metrics.length);
    expect(metrics.some((record) => (record.value.cpu_pct as number) >= 88)).toBe(true);
  });

  it('skews merchants and sellers (Zipf-like)', () => {
    const records = recordsOf(run({ seed: 4, rate: 1000 }, 60));
    const countBy = (stream: CommerceStream, field: string): Map<unknown, number> => {
      const counts = new Map<unknown, number>();
      for (const record of records.filter((candidate) => candidate.stream === stream)) counts.set(record.value[field], (counts.get(record.value[field]) ?? 0) + 1);
      return counts;
    };
    const merchants = countBy('ecommerce.orders', 'merchant_id');
    expect(merchants.get('M001')!).toBeGreaterThan(10 * merchants.get('M040')!);
    const sellers = countBy('marketplace_orders', 'seller_id');
    expect(sellers.get('S01')!).toBeGreaterThan(10 * (sellers.get('S50') ?? 0));
  });

  it('cancels and refunds orders by later status updates of the same order', () => {
    const seconds = 600;
    const records = recordsOf(run({ seed: 5, rate: 300, streams: ['ecommerce.orders', 'ecommerce.orders.eu'] }, seconds));
    const paid = records.filter((record) => record.value.status === 'paid');
    const updates = new Map(records.filter((record) => record.value.status !== 'paid').map((record) => [record.value.order_id, record]));
    // Only orders old enough for every update to have come.
    const settled = paid.filter((record) => timeOf(record) <= START_MS + seconds * 1000 - REFUND_DELAY_MS[1] - CANCELLATION_DELAY_MS[1]);
    const statusOf = (record: GeneratedRecord): unknown => updates.get(record.value.order_id)?.value.status;
    const cancelled = settled.filter((record) => statusOf(record) === 'cancelled').length;
    const refunded = settled.filter((record) => statusOf(record) === 'refunded').length;
    expectShare(cancelled, settled.length, DEFAULT_SHARES.orderCancellation);
    expectShare(refunded, settled.length, (1 - DEFAULT_SHARES.orderCancellation) * DEFAULT_SHARES.orderRefund);
    expectShare(paid.filter((record) => record.stream === 'ecommerce.orders.eu').length, paid.length, DEFAULT_SHARES.euOrders);
    for (const order of settled) {
      const update = updates.get(order.value.order_id);
      if (update) {
        expect(update.stream).toBe(order.stream);
        expect({ ...update.value, status: 'paid' }).toEqual(order.value);
      }
    }
  });

  it('misses the sellers’ SLAs at their share, in stage order, with ratings 1 to 5', () => {
    const shares = { slaMiss: 0.05 };
    const seconds = 300;
    const records = recordsOf(run({ seed: 6, rate: 400, streams: ['marketplace_orders', 'seller_fulfillment', 'seller_ratings'], shares }, seconds));
    // Late shipments come later on the compressed timeline: count only orders whose shipment has surely come (at
    // most an hour to acceptance and 72 + 24 hours to the shipment, emitted as many seconds after the order).
    const placedMs = new Map(recordsOf([{ nowMs: 0, records }], 'marketplace_orders').map((record) => [record.value.order_id, timeOf(record)]));
    const settledBeforeMs = START_MS + (seconds - 100) * 1000;
    const stages = new Map<unknown, Map<unknown, GeneratedRecord>>();
    for (const record of recordsOf([{ nowMs: 0, records }], 'seller_fulfillment')) {
      const byStage = stages.get(record.value.order_id) ?? new Map<unknown, GeneratedRecord>();
      byStage.set(record.value.stage, record);
      stages.set(record.value.order_id, byStage);
    }
    let shipped = 0;
    let late = 0;
    let expectedLate = 0;
    const order = ['accepted', 'packed', 'shipped', 'delivered'];
    for (const byStage of stages.values()) {
      const present = order.filter((stage) => byStage.has(stage));
      expect(present).toEqual(order.slice(0, present.length));
      const times = present.map((stage) => timeOf(byStage.get(stage)!));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const ship = byStage.get('shipped');
      if (!ship || placedMs.get(ship.value.order_id)! > settledBeforeMs) continue;
      const slaHours = ship.value.sla_hours as number;
      shipped++;
      if ((timeOf(ship) - timeOf(byStage.get('accepted')!)) / 3_600_000 > slaHours) late++;
      const rank = Number(String(ship.value.seller_id).slice(1)) - 1;
      const profile = sellerProfile(rank, { ...DEFAULT_SHARES, ...shares });
      expect(profile.slaHours).toBe(slaHours);
      expectedLate += profile.slaMiss;
    }
    expect(shipped).toBeGreaterThan(1500);
    const deviation = Math.sqrt(expectedLate);
    expect(Math.abs(late - expectedLate)).toBeLessThanOrEqual(4 * deviation);
    expect(late / shipped).toBeGreaterThan(shares.slaMiss);
    const ratings = recordsOf([{ nowMs: 0, records }], 'seller_ratings').map((record) => record.value.rating as number);
    expect(ratings.length).toBeGreaterThan(500);
    expect(ratings.every((rating) => Number.isInteger(rating) && rating >= 1 && rating <= 5)).toBe(true);
  });

  it('stamps no event ahead of the clock, the compressed fulfilment timeline included', () => {
    const ticks = run({ seed: 9, rate: 300 }, 240);
    let checked = 0;
    for (const tick of ticks) {
      for (const record of tick.records) {
        if (record.stream === 'trade_order_detail_info') continue; // local wall-clock text without a zone
        expect(timeOf(record), `${record.stream} ${JSON.stringify(record.value)}`).toBeLessThanOrEqual(tick.nowMs);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });

  it('logs ERRORs at their share', () => {
    const logs = recordsOf(run({ seed: 9, rate: 500, streams: ['promo.app_logs'], shares: { errorLogs: 0.08 } }, 30), 'promo.app_logs');
    expectShare(logs.filter((record) => record.value.level === 'ERROR').length, logs.length, 0.08);
  });

  it('duplicates records at the chosen rate and moves event times back within the bound', () => {
    const boundMs = 3_000;
    const ticks = run({ seed: 11, rate: 500, outOfOrderRate: 0.1, outOfOrderBoundMs: boundMs, duplicateRate: 0.04 }, 60);
    const seen = new Set<string>();
    let originals = 0;
    let duplicates = 0;
    let shifted = 0;
    let stamped = 0;
    // Streams whose event time is the time they are emitted at, unless shifted.
    const stampedNow: ReadonlySet<CommerceStream> = new Set(['promo.search_logs', 'promo.product_views', 'promo.orders', 'promo.site_traffic', 'promo.app_logs']);
    for (const tick of ticks) {
      for (const record of tick.records) {
        // REES46 rows have no id of their own: two purchases of one product in one session are alike.
        if (record.stream === 'rees46.events') continue;
        const identity = JSON.stringify(record);
        if (seen.has(identity)) {
          duplicates++;
          continue;
        }
        seen.add(identity);
        originals++;
        if (!stampedNow.has(record.stream)) continue;
        stamped++;
        const lagMs = tick.nowMs - timeOf(record);
        expect(lagMs).toBeGreaterThanOrEqual(0);
        expect(lagMs).toBeLessThanOrEqual(boundMs);
        if (lagMs > 0) shifted++;
      }
    }
    expectShare(duplicates, originals, 0.04);
    expectShare(shifted, stamped, 0.1);
  });

  it('ends some REES46 sessions in a purchase and abandons other carts', () => {
    const events = recordsOf(run({ seed: 12, rate: 300, streams: ['rees46.events'] }, 120), 'rees46.events');
    const sessions = new Map<unknown, Set<unknown>>();
    for (const event of events) sessions.set(event.value.user_session, (sessions.get(event.value.user_session) ?? new Set()).add(event.value.event_type));
    const withCart = [...sessions.values()].filter((types) => types.has('cart'));
    const purchased = withCart.filter((types) => types.has('purchase')).length;
    expect(purchased).toBeGreaterThan(50);
    expect(withCart.length - purchased).toBeGreaterThan(50);
  });

  it('writes only the chosen streams, and ids unique to the run', () => {
    const records = recordsOf(run({ seed: 2, rate: 300, streams: ['marketplace_orders', 'promo.search_logs'] }, 10));
    expect(new Set(records.map((record) => record.stream))).toEqual(new Set(['marketplace_orders', 'promo.search_logs']));
    const later = recordsOf(run({ seed: 2, rate: 300, streams: ['marketplace_orders'] }, 10, START_MS + 60_000), 'marketplace_orders');
    const earlierIds = new Set(records.map((record) => record.value.order_id));
    expect(later.some((record) => earlierIds.has(record.value.order_id))).toBe(false);
  });
});
