// A seeded random workload of upstream transactions (inserts, updates, key changes, deletes) on a test table.
import { columns } from '../source-spec.test-support.js';
import type { CdcTestServer } from './cdc-test-server.test-support.js';

/** The Tally columns of the workload table, and its key. */
export const WORKLOAD_COLUMNS = columns(['id', 'int4'], ['name', 'varchar'], ['amount', 'numeric'], ['ts', 'timestamptz'], ['qty', 'int8']);
export const WORKLOAD_KEY = [0];

/** The upstream table (amount keeps 4 decimals: numeric must come through exactly). */
export const workloadDdl = (table: string): string =>
  `CREATE TABLE "${table}" (id int PRIMARY KEY, name text, amount numeric(20,4), ts timestamptz, qty bigint)`;

/** mulberry32: small, seeded, good enough to vary a workload. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['alice', "o'brien", 'zoë', 'a "quoted" name', 'tab\there', 'line\nbreak', '', '東京'];

/** Issues random transactions on `table`, keeping track of the ids that exist so that every change applies. */
export class CdcWorkload {
  private readonly random: () => number;
  readonly ids = new Set<number>();
  private nextId = 1;

  constructor(private readonly server: CdcTestServer, private readonly table: string, seed: number) {
    this.random = seededRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private anyId(): number | undefined {
    if (this.ids.size === 0) return undefined;
    return this.pick([...this.ids]);
  }

  /** Column values as text parameters: amount with 4 decimals, ts with microseconds, nulls now and then. */
  private values(): (string | null)[] {
    const r = this.random;
    const amount = `${r() < 0.5 ? '-' : ''}${Math.floor(r() * 1e9)}.${String(Math.floor(r() * 1e4)).padStart(4, '0')}`;
    const micros = BigInt(Math.floor(r() * 2e9)) * 1_000_000n + BigInt(Math.floor(r() * 1e6));
    const ts = new Date(Number(micros / 1000n)).toISOString().replace('T', ' ').slice(0, 19) + `.${String(micros % 1_000_000n).padStart(6, '0')}+00`;
    return [
      r() < 0.1 ? null : this.pick(NAMES),
      r() < 0.1 ? null : amount,
      r() < 0.1 ? null : ts,
      r() < 0.1 ? null : String(BigInt(Math.floor(r() * 2 ** 53)) * (r() < 0.5 ? -1n : 1n) * 1000n + 7n),
    ];
  }

  /** Inserts `count` rows in one transaction. */
  async insertRows(count: number): Promise<void> {
    await this.server.run('BEGIN');
    for (let rowIdx = 0; rowIdx < count; rowIdx++) await this.insert();
    await this.server.run('COMMIT');
  }

  private async insert(): Promise<void> {
    const id = this.nextId++;
    await this.server.run(`INSERT INTO "${this.table}" VALUES ($1, $2, $3, $4, $5)`, [id, ...this.values()]);
    this.ids.add(id);
  }

  /** One transaction of one to five random changes. */
  async transaction(): Promise<void> {
    await this.server.run('BEGIN');
    const changes = 1 + Math.floor(this.random() * 5);
    for (let changeIdx = 0; changeIdx < changes; changeIdx++) {
      const choice = this.random();
      const id = this.anyId();
      if (id === undefined || choice < 0.35) await this.insert();
      else if (choice < 0.65) {
        await this.server.run(`UPDATE "${this.table}" SET name = $2, amount = $3, ts = $4, qty = $5 WHERE id = $1`, [id, ...this.values()]);
      } else if (choice < 0.8) {
        const newId = this.nextId++;
        await this.server.run(`UPDATE "${this.table}" SET id = $2 WHERE id = $1`, [id, newId]);
        this.ids.delete(id);
        this.ids.add(newId);
      } else {
        await this.server.run(`DELETE FROM "${this.table}" WHERE id = $1`, [id]);
        this.ids.delete(id);
      }
    }
    await this.server.run('COMMIT');
  }
}
