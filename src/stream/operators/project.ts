// Project: the stateless operator that computes a new row from expressions over each input row (SELECT list).
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';

/** Replaces each change's row by the row of `exprs`' values; weights pass through. */
export class Project implements Operator {
  constructor(private readonly exprs: readonly ((row: Row) => Value)[]) {}

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    if (rows.length === 0) return null;
    const exprs = this.exprs;
    const width = exprs.length;
    const projected: Row[] = new Array<Row>(rows.length);
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const row = rows[rowIdx];
      const output: Row = new Array<Value>(width);
      for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = exprs[columnIdx](row);
      projected[rowIdx] = output;
    }
    // Weights are shared, not copied: batches are never mutated once sent.
    return { rows: projected, weights };
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}
