// WindowClose: EMIT ON WINDOW CLOSE over a HashAgg: each window's row is emitted once, final, when the watermark passes it.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { keyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { BatchBuilder } from './batch-builder.js';
import type { HashAgg } from './hash-agg.js';

export interface WindowCloseConfig {
  /** Types of the aggregate's group key columns (the first columns of its output). */
  readonly keyTypes: readonly DataType[];
  /** The group key column that orders windows (window_start, window_end or the event time). */
  readonly keyIndex: number;
  /** That key computed from an input row, to recognise rows of already closed windows. */
  readonly keyOfInput: (row: Row) => Value;
  /** Windows whose key is below this bound are closed; null while no watermark has been seen. */
  readonly closedBefore: () => bigint | null;
}

/**
 * Wraps the aggregate of an `EMIT ON WINDOW CLOSE` view. The aggregate's per-epoch updates are held back; at
 * each barrier the windows the watermark has passed are emitted once, with their final values, and their state
 * is dropped. Rows that arrive for a closed window are late: they are counted (`lateRows`) and not applied.
 */
export class WindowClose implements Operator {
  private readonly pending = new Map<string, Row>();
  private readonly encodeKey: (row: Row) => string;
  private acceptedBefore: bigint | null = null;
  lateRows = 0;

  constructor(
    private readonly agg: HashAgg,
    private readonly config: WindowCloseConfig,
  ) {
    this.encodeKey = keyEncoder(config.keyTypes, config.keyTypes.map((_, i) => i));
  }

  push(port: number, batch: ChangeBatch): ChangeBatch | null {
    const bound = this.acceptedBefore;
    if (bound === null) return this.agg.push(port, batch);
    const rows: Row[] = [];
    const weights: number[] = [];
    for (let i = 0; i < batch.rows.length; i++) {
      const key = this.config.keyOfInput(batch.rows[i]!);
      if (key !== null && (key as bigint) < bound) {
        this.lateRows++;
        continue;
      }
      rows.push(batch.rows[i]!);
      weights.push(batch.weights[i]!);
    }
    return rows.length > 0 ? this.agg.push(port, { rows, weights }) : null;
  }

  barrier(): ChangeBatch | null {
    const updates = this.agg.barrier();
    if (updates) {
      for (let i = 0; i < updates.rows.length; i++) {
        const row = updates.rows[i]!;
        const key = this.encodeKey(row);
        if (updates.weights[i]! > 0) this.pending.set(key, row);
        else if (this.pending.get(key) === row) this.pending.delete(key);
      }
    }
    const bound = this.config.closedBefore();
    if (bound === null) return null;
    this.acceptedBefore = bound;
    const out = new BatchBuilder();
    const keyIndex = this.config.keyIndex;
    const closed = (value: Value): boolean => value !== null && (value as bigint) < bound;
    for (const [key, row] of this.pending) {
      if (!closed(row[keyIndex]!)) continue;
      out.add(row, 1);
      this.pending.delete(key);
    }
    this.agg.evict((keyValues) => closed(keyValues[keyIndex]!));
    return out.take();
  }
}
