// Seed 004's REES46 events: a shopper's session of views, carts, removals and a purchase or an abandoned cart.
import { rees46Time } from './event-time-format.js';
import { RandomDraws } from './random-draws.js';
import type { ScenarioEmitter } from './scenario-emitter.js';
import { ZipfSampler } from './zipf-sampler.js';

const PRODUCT_COUNT = 300;
const products = new ZipfSampler(PRODUCT_COUNT, 1.0);
const USER_COUNT = 8_000;
const CART_SHARE = 0.35;
const REMOVE_SHARE = 0.15;
const VIEWS = [1, 6] as const;
const STEP_DELAY_MS = [2_000, 20_000] as const;
const CATEGORY_CODES = ['appliances.environment.vacuum', 'apparel.shoes', 'electronics.smartphone', 'furniture.bathroom.bath', 'stationery.cartrige'] as const;
const BRANDS = ['runail', 'irisk', 'masura', 'grattol', 'bpw.style', 'ingarden', 'uno', 'estel'] as const;

interface Rees46Product {
  readonly productId: number;
  readonly categoryId: string;
  readonly categoryCode: string;
  readonly brand: string;
  readonly price: number;
}

// As in the cosmetics store's files: 19-digit category ids, most products without a category code, some without a brand.
const CATALOGUE_SEED = 0x72656573;
const catalogue: readonly Rees46Product[] = Array.from({ length: PRODUCT_COUNT }, (_, rank) => {
  const draws = new RandomDraws(CATALOGUE_SEED, rank);
  return {
    productId: 5_800_000 + rank * 37,
    categoryId: `1487580${String(draws.intBetween(0, 999_999)).padStart(6, '0')}${String(draws.intBetween(0, 999_999)).padStart(6, '0')}`,
    categoryCode: draws.chance(0.3) ? draws.pick(CATEGORY_CODES) : '',
    brand: draws.chance(0.7) ? draws.pick(BRANDS) : '',
    price: draws.intBetween(50, 15_000) / 100,
  };
});

interface Session {
  readonly userId: number;
  readonly userSession: string;
  viewsLeft: number;
  readonly cart: Rees46Product[];
}

/** Starts a session; its steps follow every few seconds. */
export function startRees46Session(emitter: ScenarioEmitter, purchaseShare: number): void {
  const { draws } = emitter;
  const session: Session = {
    userId: 512_000_000 + draws.intBetween(0, USER_COUNT - 1) * 97,
    userSession: draws.uuid(),
    viewsLeft: draws.intBetween(...VIEWS),
    cart: [],
  };
  step(emitter, session, purchaseShare);
}

function step(emitter: ScenarioEmitter, session: Session, purchaseShare: number): void {
  const { draws } = emitter;
  const next = (action: (later: ScenarioEmitter) => void): void => emitter.later(draws.intBetween(...STEP_DELAY_MS), action);
  if (session.viewsLeft > 0) {
    session.viewsLeft--;
    const product = catalogue[products.rank(draws.float())]!;
    event(emitter, session, 'view', product);
    if (draws.chance(CART_SHARE)) {
      next((later) => {
        session.cart.push(product);
        event(later, session, 'cart', product);
        next((after) => step(after, session, purchaseShare));
      });
    } else {
      next((later) => step(later, session, purchaseShare));
    }
    return;
  }
  if (session.cart.length === 0) return;
  const kept = session.cart.filter((product) => {
    if (!draws.chance(REMOVE_SHARE)) return true;
    event(emitter, session, 'removefromcart', product);
    return false;
  });
  // Without a purchase the cart is abandoned: the session simply ends.
  if (kept.length > 0 && draws.chance(purchaseShare)) next((later) => kept.forEach((product) => event(later, session, 'purchase', product)));
}

function event(emitter: ScenarioEmitter, session: Session, eventType: string, product: Rees46Product): void {
  emitter.emit('rees46.events', {
    event_time: rees46Time(emitter.eventTime(emitter.nowMs)),
    event_type: eventType,
    product_id: product.productId,
    category_id: product.categoryId,
    category_code: product.categoryCode,
    brand: product.brand,
    price: product.price,
    user_id: session.userId,
    user_session: session.userSession,
  });
}
