// Seed 000's orders: a paid order per merchant and channel, some later cancelled or refunded (same order_id).
import type { CommerceStream, StreamValue } from './commerce-streams.js';
import { isoTime } from './event-time-format.js';
import type { GeneratorShares } from './generator-shares.js';
import type { Weighted } from './random-draws.js';
import { money, type ScenarioEmitter } from './scenario-emitter.js';
import { ZipfSampler } from './zipf-sampler.js';

export const MERCHANT_COUNT = 40;
const CUSTOMER_COUNT = 20_000;
const merchants = new ZipfSampler(MERCHANT_COUNT, 1.1);

const CHANNELS: readonly Weighted<string>[] = [
  ['web', 0.4],
  ['mobile', 0.35],
  ['pos', 0.1],
  ['marketplace', 0.15],
];
const PAYMENT_METHODS: readonly Weighted<string>[] = [
  ['card', 0.55],
  ['alipay', 0.2],
  ['paypal', 0.18],
  ['cod', 0.07],
];

/** How long after the order its status update comes, in milliseconds (min, max). */
export const CANCELLATION_DELAY_MS = [5_000, 60_000] as const;
export const REFUND_DELAY_MS = [30_000, 180_000] as const;

const MIN_SUBTOTAL_CENTS = 199;
const MAX_SUBTOTAL_CENTS = 500_000;

export const merchantId = (rank: number): string => `M${String(rank + 1).padStart(3, '0')}`;

/**
 * Places one order, paid now. The EU region's messages are keyed by the order id as a JSON string (its
 * source is UPSERT: a status update replaces the order); the US region's too, so that an order's updates
 * stay in one partition. A status update repeats every field but the status, created_at included.
 */
export function placeOrder(emitter: ScenarioEmitter, shares: GeneratorShares): void {
  const { draws } = emitter;
  const region = draws.chance(shares.euOrders) ? 'eu' : 'us';
  const stream: CommerceStream = region === 'eu' ? 'ecommerce.orders.eu' : 'ecommerce.orders';
  const orderId = `O-${region}-${emitter.runTag}-${emitter.next(`order-${region}`)}`;
  const subtotalCents = Math.min(MAX_SUBTOTAL_CENTS, Math.max(MIN_SUBTOTAL_CENTS, Math.round(Math.exp(draws.normal(Math.log(4500), 0.8)))));
  const discounted = draws.chance(emitter.flashSale ? 0.8 : 0.3);
  const discountPercent = emitter.flashSale ? draws.intBetween(20, 50) : draws.intBetween(5, 25);
  const discountCents = discounted ? Math.round((subtotalCents * discountPercent) / 100) : 0;
  const order: StreamValue = {
    order_id: orderId,
    merchant_id: merchantId(merchants.rank(draws.float())),
    customer_id: `C${String(draws.intBetween(1, CUSTOMER_COUNT)).padStart(5, '0')}`,
    channel: draws.weighted(CHANNELS),
    payment_method: draws.weighted(PAYMENT_METHODS),
    subtotal: money(subtotalCents),
    discount: money(discountCents),
    total: money(subtotalCents - discountCents),
    status: 'paid',
    created_at: isoTime(emitter.eventTime(emitter.nowMs)),
  };
  const key = JSON.stringify(orderId);
  emitter.emit(stream, order, key);
  const update = (status: string, [min, max]: readonly [number, number]): void =>
    emitter.later(draws.intBetween(min, max), (later) => later.emit(stream, { ...order, status }, key));
  if (draws.chance(shares.orderCancellation)) update('cancelled', CANCELLATION_DELAY_MS);
  else if (draws.chance(shares.orderRefund)) update('refunded', REFUND_DELAY_MS);
}
