// Distinct: turns a multiset into a set (SELECT DISTINCT, UNION), emitting at barriers.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { sameRow } from './row-identity.js';
import { checkpointsNotEnabled, corruptState, expectEnd, readCount, writeCount, writeKeyedEntries } from './state-entry.js';

interface DistinctEntry {
  readonly key: string;
  /**
   * The representative printed for the row: the latest inserted representation of equal rows ('1 day' after
   * '24:00:00'), as an upsert keyed by the row would keep; a change of representative is emitted as an update.
   */
  row: Row;
  count: number;
  /** The row emitted downstream and not retracted, if any. */
  emitted: Row | null;
  touched: boolean;
}

/**
 * Emits each row once while its multiplicity is positive. Rows are compared as SQL's DISTINCT does (NULLs equal,
 * 2.0 equal to 2.00). Changes are summed over the epoch and the set's change is emitted at the barrier, so a row
 * inserted and deleted in one epoch produces nothing.
 *
 * Checkpoints hold one entry per distinct row: the key is its DISTINCT key (the same for 2.0 and 2.00), the
 * value its count and representative. What a row has emitted follows from them: after a barrier, a row with a
 * positive count has emitted its representative, any other row nothing.
 */
export class Distinct implements StatefulOperator {
  private readonly encodeKey: (row: Row) => string;
  private readonly entries = new Map<string, DistinctEntry>();
  private touched: DistinctEntry[] = [];
  /** Entries touched since the last checkpoint, by key (null while checkpoints are off). */
  private changed: Map<string, DistinctEntry> | null = null;
  /** False until the store holds every entry: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  private writer: ValueWriter | null = null;

  constructor(rowTypes: readonly DataType[]) {
    this.encodeKey = rowKeyEncoder(rowTypes);
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const key = this.encodeKey(row);
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { key, row, count: 0, emitted: null, touched: false };
        this.entries.set(key, entry);
      } else if (weight > 0) {
        entry.row = row;
      }
      entry.count += weight;
      if (!entry.touched) {
        entry.touched = true;
        this.touched.push(entry);
      }
    }
    return null;
  }

  barrier(): ChangeBatch | null {
    const output = new BatchBuilder();
    const changed = this.changed;
    for (const entry of this.touched) {
      entry.touched = false;
      if (changed !== null) changed.set(entry.key, entry);
      const present = entry.count > 0;
      if (entry.emitted && (!present || !sameRow(entry.emitted, entry.row))) {
        output.add(entry.emitted, -1);
        entry.emitted = null;
      }
      if (present && !entry.emitted) {
        output.add(entry.row, 1);
        entry.emitted = entry.row;
      }
      if (entry.count === 0) this.entries.delete(entry.key);
    }
    this.touched = [];
    return output.take();
  }

  enableCheckpoints(): void {
    this.changed ??= new Map();
  }

  checkpoint(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled('distinct');
    const writer = (this.writer ??= new ValueWriter());
    writeKeyedEntries(stateWriter, writer, this.entries.values(), changed.values(), this.storeHoldsState, (entry) => entry.count !== 0, (entry) => this.entryValue(writer, entry));
    this.storeHoldsState = true;
    changed.clear();
  }

  private entryValue(writer: ValueWriter, entry: DistinctEntry): Uint8Array {
    return writeCount(writer.reset(), entry.count).writeRow(entry.row).copyBytes();
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const reader = new ValueReader();
    for (const [keyBytes, bytes] of entries) {
      const key = reader.reset(keyBytes).readValue();
      expectEnd(reader, 'distinct');
      const count = readCount(reader.reset(bytes), 'distinct');
      const row = reader.readRow();
      expectEnd(reader, 'distinct');
      if (count === 0 || key !== this.encodeKey(row)) throw corruptState('distinct', 'an entry without rows or of another key');
      this.entries.set(key, { key, row, count, emitted: count > 0 ? row : null, touched: false });
    }
    this.storeHoldsState = true;
  }

  /** Number of distinct rows held. */
  get size(): number {
    return this.entries.size;
  }
}
