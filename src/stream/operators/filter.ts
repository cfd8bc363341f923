// Filter: the stateless operator that keeps the changes whose row satisfies a predicate (WHERE, HAVING, ON of a cross join).
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';

/** Keeps each change whose row makes `predicate` return exactly `true` (NULL and false drop the row, as in SQL). */
export class Filter implements Operator {
  constructor(private readonly predicate: (row: Row) => Value) {}

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const predicate = this.predicate;
    let keptRows: Row[] | null = null;
    let keptWeights: number[] | null = null;
    let keptCount = 0;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const kept = predicate(rows[rowIdx]) === true;
      if (keptRows === null) {
        if (kept) continue;
        // First dropped row: copy the prefix kept so far; a batch that passes whole is returned as is. The
        // arrays are sized for the whole batch once and trimmed at the end, rather than grown row by row.
        keptRows = new Array<Row>(rows.length);
        keptWeights = new Array<number>(rows.length);
        for (; keptCount < rowIdx; keptCount++) {
          keptRows[keptCount] = rows[keptCount];
          keptWeights[keptCount] = weights[keptCount];
        }
      } else if (kept) {
        keptRows[keptCount] = rows[rowIdx];
        keptWeights![keptCount++] = weights[rowIdx];
      }
    }
    if (keptRows === null) return rows.length === 0 ? null : batch;
    if (keptCount === 0) return null;
    keptRows.length = keptCount;
    keptWeights!.length = keptCount;
    return { rows: keptRows, weights: keptWeights! };
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}
