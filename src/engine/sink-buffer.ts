// A sink's changes between deliveries: consolidated per primary key (upsert) or kept in order (append-only).
import type { DataType } from '../types/data-type.js';
import { KeyMap } from '../types/key-map.js';
import type { Row } from '../types/value.js';
import type { ChangeBatch } from '../types/change-batch.js';
import { rowIdentityKey } from '../stream/operators/row-identity.js';
import type { SinkChange } from '../stream/sink.js';

/** The rows of one key that changed, with their net weights (a row with -1 was there before, +1 is there after). */
type KeyChanges = Map<string, { row: Row; weight: number }>;

/**
 * Collects a relation's changes for a sink until they are sealed into a batch. An upsert buffer nets the changes
 * of each primary key, whatever their order within and across epochs, into one SinkChange (before = the row
 * retracted, after = the row inserted); an append-only buffer keeps every inserted row in order and counts the
 * retractions it cannot express.
 */
export class SinkBuffer {
  private readonly byKey: KeyMap<KeyChanges> | undefined;
  private appended: Row[] = [];
  private changeCount = 0;
  /** Retractions an append-only sink dropped (`force_append_only`) or could not deliver. */
  droppedRetractions = 0;

  constructor(types: readonly DataType[], primaryKey: readonly number[] | undefined) {
    if (primaryKey) this.byKey = new KeyMap<KeyChanges>(types, primaryKey);
  }

  /** Changes added since the last `seal` (an upper bound of the batch's size for upsert sinks). */
  get size(): number {
    return this.changeCount;
  }

  add(batch: ChangeBatch): void {
    const { rows, weights } = batch;
    const byKey = this.byKey;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx]!;
      const row = rows[rowIdx]!;
      if (weight === 0) continue;
      this.changeCount++;
      if (byKey === undefined) {
        if (weight < 0) this.droppedRetractions -= weight;
        else for (let copy = 0; copy < weight; copy++) this.appended.push(row);
        continue;
      }
      let changes = byKey.get(row);
      if (changes === undefined) {
        changes = new Map();
        byKey.set(row, changes);
      }
      const identity = rowIdentityKey(row);
      const known = changes.get(identity);
      if (known === undefined) changes.set(identity, { row, weight });
      else if ((known.weight += weight) === 0) changes.delete(identity);
    }
  }

  /** The buffered changes as one batch; the buffer starts empty again. */
  seal(): SinkChange[] {
    const out: SinkChange[] = [];
    if (this.byKey === undefined) {
      for (const row of this.appended) out.push({ before: null, after: row });
      this.appended = [];
    } else {
      for (const changes of this.byKey.values()) {
        let before: Row | null = null;
        let after: Row | null = null;
        for (const { row, weight } of changes.values()) {
          if (weight < 0) before = row;
          else after = row;
        }
        if (before !== null || after !== null) out.push({ before, after });
      }
      this.byKey.clear();
    }
    this.changeCount = 0;
    return out;
  }
}

/**
 * Merges consecutive sealed batches of an upsert sink into one: per key, the first batch's `before` and the last
 * one's `after`, so that a sink catching up after an outage writes each key once. A key inserted by one batch and
 * deleted by a later one is deleted when a write of one of those batches was already tried (`attempted`: after a
 * failed write or a crash the insert may be in the target), and left out otherwise — an alert that fired and
 * resolved between two writes is never announced as resolved only.
 */
export function mergeUpsertBatches(
  batches: readonly (readonly SinkChange[])[],
  attempted: readonly boolean[],
  types: readonly DataType[],
  primaryKey: readonly number[],
): SinkChange[] {
  if (batches.length === 1) return batches[0]!.slice();
  const merged = new KeyMap<{ before: Row | null; after: Row | null; row: Row; mayBeInTarget: boolean }>(types, primaryKey);
  batches.forEach((batch, batchIdx) => {
    for (const change of batch) {
      const row = (change.after ?? change.before)!;
      const known = merged.get(row);
      if (known === undefined) merged.set(row, { before: change.before, after: change.after, row, mayBeInTarget: attempted[batchIdx] === true });
      else known.after = change.after;
    }
  });
  const out: SinkChange[] = [];
  for (const { before, after, row, mayBeInTarget } of merged.values()) {
    if (before !== null || after !== null) out.push({ before, after });
    else if (mayBeInTarget) out.push({ before: row, after: null });
  }
  return out;
}
