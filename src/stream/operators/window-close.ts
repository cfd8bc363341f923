// WindowClose: EMIT ON WINDOW CLOSE over a HashAgg: each window's row is emitted once, final, when the watermark passes it.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { keyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { LateRowListener } from '../late-rows.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import type { HashAgg } from './hash-agg.js';
import { sameRow } from './row-identity.js';
import { checkpointsNotEnabled, corruptState, expectEnd } from './state-entry.js';

/** First byte of a state key: the aggregate's own entries, this operator's counters, or a held-back row. */
const AGG_ENTRY = 0;
const COUNTERS_ENTRY = 1;
const PENDING_ENTRY = 2;

export interface WindowCloseConfig {
  /** Types of the aggregate's group key columns (the first columns of its output). */
  readonly keyTypes: readonly DataType[];
  /** The group key column that orders windows (window_start, window_end or the event time). */
  readonly keyIndex: number;
  /** That key computed from an input row, to recognise rows of already closed windows. */
  readonly keyOfInput: (row: Row) => Value;
  /** Windows whose key is below this bound are closed; null while no watermark has been seen. */
  readonly closedBefore: () => bigint | null;
  /** Told of each late row (a change for a closed window), which is not applied. */
  readonly onLate?: LateRowListener;
}

/**
 * Wraps the aggregate of an `EMIT ON WINDOW CLOSE` view. The aggregate's per-epoch updates are held back; at
 * each barrier the windows the watermark has passed are emitted once, with their final values, and their state
 * is dropped. Rows that arrive for a closed window are late: they are counted (`lateRows`) and not applied.
 *
 * Checkpoints hold the aggregate's entries (under AGG_ENTRY), one entry per held-back row keyed by its group
 * key, and one with the bound of accepted rows and the late row count.
 */
export class WindowClose implements StatefulOperator {
  private readonly pending = new Map<string, Row>();
  private readonly encodeKey: (row: Row) => string;
  private acceptedBefore: bigint | null = null;
  lateRows = 0;
  /** Group keys of the held-back rows set or dropped since the last checkpoint (null while checkpoints are off). */
  private changed: Set<string> | null = null;
  /** False until the store holds every entry: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  /** The counters as the store holds them. */
  private storedCounters: { readonly acceptedBefore: bigint | null; readonly lateRows: number } | null = null;
  private writer: ValueWriter | null = null;

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
        this.config.onLate?.(batch.rows[i]!, batch.weights[i]!, 'late row: its window was already closed by the watermark');
        continue;
      }
      rows.push(batch.rows[i]!);
      weights.push(batch.weights[i]!);
    }
    return rows.length > 0 ? this.agg.push(port, { rows, weights }) : null;
  }

  barrier(): ChangeBatch | null {
    const updates = this.agg.barrier();
    const changed = this.changed;
    if (updates) {
      for (let i = 0; i < updates.rows.length; i++) {
        const row = updates.rows[i]!;
        const key = this.encodeKey(row);
        if (updates.weights[i]! > 0) this.pending.set(key, row);
        else {
          // By representation: after a restore, the aggregate's emitted row is not the object held here.
          const held = this.pending.get(key);
          if (held === undefined || !sameRow(held, row)) continue;
          this.pending.delete(key);
        }
        if (changed !== null) changed.add(key);
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
      if (changed !== null) changed.add(key);
    }
    this.agg.evict((keyValues) => closed(keyValues[keyIndex]!));
    return out.take();
  }

  enableCheckpoints(): void {
    this.changed ??= new Set();
    this.agg.enableCheckpoints();
  }

  checkpoint(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled('window close');
    this.agg.checkpoint({
      put: (key, bytes) => stateWriter.put(prefixed(AGG_ENTRY, key), bytes),
      delete: (key) => stateWriter.delete(prefixed(AGG_ENTRY, key)),
    });
    const writer = (this.writer ??= new ValueWriter());
    const pendingKey = (key: string): Uint8Array => writer.reset().writeUint(PENDING_ENTRY).writeValue(key).copyBytes();
    if (!this.storeHoldsState) {
      for (const [key, row] of this.pending) stateWriter.put(pendingKey(key), writer.reset().writeRow(row).copyBytes());
      this.storeHoldsState = true;
    } else {
      for (const key of changed) {
        const row = this.pending.get(key);
        if (row === undefined) stateWriter.delete(pendingKey(key));
        else stateWriter.put(pendingKey(key), writer.reset().writeRow(row).copyBytes());
      }
    }
    changed.clear();
    const stored = this.storedCounters;
    if (stored === null || stored.acceptedBefore !== this.acceptedBefore || stored.lateRows !== this.lateRows) {
      const bytes = writer.reset().writeValue(this.acceptedBefore).writeValue(this.lateRows).copyBytes();
      stateWriter.put(Uint8Array.of(COUNTERS_ENTRY), bytes);
      this.storedCounters = { acceptedBefore: this.acceptedBefore, lateRows: this.lateRows };
    }
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const aggEntries: [Uint8Array, Uint8Array][] = [];
    const reader = new ValueReader();
    for (const [key, bytes] of entries) {
      switch (key[0]) {
        case AGG_ENTRY:
          aggEntries.push([key.subarray(1), bytes]);
          break;
        case COUNTERS_ENTRY: {
          const acceptedBefore = reader.reset(bytes).readValue();
          const lateRows = reader.readValue();
          expectEnd(reader, 'window close');
          if ((acceptedBefore !== null && typeof acceptedBefore !== 'bigint') || typeof lateRows !== 'number') {
            throw corruptState('window close', 'counters of the wrong types');
          }
          this.acceptedBefore = acceptedBefore;
          this.lateRows = lateRows;
          this.storedCounters = { acceptedBefore, lateRows };
          break;
        }
        case PENDING_ENTRY: {
          reader.reset(key).readUint();
          const groupKey = reader.readValue();
          expectEnd(reader, 'window close');
          const row = reader.reset(bytes).readRow();
          expectEnd(reader, 'window close');
          if (groupKey !== this.encodeKey(row)) throw corruptState('window close', 'a held-back row of another group');
          this.pending.set(groupKey, row);
          break;
        }
        default:
          throw corruptState('window close', 'an entry of unknown kind');
      }
    }
    this.agg.restore(aggEntries);
    this.storeHoldsState = true;
  }
}

function prefixed(kind: number, key: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(key.length + 1);
  bytes[0] = kind;
  bytes.set(key, 1);
  return bytes;
}
