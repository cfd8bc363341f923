// SortedRows: a multiset of rows kept in a total order, with positions, for TopN and OverWindow partitions.
import type { Row } from '../../types/value.js';

/** Rows per chunk before it splits: big enough for cheap position sums, small enough for cheap splices. */
const MAX_CHUNK_LENGTH = 512;

/**
 * Rows sorted by a total order (ORDER BY keys, then a tie-breaker on the whole row), one slot per copy, in
 * chunks of at most `MAX_CHUNK_LENGTH` rows: inserting or removing a row costs a binary search, a splice of one
 * chunk and a sum over the chunks' lengths (to report its position), instead of a splice of the whole array.
 */
export class SortedRows {
  private chunks: Row[][] = [];
  private count = 0;

  /** `order` must be total: it returns 0 only for rows with the same representation in every column. */
  constructor(private readonly order: (a: Row, b: Row) => number) {}

  get size(): number {
    return this.count;
  }

  /** Inserts one copy of `row` after its equals, and returns its position. */
  insert(row: Row): number {
    const chunks = this.chunks;
    this.count++;
    if (chunks.length === 0) {
      chunks.push([row]);
      return 0;
    }
    let chunkIdx = this.chunkOf(row, true);
    if (chunkIdx === chunks.length) chunkIdx--;
    const chunk = chunks[chunkIdx];
    const rowIdx = this.bound(chunk, row, true);
    chunk.splice(rowIdx, 0, row);
    const position = this.chunkStart(chunkIdx) + rowIdx;
    if (chunk.length > MAX_CHUNK_LENGTH) chunks.splice(chunkIdx + 1, 0, chunk.splice(chunk.length >> 1));
    return position;
  }

  /** Removes one copy of `row` and returns the position it had, or -1 when no equal row is present. */
  remove(row: Row): number {
    const chunks = this.chunks;
    const chunkIdx = this.chunkOf(row, false);
    if (chunkIdx === chunks.length) return -1;
    const chunk = chunks[chunkIdx];
    const rowIdx = this.bound(chunk, row, false);
    if (rowIdx === chunk.length || this.order(chunk[rowIdx], row) !== 0) return -1;
    const position = this.chunkStart(chunkIdx) + rowIdx;
    chunk.splice(rowIdx, 1);
    if (chunk.length === 0) chunks.splice(chunkIdx, 1);
    this.count--;
    return position;
  }

  /** The row at `position` (0-based), or undefined past the end. */
  at(position: number): Row | undefined {
    for (const chunk of this.chunks) {
      if (position < chunk.length) return chunk[position];
      position -= chunk.length;
    }
    return undefined;
  }

  /** Calls `visit` on the rows from `start` on, in order, until it returns false. */
  forEachFrom(start: number, visit: (row: Row, position: number) => boolean): void {
    let position = 0;
    for (const chunk of this.chunks) {
      if (position + chunk.length <= start) {
        position += chunk.length;
        continue;
      }
      for (let rowIdx = Math.max(start - position, 0); rowIdx < chunk.length; rowIdx++) {
        if (!visit(chunk[rowIdx], position + rowIdx)) return;
      }
      position += chunk.length;
    }
  }

  /** Number of copies of `row` held (rows equal to it under the total order). */
  countOf(row: Row): number {
    const chunks = this.chunks;
    let chunkIdx = this.chunkOf(row, false);
    if (chunkIdx === chunks.length) return 0;
    let rowIdx = this.bound(chunks[chunkIdx], row, false);
    let count = 0;
    // Copies are adjacent, but may run across chunk boundaries.
    for (; chunkIdx < chunks.length; chunkIdx++, rowIdx = 0) {
      const chunk = chunks[chunkIdx];
      for (; rowIdx < chunk.length; rowIdx++) {
        if (this.order(chunk[rowIdx], row) !== 0) return count;
        count++;
      }
    }
    return count;
  }

  /** Calls `visit` once per distinct row, in order, with its number of copies. */
  forEachDistinct(visit: (row: Row, count: number) => void): void {
    let current: Row | null = null;
    let count = 0;
    for (const chunk of this.chunks) {
      for (const row of chunk) {
        if (current !== null && (row === current || this.order(row, current) === 0)) {
          count++;
          continue;
        }
        if (current !== null) visit(current, count);
        current = row;
        count = 1;
      }
    }
    if (current !== null) visit(current, count);
  }

  /** All rows in order, in a new array. */
  toArray(): Row[] {
    const rows: Row[] = new Array<Row>(this.count);
    let position = 0;
    for (const chunk of this.chunks) for (const row of chunk) rows[position++] = row;
    return rows;
  }

  /** Index of the first chunk whose last row is after `row` (`after`) or not before it; chunks.length if none. */
  private chunkOf(row: Row, after: boolean): number {
    const chunks = this.chunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = chunks[mid];
      const order = this.order(chunk[chunk.length - 1], row);
      if (after ? order > 0 : order >= 0) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Index in `chunk` of the first row after `row` (upper bound, `after`) or not before it (lower bound). */
  private bound(chunk: readonly Row[], row: Row, after: boolean): number {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = this.order(chunk[mid], row);
      if (after ? order > 0 : order >= 0) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private chunkStart(chunkIdx: number): number {
    let position = 0;
    for (let idx = 0; idx < chunkIdx; idx++) position += this.chunks[idx].length;
    return position;
  }
}
