// Seeded event streams for the sources of seeds 000 and 001, as the JSON messages their Kafka topics carry.
import { SeededRandom } from '../differential/seeded-random.js';

/** One Kafka message: the key picks the partition (all events of an order share one), the value is JSON text. */
export interface SeedEvent {
  readonly key: string;
  readonly json: string;
}

/** A JSON value written as given: `{ raw: '12.50' }` keeps a number's digits, which JSON.stringify would not. */
type Field = string | boolean | null | { readonly raw: string };

function jsonObject(fields: Readonly<Record<string, Field>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text = value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : typeof value === 'boolean' ? String(value) : value.raw;
    parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** An amount of cents as a JSON number with two decimals. */
const money = (cents: number): { raw: string } => ({ raw: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` });

/** A TIMESTAMPTZ in PostgreSQL's text form, with milliseconds only when there are some. */
function timestamp(millis: number): string {
  const iso = new Date(millis).toISOString();
  const fraction = iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '.000' ? '' : fraction}+00`;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * Seed 001 keeps "today" with `order_ts >= CURRENT_DATE`: its orders are either long past or years ahead, so
 * that the answer cannot change while the test runs.
 */
const PAST_MS = Date.UTC(2025, 2, 1);
const FUTURE_MS = Date.UTC(2030, 0, 1);

/** A time in [start, start + spanMs), on a whole second, a whole hour now and then (a window's first instant), or with milliseconds. */
function timeIn(rng: SeededRandom, start: number, spanMs: number): number {
  const at = start + Math.floor(rng.next() * spanMs);
  if (rng.chance(0.05)) return at - (at % HOUR_MS);
  return rng.chance(0.1) ? at : at - (at % 1000);
}

/**
 * Events in the order a topic receives them: each business object adds its first event at the next slot and
 * its later events (status updates, fulfilment stages) some slots further on, so they arrive interleaved with
 * other objects' events, after their own first one.
 */
class Timeline {
  private readonly entries: { slot: number; order: number; event: SeedEvent }[] = [];
  private slot = 0;

  constructor(private readonly rng: SeededRandom) {}

  get size(): number {
    return this.entries.length;
  }

  /** Starts the next object; returns a function adding its events, each after the previous one. */
  next(): (event: SeedEvent) => void {
    let slot = (this.slot += 10);
    let first = true;
    return (event) => {
      if (!first) slot += this.rng.int(1, 400);
      first = false;
      this.entries.push({ slot, order: this.entries.length, event });
    };
  }

  /** The first `count` events in topic order. */
  take(count: number): SeedEvent[] {
    return [...this.entries]
      .sort((a, b) => a.slot - b.slot || a.order - b.order)
      .slice(0, count)
      .map((entry) => entry.event);
  }
}

/** `prefix` and a number padded to `width` digits. */
const id = (prefix: string, n: number, width: number): string => `${prefix}${String(n).padStart(width, '0')}`;

/** Seed 000's `orders`: orders in several statuses, about a third followed by updates (refunded, cancelled, completed). */
function orders(rng: SeededRandom, count: number): SeedEvent[] {
  const timeline = new Timeline(rng);
  const channels = ['web', 'mobile', 'pos', 'marketplace'];
  const payments = ['card', 'alipay', 'paypal', 'cod'];
  for (let n = 1; timeline.size < count; n++) {
    const add = timeline.next();
    const orderId = id('o', n, 6);
    const subtotal = rng.int(500, 50_000);
    const discount = rng.chance(0.03) ? null : rng.chance(0.4) ? 0 : rng.int(0, Math.floor(subtotal / 5));
    const order = {
      order_id: orderId,
      merchant_id: id('m', rng.zipf(12) + 1, 3),
      customer_id: rng.chance(0.02) ? null : id('c', rng.int(1, 400), 4),
      channel: rng.pick(channels),
      payment_method: rng.pick(payments),
      subtotal: money(subtotal),
      discount: discount === null ? null : money(discount),
      total: money(subtotal - (discount ?? 0)),
      status: rng.weighted([
        ['pending', 4],
        ['paid', 4],
        ['completed', 2],
      ]),
      created_at: timestamp(timeIn(rng, PAST_MS, 3 * DAY_MS)),
    };
    add({ key: orderId, json: jsonObject(order) });
    if (!rng.chance(0.35)) continue;
    const updates = rng.chance(0.25) ? 2 : 1;
    for (let update = 0; update < updates; update++) {
      const status = rng.weighted([
        ['refunded', 3],
        ['cancelled', 3],
        ['completed', 4],
      ]);
      add({ key: orderId, json: jsonObject({ ...order, status }) });
    }
  }
  return timeline.take(count);
}

/** Seed 001's `marketplace_orders`: placed orders, most later completed, cancelled (with a reason) or refunded. */
function marketplaceOrders(rng: SeededRandom, count: number): SeedEvent[] {
  const timeline = new Timeline(rng);
  const commissionRates = ['0.05', '0.08', '0.10', '0.12', '0.15', '0.20'];
  const reasons = ['out_of_stock', 'customer_request', 'payment_failed'];
  for (let n = 1; timeline.size < count; n++) {
    const add = timeline.next();
    const orderId = id('mo', n, 6);
    const order = {
      order_id: orderId,
      seller_id: id('s', rng.zipf(25) + 1, 2),
      customer_id: id('c', rng.int(1, 600), 4),
      order_value: money(rng.int(1_000, 100_000)),
      commission_rate: { raw: rng.pick(commissionRates) },
      order_accepted: rng.chance(0.03) ? null : rng.chance(0.87),
      cancellation_reason: null as string | null,
      order_ts: timestamp(rng.chance(0.5) ? timeIn(rng, PAST_MS + 90 * DAY_MS, 5 * DAY_MS) : timeIn(rng, FUTURE_MS, 5 * DAY_MS)),
      status: 'placed',
    };
    add({ key: orderId, json: jsonObject(order) });
    if (rng.chance(0.2)) continue;
    const status = rng.weighted([
      ['completed', 6],
      ['cancelled', 2],
      ['refunded', 1],
    ]);
    add({ key: orderId, json: jsonObject({ ...order, status, cancellation_reason: status === 'cancelled' ? rng.pick(reasons) : null }) });
  }
  return timeline.take(count);
}

/**
 * Seed 001's `seller_fulfillment`: accepted, packed, shipped and delivered stages of orders, shipped within its
 * SLA or not (some exactly at it), some never shipped or failed, a few stages sent twice.
 */
function sellerFulfillment(rng: SeededRandom, count: number): SeedEvent[] {
  const timeline = new Timeline(rng);
  for (let n = 1; timeline.size < count; n++) {
    const add = timeline.next();
    const orderId = id('mo', rng.int(1, count), 6);
    const sellerId = id('s', rng.zipf(25) + 1, 2);
    const slaHours = rng.pick([24, 48, 72]);
    const stage = (name: string, at: number): void => {
      const event = { key: orderId, json: jsonObject({ order_id: orderId, seller_id: sellerId, stage: name, sla_hours: { raw: String(slaHours) }, event_ts: timestamp(at) }) };
      add(event);
      if (rng.chance(0.03)) add(event);
    };
    const accepted = timeIn(rng, PAST_MS + 60 * DAY_MS, 10 * DAY_MS);
    stage('accepted', accepted);
    if (rng.chance(0.1)) {
      stage('failed', accepted + rng.int(1, 48) * HOUR_MS);
      continue;
    }
    const shippedAfter = rng.chance(0.05) ? slaHours * HOUR_MS : rng.int(1, Math.round(slaHours * 1.5) * 3600) * 1000;
    stage('packed', accepted + Math.floor(shippedAfter / 2));
    if (rng.chance(0.1)) continue;
    stage('shipped', accepted + shippedAfter);
    stage('delivered', accepted + shippedAfter + rng.int(12, 96) * HOUR_MS);
  }
  return timeline.take(count);
}

/** Seed 001's `seller_ratings`: one rating of 1 to 5 per event, mostly good, a few without a rating. */
function sellerRatings(rng: SeededRandom, count: number): SeedEvent[] {
  const events: SeedEvent[] = [];
  for (let n = 1; n <= count; n++) {
    const orderId = id('mo', rng.int(1, count), 6);
    const rating = rng.chance(0.02)
      ? null
      : rng.weighted([
          [1, 1],
          [2, 1],
          [3, 2],
          [4, 4],
          [5, 5],
        ]);
    const fields = {
      rating_id: id('r', n, 6),
      order_id: orderId,
      seller_id: id('s', rng.zipf(25) + 1, 2),
      rating: rating === null ? null : { raw: String(rating) },
      rated_ts: timestamp(timeIn(rng, PAST_MS + 70 * DAY_MS, 20 * DAY_MS)),
    };
    events.push({ key: orderId, json: jsonObject(fields) });
  }
  return events;
}

const GENERATORS: Readonly<Record<string, (rng: SeededRandom, count: number) => SeedEvent[]>> = {
  orders,
  marketplace_orders: marketplaceOrders,
  seller_fulfillment: sellerFulfillment,
  seller_ratings: sellerRatings,
};

/** The sources this module generates events for, by their names in the seeds. */
export const GENERATED_SOURCES: readonly string[] = Object.keys(GENERATORS);

/** `count` events for each source, the same for the same seed. */
export function generateSeedEvents(seed: number, count: number): Map<string, SeedEvent[]> {
  const events = new Map<string, SeedEvent[]>();
  GENERATED_SOURCES.forEach((source, sourceIdx) => events.set(source, GENERATORS[source]!(new SeededRandom(seed * 31 + sourceIdx), count)));
  return events;
}
