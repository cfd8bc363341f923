// An accumulator of output changes that hands them over as one ChangeBatch.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row } from '../../types/value.js';

/** Collects (row, weight) changes; operators fill one during a push or a barrier and `take` the batch at its end. */
export class BatchBuilder {
  private rows: Row[] = [];
  private weights: number[] = [];

  add(row: Row, weight: number): void {
    this.rows.push(row);
    this.weights.push(weight);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Returns the collected changes (null when none) and starts a new batch. */
  take(): ChangeBatch | null {
    if (this.rows.length === 0) return null;
    const batch: ChangeBatch = { rows: this.rows, weights: this.weights };
    this.rows = [];
    this.weights = [];
    return batch;
  }
}
