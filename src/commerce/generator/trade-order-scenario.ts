// Seed 003's order detail wide table: an order paid a few minutes after it was placed, per shop channel.
import { sqlTime } from './event-time-format.js';
import type { Weighted } from './random-draws.js';
import { moneyText, type ScenarioEmitter } from './scenario-emitter.js';

const CHANNELS: readonly Weighted<string>[] = [
  ['webShop', 0.4],
  ['appShop', 0.3],
  ['miniAppShop', 0.2],
  ['qqShop', 0.06],
  ['tmallShop', 0.04],
];
const USER_NAMES = ['Alice', 'Bob', 'Cindy', 'Daisy', 'Evan', 'Fiona', 'Gary', 'Helen', 'Ivan', 'Judy'] as const;
const AREA_IDS = ['330102', '330106', '330108', '330110', '310101', '110105', '440305'] as const;
const USER_COUNT = 999;
const UNPAID_SHARE = 0.03;
const MAX_PAY_DELAY_MS = 10 * 60_000;

/** One paid order (or, rarely, one without a real payment); times as "yyyy-MM-dd HH:mm:ss" strings in UTC. */
export function payTradeOrder(emitter: ScenarioEmitter): void {
  const { draws } = emitter;
  const payMs = emitter.eventTime(emitter.nowMs);
  const orderMs = payMs - draws.intBetween(5_000, MAX_PAY_DELAY_MS);
  const user = draws.intBetween(1, USER_COUNT);
  const payCents = draws.intBetween(500, 80_000);
  const realCents = draws.chance(0.3) ? Math.round(payCents * (draws.intBetween(70, 95) / 100)) : payCents;
  const orderTime = sqlTime(orderMs);
  emitter.emit('trade_order_detail_info', {
    order_id: `${orderTime.replace(/\D/g, '')}${String(emitter.next('trade-order') % 10_000).padStart(4, '0')}`,
    order_channel: draws.weighted(CHANNELS),
    order_time: orderTime,
    pay_amount: moneyText(payCents),
    real_pay: draws.chance(UNPAID_SHARE) ? null : moneyText(realCents),
    pay_time: sqlTime(payMs),
    user_id: String(user).padStart(4, '0'),
    user_name: USER_NAMES[user % USER_NAMES.length]!,
    area_id: AREA_IDS[user % AREA_IDS.length]!,
  });
}
