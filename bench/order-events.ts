// Seeded generator of seed 000's order events as JSON lines, shared by the benchmarks.

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = ['web', 'mobile', 'pos', 'marketplace'];
const PAYMENTS = ['card', 'alipay', 'paypal', 'cod'];
const STATUSES = ['completed', 'completed', 'completed', 'pending', 'refunded', 'cancelled'];

/**
 * One order event as JSON text: a merchant of 500 with skewed popularity, one of 50,000 customers, amounts with
 * two decimals. `created` gives its `created_at`; it is called after the amounts are drawn, so that a `created`
 * drawing from `random` keeps seeded sequences as they were.
 */
export function orderEvent(random: () => number, orderId: string, created: () => string): string {
  const merchant = Math.floor(500 * random() ** 2);
  const subtotal = Math.round(500 + random() * 50_000) / 100;
  const discount = Math.round(random() < 0.3 ? subtotal * 10 * random() : 0) / 100;
  const total = Math.round((subtotal - discount) * 100) / 100;
  const createdAt = created();
  return JSON.stringify({
    order_id: orderId,
    merchant_id: `m${merchant}`,
    customer_id: `c${Math.floor(random() * 50_000)}`,
    channel: CHANNELS[Math.floor(random() * CHANNELS.length)],
    payment_method: PAYMENTS[Math.floor(random() * PAYMENTS.length)],
    subtotal,
    discount,
    total,
    status: STATUSES[Math.floor(random() * STATUSES.length)],
    created_at: createdAt,
  });
}

/**
 * `count` order events as JSON text, one per line (see `orderEvent`), `created_at` in ISO 8601 with a UTC
 * offset, advancing at `eventsPerSecond` of event time (a busy platform's stream) with up to a minute of disorder.
 *
 * Each line is a flat string, as text decoded from a network buffer or a file is. JSON.stringify returns a
 * rope of its parts, which the first read of the line copies into a flat string: a benchmark reading these
 * lines would otherwise count that copy, and the collector would carry each copy out of the young generation
 * (the line list that points to it is old).
 */
export function orderEvents(count: number, seed = 42, eventsPerSecond = 1000): string[] {
  const random = seededRandom(seed);
  const start = Date.UTC(2026, 10, 20, 0, 0, 0);
  const span = (count / eventsPerSecond) * 1000;
  const lines = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const line = orderEvent(random, `o${i}`, () => new Date(start + Math.floor((i / count) * span + random() * 60_000)).toISOString());
    lines[i] = Buffer.from(line, 'utf8').toString('utf8');
  }
  return lines;
}
