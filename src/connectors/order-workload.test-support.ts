// A seeded workload of SQL over an `orders` table for engine-level sink tests: inserts, updates, moves, deletes,
// and merchants that vanish, with helpers to read a relation and decoded sink rows as comparable text.
import type { ColumnInfo } from '../catalog/catalog.js';
import type { Engine } from '../engine/engine.js';
import { formatValue } from '../types/text-format.js';
import type { Row } from '../types/value.js';
import { seededRandom } from './jdbc/sink-workload.test-support.js';

const FIRST_MERCHANTS = ['m0', 'm1', 'm2', 'm3', 'm4', `o'brien`, 'Zürich', '東京'];
const STATUSES = ['paid', 'pending', 'cancelled'];

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Statements over `orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC(12,2), status VARCHAR[, seq INT])`.
 * Totals are positive. With `sequenced`, every inserted or updated row gets a fresh `seq`, larger than any before:
 * a row version, once gone, never comes back.
 */
export class OrderWorkload {
  private readonly random: () => number;
  /** The merchants new orders go to; a merchant that vanishes is replaced by a new one, so its key stays gone. */
  private readonly merchants = [...FIRST_MERCHANTS];
  /** Live orders: id to merchant. */
  private readonly live = new Map<number, string>();
  private nextId = 1;
  private nextSeq = 1;
  /** How many times a merchant lost all of its orders in one statement: tests check the workload did that. */
  vanished = 0;

  constructor(
    seed: number,
    private readonly sequenced = false,
  ) {
    this.random = seededRandom(seed);
  }

  /** The CREATE TABLE statement of the workload's table. */
  get ddl(): string {
    return `CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC(12,2), status VARCHAR${this.sequenced ? ', seq INT' : ''})`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** 0.01 to 999.99, written with or without trailing zeros so that the engine's scale handling shows. */
  private total(): string {
    const cents = 1 + Math.floor(this.random() * 99_999);
    const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    return this.random() < 0.2 ? text.replace(/\.?0+$/, '') : text;
  }

  private seq(): string {
    return this.sequenced ? `, seq = ${this.nextSeq++}` : '';
  }

  private insert(): string {
    const rows: string[] = [];
    const count = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < count; i++) {
      const id = this.nextId++;
      const merchant = this.pick(this.merchants);
      this.live.set(id, merchant);
      const seq = this.sequenced ? `, ${this.nextSeq++}` : '';
      rows.push(`(${id}, ${quote(merchant)}, ${this.total()}, ${quote(this.pick(STATUSES))}${seq})`);
    }
    return `INSERT INTO orders VALUES ${rows.join(', ')}`;
  }

  private liveId(): number {
    const ids = [...this.live.keys()];
    return this.pick(ids);
  }

  /** One statement; several are sometimes joined so that one epoch holds changes that cancel or compound. */
  step(): string {
    if (this.live.size === 0) return this.insert();
    const roll = this.random();
    if (roll < 0.4) return this.insert();
    if (roll < 0.6) return `UPDATE orders SET total = ${this.total()}${this.seq()} WHERE id = ${this.liveId()}`;
    if (roll < 0.7) return `UPDATE orders SET status = ${quote(this.pick(STATUSES))}${this.seq()} WHERE id = ${this.liveId()}`;
    if (roll < 0.77) {
      const id = this.liveId();
      const merchant = this.pick(this.merchants);
      this.live.set(id, merchant);
      return `UPDATE orders SET merchant = ${quote(merchant)}${this.seq()} WHERE id = ${id}`;
    }
    if (roll < 0.92) {
      const id = this.liveId();
      this.live.delete(id);
      return `DELETE FROM orders WHERE id = ${id}`;
    }
    if (roll < 0.96) {
      // A whole merchant goes for good: its group leaves every view (a tombstone, a resolved alert) even when the
      // sink writes several epochs at once.
      const merchant = this.pick([...new Set(this.live.values())]);
      for (const [id, of] of this.live) if (of === merchant) this.live.delete(id);
      const slot = this.merchants.indexOf(merchant);
      if (slot >= 0) this.merchants[slot] = `m${FIRST_MERCHANTS.length + this.vanished}`;
      this.vanished++;
      return `DELETE FROM orders WHERE merchant = ${quote(merchant)}`;
    }
    return `${this.insert()}; ${this.step()}; ${this.step()}`;
  }

}

/** A row as one line of text, columns separated by `|`, NULL as `NULL`. */
export function rowText(columns: readonly Pick<ColumnInfo, 'type'>[], row: Row): string {
  return row.map((value, i) => formatValue(columns[i]!.type, value) ?? 'NULL').join('|');
}

/** The rows of a query as sorted lines of text, and its columns (to decode what a sink wrote). */
export async function relationText(db: Engine, sql: string): Promise<{ columns: ColumnInfo[]; lines: string[] }> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error(`expected rows from ${sql}`);
  const columns = result.columns.map(({ name, type }) => ({ name, type }));
  return { columns, lines: result.rows.map((row) => rowText(columns, row)).sort() };
}
