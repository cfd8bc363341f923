// SessionWindow: SESSION(t, time, gap, key...) — each row tagged with the bounds of its key's session, kept exact under retractions.
import type { LateRowListener } from '../late-rows.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { SessionWindowCheckpoint, type SessionState } from './session-window-checkpoint.js';
import { SessionDeadlines } from './session-window-deadlines.js';
import { SessionPartition } from './session-window-partition.js';

export interface SessionWindowConfig {
  /** Column of the event time (timestamp or timestamptz, µs as bigint). */
  readonly timeIndex: number;
  /** Rows of one key less than `gap` µs apart share a session. */
  readonly gap: bigint;
  /** The partition key of a row (none: the whole stream is one key). */
  readonly partitionKeys: readonly ((row: Row) => Value)[];
  readonly keyTypes: readonly DataType[];
  /**
   * Under EMIT ON WINDOW CLOSE: the watermark of the time column (µs; null while there is none). At each barrier,
   * the sessions that end at or before it close: their rows are dropped, and later changes to them are late.
   */
  readonly watermark?: () => bigint | null;
  /** Told of each late change (one that would alter a closed session), which is not applied. */
  readonly onLate?: LateRowListener;
}

/**
 * Outputs each input row with window_start (its session's first time) and window_end (its session's last time
 * plus the gap) appended. Rows whose time is NULL belong to no session and are dropped. Changes apply at push;
 * at the barrier each partition re-tags the rows of the sessions the epoch's changes touched, and only those:
 * the old tagging of a row whose session changed is retracted and the new one inserted, so that aggregates
 * grouped by the window stay exact under inserts, updates and deletes.
 *
 * With a watermark (EMIT ON WINDOW CLOSE on window_end), a session is closed once its end is at or before the
 * watermark of the last barrier: no row at or after the watermark can join it. Its rows are then dropped from
 * state. A change is late, counted in `lateRows` and not applied, when its time is behind that watermark and it
 * could reach a closed session: an insertion behind the watermark applies only inside [window_start, window_end)
 * of an open session of its key (it joins that session, which stays open and cannot touch a closed one); a
 * deletion applies only to a row held, and not when the part of the session before it would end at or before the
 * watermark. So no change ever alters or creates a closed session, and no state is kept for closed ones.
 *
 * Checkpoints hold the rows with their copies, and the watermark with the late count; the sessions, and so the
 * taggings last emitted, follow from the rows.
 */
export class SessionWindow implements StatefulOperator, SessionState {
  readonly partitions = new Map<string, SessionPartition>();
  /** Partitions changed since the last barrier. */
  private touched: SessionPartition[] = [];
  private readonly encodeKey: (keyValues: Row) => string;
  private readonly keyValues: Value[];
  private readonly deadlines = new SessionDeadlines();
  /** The watermark at the last barrier: sessions that end at or before it are closed. */
  acceptedWatermark: bigint | null = null;
  /** Changes dropped as late (each counts once, whatever its weight). */
  lateRows = 0;
  private readonly checkpoints = new SessionWindowCheckpoint(this);

  constructor(private readonly config: SessionWindowConfig) {
    if (config.gap <= 0n) throw new SqlError('invalid_parameter_value', 'the gap of SESSION must be positive');
    this.encodeKey = rowKeyEncoder(config.keyTypes);
    this.keyValues = new Array<Value>(config.partitionKeys.length).fill(null);
  }

  get timeIndex(): number {
    return this.config.timeIndex;
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const timeIndex = this.config.timeIndex;
    const watermark = this.acceptedWatermark;
    const changed = this.checkpoints.changedRows;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const time = row[timeIndex] as bigint | null;
      if (time === null) continue;
      const key = this.keyOf(row);
      let partition = this.partitions.get(key);
      if (watermark !== null && this.isLate(partition, row, time, weight, watermark)) {
        this.lateRows++;
        this.config.onLate?.(row, weight, 'late row: its session was already closed by the watermark');
        continue;
      }
      partition ??= this.newPartition(key);
      if (partition.dirty.length === 0) this.touched.push(partition);
      partition.apply(row, time, weight, true);
      if (changed !== null) this.checkpoints.noteRow(row);
    }
    return null;
  }

  barrier(): ChangeBatch | null {
    const output = new BatchBuilder();
    const closing = this.config.watermark !== undefined;
    for (const partition of this.touched) {
      partition.emitChanges(output);
      if (closing) this.arm(partition);
      else if (partition.isEmpty) this.partitions.delete(partition.key);
    }
    this.touched = [];
    const watermark = this.config.watermark?.() ?? null;
    if (watermark !== null) {
      this.closeUntil(watermark);
      this.acceptedWatermark = watermark;
    }
    return output.take();
  }

  /** The encoded partition key of `row`. */
  keyOf(row: Row): string {
    const partitionKeys = this.config.partitionKeys;
    const keyValues = this.keyValues;
    for (let keyIdx = 0; keyIdx < partitionKeys.length; keyIdx++) keyValues[keyIdx] = partitionKeys[keyIdx](row);
    return this.encodeKey(keyValues);
  }

  partitionOfRow(row: Row): SessionPartition {
    const key = this.keyOf(row);
    return this.partitions.get(key) ?? this.newPartition(key);
  }

  private newPartition(key: string): SessionPartition {
    const partition = new SessionPartition(key, this.config.gap);
    this.partitions.set(key, partition);
    return partition;
  }

  /** Whether a change is late (see the class comment); every held session is open. */
  private isLate(partition: SessionPartition | undefined, row: Row, time: bigint, weight: number, watermark: bigint): boolean {
    const gap = this.config.gap;
    if (weight > 0) {
      if (time >= watermark) return false;
      if (partition === undefined) return true;
      // Within [window_start, window_end) of a held session: the nearest time at or before it is less than the gap away.
      const slotIdx = partition.lowerBound(time);
      const slot = partition.slots[slotIdx];
      if (slot !== undefined && slot.time === time && slot.total > 0) return false;
      const before = partition.liveBefore(slotIdx);
      return before < 0 || time - partition.slots[before].time >= gap;
    }
    const entry = partition?.entryOf(row, time);
    if (partition === undefined || entry === undefined || entry.count + weight < 0) return true;
    const slotIdx = partition.lowerBound(time);
    if (partition.slots[slotIdx].total + weight > 0) return false;
    // Removing the time's last row splits its session when its neighbours are the gap apart: the left part then
    // ends `gap` after the previous time, which may be at or before the watermark.
    const before = partition.liveBefore(slotIdx);
    if (before < 0 || time - partition.slots[before].time >= gap) return false;
    const previous = partition.slots[before].time;
    const after = partition.liveAfter(slotIdx);
    if (after >= 0 && partition.slots[after].time - previous < gap) return false;
    return previous + gap <= watermark;
  }

  /** Closes, in every partition whose deadline has come, the sessions that end at or before the watermark. */
  private closeUntil(watermark: bigint): void {
    const deadlines = this.deadlines;
    for (let earliest = deadlines.earliest; earliest !== undefined && earliest <= watermark; earliest = deadlines.earliest) {
      const partition = this.partitions.get(deadlines.pop());
      // A deadline that is no longer the partition's own was superseded: the partition is queued again already.
      if (partition === undefined || partition.deadline !== earliest) continue;
      partition.deadline = null;
      this.closeSessions(partition, watermark);
      this.arm(partition);
    }
  }

  /** Drops the partition's leading sessions that end at or before the watermark. */
  private closeSessions(partition: SessionPartition, watermark: bigint): void {
    const slots = partition.slots;
    let closedSlots = 0;
    while (closedSlots < slots.length) {
      const last = partition.sessionLast(closedSlots);
      if (slots[last].time + this.config.gap > watermark) break;
      closedSlots = last + 1;
    }
    if (closedSlots > 0 && this.checkpoints.changedRows !== null) {
      for (let slotIdx = 0; slotIdx < closedSlots; slotIdx++) for (const entry of slots[slotIdx].entries) this.checkpoints.noteRow(entry.row);
    }
    slots.splice(0, closedSlots);
  }

  /** Queues the partition for the end of its first session, or forgets it when it holds nothing. */
  private arm(partition: SessionPartition): void {
    if (partition.isEmpty) {
      this.partitions.delete(partition.key);
      return;
    }
    const deadline = partition.slots[partition.sessionLast(0)].time + this.config.gap;
    // An earlier deadline still queued makes the partition be looked at again then, which re-queues it.
    if (partition.deadline !== null && partition.deadline <= deadline) return;
    partition.deadline = deadline;
    this.deadlines.push(deadline, partition.key);
  }

  enableCheckpoints(): void {
    this.checkpoints.enable();
  }

  checkpoint(writer: StateWriter): void {
    this.checkpoints.write(writer);
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    this.checkpoints.restore(entries);
    if (this.config.watermark === undefined) return;
    this.deadlines.clear();
    for (const partition of [...this.partitions.values()]) {
      partition.deadline = null;
      this.arm(partition);
    }
  }
}
