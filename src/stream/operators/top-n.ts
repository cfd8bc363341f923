// TopN: the first rows of each partition in an order (ORDER BY ... LIMIT, rank filters, DISTINCT ON), emitted at barriers.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { rowKeyEncoder } from '../../types/key.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { compareRowRepresentations } from './representation-order.js';
import { SortedRows } from './sorted-rows.js';
import { SortedRowsCheckpoint } from './sorted-rows-checkpoint.js';

export type RankKind = 'row_number' | 'rank' | 'dense_rank';

export interface TopNConfig {
  /** PARTITION BY (or DISTINCT ON) values; none for a plain ORDER BY ... LIMIT. */
  readonly partitionKeys: readonly ((row: Row) => Value)[];
  /** Types of the partition key values. */
  readonly keyTypes: readonly DataType[];
  /** ORDER BY of the rows within a partition, over input rows. */
  readonly compare: (a: Row, b: Row) => number;
  readonly offset: number;
  /** Number of rows (or of ranks with `rank`) kept after `offset`; may be Infinity. */
  readonly limit: number;
  /** FETCH FIRST ... WITH TIES: rows tied with the last kept row are kept too. */
  readonly withTies: boolean;
  /**
   * Rank filter (`WHERE rank() OVER (...) <= N`): keeps the rows whose rank r satisfies offset < r <= offset +
   * limit and appends r to each output row as an int8 (bigint).
   */
  readonly rank?: RankKind;
}

interface Partition {
  readonly key: string;
  readonly rows: SortedRows;
  /** The output emitted so far, in order. */
  output: Row[];
  /** Changes at positions >= settledEnd cannot change the output (Infinity when the output reaches the end). */
  settledEnd: number;
  /** The smallest position changed during the epoch (Infinity when none). */
  minChanged: number;
  touched: boolean;
}

interface Window {
  readonly output: Row[];
  readonly settledEnd: number;
}

/**
 * Per partition, keeps every row in ORDER BY order (ties broken by a total order on the whole row, so results are
 * stable) and outputs the rows at positions [offset, offset + limit), extended with ties when `withTies`, or the
 * rows whose rank is within (offset, offset + limit] when `rank` is set. At the barrier, each partition changed
 * in the epoch emits the difference between its old and new output; a partition whose changes all fall after its
 * output (and after the row that closes it) does no work.
 *
 * Checkpoints hold one entry per distinct row with its number of copies; a restore re-sorts the rows and
 * recomputes each partition's output from them, which is what the last barrier emitted.
 */
export class TopN implements StatefulOperator {
  private readonly partitions = new Map<string, Partition>();
  private touched: Partition[] = [];
  private readonly encodeKey: (keyValues: Row) => string;
  private readonly keyValues: Value[];
  /** ORDER BY, then the whole row's representation: a total order. */
  private readonly order: (a: Row, b: Row) => number;
  private readonly checkpoints = new SortedRowsCheckpoint('top-n', {
    rowsOf: (row) => this.partitions.get(this.partitionKey(row))?.rows,
    allRows: () => Array.from(this.partitions.values(), (partition) => partition.rows),
  });

  constructor(private readonly config: TopNConfig) {
    this.encodeKey = rowKeyEncoder(config.keyTypes);
    this.keyValues = new Array<Value>(config.partitionKeys.length).fill(null);
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
      let minChanged = partition.minChanged;
      for (let copy = 0; copy < weight; copy++) minChanged = Math.min(minChanged, partition.rows.insert(row));
      for (let copy = 0; copy > weight; copy--) {
        const position = partition.rows.remove(row);
        if (position < 0) throw new Error('top-n received a deletion of a row it does not hold; this is a bug');
        minChanged = Math.min(minChanged, position);
      }
      partition.minChanged = minChanged;
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
      partition = {
        key,
        rows: new SortedRows(this.order),
        output: [],
        settledEnd: Infinity,
        minChanged: Infinity,
        touched: false,
      };
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

  barrier(): ChangeBatch | null {
    const output = new BatchBuilder();
    for (const partition of this.touched) {
      partition.touched = false;
      const minChanged = partition.minChanged;
      partition.minChanged = Infinity;
      if (minChanged < partition.settledEnd) {
        const window = this.window(partition.rows);
        this.diff(partition.output, window.output, output);
        partition.output = window.output;
        partition.settledEnd = window.settledEnd;
      }
      if (partition.rows.size === 0) this.partitions.delete(partition.key);
    }
    this.touched = [];
    return output.take();
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
    for (const partition of this.partitions.values()) {
      const window = this.window(partition.rows);
      partition.output = window.output;
      partition.settledEnd = window.settledEnd;
    }
  }

  private window(rows: SortedRows): Window {
    const { offset, limit, withTies, rank } = this.config;
    // LIMIT 0 keeps nothing, whatever changes.
    if (limit === 0) return { output: [], settledEnd: 0 };
    if (rank !== undefined) return this.rankWindow(rows, rank);
    const output: Row[] = [];
    const end = offset + limit;
    if (!withTies) {
      rows.forEachFrom(offset, (row, position) => {
        output.push(row);
        return position + 1 < end;
      });
      return { output, settledEnd: rows.size >= end ? end : Infinity };
    }
    const compare = this.config.compare;
    let settledEnd = Infinity;
    rows.forEachFrom(offset, (row, position) => {
      if (position >= end && compare(row, output[output.length - 1]) !== 0) {
        settledEnd = position + 1;
        return false;
      }
      output.push(row);
      return true;
    });
    return { output, settledEnd };
  }

  /** Walks the partition from its first row, numbering rows as `rank` does, until ranks pass offset + limit. */
  private rankWindow(rows: SortedRows, rank: RankKind): Window {
    const { offset, limit, compare } = this.config;
    const last = offset + limit;
    const output: Row[] = [];
    let settledEnd = Infinity;
    let previous: Row | null = null;
    let current = 0;
    rows.forEachFrom(0, (row, position) => {
      if (rank === 'row_number') current = position + 1;
      else if (previous === null || compare(previous, row) !== 0) current = rank === 'rank' ? position + 1 : current + 1;
      previous = row;
      if (current > last) {
        settledEnd = position + 1;
        return false;
      }
      if (current > offset) output.push(withRank(row, current));
      return true;
    });
    return { output, settledEnd };
  }

  /** Emits new - old, both sorted by `order` (rows with their rank compare after their equals without one). */
  private diff(old: readonly Row[], next: readonly Row[], output: BatchBuilder): void {
    const order = this.order;
    let oldIdx = 0;
    let nextIdx = 0;
    while (oldIdx < old.length && nextIdx < next.length) {
      const oldRow = old[oldIdx];
      const nextRow = next[nextIdx];
      const comparison = oldRow === nextRow ? 0 : order(oldRow, nextRow);
      if (comparison === 0) {
        oldIdx++;
        nextIdx++;
      } else if (comparison < 0) {
        output.add(oldRow, -1);
        oldIdx++;
      } else {
        output.add(nextRow, 1);
        nextIdx++;
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

function withRank(row: Row, rank: number): Row {
  const width = row.length;
  const output: Row = new Array<Value>(width + 1);
  for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = row[columnIdx];
  output[width] = BigInt(rank);
  return output;
}
