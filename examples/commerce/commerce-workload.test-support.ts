// A small seeded workload for every stream of the commerce pipelines: Kafka messages per topic and REES46 CSV files.
import { SeededRandom } from '../../test/differential/seeded-random.js';
import type { FeedMessage } from './feed-connectors.test-support.js';

/** What the pipelines are fed: messages by topic (in order) and the REES46 files (in order, header first). */
export interface CommerceWorkload {
  readonly topics: ReadonlyMap<string, readonly FeedMessage[]>;
  readonly rees46Files: readonly (readonly string[])[];
}

export const REES46_HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Money from cents (and rates from hundredths), as a JSON number with two decimals (`12.30`). */
const money = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const iso = (ms: number): string => new Date(ms).toISOString();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A JSON object whose money fields are written as number literals with their scale (`"total": 12.30`). */
function jsonWithMoney(fields: Record<string, unknown>, moneyFields: readonly string[]): string {
  const parts = Object.entries(fields).map(([name, value]) =>
    `${JSON.stringify(name)}:${moneyFields.includes(name) && typeof value === 'number' ? money(value) : JSON.stringify(value)}`,
  );
  return `{${parts.join(',')}}`;
}

/** Popularity skew: low indexes are drawn far more often (merchants, sellers, products). */
const skewed = (random: SeededRandom, count: number): number => Math.min(count - 1, Math.floor(count * random.next() ** 2.5));

/** Builds the workload; `now` anchors seeds 000 and 001 (their views count today's orders). */
export function commerceWorkload(seed: number, now = Date.now()): CommerceWorkload {
  const random = new SeededRandom(seed);
  const topics = new Map<string, FeedMessage[]>();
  const send = (topic: string, value: string | null, key?: string): void => {
    const list = topics.get(topic) ?? [];
    list.push(key === undefined ? { value } : { value, key });
    topics.set(topic, list);
  };
  gmvOrders(random, now, send);
  marketplace(random, now, send);
  promotion(random, now, send);
  return { topics, rees46Files: rees46Files(random) };
}

type Send = (topic: string, value: string | null, key?: string) => void;

/** Seed 000: US orders (status updates as later records, some duplicates) and keyed EU orders (updates replace). */
function gmvOrders(random: SeededRandom, now: number, send: Send): void {
  const channels = ['web', 'mobile', 'pos', 'marketplace'];
  const payments = ['card', 'alipay', 'paypal', 'cod'];
  for (const region of ['us', 'eu'] as const) {
    const count = region === 'us' ? 500 : 250;
    const updates: string[] = [];
    for (let orderIdx = 0; orderIdx < count; orderIdx++) {
      const subtotal = random.int(500, 40_000);
      const discount = random.chance(0.3) ? random.int(0, Math.floor(subtotal / 5)) : 0;
      const order = {
        order_id: `O-${region}-${orderIdx}`,
        merchant_id: `M${pad(1 + skewed(random, 40), 3)}`,
        customer_id: `C${random.int(1, 150)}`,
        channel: random.pick(channels),
        payment_method: random.pick(payments),
        subtotal,
        discount,
        total: subtotal - discount,
        status: 'paid',
        // Two and a half days back: today's views keep only part of them.
        created_at: iso(now - random.int(MINUTE_MS, 60 * HOUR_MS)),
      };
      const key = region === 'eu' ? JSON.stringify(order.order_id) : undefined;
      const topic = region === 'us' ? 'ecommerce.orders' : 'ecommerce.orders.eu';
      const json = jsonWithMoney(order, ['subtotal', 'discount', 'total']);
      send(topic, json, key);
      if (random.chance(0.04)) send(topic, json, key);
      if (random.chance(0.15)) updates.push(jsonWithMoney({ ...order, status: random.pick(['cancelled', 'refunded']) }, ['subtotal', 'discount', 'total']));
    }
    for (const json of updates) send(region === 'us' ? 'ecommerce.orders' : 'ecommerce.orders.eu', json, region === 'eu' ? JSON.stringify((JSON.parse(json) as { order_id: string }).order_id) : undefined);
  }
}

/** Seed 001: marketplace orders, fulfilment stages (some sellers often late), ratings, refunds, order lines. */
function marketplace(random: SeededRandom, now: number, send: Send): void {
  const categories = ['beauty', 'electronics', 'home', 'fashion', 'toys'];
  for (let orderIdx = 0; orderIdx < 600; orderIdx++) {
    const sellerIdx = skewed(random, 50);
    const sellerId = `S${pad(sellerIdx + 1, 2)}`;
    const orderId = `MO-${orderIdx}`;
    const orderTs = now - random.int(MINUTE_MS, 50 * HOUR_MS);
    const accepted = random.chance(sellerIdx % 7 === 3 ? 0.8 : 0.97);
    const status = !accepted || random.chance(sellerIdx % 9 === 4 ? 0.2 : 0.04) ? 'cancelled' : random.chance(0.15) ? 'pending' : 'completed';
    const lines = random.int(1, 3);
    const lineValues = Array.from({ length: lines }, () => random.int(300, 20_000));
    const orderValue = lineValues.reduce((sum, value) => sum + value, 0);
    send('marketplace_orders', jsonWithMoney({
      order_id: orderId,
      seller_id: sellerId,
      customer_id: `C${random.int(1, 300)}`,
      order_value: orderValue,
      commission_rate: random.pick([5, 8, 10, 12, 15, 20]),
      order_accepted: accepted,
      cancellation_reason: status === 'cancelled' ? random.pick(['out of stock', 'customer request', 'payment failed']) : null,
      order_ts: iso(orderTs),
      status,
    }, ['order_value', 'commission_rate']));
    lineValues.forEach((value, lineIdx) => {
      send('marketplace_order_items', jsonWithMoney({
        order_id: orderId, seller_id: sellerId, product_id: `P${random.int(1, 80)}`, category: random.pick(categories),
        quantity: 1 + lineIdx, item_value: value, order_ts: iso(orderTs),
      }, ['item_value']));
    });
    if (!accepted) continue;
    const slaHours = random.pick([24, 48]);
    const acceptedAt = orderTs + random.int(1, 60) * MINUTE_MS;
    const late = random.chance(sellerIdx % 5 === 2 ? 0.3 : 0.02);
    const shippedAt = acceptedAt + (late ? slaHours * HOUR_MS + random.int(1, 20) * HOUR_MS : random.int(1, slaHours * 60 - 1) * MINUTE_MS);
    const stage = (name: string, at: number): void => {
      send('seller_fulfillment', JSON.stringify({ order_id: orderId, seller_id: sellerId, stage: name, sla_hours: slaHours, event_ts: iso(at) }));
    };
    stage('accepted', acceptedAt);
    if (status === 'cancelled') continue;
    stage('packed', acceptedAt + HOUR_MS);
    if (random.chance(0.9)) stage('shipped', shippedAt);
    if (status !== 'completed') continue;
    if (random.chance(0.6)) {
      const rating = sellerIdx % 6 === 1 ? random.int(1, 4) : random.int(3, 5);
      send('seller_ratings', JSON.stringify({ rating_id: `R-${orderIdx}`, order_id: orderId, seller_id: sellerId, rating, rated_ts: iso(shippedAt + HOUR_MS) }));
    }
    if (random.chance(0.1)) {
      send('marketplace_refunds', jsonWithMoney({
        refund_id: `RF-${orderIdx}`, order_id: orderId, seller_id: sellerId, refund_amount: random.int(100, orderValue), refunded_ts: iso(shippedAt + 2 * HOUR_MS),
      }, ['refund_amount']));
    }
  }
}

/** Seed 002: ten minutes of a promotion, with a GMV drop, a hot host, an error burst and an IP flood in it. */
function promotion(random: SeededRandom, now: number, send: Send): void {
  const start = Math.floor(now / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
  const at = (minute: number): number => start + minute * MINUTE_MS + random.int(0, MINUTE_MS - 1);
  const products = Array.from({ length: 12 }, (_, productIdx) => ({ id: `PP${pad(productIdx + 1, 2)}`, name: `Product ${productIdx + 1}`, price: random.int(500, 30_000) }));
  for (let sessionIdx = 0; sessionIdx < 300; sessionIdx++) {
    const user = `U${random.int(1, 120)}`;
    const session = `SE-${sessionIdx}`;
    const minute = random.int(0, 9);
    const product = products[skewed(random, products.length)]!;
    const searchTs = at(minute);
    const clicked = random.chance(0.7) ? product.id : null;
    send('promo.search_logs', JSON.stringify({ search_id: `Q-${sessionIdx}`, user_id: user, session_id: session, query: `term ${product.name}`, product_id: clicked, search_ts: iso(searchTs) }));
    const viewed = random.chance(0.8);
    if (viewed) send('promo.product_views', JSON.stringify({ view_id: `V-${sessionIdx}`, user_id: user, session_id: session, product_id: product.id, view_ts: iso(searchTs + 5_000) }));
    if (random.chance(0.15)) send('promo.product_views', JSON.stringify({ view_id: `V2-${sessionIdx}`, user_id: user, session_id: session, product_id: random.pick(products).id, view_ts: iso(searchTs + 9_000) }));
    // Minute 6 is the drop: few sessions then end in an order.
    if (random.chance(minute === 6 ? 0.05 : 0.5)) {
      const quantity = random.int(1, 3);
      send('promo.orders', jsonWithMoney({
        order_id: `PO-${sessionIdx}`, user_id: user, session_id: session, product_id: product.id, product_name: product.name,
        quantity, amount: product.price * quantity, order_ts: iso(searchTs + (random.chance(0.1) ? -30_000 : 60_000)),
      }, ['amount']));
    }
  }
  for (let requestIdx = 0; requestIdx < 1500; requestIdx++) {
    const signedIn = random.chance(0.6);
    send('promo.site_traffic', JSON.stringify({
      request_id: `RQ-${requestIdx}`, ip: `10.0.${random.int(0, 3)}.${random.int(1, 60)}`, user_id: signedIn ? `U${random.int(1, 120)}` : null,
      url: random.pick(['/', '/search', '/product', '/cart', '/checkout']), status_code: random.chance(0.03) ? 500 : 200, request_ts: iso(at(random.int(0, 9))),
    }));
  }
  for (let requestIdx = 0; requestIdx < 130; requestIdx++) {
    send('promo.site_traffic', JSON.stringify({ request_id: `RF-${requestIdx}`, ip: '203.0.113.9', user_id: null, url: '/product', status_code: 200, request_ts: iso(at(4)) }));
  }
  for (let hostIdx = 1; hostIdx <= 8; hostIdx++) {
    for (let sample = 0; sample < 60; sample++) {
      const minute = Math.floor(sample / 6);
      const hot = hostIdx === 3 && minute >= 5 && minute <= 7;
      send('promo.machine_metrics', JSON.stringify({
        host: `h${pad(hostIdx, 2)}`,
        cpu_pct: Number(`${hot ? random.int(86, 99) : random.int(10, 80)}.${random.int(0, 9)}`),
        mem_pct: Number(`${hostIdx === 5 && minute === 2 ? random.int(91, 99) : random.int(30, 85)}.${random.int(0, 9)}`),
        io_mbps: Number(`${hostIdx === 7 && minute === 8 ? random.int(401, 900) : random.int(5, 300)}.${random.int(0, 9)}`),
        metric_ts: iso(start + sample * 10_000 + random.int(0, 999)),
      }));
    }
  }
  const services = ['checkout', 'search', 'catalog', 'payments'];
  for (let logIdx = 0; logIdx < 700; logIdx++) {
    const minute = random.int(0, 9);
    const burst = minute === 3 && logIdx % 2 === 0;
    send('promo.app_logs', JSON.stringify({
      log_id: `L-${logIdx}`, host: `h${pad(random.int(1, 8), 2)}`, service: burst ? 'checkout' : random.pick(services),
      level: burst ? 'ERROR' : random.weighted([['DEBUG', 3], ['INFO', 6], ['WARN', 2], ['ERROR', 1]] as const),
      message: burst ? 'payment gateway timeout' : `event ${logIdx}`, log_ts: iso(at(minute)),
    }));
  }
}

/** Seed 004: six hours of REES46 events of 40 users in three files, in time order; sessions with gaps between them. */
function rees46Files(random: SeededRandom): string[][] {
  const start = Date.UTC(2019, 11, 1, 8);
  const events: { at: number; line: string }[] = [];
  for (let userIdx = 0; userIdx < 40; userIdx++) {
    const userId = 500_000_000 + userIdx * 7919;
    let at = start + random.int(0, 60) * MINUTE_MS;
    for (let sessionIdx = 0; sessionIdx < random.int(1, 4); sessionIdx++) {
      const session = `${pad(userIdx, 8)}-${sessionIdx}-48d2-918b-ad63965c12dc`;
      const steps = random.int(2, 8);
      const products = Array.from({ length: 3 }, () => ({ id: random.int(3_000_000, 3_000_040), price: random.int(50, 9_000) }));
      let carted = false;
      for (let step = 0; step < steps; step++) {
        const product = random.pick(products);
        const type = step === steps - 1 && carted && random.chance(0.5) ? 'purchase' : random.weighted([['view', 5], ['cart', 2], ['removefromcart', 1]] as const);
        if (type === 'cart') carted = true;
        const time = new Date(at).toISOString();
        const category = random.chance(0.3) ? '' : random.pick(['appliances.environment.vacuum', 'stationery.cartrige', 'accessories.bag']);
        const brand = random.chance(0.2) ? '' : random.pick(['runail', 'grattol', 'irisk', 'masura']);
        const fields = [`${time.slice(0, 10)} ${time.slice(11, 19)} UTC`, type, product.id, `1487580${pad(random.int(0, 999_999_999), 12)}`, category, brand, money(product.price), userId, session];
        events.push({ at, line: fields.join(',') });
        at += random.int(10, 20 * 60) * 1000;
      }
      at += random.int(31, 90) * MINUTE_MS;
    }
  }
  events.sort((a, b) => a.at - b.at);
  const cut = [Math.floor(events.length / 3), Math.floor((2 * events.length) / 3)];
  return [events.slice(0, cut[0]), events.slice(cut[0], cut[1]), events.slice(cut[1])].map((part) => part.map((event) => event.line));
}
