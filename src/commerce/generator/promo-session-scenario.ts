// Seed 002's browsing: a search, then product views, sometimes an order; each step also a site request.
import { isoTime } from './event-time-format.js';
import { PROMO_PRODUCT_COUNT, promoProduct, promoProducts, SEARCH_TERMS, SHOPPER_COUNT, shopper, type PromoProduct } from './promo-catalog.js';
import type { Weighted } from './random-draws.js';
import { money, type ScenarioEmitter } from './scenario-emitter.js';

const SEARCH_CLICK_SHARE = 0.7;
const STARTS_WITH_SEARCH_SHARE = 0.7;
const ANOTHER_VIEW_SHARE = 0.35;
const PURCHASE_SHARE = 0.15;
const FLASH_SALE_PURCHASE_SHARE = 0.35;
const STEP_DELAY_MS = [1_000, 8_000] as const;
const CRAWLER_REQUESTS = [20, 60] as const;

const STATUS_CODES: readonly Weighted<number>[] = [
  [200, 0.94],
  [304, 0.03],
  [404, 0.02],
  [500, 0.01],
];

interface Session {
  readonly userId: string;
  readonly ip: string;
  readonly sessionId: string;
}

/** Starts one shopper's session: a search (most of the time) or a product view straight away. */
export function startPromoSession(emitter: ScenarioEmitter): void {
  const { draws } = emitter;
  const who = shopper(draws.intBetween(0, SHOPPER_COUNT - 1));
  const session: Session = { ...who, sessionId: `PS-${emitter.runTag}-${emitter.next('promo-session')}` };
  if (!draws.chance(STARTS_WITH_SEARCH_SHARE)) {
    viewProduct(emitter, session);
    return;
  }
  const product = draws.chance(SEARCH_CLICK_SHARE) ? promoProduct(promoProducts.rank(draws.float())) : null;
  const query = draws.pick(SEARCH_TERMS);
  const searchTs = isoTime(emitter.eventTime(emitter.nowMs));
  emitter.emit('promo.search_logs', {
    search_id: `SR-${emitter.runTag}-${emitter.next('search')}`,
    user_id: session.userId,
    session_id: session.sessionId,
    query,
    product_id: product?.productId ?? null,
    search_ts: searchTs,
  });
  request(emitter, session, `/search?q=${encodeURIComponent(query)}`);
  if (product) afterStep(emitter, (later) => viewProduct(later, session, product));
}

function viewProduct(emitter: ScenarioEmitter, session: Session, product = promoProduct(promoProducts.rank(emitter.draws.float()))): void {
  const { draws } = emitter;
  emitter.emit('promo.product_views', {
    view_id: `V-${emitter.runTag}-${emitter.next('view')}`,
    user_id: session.userId,
    session_id: session.sessionId,
    product_id: product.productId,
    view_ts: isoTime(emitter.eventTime(emitter.nowMs)),
  });
  request(emitter, session, `/product/${product.productId}`);
  if (draws.chance(emitter.flashSale ? FLASH_SALE_PURCHASE_SHARE : PURCHASE_SHARE)) afterStep(emitter, (later) => order(later, session, product));
  else if (draws.chance(ANOTHER_VIEW_SHARE)) afterStep(emitter, (later) => viewProduct(later, session));
}

function order(emitter: ScenarioEmitter, session: Session, product: PromoProduct): void {
  const quantity = emitter.draws.intBetween(1, 3);
  emitter.emit('promo.orders', {
    order_id: `PO-${emitter.runTag}-${emitter.next('promo-order')}`,
    user_id: session.userId,
    session_id: session.sessionId,
    product_id: product.productId,
    product_name: product.name,
    quantity,
    amount: money(quantity * product.priceCents),
    order_ts: isoTime(emitter.eventTime(emitter.nowMs)),
  });
  request(emitter, session, '/checkout');
}

function afterStep(emitter: ScenarioEmitter, action: (emitter: ScenarioEmitter) => void): void {
  emitter.later(emitter.draws.intBetween(...STEP_DELAY_MS), action);
}

function request(emitter: ScenarioEmitter, session: Pick<Session, 'ip'> & { userId: string | null }, url: string): void {
  emitter.emit('promo.site_traffic', {
    request_id: `RQ-${emitter.runTag}-${emitter.next('request')}`,
    ip: session.ip,
    user_id: session.userId,
    url,
    status_code: emitter.draws.weighted(STATUS_CODES),
    request_ts: isoTime(emitter.eventTime(emitter.nowMs)),
  });
}

/** A crawler hammering product pages from one address, without a user: what the requests-per-IP alert is for. */
export function crawl(emitter: ScenarioEmitter): void {
  const { draws } = emitter;
  const ip = `203.0.113.${draws.intBetween(1, 254)}`;
  const count = draws.intBetween(...CRAWLER_REQUESTS);
  for (let requestIdx = 0; requestIdx < count; requestIdx++) {
    request(emitter, { ip, userId: null }, `/product/${promoProduct(draws.intBetween(0, PROMO_PRODUCT_COUNT - 1)).productId}`);
  }
}
