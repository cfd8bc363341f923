// Seed 001's marketplace: an order with its items, then fulfilment stages, a rating and sometimes a refund.
import { isoTime } from './event-time-format.js';
import type { GeneratorShares } from './generator-shares.js';
import type { RandomDraws } from './random-draws.js';
import { money, type ScenarioEmitter } from './scenario-emitter.js';
import { sellerProfile, sellerRanks, type SellerProfile } from './seller-profiles.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/**
 * Fulfilment takes hours to days of event time; a live run compresses it so that a dashboard sees it happen:
 * each stage is emitted one second per simulated hour after the order. Its timestamp keeps the simulated gaps
 * between the order's follow-ups (SLA misses are real hours) but the whole timeline is moved back so that the last
 * follow-up is stamped with the time it is emitted: no event time lies ahead of the clock.
 */
export const SIMULATED_MS_PER_MS = 3600;

const CATEGORIES = ['electronics', 'fashion', 'home', 'beauty', 'sports', 'toys', 'grocery', 'books'] as const;
const REJECTION_REASONS = ['seller_rejected', 'out_of_stock'] as const;
const CANCELLATION_REASONS = ['customer_request', 'payment_failed', 'address_issue'] as const;
const PENDING_SHARE = 0.03;
const FAILED_DELIVERY_SHARE = 0.02;
const RATED_SHARE = 0.6;
const CUSTOMER_COUNT = 20_000;

/** Places one marketplace order; an accepted one goes through fulfilment on the compressed timeline. */
export function placeMarketplaceOrder(emitter: ScenarioEmitter, shares: GeneratorShares): void {
  const { draws } = emitter;
  const profile = sellerProfile(sellerRanks.rank(draws.float()), shares);
  const orderId = `MO-${emitter.runTag}-${emitter.next('marketplace-order')}`;
  const orderMs = emitter.eventTime(emitter.nowMs);
  const orderTs = isoTime(orderMs);
  const items = orderItems(draws, orderId, profile.sellerId, orderTs);
  const orderCents = items.reduce((sum, item) => sum + item.cents, 0);
  const accepted = draws.chance(profile.acceptance);
  const cancelled = !accepted || draws.chance(profile.cancellation);
  const status = cancelled ? 'cancelled' : draws.chance(PENDING_SHARE) ? 'pending' : 'completed';
  const reason = !accepted ? draws.pick(REJECTION_REASONS) : cancelled ? draws.pick(CANCELLATION_REASONS) : null;
  emitter.emit('marketplace_orders', {
    order_id: orderId,
    seller_id: profile.sellerId,
    customer_id: `C${String(draws.intBetween(1, CUSTOMER_COUNT)).padStart(5, '0')}`,
    order_value: money(orderCents),
    commission_rate: profile.commissionRate,
    order_accepted: accepted,
    cancellation_reason: reason,
    order_ts: orderTs,
    status,
  });
  for (const item of items) emitter.emit('marketplace_order_items', item.value);
  if (accepted) fulfil(emitter, shares, { orderId, profile, orderMs, orderCents, status });
}

interface PlacedOrder {
  readonly orderId: string;
  readonly profile: SellerProfile;
  readonly orderMs: number;
  readonly orderCents: number;
  readonly status: string;
}

function orderItems(draws: RandomDraws, orderId: string, seller: string, orderTs: string): { cents: number; value: Record<string, string | number> }[] {
  const count = draws.intBetween(1, 3);
  return Array.from({ length: count }, () => {
    const categoryIdx = draws.intBetween(0, CATEGORIES.length - 1);
    const quantity = draws.intBetween(1, 3);
    const cents = quantity * draws.intBetween(499, 19_999);
    const value = {
      order_id: orderId,
      seller_id: seller,
      product_id: `MP-${categoryIdx + 1}${String(draws.intBetween(1, 400)).padStart(4, '0')}`,
      category: CATEGORIES[categoryIdx]!,
      quantity,
      item_value: money(cents),
      order_ts: orderTs,
    };
    return { cents, value };
  });
}

/**
 * The stages of an accepted order: accepted and packed always; a cancelled order stops there, a pending one
 * after packing; a completed one is shipped (late with the seller's SLA-miss share) and delivered or, rarely,
 * failed; delivered orders may be rated and refunded.
 */
function fulfil(emitter: ScenarioEmitter, shares: GeneratorShares, order: PlacedOrder): void {
  const { draws } = emitter;
  const acceptedMs = order.orderMs + draws.intBetween(5, 60) * MINUTE_MS;
  const packedMs = acceptedMs + draws.intBetween(30, 6 * 60) * MINUTE_MS;
  const plan: PlannedFollowUp[] = [];
  const stage = (name: string, ms: number): void => {
    plan.push({ ms, emit: (later, stampMs) => later.emit('seller_fulfillment', stageValue(later, order, name, stampMs)) });
  };
  stage('accepted', acceptedMs);
  if (order.status !== 'cancelled') {
    stage('packed', packedMs);
    if (order.status !== 'pending') deliver(emitter, shares, order, acceptedMs, packedMs, stage, plan);
  }
  schedule(emitter, order.orderMs, plan);
}

/** Shipment, delivery (or failure), rating and refund of a completed order, added to `plan`. */
function deliver(
  emitter: ScenarioEmitter,
  shares: GeneratorShares,
  order: PlacedOrder,
  acceptedMs: number,
  packedMs: number,
  stage: (name: string, ms: number) => void,
  plan: PlannedFollowUp[],
): void {
  const { draws } = emitter;
  const { profile } = order;
  const slaMs = profile.slaHours * HOUR_MS;
  // On time: at most an hour inside the SLA; late: at least ten minutes past it, so that out-of-order shifts cannot flip either.
  const late = draws.chance(profile.slaMiss);
  const shippedMs = late ? acceptedMs + slaMs + draws.intBetween(10, 24 * 60) * MINUTE_MS : Math.max(packedMs, acceptedMs + draws.intBetween(60, slaMs / MINUTE_MS - 60) * MINUTE_MS);
  stage('shipped', shippedMs);
  const doneMs = shippedMs + draws.intBetween(12 * 60, 72 * 60) * MINUTE_MS;
  if (draws.chance(FAILED_DELIVERY_SHARE)) {
    stage('failed', doneMs);
    return;
  }
  stage('delivered', doneMs);
  if (draws.chance(RATED_SHARE)) {
    const ratedMs = doneMs + draws.intBetween(60, 48 * 60) * MINUTE_MS;
    const rating = Math.min(5, Math.max(1, Math.round(draws.normal(profile.ratingMean, 0.9))));
    const ratingId = `R-${emitter.runTag}-${emitter.next('rating')}`;
    plan.push({
      ms: ratedMs,
      emit: (later, stampMs) =>
        later.emit('seller_ratings', { rating_id: ratingId, order_id: order.orderId, seller_id: profile.sellerId, rating, rated_ts: isoTime(later.eventTime(stampMs)) }),
    });
  }
  if (draws.chance(shares.marketplaceRefund)) {
    const refundedMs = doneMs + draws.intBetween(24 * 60, 120 * 60) * MINUTE_MS;
    const refundCents = draws.chance(0.5) ? order.orderCents : Math.round((order.orderCents * draws.intBetween(10, 90)) / 100);
    const refundId = `RF-${emitter.runTag}-${emitter.next('refund')}`;
    plan.push({
      ms: refundedMs,
      emit: (later, stampMs) =>
        later.emit('marketplace_refunds', {
          refund_id: refundId,
          order_id: order.orderId,
          seller_id: profile.sellerId,
          refund_amount: money(refundCents),
          refunded_ts: isoTime(later.eventTime(stampMs)),
        }),
    });
  }
}

const stageValue = (emitter: ScenarioEmitter, order: PlacedOrder, stage: string, ms: number): Record<string, string | number> => ({
  order_id: order.orderId,
  seller_id: order.profile.sellerId,
  stage,
  sla_hours: order.profile.slaHours,
  event_ts: isoTime(emitter.eventTime(ms)),
});

/** A follow-up of an order at simulated time `ms`, emitted with the timestamp it is given. */
interface PlannedFollowUp {
  readonly ms: number;
  readonly emit: (emitter: ScenarioEmitter, stampMs: number) => void;
}

/**
 * Emits each follow-up when the compressed timeline reaches it, stamped with its simulated time moved back by the
 * same amount for all, so that the last one's stamp is its emission time (see SIMULATED_MS_PER_MS).
 */
function schedule(emitter: ScenarioEmitter, orderMs: number, plan: readonly PlannedFollowUp[]): void {
  const lastMs = Math.max(...plan.map((followUp) => followUp.ms));
  const delayOf = (ms: number): number => Math.round((ms - orderMs) / SIMULATED_MS_PER_MS);
  const shiftMs = lastMs - (orderMs + delayOf(lastMs));
  for (const followUp of plan) emitter.later(delayOf(followUp.ms), (later) => followUp.emit(later, followUp.ms - shiftMs));
}
