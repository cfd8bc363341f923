// In-memory rows of a table, keyed by primary key (or the hidden row id).
import type { Row } from '../types/value.js';

/**
 * The current rows of one table. The key function encodes a row's primary key; tables without a declared
 * key use their hidden `_row_id`. Iteration order is insertion order, which batch scans follow.
 */
export class TableStore {
  private readonly rowsByKey = new Map<string, Row>();

  constructor(readonly keyOf: (row: Row) => string) {}

  get size(): number {
    return this.rowsByKey.size;
  }

  get(key: string): Row | undefined {
    return this.rowsByKey.get(key);
  }

  /** Stores `row`, returning the row it replaces (same key), if any. */
  put(row: Row): Row | undefined {
    const key = this.keyOf(row);
    const old = this.rowsByKey.get(key);
    if (old !== undefined) this.rowsByKey.delete(key);
    this.rowsByKey.set(key, row);
    return old;
  }

  delete(key: string): Row | undefined {
    const old = this.rowsByKey.get(key);
    if (old !== undefined) this.rowsByKey.delete(key);
    return old;
  }

  rows(): IterableIterator<Row> {
    return this.rowsByKey.values();
  }

  clear(): void {
    this.rowsByKey.clear();
  }
}
