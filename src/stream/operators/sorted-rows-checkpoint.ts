// Checkpoints of the operators that keep each partition's rows in a SortedRows (TopN, OverWindow).
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { Row } from '../../types/value.js';
import type { StateWriter } from '../operator-state.js';
import type { SortedRows } from './sorted-rows.js';
import { checkpointsNotEnabled, corruptState, expectEnd } from './state-entry.js';

/** Where the rows live: the operator answers for its partitions. */
export interface PartitionedRows {
  /** The rows of the partition `row` belongs to, if that partition exists. */
  rowsOf(row: Row): SortedRows | undefined;
  /** Every partition's rows. */
  allRows(): Iterable<SortedRows>;
}

/**
 * One entry per distinct row representation: the key is the encoded row (which determines its partition), the
 * value its number of copies. The operator adds each row it inserts or removes to `changed` (null until
 * checkpoints are enabled, so that the hot path pays one null check, then one set insertion by reference); a
 * checkpoint then looks up the current count of each distinct representation among them. The output of a
 * partition is a function of its rows, recomputed on restore.
 */
export class SortedRowsCheckpoint {
  /** Rows inserted or removed since the last checkpoint; equal rows may be there as several objects. */
  changed: Set<Row> | null = null;
  /** False until the store holds every row: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  private writer: ValueWriter | null = null;

  constructor(
    private readonly operator: string,
    private readonly rows: PartitionedRows,
  ) {}

  enable(): void {
    this.changed ??= new Set();
  }

  write(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled(this.operator);
    const writer = (this.writer ??= new ValueWriter());
    if (!this.storeHoldsState) {
      for (const rows of this.rows.allRows()) {
        rows.forEachDistinct((row, count) => stateWriter.put(writer.reset().writeRow(row).copyBytes(), writer.reset().writeUint(count).copyBytes()));
      }
      this.storeHoldsState = true;
    } else {
      // Equal representations encode alike: each is written once.
      const written = new Set<string>();
      for (const row of changed) {
        const keyView = writer.reset().writeRow(row).viewBytes();
        const id = Buffer.from(keyView.buffer, keyView.byteOffset, keyView.byteLength).toString('latin1');
        if (written.has(id)) continue;
        written.add(id);
        const key = writer.copyBytes();
        const count = this.rows.rowsOf(row)?.countOf(row) ?? 0;
        if (count === 0) stateWriter.delete(key);
        else stateWriter.put(key, writer.reset().writeUint(count).copyBytes());
      }
    }
    changed.clear();
  }

  /** Decodes the entries of a checkpoint, calling `add` with each row and its number of copies. */
  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>, add: (row: Row, count: number) => void): void {
    const reader = new ValueReader();
    for (const [key, bytes] of entries) {
      const row = reader.reset(key).readRow();
      expectEnd(reader, this.operator);
      const count = reader.reset(bytes).readUint();
      expectEnd(reader, this.operator);
      if (count <= 0) throw corruptState(this.operator, 'a row without copies');
      add(row, count);
    }
    this.storeHoldsState = true;
  }
}
