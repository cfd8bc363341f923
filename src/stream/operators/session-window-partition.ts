// SessionPartition: the rows of one SESSION key ordered by time, this epoch's changes, and the sessions they form.
import type { Row, Value } from '../../types/value.js';
import type { BatchBuilder } from './batch-builder.js';
import { sameRow } from './row-identity.js';

/** Copies of one row (by representation) at one time: `count` now, `delta` of them changed this epoch. */
export interface SessionEntry {
  readonly row: Row;
  count: number;
  delta: number;
}

/** The rows of one time. The slot is live (holds rows) when `total` > 0; it was live at the epoch's start when `total - delta` > 0. */
export interface TimeSlot {
  readonly time: bigint;
  readonly entries: SessionEntry[];
  total: number;
  delta: number;
}

/** Which state the sessions are computed over: the one emitted at the last barrier, or the current one. */
type Version = 'emitted' | 'current';

const isLive = (slot: TimeSlot, version: Version): boolean => (version === 'current' ? slot.total > 0 : slot.total - slot.delta > 0);

/**
 * The rows of one partition key in time slots sorted by time. A session is a maximal run of live slots whose
 * consecutive times are less than the gap apart; its bounds are its first time and its last time plus the gap.
 * Changes apply at once (`apply`) and are remembered until the barrier (`emitChanges`), which works out the
 * sessions they touched as they were at the last barrier and as they are now, and emits the difference of the
 * rows' taggings over those sessions only.
 */
export class SessionPartition {
  readonly slots: TimeSlot[] = [];
  /** Times changed since the last barrier, in arrival order, with repeats. */
  dirty: bigint[] = [];
  /** With EMIT ON WINDOW CLOSE: the time at which the operator looks at this key again (queued in its deadlines). */
  deadline: bigint | null = null;

  constructor(
    readonly key: string,
    private readonly gap: bigint,
  ) {}

  get isEmpty(): boolean {
    return this.slots.length === 0;
  }

  /** Index of the first slot whose time is at least `time` (slots.length when none). */
  lowerBound(time: bigint): number {
    const slots = this.slots;
    let low = 0;
    let high = slots.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (slots[mid].time < time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  slotAt(time: bigint): TimeSlot | undefined {
    const slot = this.slots[this.lowerBound(time)];
    return slot !== undefined && slot.time === time ? slot : undefined;
  }

  /** The entry of `row` at `time`, if the partition has one. */
  entryOf(row: Row, time: bigint): SessionEntry | undefined {
    const slot = this.slotAt(time);
    if (slot === undefined) return undefined;
    for (const entry of slot.entries) if (sameRow(entry.row, row)) return entry;
    return undefined;
  }

  /** Adds `weight` copies of `row` (removes them when negative) at `time`; `tracked` records it for the barrier. */
  apply(row: Row, time: bigint, weight: number, tracked: boolean): void {
    const slots = this.slots;
    const slotIdx = this.lowerBound(time);
    let slot = slots[slotIdx];
    if (slot === undefined || slot.time !== time) {
      slot = { time, entries: [], total: 0, delta: 0 };
      slots.splice(slotIdx, 0, slot);
    }
    let entry: SessionEntry | undefined;
    for (const candidate of slot.entries) {
      if (sameRow(candidate.row, row)) {
        entry = candidate;
        break;
      }
    }
    if (entry === undefined) {
      entry = { row, count: 0, delta: 0 };
      slot.entries.push(entry);
    }
    entry.count += weight;
    slot.total += weight;
    if (!tracked) return;
    entry.delta += weight;
    slot.delta += weight;
    this.dirty.push(time);
  }

  /** Index of the nearest live slot before `slotIdx` (-1 when none). */
  liveBefore(slotIdx: number): number {
    let idx = slotIdx - 1;
    while (idx >= 0 && this.slots[idx].total <= 0) idx--;
    return idx;
  }

  /** Index of the nearest live slot after `slotIdx` (-1 when none). */
  liveAfter(slotIdx: number): number {
    const slots = this.slots;
    let idx = slotIdx + 1;
    while (idx < slots.length && slots[idx].total <= 0) idx++;
    return idx < slots.length ? idx : -1;
  }

  /** Index of the last slot of the current session starting at live slot `firstIdx`, between barriers (all slots live). */
  sessionLast(firstIdx: number): number {
    const slots = this.slots;
    let idx = firstIdx;
    while (idx + 1 < slots.length && slots[idx + 1].time - slots[idx].time < this.gap) idx++;
    return idx;
  }

  /**
   * Emits, for the sessions the epoch's changes touched, each changed tagging of a row: -copies with the session
   * bounds emitted at the last barrier, +copies with the current ones (only the changed copies when a session kept
   * its bounds). Then forgets the changes, removing rows and slots that are gone. Throws if a row ends the epoch
   * with fewer than zero copies (a deletion of a row that was never inserted).
   */
  emitChanges(output: BatchBuilder): void {
    const dirty = this.dirty.length > 1 ? [...new Set(this.dirty)].sort(compareTimes) : this.dirty;
    for (const [lo, hi] of this.regions(dirty)) this.emitRegion(lo, hi, output);
    this.settleChanges(dirty);
    this.dirty = [];
  }

  /**
   * Slot index ranges [lo, hi], disjoint and sorted, holding every session (as emitted and as current) with a live
   * slot less than the gap away from a changed time: exactly the sessions a change can have altered. Both ends of
   * a range are session bounds in both versions, so ranges can be re-tagged independently.
   */
  private regions(dirty: readonly bigint[]): [number, number][] {
    const gap = this.gap;
    const ranges: [number, number][] = [];
    for (let dirtyIdx = 0; dirtyIdx < dirty.length; ) {
      // Windows (t - gap, t + gap) of nearby changed times overlap: scan their union at once.
      const from = dirty[dirtyIdx] - gap;
      let to = dirty[dirtyIdx] + gap;
      dirtyIdx++;
      while (dirtyIdx < dirty.length && dirty[dirtyIdx] - gap < to) to = dirty[dirtyIdx++] + gap;
      let lo = Number.POSITIVE_INFINITY;
      let hi = -1;
      for (const version of ['emitted', 'current'] as const) {
        const [first, last] = this.liveWithin(from, to, version);
        if (first < 0) continue;
        lo = Math.min(lo, this.walk(first, version, -1));
        hi = Math.max(hi, this.walk(last, version, 1));
      }
      if (hi < 0) continue;
      const previous = ranges[ranges.length - 1];
      if (previous !== undefined && lo <= previous[1]) previous[1] = Math.max(previous[1], hi);
      else ranges.push([lo, hi]);
    }
    return ranges;
  }

  /** First and last index of the slots live in `version` with a time strictly between `from` and `to`; [-1, -1] when none. */
  private liveWithin(from: bigint, to: bigint, version: Version): [number, number] {
    const slots = this.slots;
    let first = -1;
    let last = -1;
    for (let idx = this.lowerBound(from + 1n); idx < slots.length && slots[idx].time < to; idx++) {
      if (!isLive(slots[idx], version)) continue;
      if (first < 0) first = idx;
      last = idx;
    }
    return [first, last];
  }

  /** From live slot `slotIdx`, the index of the first (step -1) or last (step 1) live slot of its session in `version`. */
  private walk(slotIdx: number, version: Version, step: -1 | 1): number {
    const slots = this.slots;
    let edge = slotIdx;
    for (let idx = slotIdx + step; idx >= 0 && idx < slots.length; idx += step) {
      if (!isLive(slots[idx], version)) continue;
      const distance = step > 0 ? slots[idx].time - slots[edge].time : slots[edge].time - slots[idx].time;
      if (distance >= this.gap) break;
      edge = idx;
    }
    return edge;
  }

  /** Session bounds per slot of [lo, hi] in `version`: the slot indexes of its session's first and last slots. */
  private sessionBounds(lo: number, hi: number, version: Version): Int32Array {
    const slots = this.slots;
    const bounds = new Int32Array((hi - lo + 1) * 2).fill(-1);
    let first = -1;
    let previous = -1;
    const close = (last: number): void => {
      for (let idx = first; idx <= last; idx++) {
        bounds[(idx - lo) * 2] = first;
        bounds[(idx - lo) * 2 + 1] = last;
      }
    };
    for (let idx = lo; idx <= hi; idx++) {
      if (!isLive(slots[idx], version)) continue;
      if (first >= 0 && slots[idx].time - slots[previous].time >= this.gap) {
        close(previous);
        first = -1;
      }
      if (first < 0) first = idx;
      previous = idx;
    }
    if (first >= 0) close(previous);
    return bounds;
  }

  private emitRegion(lo: number, hi: number, output: BatchBuilder): void {
    const slots = this.slots;
    const gap = this.gap;
    const emitted = this.sessionBounds(lo, hi, 'emitted');
    const current = this.sessionBounds(lo, hi, 'current');
    for (let idx = lo; idx <= hi; idx++) {
      const slot = slots[idx];
      const at = (idx - lo) * 2;
      const oldStart = emitted[at] < 0 ? null : slots[emitted[at]].time;
      const oldEnd = emitted[at] < 0 ? null : slots[emitted[at + 1]].time + gap;
      const newStart = current[at] < 0 ? null : slots[current[at]].time;
      const newEnd = current[at] < 0 ? null : slots[current[at + 1]].time + gap;
      const sameBounds = oldStart !== null && oldStart === newStart && oldEnd === newEnd;
      for (const entry of slot.entries) {
        if (sameBounds) {
          if (entry.delta !== 0) output.add(tagged(entry.row, newStart, newEnd), entry.delta);
          continue;
        }
        const oldCount = entry.count - entry.delta;
        if (oldCount > 0) output.add(tagged(entry.row, oldStart, oldEnd), -oldCount);
        if (entry.count > 0) output.add(tagged(entry.row, newStart, newEnd), entry.count);
      }
    }
  }

  /** Clears the deltas of the changed slots and drops the rows and slots left without copies. */
  private settleChanges(dirty: readonly bigint[]): void {
    const emptied: number[] = [];
    for (const time of dirty) {
      const slotIdx = this.lowerBound(time);
      const slot = this.slots[slotIdx];
      if (slot === undefined || slot.time !== time) continue;
      let kept = 0;
      for (const entry of slot.entries) {
        if (entry.count < 0) throw new Error('session window received a deletion of a row it does not hold (this is a bug)');
        entry.delta = 0;
        if (entry.count > 0) slot.entries[kept++] = entry;
      }
      slot.entries.length = kept;
      slot.delta = 0;
      if (kept === 0) emptied.push(slotIdx);
    }
    for (let idx = emptied.length - 1; idx >= 0; idx--) this.slots.splice(emptied[idx], 1);
  }
}

const compareTimes = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** The output row: the input row with its session's window_start and window_end appended. */
function tagged(row: Row, start: Value, end: Value): Row {
  const width = row.length;
  const output: Row = new Array<Value>(width + 2);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = row[columnIdx];
  output[width] = start;
  output[width + 1] = end;
  return output;
}
