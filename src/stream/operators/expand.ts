// Expand: copies each row once per grouping set, NULLing the columns a set leaves out (GROUPING SETS, ROLLUP, CUBE).
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';

/**
 * For each input row and each grouping set `sets[setIdx]` (the column indexes it keeps), emits a copy of the
 * row's `width` columns with the other columns NULL, followed by the set's index as an int8 (`BigInt(setIdx)`),
 * so that a HashAgg downstream can group by the set index too and GROUPING() can be derived from it.
 */
export class Expand implements Operator {
  private readonly kept: readonly boolean[][];
  private readonly setIndexes: readonly bigint[];

  constructor(
    readonly sets: readonly (readonly number[])[],
    readonly width: number,
  ) {
    this.kept = sets.map((set) => {
      const mask = new Array<boolean>(width).fill(false);
      for (const columnIdx of set) mask[columnIdx] = true;
      return mask;
    });
    this.setIndexes = sets.map((_set, setIdx) => BigInt(setIdx));
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    if (rows.length === 0) return null;
    const setCount = this.kept.length;
    const width = this.width;
    const outputRows: Row[] = new Array<Row>(rows.length * setCount);
    const outputWeights: number[] = new Array<number>(rows.length * setCount);
    let outputIdx = 0;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const row = rows[rowIdx];
      for (let setIdx = 0; setIdx < setCount; setIdx++) {
        const mask = this.kept[setIdx];
        const output: Row = new Array<Value>(width + 1);
        for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = mask[columnIdx] ? row[columnIdx] : null;
        output[width] = this.setIndexes[setIdx];
        outputRows[outputIdx] = output;
        outputWeights[outputIdx++] = weights[rowIdx];
      }
    }
    return { rows: outputRows, weights: outputWeights };
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}
