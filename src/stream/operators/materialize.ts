// Materialize: the state of a materialized view, a multiset of rows that readers scan.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { rowIdentityKey } from './row-identity.js';

interface Entry {
  readonly row: Row;
  count: number;
}

/**
 * The rows of a materialized view with their multiplicities. Rows are keyed by their exact representation
 * (`rowIdentityKey`), not by SQL equality, so that numeric 2.0 and 2.00 stay two rows as in PostgreSQL; the
 * dataflow retracts exactly the representation it inserted. `push` applies a batch and passes it on unchanged,
 * so that sinks and subscriptions can follow the view.
 */
export class Materialize implements Operator {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    if (batch.rows.length === 0) return null;
    this.apply(batch);
    return batch;
  }

  barrier(): ChangeBatch | null {
    return null;
  }

  /** Adds the batch's changes. A row whose multiplicity would become negative is a dataflow bug and throws. */
  apply(batch: ChangeBatch): void {
    const { rows, weights } = batch;
    const entries = this.entries;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const key = rowIdentityKey(rows[rowIdx]);
      const entry = entries.get(key);
      if (entry === undefined) {
        if (weight < 0) throw negativeMultiplicity(rows[rowIdx], weight);
        entries.set(key, { row: rows[rowIdx], count: weight });
      } else {
        const count = entry.count + weight;
        if (count < 0) throw negativeMultiplicity(rows[rowIdx], count);
        if (count === 0) entries.delete(key);
        else entry.count = count;
      }
      this.total += weight;
    }
  }

  /** The view's rows, each repeated by its multiplicity, distinct rows in the order they were first inserted. */
  rows(): Row[] {
    const result: Row[] = new Array<Row>(this.total);
    let rowIdx = 0;
    for (const entry of this.entries.values()) {
      for (let copy = 0; copy < entry.count; copy++) result[rowIdx++] = entry.row;
    }
    return result;
  }

  /** Number of rows, counting multiplicities. */
  get size(): number {
    return this.total;
  }

  /** Number of distinct rows. */
  get distinctSize(): number {
    return this.entries.size;
  }
}

function negativeMultiplicity(row: Row, count: number): Error {
  return new Error(
    `materialized view row would have multiplicity ${count} (${JSON.stringify(row, jsonReplacer)}); this is a bug`,
  );
}

const jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}` : value);
