// Project: the stateless operator that computes a new row from expressions over each input row (SELECT list).
import type { ChangeBatch } from '../../types/change-batch.js';
import { columnReadIndex } from '../../expr/compile.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';

/** Replaces each change's row by the row of `exprs`' values; weights pass through. */
export class Project implements Operator {
  /** Per output column, the input column an expression passes through as is, or -1 when it computes a value. */
  private readonly columns: readonly number[];

  constructor(private readonly exprs: readonly ((row: Row) => Value)[]) {
    this.columns = exprs.map(columnReadIndex);
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    if (rows.length === 0) return null;
    const projected: Row[] = new Array<Row>(rows.length);
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) projected[rowIdx] = projectRow(rows[rowIdx], this.exprs, this.columns);
    // Weights are shared, not copied: batches are never mutated once sent.
    return { rows: projected, weights };
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}

/**
 * The row of `exprs`' values over `row`; `columns` gives, per expression, the column it passes as is (read in
 * place, without a call), or -1 (`columnReadIndex`).
 */
export function projectRow(row: Row, exprs: readonly ((row: Row) => Value)[], columns: readonly number[]): Row {
  const width = exprs.length;
  const output: Row = new Array<Value>(width);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) {
    const column = columns[columnIdx];
    output[columnIdx] = column >= 0 ? (row[column] ?? null) : exprs[columnIdx](row);
  }
  return output;
}
