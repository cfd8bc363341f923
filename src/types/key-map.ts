// KeyMap: a hash map keyed by several columns of a row under SQL equality, without building key strings.
import type { DataType } from './data-type.js';
import { keyPartConverter, type KeyPart } from './key.js';
import type { Value } from './value.js';

/** The nested maps below the first key column: one level per further column, the values at the last. */
type Level<V> = Map<KeyPart, V | Level<V>>;

/**
 * Maps rows' key columns to values, grouping values that are not distinct (NULL with NULL, numeric 2.0 with
 * 2.00): the same classes as `keyEncoder`'s strings. It nests one `Map` per key column, keyed by each value
 * itself where JavaScript's map equality already is SQL's (strings, integers, timestamps), so a lookup hashes
 * values that are already there instead of concatenating and hashing a new string: GROUP BY and view state
 * look up every change this way. Iteration is not in insertion order; callers that need one keep their own.
 */
export class KeyMap<V> {
  /** Per key column, the conversion to a key part, or undefined where the value is its own part. */
  private readonly parts: readonly (((value: Value) => KeyPart) | undefined)[];
  private readonly columns: readonly number[];
  private readonly depth: number;
  private root: Level<V> = new Map();
  /** The value of the empty key (no key columns: a global aggregate's single group). */
  private only: V | undefined = undefined;
  private count = 0;

  /** Keys are `row[columns[i]]` of type `types[columns[i]]`. */
  constructor(types: readonly DataType[], columns: readonly number[]) {
    this.columns = columns.slice();
    this.parts = columns.map((column) => keyPartConverter(types[column]!));
    this.depth = columns.length;
  }

  get size(): number {
    return this.count;
  }

  get(row: readonly Value[]): V | undefined {
    if (this.depth === 0) return this.only;
    const last = this.depth - 1;
    let level = this.root;
    for (let keyIdx = 0; keyIdx < last; keyIdx++) {
      const next = level.get(this.part(row, keyIdx)) as Level<V> | undefined;
      if (next === undefined) return undefined;
      level = next;
    }
    return level.get(this.part(row, last)) as V | undefined;
  }

  /** Sets the value of the row's key (a new key: `value` must not be undefined). */
  set(row: readonly Value[], value: V): void {
    if (this.depth === 0) {
      if (this.only === undefined) this.count++;
      this.only = value;
      return;
    }
    const last = this.depth - 1;
    let level = this.root;
    for (let keyIdx = 0; keyIdx < last; keyIdx++) {
      const part = this.part(row, keyIdx);
      let next = level.get(part) as Level<V> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(part, next);
      }
      level = next;
    }
    const part = this.part(row, last);
    if (!level.has(part)) this.count++;
    level.set(part, value);
  }

  /** Removes the row's key; levels left empty go too, so that keys that pass (old windows) leave nothing behind. */
  delete(row: readonly Value[]): boolean {
    if (this.depth === 0) {
      if (this.only === undefined) return false;
      this.only = undefined;
      this.count--;
      return true;
    }
    const removed = this.deleteAt(this.root, row, 0);
    if (removed) this.count--;
    return removed;
  }

  /**
   * The values whose key columns marked in `bound` equal the row's (the same classes as `get`), any value in
   * the others: one lookup per bound column, every entry of an unbound one. Not in insertion order.
   */
  matching(row: readonly Value[], bound: readonly boolean[]): V[] {
    const found: V[] = [];
    if (this.depth === 0) {
      if (this.only !== undefined) found.push(this.only);
      return found;
    }
    this.matchAt(this.root, row, bound, 0, found);
    return found;
  }

  /** The values, level by level (not insertion order); deleting the current value while iterating is allowed. */
  *values(): IterableIterator<V> {
    if (this.depth === 0) {
      if (this.only !== undefined) yield this.only;
      return;
    }
    yield* this.valuesAt(this.root, 0);
  }

  clear(): void {
    this.root = new Map();
    this.only = undefined;
    this.count = 0;
  }

  private *valuesAt(level: Level<V>, keyIdx: number): IterableIterator<V> {
    if (keyIdx === this.depth - 1) {
      yield* level.values() as IterableIterator<V>;
      return;
    }
    for (const next of level.values()) yield* this.valuesAt(next as Level<V>, keyIdx + 1);
  }

  private matchAt(level: Level<V>, row: readonly Value[], bound: readonly boolean[], keyIdx: number, found: V[]): void {
    const last = keyIdx === this.depth - 1;
    if (bound[keyIdx]) {
      const next = level.get(this.part(row, keyIdx));
      if (next === undefined) return;
      if (last) found.push(next as V);
      else this.matchAt(next as Level<V>, row, bound, keyIdx + 1, found);
      return;
    }
    for (const next of level.values()) {
      if (last) found.push(next as V);
      else this.matchAt(next as Level<V>, row, bound, keyIdx + 1, found);
    }
  }

  private deleteAt(level: Level<V>, row: readonly Value[], keyIdx: number): boolean {
    const part = this.part(row, keyIdx);
    if (keyIdx === this.depth - 1) return level.delete(part);
    const next = level.get(part) as Level<V> | undefined;
    if (next === undefined || !this.deleteAt(next, row, keyIdx + 1)) return false;
    if (next.size === 0) level.delete(part);
    return true;
  }

  private part(row: readonly Value[], keyIdx: number): KeyPart {
    const value = row[this.columns[keyIdx]!] as Value;
    const convert = this.parts[keyIdx];
    return convert === undefined ? (value as KeyPart) : convert(value);
  }
}
