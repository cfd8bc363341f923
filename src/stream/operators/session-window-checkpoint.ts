// Checkpoints of SessionWindow: its rows with their copies, the watermark and the late count.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { Row } from '../../types/value.js';
import type { StateWriter } from '../operator-state.js';
import { rowIdentityKey } from './row-identity.js';
import type { SessionPartition } from './session-window-partition.js';
import { checkpointsNotEnabled, corruptState, expectEnd } from './state-entry.js';

/** First value of a state key: a row, or the counters. */
const ROW_ENTRY = 0;
const COUNTERS_ENTRY = 1;

const OPERATOR = 'session window';

/** What the checkpoint reads and restores of the operator. */
export interface SessionState {
  readonly partitions: ReadonlyMap<string, SessionPartition>;
  readonly timeIndex: number;
  acceptedWatermark: bigint | null;
  lateRows: number;
  /** The encoded partition key of a row. */
  keyOf(row: Row): string;
  /** The partition of a row, made if need be. */
  partitionOfRow(row: Row): SessionPartition;
}

/**
 * Entries: one per distinct row (by representation) with its number of copies, keyed by the row, which
 * determines its partition and time; one with the watermark of the last barrier and the late count. The
 * operator reports each row whose copies change (`changedRows` is null until checkpoints are enabled, so that
 * the hot path pays one null check); a checkpoint writes their current counts.
 */
export class SessionWindowCheckpoint {
  changedRows: Map<string, Row> | null = null;
  /** The counters as the store holds them (null: not written yet). */
  private storedCounters: { readonly watermark: bigint | null; readonly lateRows: number } | null = null;
  /** False until the store holds every entry: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  private writer: ValueWriter | null = null;

  constructor(private readonly state: SessionState) {}

  enable(): void {
    this.changedRows ??= new Map();
  }

  /** Records a change of `row`'s copies (the caller checked `changedRows` is not null). */
  noteRow(row: Row): void {
    this.changedRows!.set(rowIdentityKey(row), row);
  }

  write(stateWriter: StateWriter): void {
    const changedRows = this.changedRows;
    if (changedRows === null) throw checkpointsNotEnabled(OPERATOR);
    const writer = (this.writer ??= new ValueWriter());
    const state = this.state;
    if (!this.storeHoldsState) {
      for (const partition of state.partitions.values()) {
        for (const slot of partition.slots) for (const entry of slot.entries) stateWriter.put(this.rowKey(entry.row), this.countBytes(entry.count));
      }
      this.storeHoldsState = true;
    } else {
      for (const row of changedRows.values()) {
        const count = this.countOf(row);
        if (count === 0) stateWriter.delete(this.rowKey(row));
        else stateWriter.put(this.rowKey(row), this.countBytes(count));
      }
    }
    changedRows.clear();
    const stored = this.storedCounters;
    if (stored === null || stored.watermark !== state.acceptedWatermark || stored.lateRows !== state.lateRows) {
      stateWriter.put(this.countersKey(), writer.reset().writeValue(state.acceptedWatermark).writeValue(state.lateRows).copyBytes());
      this.storedCounters = { watermark: state.acceptedWatermark, lateRows: state.lateRows };
    }
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const reader = new ValueReader();
    const state = this.state;
    for (const [key, bytes] of entries) {
      const kind = reader.reset(key).readUint();
      switch (kind) {
        case ROW_ENTRY: {
          const row = reader.readRow();
          expectEnd(reader, OPERATOR);
          const count = reader.reset(bytes).readUint();
          expectEnd(reader, OPERATOR);
          const time = row[state.timeIndex];
          if (count <= 0 || typeof time !== 'bigint') throw corruptState(OPERATOR, 'a row without copies or time');
          state.partitionOfRow(row).apply(row, time, count, false);
          break;
        }
        case COUNTERS_ENTRY: {
          expectEnd(reader, OPERATOR);
          const watermark = reader.reset(bytes).readValue();
          const lateRows = reader.readValue();
          expectEnd(reader, OPERATOR);
          if ((watermark !== null && typeof watermark !== 'bigint') || typeof lateRows !== 'number') throw corruptState(OPERATOR, 'counters of the wrong types');
          state.acceptedWatermark = watermark;
          state.lateRows = lateRows;
          this.storedCounters = { watermark, lateRows };
          break;
        }
        default:
          throw corruptState(OPERATOR, 'an entry of unknown kind');
      }
    }
    this.storeHoldsState = true;
  }

  private countOf(row: Row): number {
    const time = row[this.state.timeIndex] as bigint;
    return this.state.partitions.get(this.state.keyOf(row))?.entryOf(row, time)?.count ?? 0;
  }

  private rowKey(row: Row): Uint8Array {
    return this.writer!.reset().writeUint(ROW_ENTRY).writeRow(row).copyBytes();
  }

  private countersKey(): Uint8Array {
    return this.writer!.reset().writeUint(COUNTERS_ENTRY).copyBytes();
  }

  private countBytes(count: number): Uint8Array {
    return this.writer!.reset().writeUint(count).copyBytes();
  }
}
