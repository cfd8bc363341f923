// Project: the stateless operator that computes a new row from expressions over each input row (SELECT list).
import type { ChangeBatch } from '../../types/change-batch.js';
import { columnReadIndex } from '../../expr/compile.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';

/** How the input retracts its rows, which lets a projection remember what it made of them. */
export interface ProjectOptions {
  /**
   * The input retracts the very row objects it inserted, and keeps few of them live at a time (an aggregate's
   * emitted rows, one per group): the projection then keeps each live input row's output, so that a retraction
   * costs a lookup instead of evaluating every expression again, and hands downstream the identical row it
   * inserted (which view state recognises without comparing values).
   */
  readonly inputRetractsInserted?: boolean;
}

/** Replaces each change's row by the row of `exprs`' values; weights pass through. */
export class Project implements Operator {
  /** Per output column, the input column an expression passes through as is, or -1 when it computes a value. */
  private readonly columns: readonly number[];
  /** Input row -> the output made of it, for the input rows inserted and not yet retracted (see `ProjectOptions`). */
  private readonly outputs: Map<Row, Row> | undefined;

  constructor(
    private readonly exprs: readonly ((row: Row) => Value)[],
    options: ProjectOptions = {},
  ) {
    this.columns = exprs.map(columnReadIndex);
    this.outputs = options.inputRetractsInserted === true ? new Map() : undefined;
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    if (rows.length === 0) return null;
    const outputs = this.outputs;
    const projected: Row[] = new Array<Row>(rows.length);
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const row = rows[rowIdx];
      if (outputs === undefined) {
        projected[rowIdx] = this.project(row);
        continue;
      }
      // A row retracted more often than inserted, or inserted before a restore, is evaluated again: the
      // expressions give the same row, only without the shortcut.
      if (weights[rowIdx] < 0) {
        const output = outputs.get(row);
        if (output !== undefined) {
          outputs.delete(row);
          projected[rowIdx] = output;
          continue;
        }
      }
      const output = this.project(row);
      if (weights[rowIdx] > 0) outputs.set(row, output);
      projected[rowIdx] = output;
    }
    // Weights are shared, not copied: batches are never mutated once sent.
    return { rows: projected, weights };
  }

  barrier(): ChangeBatch | null {
    return null;
  }

  private project(row: Row): Row {
    const exprs = this.exprs;
    const columns = this.columns;
    const width = exprs.length;
    const output: Row = new Array<Value>(width);
    for (let columnIdx = 0; columnIdx < width; columnIdx++) {
      const column = columns[columnIdx];
      output[columnIdx] = column >= 0 ? (row[column] ?? null) : exprs[columnIdx](row);
    }
    return output;
  }
}
