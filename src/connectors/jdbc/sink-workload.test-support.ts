// A seeded workload for JDBC sink tests: batches of inserts, updates and deletes by a composite key, and their model.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkChange } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';

/** The sunk relation: a composite key of unicode text and bigint, money, times, NULLs. */
export const WORKLOAD_COLUMNS: readonly ColumnInfo[] = [
  { name: 'region', type: 'varchar' },
  { name: 'item_id', type: 'int8' },
  { name: 'amount', type: 'numeric', modifier: { precision: 20, scale: 2 } },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'local_time', type: 'timestamp' },
  { name: 'day', type: 'date' },
  { name: 'note', type: 'varchar' },
  { name: 'active', type: 'boolean' },
  { name: 'ratio', type: 'float8' },
  { name: 'qty', type: 'int4' },
];
export const WORKLOAD_KEY = [0, 1];

/** PostgreSQL's definition of the workload's target table. */
export const POSTGRES_WORKLOAD_DDL = `(region text, item_id bigint, amount numeric(20,2), updated_at timestamptz,
  local_time timestamp, day date, note text, active boolean, ratio double precision, qty integer, PRIMARY KEY (region, item_id))`;
/** MariaDB's, with a binary no-pad collation on the key so that it tells keys apart as Tally does. */
export const MYSQL_WORKLOAD_DDL = `(region VARCHAR(64) COLLATE utf8mb4_nopad_bin NOT NULL, item_id BIGINT NOT NULL, amount DECIMAL(20,2),
  updated_at DATETIME(6), local_time DATETIME(6), day DATE, note TEXT, active BOOLEAN, ratio DOUBLE, qty INT,
  PRIMARY KEY (region, item_id)) DEFAULT CHARACTER SET utf8mb4`;

const REGIONS = ['north', 'Zürich', '東京', 'São Paulo', 'cart 🛒', `o'brien \\ "q"`];
const ITEM_IDS = [1n, 2n, 42n, -7n, 0n, 9007199254740993n, -9223372036854775808n, 9223372036854775807n];
const NOTE_PIECES = ['', 'a', "it's", 'back\\slash', 'line\nbreak', 'tab\there', '"quoted"', 'ünïcödé', '中文', '🙂', '%_', ' '];
/** 1970-01-01 to 2100-01-01 in microseconds. */
const MAX_MICROS = 4102444800000000;
const MAX_DAY = 47482;

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Batches over a fixed key space, applied to a model Map as they are made. */
export class SinkWorkload {
  readonly model = new Map<string, Row>();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private orNull(value: () => Value, nullChance = 0.1): Value {
    return this.random() < nullChance ? null : value();
  }

  /** Money beyond 2^53 cents too: exact only if it never passes through a double. */
  private amount(): Numeric {
    const digits = 1 + Math.floor(this.random() * 18);
    let unscaled = 0n;
    for (let i = 0; i < digits; i++) unscaled = unscaled * 10n + BigInt(Math.floor(this.random() * 10));
    return new Numeric(this.random() < 0.3 ? -unscaled : unscaled, 2);
  }

  private note(): string {
    let text = '';
    const pieces = Math.floor(this.random() * 4);
    for (let i = 0; i < pieces; i++) text += this.pick(NOTE_PIECES);
    return text;
  }

  private ratio(): number {
    const value = (this.random() - 0.5) * 10 ** Math.floor(this.random() * 40 - 20);
    return value === 0 ? 1 : value;
  }

  /** A full row for a key. */
  row(region: string, itemId: bigint): Row {
    return [
      region,
      itemId,
      this.orNull(() => this.amount()),
      this.orNull(() => BigInt(Math.floor(this.random() * MAX_MICROS))),
      this.orNull(() => BigInt(Math.floor(this.random() * MAX_MICROS))),
      this.orNull(() => Math.floor(this.random() * MAX_DAY)),
      this.orNull(() => this.note(), 0.2),
      this.orNull(() => this.random() < 0.5),
      this.orNull(() => this.ratio()),
      this.orNull(() => Math.floor((this.random() - 0.5) * 4_000_000_000)),
    ];
  }

  /** One batch of up to `maxSize` changes, at most one per key; the model is updated to match. */
  batch(maxSize: number): SinkChange[] {
    const size = 1 + Math.floor(this.random() * maxSize);
    const used = new Set<string>();
    const changes: SinkChange[] = [];
    for (let attempt = 0; attempt < size * 3 && changes.length < size; attempt++) {
      const region = this.pick(REGIONS);
      const itemId = this.pick(ITEM_IDS);
      const key = `${region}\u0000${itemId}`;
      if (used.has(key)) continue;
      used.add(key);
      const before = this.model.get(key) ?? null;
      if (before !== null && this.random() < 0.3) {
        changes.push({ before, after: null });
        this.model.delete(key);
      } else {
        const after = this.row(region, itemId);
        changes.push({ before, after });
        this.model.set(key, after);
      }
    }
    return changes;
  }
}
