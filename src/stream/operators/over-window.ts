// OverWindow: window functions (OVER (PARTITION BY ... ORDER BY ...)) maintained per partition, emitted at barriers.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { compareRowRepresentations } from './representation-order.js';
import { SortedRows } from './sorted-rows.js';
import { SortedRowsCheckpoint } from './sorted-rows-checkpoint.js';
import type { PeerGroups, WindowEvaluator, WindowFunctionSpec } from './window-function.js';
import { windowEvaluator } from './window-function.js';

export interface OverWindowConfig {
  readonly partitionKeys: readonly ((row: Row) => Value)[];
  /** Types of the partition key values. */
  readonly keyTypes: readonly DataType[];
  /** The window's ORDER BY over input rows; `() => 0` when it has none (all rows are peers). */
  readonly compare: (a: Row, b: Row) => number;
  readonly functions: readonly WindowFunctionSpec[];
}

interface Partition {
  readonly key: string;
  readonly rows: SortedRows;
  /** The output rows emitted so far, sorted by the operator's output order. */
  output: Row[];
  touched: boolean;
}

/**
 * Outputs each input row followed by the value of each window function for it. Every partition keeps its rows
 * sorted by ORDER BY (ties broken by a total order on the whole row); when a partition changes during an epoch,
 * the barrier recomputes its outputs and emits the difference with the previous ones, so rows whose values did not
 * change produce nothing.
 *
 * Checkpoints hold one entry per distinct input row with its number of copies; a restore re-sorts the rows and
 * re-evaluates each partition, which gives the outputs the last barrier emitted.
 */
export class OverWindow implements StatefulOperator {
  private readonly partitions = new Map<string, Partition>();
  private touched: Partition[] = [];
  private readonly encodeKey: (keyValues: Row) => string;
  private readonly keyValues: Value[];
  private readonly evaluators: readonly WindowEvaluator[];
  /** ORDER BY, then the whole row's representation (for outputs: the input columns, then the values). */
  private readonly order: (a: Row, b: Row) => number;
  private readonly checkpoints = new SortedRowsCheckpoint('over window', {
    rowsOf: (row) => this.partitions.get(this.partitionKey(row))?.rows,
    allRows: () => Array.from(this.partitions.values(), (partition) => partition.rows),
  });

  constructor(private readonly config: OverWindowConfig) {
    this.encodeKey = rowKeyEncoder(config.keyTypes);
    this.keyValues = new Array<Value>(config.partitionKeys.length).fill(null);
    this.evaluators = config.functions.map(windowEvaluator);
    const compare = config.compare;
    this.order = (a, b) => compare(a, b) || compareRowRepresentations(a, b);
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const changed = this.checkpoints.changed;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const partition = this.touch(this.partitionOf(row));
      if (changed !== null) changed.add(row);
      for (let copy = 0; copy < weight; copy++) partition.rows.insert(row);
      for (let copy = 0; copy > weight; copy--) {
        if (partition.rows.remove(row) < 0) {
          throw new Error('over window received a deletion of a row it does not hold; this is a bug');
        }
      }
    }
    return null;
  }

  private partitionKey(row: Row): string {
    const partitionKeys = this.config.partitionKeys;
    const keyValues = this.keyValues;
    for (let keyIdx = 0; keyIdx < partitionKeys.length; keyIdx++) keyValues[keyIdx] = partitionKeys[keyIdx](row);
    return this.encodeKey(keyValues);
  }

  private partitionOf(row: Row): Partition {
    const key = this.partitionKey(row);
    let partition = this.partitions.get(key);
    if (partition === undefined) {
      partition = { key, rows: new SortedRows(this.order), output: [], touched: false };
      this.partitions.set(key, partition);
    }
    return partition;
  }

  private touch(partition: Partition): Partition {
    if (!partition.touched) {
      partition.touched = true;
      this.touched.push(partition);
    }
    return partition;
  }

  enableCheckpoints(): void {
    this.checkpoints.enable();
  }

  checkpoint(writer: StateWriter): void {
    this.checkpoints.write(writer);
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    this.checkpoints.restore(entries, (row, count) => {
      const rows = this.partitionOf(row).rows;
      for (let copy = 0; copy < count; copy++) rows.insert(row);
    });
    for (const partition of this.partitions.values()) partition.output = this.evaluate(partition.rows.toArray());
  }

  barrier(): ChangeBatch | null {
    const output = new BatchBuilder();
    for (const partition of this.touched) {
      partition.touched = false;
      const next = this.evaluate(partition.rows.toArray());
      this.diff(partition.output, next, output);
      partition.output = next;
      if (partition.rows.size === 0) this.partitions.delete(partition.key);
    }
    this.touched = [];
    return output.take();
  }

  /** The output rows of a sorted partition, sorted by `order`. */
  private evaluate(rows: readonly Row[]): Row[] {
    const count = rows.length;
    if (count === 0) return [];
    const peers = this.peerGroups(rows);
    const functionCount = this.evaluators.length;
    const width = rows[0].length;
    const outputs: Row[] = new Array<Row>(count);
    for (let rowIdx = 0; rowIdx < count; rowIdx++) {
      const row = rows[rowIdx];
      const output: Row = new Array<Value>(width + functionCount);
      for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = row[columnIdx];
      outputs[rowIdx] = output;
    }
    for (let functionIdx = 0; functionIdx < functionCount; functionIdx++) {
      this.evaluators[functionIdx](rows, peers, outputs, width + functionIdx);
    }
    this.sortDuplicates(rows, outputs);
    return outputs;
  }

  private peerGroups(rows: readonly Row[]): PeerGroups {
    const compare = this.config.compare;
    const start = new Int32Array(rows.length);
    const end = new Int32Array(rows.length);
    for (let groupStart = 0; groupStart < rows.length; ) {
      let groupEnd = groupStart + 1;
      while (groupEnd < rows.length && compare(rows[groupStart], rows[groupEnd]) === 0) groupEnd++;
      start.fill(groupStart, groupStart, groupEnd);
      end.fill(groupEnd, groupStart, groupEnd);
      groupStart = groupEnd;
    }
    return { start, end };
  }

  /**
   * Copies of one input row may get values in any order (row_number 1, 2 but lag 7, 3); sorting each run of
   * copies by the whole output row makes the outputs sorted by `order`, as `diff` needs.
   */
  private sortDuplicates(rows: readonly Row[], outputs: Row[]): void {
    for (let runStart = 0; runStart < rows.length; ) {
      let runEnd = runStart + 1;
      while (runEnd < rows.length && rows[runEnd] === rows[runStart]) runEnd++;
      while (runEnd < rows.length && compareRowRepresentations(rows[runStart], rows[runEnd]) === 0) runEnd++;
      if (runEnd - runStart > 1) {
        const run = outputs.slice(runStart, runEnd).sort(compareRowRepresentations);
        for (let runIdx = 0; runIdx < run.length; runIdx++) outputs[runStart + runIdx] = run[runIdx];
      }
      runStart = runEnd;
    }
  }

  /** Emits next - old, both sorted by `order`. */
  private diff(old: readonly Row[], next: readonly Row[], output: BatchBuilder): void {
    const order = this.order;
    let oldIdx = 0;
    let nextIdx = 0;
    while (oldIdx < old.length && nextIdx < next.length) {
      const comparison = order(old[oldIdx], next[nextIdx]);
      if (comparison === 0) {
        oldIdx++;
        nextIdx++;
      } else if (comparison < 0) {
        output.add(old[oldIdx++], -1);
      } else {
        output.add(next[nextIdx++], 1);
      }
    }
    for (; oldIdx < old.length; oldIdx++) output.add(old[oldIdx], -1);
    for (; nextIdx < next.length; nextIdx++) output.add(next[nextIdx], 1);
  }

  /** Number of partitions held. */
  get partitionCount(): number {
    return this.partitions.size;
  }
}
