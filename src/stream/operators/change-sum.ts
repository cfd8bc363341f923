// ChangeSum: the running sum of a stream of change batches (DBSP's integral), consolidated by row representation.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row } from '../../types/value.js';
import { rowIdentityKey } from './row-identity.js';

interface Term {
  readonly row: Row;
  weight: number;
}

/**
 * Sums changes: rows with the same representation add their weights and vanish at zero. Tests compare an
 * operator's summed output with a from-scratch computation through it; sinks can use it to consolidate an epoch.
 */
export class ChangeSum {
  private readonly terms = new Map<string, Term>();

  add(batch: ChangeBatch | null): this {
    if (batch === null) return this;
    for (let rowIdx = 0; rowIdx < batch.rows.length; rowIdx++) this.addRow(batch.rows[rowIdx], batch.weights[rowIdx]);
    return this;
  }

  addRow(row: Row, weight: number): this {
    if (weight === 0) return this;
    const key = rowIdentityKey(row);
    const term = this.terms.get(key);
    if (term === undefined) this.terms.set(key, { row, weight });
    else if (term.weight + weight === 0) this.terms.delete(key);
    else term.weight += weight;
    return this;
  }

  get isEmpty(): boolean {
    return this.terms.size === 0;
  }

  /** The non-zero terms as a batch, in first-insertion order. */
  toBatch(): ChangeBatch {
    const rows: Row[] = [];
    const weights: number[] = [];
    for (const term of this.terms.values()) {
      rows.push(term.row);
      weights.push(term.weight);
    }
    return { rows, weights };
  }

  /** Row identity keys with their weights, sorted: equal for two sums iff they hold the same terms. */
  signature(): string[] {
    return [...this.terms].map(([key, term]) => `${term.weight}×${key}`).sort();
  }
}
