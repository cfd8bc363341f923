// In-memory rows of a table, keyed by primary key (or the hidden row id), with their checkpoint deltas.
import type { Row } from '../types/value.js';
import type { StateWriter } from './state-writer.js';
import { decodeRow, encodeRow } from './value-codec.js';

/**
 * The current rows of one table. The key function encodes a row's primary key; tables without a declared
 * key use their hidden `_row_id`. Iteration order is insertion order, which batch scans follow.
 *
 * With checkpoints enabled, the keys written since the last checkpoint are remembered, so that a checkpoint
 * stores one entry per changed row: key = the key string in UTF-16 (lossless for any string the key encoder
 * makes), value = the row.
 */
export class TableStore {
  private readonly rowsByKey = new Map<string, Row>();
  private changedKeys: Set<string> | undefined;

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
    this.changedKeys?.add(key);
    return old;
  }

  delete(key: string): Row | undefined {
    const old = this.rowsByKey.get(key);
    if (old !== undefined) {
      this.rowsByKey.delete(key);
      this.changedKeys?.add(key);
    }
    return old;
  }

  rows(): IterableIterator<Row> {
    return this.rowsByKey.values();
  }

  clear(): void {
    for (const key of this.rowsByKey.keys()) this.changedKeys?.add(key);
    this.rowsByKey.clear();
  }

  /** Starts remembering changed keys; every row held now counts as changed (the first checkpoint writes them). */
  enableCheckpoints(): void {
    this.changedKeys ??= new Set(this.rowsByKey.keys());
  }

  /** Writes the rows changed since the last checkpoint (deletes for keys no longer held). */
  checkpoint(writer: StateWriter): void {
    const changed = this.changedKeys;
    if (changed === undefined || changed.size === 0) return;
    for (const key of changed) {
      const row = this.rowsByKey.get(key);
      const storedKey = Buffer.from(key, 'utf16le');
      if (row === undefined) writer.delete(storedKey);
      else writer.put(storedKey, encodeRow(row));
    }
    changed.clear();
  }

  /** Loads the rows of a checkpoint into an empty store. */
  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    for (const [, bytes] of entries) {
      const row = decodeRow(bytes);
      this.rowsByKey.set(this.keyOf(row), row);
    }
  }
}
