// Seeded generator of commerce workloads: table DDL plus batches of INSERT/UPDATE/DELETE valid in PostgreSQL and Tally.
import { SeededRandom } from './seeded-random.js';

/** The tables every workload and every differential view works on. */
export const TABLES_DDL: readonly string[] = [
  `CREATE TABLE orders (
    order_id varchar PRIMARY KEY,
    merchant_id varchar,
    seller_id varchar,
    customer_id varchar,
    channel varchar,
    payment_method varchar,
    category varchar,
    subtotal numeric,
    discount numeric,
    total numeric,
    commission_rate numeric,
    order_accepted boolean,
    status varchar,
    created_at timestamptz,
    order_ts timestamptz
  )`,
  `CREATE TABLE fulfillment (
    order_id varchar,
    seller_id varchar,
    stage varchar,
    sla_hours int,
    event_ts timestamptz
  )`,
  `CREATE TABLE ratings (
    rating_id varchar PRIMARY KEY,
    order_id varchar,
    seller_id varchar,
    rating int,
    rated_ts timestamptz
  )`,
];

/** Names of the tables in TABLES_DDL, in creation order. */
export const TABLE_NAMES: readonly string[] = ['orders', 'fulfillment', 'ratings'];

/** Order times fall in the SPAN_DAYS days from 2024-03-01; fulfillment and rating times lag them by up to a few days. */
const FIRST_DAY_MICROS = Date.UTC(2024, 2, 1) * 1000;
const SPAN_DAYS = 3;
const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;

/** The fixed "today" that replaces CURRENT_DATE in views; it lies inside the generated time span. */
export const FIXED_TODAY = '2024-03-02';

const MERCHANTS = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08'];
const SELLERS = ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12'];
const CUSTOMER_COUNT = 40;
const CHANNELS = ['web', 'mobile', 'pos', 'marketplace'];
const PAYMENT_METHODS = ['card', 'alipay', 'paypal', 'cod'];
const CATEGORIES = ['electronics', 'fashion', 'grocery', 'home', 'toys'];
const COMMISSION_RATES = ['0.10', '0.12', '0.15', '0.2', '0.085', '0.25'];
const SLA_HOURS = [2, 6, 12, 24, 48, 72];
const STAGES = ['accepted', 'packed', 'shipped', 'delivered', 'failed'] as const;

type Stage = (typeof STAGES)[number];
type Status = 'pending' | 'completed' | 'cancelled' | 'refunded';

/** How big a workload is. Small ones keep the default test run short; large ones exercise more groups. */
export type WorkloadSize = 'small' | 'large';

/** A generated workload: run TABLES_DDL, then the batches in order; views are created after `viewsAfterBatch`. */
export interface Workload {
  readonly seed: number;
  readonly size: WorkloadSize;
  readonly ddl: readonly string[];
  /** The tables `ddl` creates. */
  readonly tables: readonly string[];
  /** Each batch is a list of single SQL statements without a trailing semicolon. */
  readonly batches: readonly (readonly string[])[];
  /** 0: views are created on empty tables; k: after batch k, so that they start from a backfill. */
  readonly viewsAfterBatch: number;
}

/** What the generator remembers of an order, to aim updates, deletes and child rows at live keys. */
interface OrderState {
  merchantId: string;
  sellerId: string | null;
  status: Status | null;
  createdMicros: number;
  /** Time of the latest fulfillment event generated for the order, and the next stage to generate. */
  lastEventMicros: number;
  nextStage: number;
}

interface FulfillmentKey {
  readonly orderId: string;
  readonly stage: Stage;
}

const SIZES: Record<WorkloadSize, { batches: [number, number]; statements: [number, number] }> = {
  small: { batches: [2, 4], statements: [3, 14] },
  large: { batches: [4, 8], statements: [12, 40] },
};

/** The size the test gives a seed's workload: one in twenty is large. A function of the seed, so replays match. */
export const workloadSizeOf = (seed: number): WorkloadSize => (seed % 20 === 0 ? 'large' : 'small');

/** Generates the workload of a seed. Deterministic: the same seed and size always give the same SQL text. */
export function generateWorkload(seed: number, size: WorkloadSize = workloadSizeOf(seed)): Workload {
  return new WorkloadBuilder(seed, size).build();
}

class WorkloadBuilder {
  private readonly random: SeededRandom;
  private readonly orders = new Map<string, OrderState>();
  private readonly deletedOrderIds: string[] = [];
  private readonly fulfillment: FulfillmentKey[] = [];
  private readonly fulfillmentInserts: string[] = [];
  private readonly ratings = new Map<string, { orderId: string }>();
  private nextOrderNumber = 1;
  private nextRatingNumber = 1;
  /** A few workloads spell timestamps in other accepted forms (offsets, ISO 'T' and 'Z'). */
  private readonly variedTimestampSpelling: boolean;

  constructor(
    private readonly seed: number,
    private readonly size: WorkloadSize,
  ) {
    this.random = new SeededRandom(seed);
    this.variedTimestampSpelling = this.random.chance(0.1);
  }

  build(): Workload {
    const shape = SIZES[this.size];
    const batchCount = this.random.int(...shape.batches);
    const batches: string[][] = [];
    for (let batchIdx = 0; batchIdx < batchCount; batchIdx++) {
      const statementCount = this.random.int(...shape.statements);
      const batch: string[] = [];
      for (let statementIdx = 0; statementIdx < statementCount; statementIdx++) batch.push(this.statement());
      batches.push(batch);
    }
    const viewsAfterBatch = batchCount > 1 && this.random.chance(0.5) ? this.random.int(1, batchCount - 1) : 0;
    return { seed: this.seed, size: this.size, ddl: TABLES_DDL, tables: TABLE_NAMES, batches, viewsAfterBatch };
  }

  private statement(): string {
    if (this.orders.size === 0) return this.insertOrders();
    const kind = this.random.weighted<() => string>([
      [() => this.insertOrders(), 26],
      [() => this.insertFulfillment(), 20],
      [() => this.insertRating(), 9],
      [() => this.updateStatus(), 10],
      [() => this.refund(), 4],
      [() => this.correctAmounts(), 5],
      [() => this.reassign(), 3],
      [() => this.moveInTime(), 2],
      [() => this.updateFlags(), 2],
      [() => this.bulkUpdate(), 1],
      [() => this.updateFulfillment(), 2],
      [() => this.updateRating(), 2],
      [() => this.deleteOrder(), 4],
      [() => this.deleteFulfillment(), 3],
      [() => this.deleteRating(), 2],
      [() => this.bulkDelete(), 1],
      [() => this.missingKeyChange(), 1],
    ]);
    return kind();
  }

  // ---- inserts ----

  private insertOrders(): string {
    const rowCount = this.random.weighted([[1, 6], [2, 2], [3, 1], [5, 1]] as const);
    // Some inserts leave out nullable columns, which then default to NULL.
    const omitOptional = this.random.chance(0.1);
    const columns = omitOptional
      ? ['order_id', 'merchant_id', 'seller_id', 'subtotal', 'total', 'status', 'created_at']
      : ['order_id', 'merchant_id', 'seller_id', 'customer_id', 'channel', 'payment_method', 'category',
        'subtotal', 'discount', 'total', 'commission_rate', 'order_accepted', 'status', 'created_at', 'order_ts'];
    const tuples: string[] = [];
    for (let rowIdx = 0; rowIdx < rowCount; rowIdx++) tuples.push(this.orderTuple(omitOptional));
    return `INSERT INTO orders (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
  }

  private orderTuple(omitOptional: boolean): string {
    const orderId = this.freshOrderId();
    const merchantId = MERCHANTS[this.random.zipf(MERCHANTS.length)]!;
    const sellerId = this.random.chance(0.03) ? null : SELLERS[this.random.zipf(SELLERS.length, 0.9)]!;
    const status = this.randomStatus();
    const createdMicros = this.randomTime();
    const subtotalCents = this.randomCents();
    const discountCents = this.random.chance(0.1) ? null : this.random.chance(0.4) ? 0 : this.random.int(0, Math.floor(subtotalCents / 5));
    const totalCents = subtotalCents - (discountCents ?? 0);
    this.orders.set(orderId, { merchantId, sellerId, status, createdMicros, lastEventMicros: createdMicros, nextStage: 0 });
    if (omitOptional) {
      return `(${[
        quote(orderId), quote(merchantId), quote(sellerId), this.subtotal(subtotalCents), formatCents(totalCents),
        quote(status), this.timestamp(createdMicros),
      ].join(', ')})`;
    }
    const customerId = this.random.chance(0.05) ? null : `c${String(this.random.int(1, CUSTOMER_COUNT)).padStart(3, '0')}`;
    const orderTs = this.random.chance(0.05) ? null : createdMicros + this.random.int(0, 600) * MICROS_PER_SECOND;
    return `(${[
      quote(orderId),
      quote(merchantId),
      quote(sellerId),
      quote(customerId),
      quote(this.maybeNull(0.03, CHANNELS)),
      quote(this.maybeNull(0.03, PAYMENT_METHODS)),
      quote(this.maybeNull(0.05, CATEGORIES)),
      this.subtotal(subtotalCents),
      discountCents === null ? 'NULL' : formatCents(discountCents),
      formatCents(totalCents),
      this.maybeNull(0.05, COMMISSION_RATES) ?? 'NULL',
      this.random.weighted([['true', 16], ['false', 3], ['NULL', 1]] as const),
      quote(status),
      this.timestamp(createdMicros),
      orderTs === null ? 'NULL' : this.timestamp(orderTs),
    ].join(', ')})`;
  }

  private insertFulfillment(): string {
    // A duplicate of an earlier event: the table has no key, so both copies count.
    if (this.fulfillmentInserts.length > 0 && this.random.chance(0.06)) return this.random.pick(this.fulfillmentInserts);
    const orphan = this.random.chance(0.05);
    const orderId = orphan ? `o9${String(this.random.int(0, 99)).padStart(3, '0')}` : this.pickOrderId();
    const order = this.orders.get(orderId);
    let stage: Stage;
    let eventMicros: number;
    if (order && order.nextStage < 4 && this.random.chance(0.9)) {
      // Stages mostly arrive in order; the last one is delivered or failed.
      stage = order.nextStage === 3 ? (this.random.chance(0.85) ? 'delivered' : 'failed') : STAGES[order.nextStage]!;
      order.nextStage++;
      eventMicros = order.lastEventMicros + this.random.int(1, 80 * 60) * MICROS_PER_MINUTE;
      if (this.random.chance(0.1)) eventMicros += this.random.int(0, 999_999);
      order.lastEventMicros = eventMicros;
    } else {
      stage = this.random.pick(STAGES);
      eventMicros = this.randomTime() + this.random.int(0, 2 * 24 * 60) * MICROS_PER_MINUTE;
    }
    const sellerId = order && this.random.chance(0.93) ? order.sellerId : this.maybeNull(0.2, SELLERS);
    const slaHours = this.random.chance(0.03) ? 'NULL' : String(this.random.pick(SLA_HOURS));
    const eventTs = this.random.chance(0.02) ? 'NULL' : this.timestamp(eventMicros);
    this.fulfillment.push({ orderId, stage });
    const statement =
      `INSERT INTO fulfillment (order_id, seller_id, stage, sla_hours, event_ts) VALUES ` +
      `(${quote(orderId)}, ${quote(sellerId)}, ${quote(stage)}, ${slaHours}, ${eventTs})`;
    this.fulfillmentInserts.push(statement);
    return statement;
  }

  private insertRating(): string {
    const ratingId = `r${String(this.nextRatingNumber++).padStart(4, '0')}`;
    const orderId = this.pickOrderId();
    const order = this.orders.get(orderId)!;
    this.ratings.set(ratingId, { orderId });
    const sellerId = this.random.chance(0.04) ? null : order.sellerId;
    const rating = this.random.chance(0.03) ? 'NULL' : String(this.random.weighted([[1, 2], [2, 2], [3, 3], [4, 6], [5, 8]] as const));
    const ratedMicros = order.createdMicros + this.random.int(1, 96 * 60) * MICROS_PER_MINUTE;
    return (
      `INSERT INTO ratings (rating_id, order_id, seller_id, rating, rated_ts) VALUES ` +
      `(${quote(ratingId)}, ${quote(orderId)}, ${quote(sellerId)}, ${rating}, ${this.timestamp(ratedMicros)})`
    );
  }

  // ---- updates ----

  private updateStatus(): string {
    const orderId = this.pickOrderId();
    const order = this.orders.get(orderId)!;
    const status: Status =
      order.status === 'pending'
        ? this.random.weighted([['completed', 6], ['cancelled', 2], ['pending', 1]] as const)
        : this.randomStatus() ?? 'pending';
    order.status = status;
    return `UPDATE orders SET status = ${quote(status)} WHERE order_id = ${quote(orderId)}`;
  }

  private refund(): string {
    const orderId = this.pickOrderId();
    this.orders.get(orderId)!.status = 'refunded';
    if (this.random.chance(0.5)) return `UPDATE orders SET status = 'refunded' WHERE order_id = ${quote(orderId)}`;
    return `UPDATE orders SET status = 'refunded', total = 0.00, discount = subtotal WHERE order_id = ${quote(orderId)}`;
  }

  private correctAmounts(): string {
    const orderId = this.pickOrderId();
    if (this.random.chance(0.4)) {
      // A correction relative to the stored values: both engines must read the old row.
      const cents = this.random.int(1, 999);
      return `UPDATE orders SET discount = coalesce(discount, 0) + ${formatCents(cents)}, total = total - ${formatCents(cents)} WHERE order_id = ${quote(orderId)}`;
    }
    const subtotalCents = this.randomCents();
    const discountCents = this.random.int(0, Math.floor(subtotalCents / 4));
    return (
      `UPDATE orders SET subtotal = ${this.subtotal(subtotalCents)}, discount = ${formatCents(discountCents)}, ` +
      `total = ${formatCents(subtotalCents - discountCents)} WHERE order_id = ${quote(orderId)}`
    );
  }

  /** Moves an order to another group key: the view must retract it from the old group. */
  private reassign(): string {
    const orderId = this.pickOrderId();
    const order = this.orders.get(orderId)!;
    if (this.random.chance(0.5)) {
      order.merchantId = MERCHANTS[this.random.zipf(MERCHANTS.length)]!;
      return `UPDATE orders SET merchant_id = ${quote(order.merchantId)}, channel = ${quote(this.maybeNull(0.1, CHANNELS))} WHERE order_id = ${quote(orderId)}`;
    }
    order.sellerId = this.maybeNull(0.05, SELLERS);
    return `UPDATE orders SET seller_id = ${quote(order.sellerId)} WHERE order_id = ${quote(orderId)}`;
  }

  private moveInTime(): string {
    const orderId = this.pickOrderId();
    const order = this.orders.get(orderId)!;
    order.createdMicros = this.randomTime();
    const orderTs = this.random.chance(0.2) ? 'NULL' : this.timestamp(order.createdMicros + this.random.int(0, 900) * MICROS_PER_SECOND);
    return `UPDATE orders SET created_at = ${this.timestamp(order.createdMicros)}, order_ts = ${orderTs} WHERE order_id = ${quote(orderId)}`;
  }

  private updateFlags(): string {
    const orderId = this.pickOrderId();
    if (this.random.chance(0.5)) {
      const accepted = this.random.weighted([['true', 2], ['false', 2], ['NULL', 1]] as const);
      return `UPDATE orders SET order_accepted = ${accepted} WHERE order_id = ${quote(orderId)}`;
    }
    const customerId = this.random.chance(0.3) ? null : `c${String(this.random.int(1, CUSTOMER_COUNT)).padStart(3, '0')}`;
    return `UPDATE orders SET customer_id = ${quote(customerId)}, payment_method = ${quote(this.maybeNull(0.2, PAYMENT_METHODS))} WHERE order_id = ${quote(orderId)}`;
  }

  private bulkUpdate(): string {
    const merchantId = MERCHANTS[this.random.zipf(MERCHANTS.length)]!;
    for (const order of this.orders.values()) {
      if (order.merchantId === merchantId && order.status === 'pending') order.status = 'cancelled';
    }
    return `UPDATE orders SET status = 'cancelled' WHERE merchant_id = ${quote(merchantId)} AND status = 'pending'`;
  }

  private updateFulfillment(): string {
    if (this.fulfillment.length === 0) return this.insertFulfillment();
    const key = this.random.pick(this.fulfillment);
    if (this.random.chance(0.7)) {
      return `UPDATE fulfillment SET sla_hours = ${this.random.pick(SLA_HOURS)} WHERE order_id = ${quote(key.orderId)} AND stage = ${quote(key.stage)}`;
    }
    const shiftMinutes = this.random.int(-600, 600);
    return `UPDATE fulfillment SET event_ts = event_ts + interval '${shiftMinutes} minutes' WHERE order_id = ${quote(key.orderId)} AND stage = ${quote(key.stage)}`;
  }

  private updateRating(): string {
    if (this.ratings.size === 0) return this.insertRating();
    const ratingId = this.random.pick([...this.ratings.keys()]);
    const rating = this.random.chance(0.05) ? 'NULL' : String(this.random.int(1, 5));
    return `UPDATE ratings SET rating = ${rating} WHERE rating_id = ${quote(ratingId)}`;
  }

  // ---- deletes ----

  private deleteOrder(): string {
    const orderId = this.pickOrderId();
    this.orders.delete(orderId);
    this.deletedOrderIds.push(orderId);
    return `DELETE FROM orders WHERE order_id = ${quote(orderId)}`;
  }

  private deleteFulfillment(): string {
    if (this.fulfillment.length === 0) return this.insertFulfillment();
    const { orderId, stage } = this.random.pick(this.fulfillment);
    // Deletes every copy, duplicates included.
    for (let keyIdx = this.fulfillment.length - 1; keyIdx >= 0; keyIdx--) {
      const key = this.fulfillment[keyIdx]!;
      if (key.orderId === orderId && key.stage === stage) this.fulfillment.splice(keyIdx, 1);
    }
    return `DELETE FROM fulfillment WHERE order_id = ${quote(orderId)} AND stage = ${quote(stage)}`;
  }

  private deleteRating(): string {
    if (this.ratings.size === 0) return this.insertRating();
    const ratingId = this.random.pick([...this.ratings.keys()]);
    this.ratings.delete(ratingId);
    return `DELETE FROM ratings WHERE rating_id = ${quote(ratingId)}`;
  }

  private bulkDelete(): string {
    const merchantId = MERCHANTS[this.random.zipf(MERCHANTS.length)]!;
    for (const [orderId, order] of this.orders) {
      if (order.merchantId === merchantId && order.status === 'cancelled') {
        this.orders.delete(orderId);
        this.deletedOrderIds.push(orderId);
      }
    }
    return `DELETE FROM orders WHERE merchant_id = ${quote(merchantId)} AND status = 'cancelled'`;
  }

  /** A change that matches no row: both engines must leave every view as it is. */
  private missingKeyChange(): string {
    const orderId = `o8${String(this.random.int(0, 999)).padStart(3, '0')}`;
    return this.random.chance(0.5)
      ? `UPDATE orders SET status = 'completed' WHERE order_id = ${quote(orderId)}`
      : `DELETE FROM orders WHERE order_id = ${quote(orderId)}`;
  }

  // ---- values ----

  /** A new order id; sometimes one that was deleted earlier, so that a key comes back to life. */
  private freshOrderId(): string {
    if (this.deletedOrderIds.length > 0 && this.random.chance(0.2)) {
      const reuseIdx = this.random.int(0, this.deletedOrderIds.length - 1);
      return this.deletedOrderIds.splice(reuseIdx, 1)[0]!;
    }
    return `o${String(this.nextOrderNumber++).padStart(4, '0')}`;
  }

  private pickOrderId(): string {
    // Recent orders change more often than old ones.
    const ids = [...this.orders.keys()];
    return this.random.chance(0.5) ? ids[ids.length - 1 - this.random.zipf(Math.min(ids.length, 10))]! : this.random.pick(ids);
  }

  private randomStatus(): Status | null {
    return this.random.weighted<Status | null>([['pending', 40], ['completed', 40], ['cancelled', 10], ['refunded', 8], [null, 2]]);
  }

  private maybeNull(nullProbability: number, values: readonly string[]): string | null {
    return this.random.chance(nullProbability) ? null : this.random.pick(values);
  }

  /** Amounts in cents, with repeats (ties for MIN/MAX/percentiles) and the odd zero. */
  private randomCents(): number {
    return this.random.weighted<() => number>([
      [() => this.random.int(100, 50_000), 8],
      [() => this.random.pick([999, 1999, 2500, 10_000]), 2],
      [() => 0, 0.2],
    ])();
  }

  /** A time in the generated span; some on exact hour and 5-minute boundaries, where windows begin. */
  private randomTime(): number {
    const minute = this.random.int(0, SPAN_DAYS * 24 * 60 - 1);
    const onBoundary = this.random.chance(0.1);
    const base = FIRST_DAY_MICROS + (onBoundary ? minute - (minute % (this.random.chance(0.5) ? 60 : 5)) : minute) * MICROS_PER_MINUTE;
    if (onBoundary) return base;
    const seconds = this.random.int(0, 59) * MICROS_PER_SECOND;
    return base + seconds + (this.random.chance(0.1) ? this.random.int(0, 999_999) : 0);
  }

  /**
   * A subtotal literal: usually two decimals, sometimes fewer, which changes the scale PostgreSQL keeps and
   * shows in sums and products. Only subtotal varies: where equal values of different scales (0 and 0.00)
   * meet in MIN, MAX, percentile_disc or a GROUP BY, PostgreSQL's answer depends on the order it reads rows,
   * and no view takes those of subtotal.
   */
  private subtotal(cents: number): string {
    const fixed = formatCents(cents);
    if (!this.random.chance(0.1)) return fixed;
    return cents % 100 === 0 ? String(cents / 100) : fixed.replace(/0$/, '');
  }

  private timestamp(micros: number): string {
    if (!this.variedTimestampSpelling) return `'${formatTimestamp(micros, 0, ' ')}'`;
    return this.random.weighted<() => string>([
      [() => `'${formatTimestamp(micros, 0, ' ')}'`, 6],
      [() => `'${formatTimestamp(micros, 330, ' ')}'`, 1],
      [() => `'${formatTimestamp(micros, -300, ' ')}'`, 1],
      [() => `'${formatTimestamp(micros, 0, 'T').replace(/\+00$/, 'Z')}'`, 1],
    ])();
  }
}

const quote = (text: string | null): string => (text === null ? 'NULL' : `'${text}'`);

function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** PostgreSQL's text form of an instant, written in the given UTC offset (minutes). */
export function formatTimestamp(micros: number, offsetMinutes: number, separator: ' ' | 'T'): string {
  const local = micros + offsetMinutes * MICROS_PER_MINUTE;
  const date = new Date(Math.floor(local / 1000));
  const fraction = ((local % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND;
  const two = (value: number): string => String(value).padStart(2, '0');
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const fractionText = fraction === 0 ? '' : `.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`;
  const offsetSign = offsetMinutes < 0 ? '-' : '+';
  const offsetAbs = Math.abs(offsetMinutes);
  const offsetText = `${offsetSign}${two(Math.floor(offsetAbs / 60))}${offsetAbs % 60 === 0 ? '' : `:${two(offsetAbs % 60)}`}`;
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  return `${day}${separator}${clock}${fractionText}${offsetText}`;
}
