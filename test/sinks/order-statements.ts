// A seeded stream of DML statements on seed 000's orders as a table: new orders, status changes, orders moved to
// another hour or merchant, deletions.
import { SeededRandom } from '../differential/seeded-random.js';

/** Seed 000's order source as a table keyed by order_id, so that orders can be updated and deleted. */
export const ORDERS_TABLE = `CREATE TABLE orders (
  order_id VARCHAR PRIMARY KEY, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR, payment_method VARCHAR,
  subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ)`;

const CHANNELS = ['web', 'mobile', 'pos', 'marketplace'];
const PAYMENTS = ['card', 'alipay', 'paypal', 'cod'];
const STATUSES = ['pending', 'paid', 'completed', 'refunded', 'cancelled'];
/** Orders fall in 36 hours from here: hourly groups fill up, and some empty again. */
const START_MS = Date.UTC(2026, 10, 20, 0, 0, 0);
const SPAN_MS = 36 * 3_600_000;

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Statements over `orders`, each valid given the ones before it; the same seed gives the same statements. */
export class OrderStatements {
  private readonly rng: SeededRandom;
  private readonly live: string[] = [];
  private nextId = 1;

  constructor(seed: number) {
    this.rng = new SeededRandom(seed);
  }

  private time(): string {
    const at = new Date(START_MS + Math.floor(this.rng.next() * SPAN_MS) - (this.rng.chance(0.5) ? 0 : Math.floor(this.rng.next() * 1000)));
    return `${at.toISOString().slice(0, 23).replace('T', ' ')}+00`;
  }

  private orderRow(orderId: string): string {
    const subtotal = this.rng.int(500, 50_000);
    const discount = this.rng.chance(0.05) ? null : this.rng.chance(0.5) ? 0 : this.rng.int(0, Math.floor(subtotal / 5));
    const values = [
      quote(orderId),
      quote(`m${String(this.rng.zipf(12) + 1).padStart(3, '0')}`),
      this.rng.chance(0.03) ? 'NULL' : quote(`c${this.rng.int(1, 300)}`),
      quote(this.rng.pick(CHANNELS)),
      quote(this.rng.pick(PAYMENTS)),
      money(subtotal),
      discount === null ? 'NULL' : money(discount),
      money(subtotal - (discount ?? 0)),
      quote(this.rng.pick(STATUSES.slice(0, 3))),
      quote(this.time()),
    ];
    return `(${values.join(', ')})`;
  }

  /** Up to `count` live order ids, removed from the live list when `remove`. */
  private pickLive(count: number, remove: boolean): string[] {
    const picked = new Set<string>();
    for (let attempt = 0; attempt < count * 2 && picked.size < count && this.live.length > 0; attempt++) {
      picked.add(this.live[this.rng.int(0, this.live.length - 1)]!);
    }
    if (remove) for (const id of picked) this.live.splice(this.live.indexOf(id), 1);
    return [...picked];
  }

  /** The next statement. */
  next(): string {
    const choice = this.live.length < 20 ? 0 : this.rng.next();
    if (choice < 0.45) {
      const rows: string[] = [];
      for (let i = this.rng.int(1, 8); i > 0; i--) {
        const orderId = `o${String(this.nextId++).padStart(6, '0')}`;
        this.live.push(orderId);
        rows.push(this.orderRow(orderId));
      }
      return `INSERT INTO orders VALUES ${rows.join(', ')}`;
    }
    if (choice < 0.7) {
      const ids = this.pickLive(this.rng.int(1, 5), false).map(quote).join(', ');
      return `UPDATE orders SET status = ${quote(this.rng.pick(STATUSES))} WHERE order_id IN (${ids})`;
    }
    if (choice < 0.85) {
      const [id] = this.pickLive(1, false);
      const total = money(this.rng.int(100, 60_000));
      return `UPDATE orders SET created_at = ${quote(this.time())}, total = ${total}, merchant_id = ${quote(`m${String(this.rng.zipf(12) + 1).padStart(3, '0')}`)} WHERE order_id = ${quote(id!)}`;
    }
    const ids = this.pickLive(this.rng.int(1, 4), true).map(quote).join(', ');
    return `DELETE FROM orders WHERE order_id IN (${ids})`;
  }
}
