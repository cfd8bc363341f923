// Distinct: turns a multiset into a set (SELECT DISTINCT, UNION), emitting at barriers.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { BatchBuilder } from './batch-builder.js';
import { sameRow } from './row-identity.js';

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
 */
export class Distinct implements Operator {
  private readonly encodeKey: (row: Row) => string;
  private readonly entries = new Map<string, DistinctEntry>();
  private touched: DistinctEntry[] = [];

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
    for (const entry of this.touched) {
      entry.touched = false;
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

  /** Number of distinct rows held. */
  get size(): number {
    return this.entries.size;
  }
}
