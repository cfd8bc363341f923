// KeyMap: a hash map keyed by several columns of a row under SQL equality, without building key strings.
import type { DataType } from './data-type.js';
import { keyPartConverter, type KeyPart } from './key.js';
import type { Value } from './value.js';

/** The nested maps below the first key column: one level per further column, the values at the last. */
type Level<V> = Map<KeyPart, V | Level<V>>;

/** Stands for no key part in `KeyMap`'s remembered path: no key part is this object. */
const NO_PART: unique symbol = Symbol('no key part');

/**
 * Sizes at which the map reviews the order of its levels. Each review walks every entry once; none follows the
 * last, so that a large map never pauses to rebuild itself.
 */
const REVIEWS = [1024, 65_536];

/**
 * Maps rows' key columns to values, grouping values that are not distinct (NULL with NULL, numeric 2.0 with
 * 2.00): the same classes as `keyEncoder`'s strings. It nests one `Map` per key column, keyed by each value
 * itself where JavaScript's map equality already is SQL's (strings, integers, timestamps), so a lookup hashes
 * values that are already there instead of concatenating and hashing a new string: GROUP BY and view state
 * look up every change this way. Iteration is not in insertion order; callers that need one keep their own.
 *
 * The levels need not follow the key columns' order: at 1,024 and 65,536 entries, the map nests its columns again
 * from the fewest distinct values to the most. A level holds one map per distinct prefix above it, so a group key such as
 * (merchant, channel, window_start, window_end) nested in its written order makes one single-entry map per
 * merchant, channel and window, scattered in memory; nested as (window_start, window_end, channel, merchant),
 * the open windows' few maps stay in cache and the closed ones are never touched again.
 */
export class KeyMap<V> {
  /** Per level, the conversion to a key part, or undefined where the value is its own part. */
  private parts: readonly (((value: Value) => KeyPart) | undefined)[];
  /** Per level, the row column it keys. */
  private columns: readonly number[];
  /** Per level, the position of its column among the constructor's `columns` (for `matching`'s `bound`). */
  private keyPositions: readonly number[];
  private readonly depth: number;
  private root: Level<V> = new Map();
  /** The value of the empty key (no key columns: a global aggregate's single group). */
  private only: V | undefined = undefined;
  private count = 0;
  /** The size at which the order of the levels is next reviewed (an index into REVIEWS). */
  private reviewIdx = 0;
  /**
   * The path of the last `get` above the last level, for maps of two levels or more: per level, the part taken
   * (NO_PART: none) and the map it led to. The upper levels hold the fewest distinct values (the open windows),
   * so consecutive lookups mostly take the same parts there: a level whose part is the very one of the last
   * path, below levels that all were, is passed without a hash lookup. A level the last lookup did not find
   * holds NO_PART, so that the levels below, left from an earlier path, are never taken for this one.
   */
  private pathParts: (KeyPart | typeof NO_PART)[] | undefined;
  private pathLevels: (Level<V> | undefined)[] | undefined;

  /** Keys are `row[columns[i]]` of type `types[columns[i]]`. */
  constructor(types: readonly DataType[], columns: readonly number[]) {
    this.columns = columns.slice();
    this.parts = columns.map((column) => keyPartConverter(types[column]!));
    this.keyPositions = columns.map((_, keyIdx) => keyIdx);
    this.depth = columns.length;
    if (this.depth >= 2) {
      this.pathParts = new Array<KeyPart | typeof NO_PART>(this.depth - 1).fill(NO_PART);
      this.pathLevels = new Array<Level<V> | undefined>(this.depth - 1).fill(undefined);
    }
  }

  get size(): number {
    return this.count;
  }

  get(row: readonly Value[]): V | undefined {
    if (this.depth === 0) return this.only;
    const last = this.depth - 1;
    let level = this.root;
    const pathParts = this.pathParts;
    const pathLevels = this.pathLevels;
    if (pathParts === undefined || pathLevels === undefined) return level.get(this.part(row, last)) as V | undefined;
    let onPath = true;
    for (let keyIdx = 0; keyIdx < last; keyIdx++) {
      const part = this.part(row, keyIdx);
      // `===` is no wider than the map's equality (SameValueZero): NaN merely misses the shortcut.
      if (onPath && part === pathParts[keyIdx]) {
        level = pathLevels[keyIdx]!;
        continue;
      }
      onPath = false;
      const next = level.get(part) as Level<V> | undefined;
      if (next === undefined) {
        pathParts[keyIdx] = NO_PART;
        return undefined;
      }
      pathParts[keyIdx] = part;
      pathLevels[keyIdx] = next;
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
    if (level.has(part)) {
      level.set(part, value);
      return;
    }
    level.set(part, value);
    if (++this.count === REVIEWS[this.reviewIdx]) this.reviewOrder();
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
    this.forgetPath();
  }

  /** Forgets the last path: called whenever a level map it may hold leaves the tree. */
  private forgetPath(): void {
    this.pathParts?.fill(NO_PART);
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
    if (bound[this.keyPositions[keyIdx]!]) {
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
    if (next.size === 0) {
      level.delete(part);
      this.forgetPath();
    }
    return true;
  }

  /**
   * Counts the distinct parts of each level and, when the counts do not rise level by level, nests the levels
   * again from the fewest distinct parts to the most (ties keep their order). Runs from `set`, which callers do
   * not call while iterating `values()` (the iteration would go on over the old levels).
   */
  private reviewOrder(): void {
    this.reviewIdx++;
    if (this.depth < 2) return;
    const distinct = this.columns.map(() => new Set<KeyPart>());
    const parts = new Array<KeyPart>(this.depth);
    const collect = (level: Level<V>, keyIdx: number): void => {
      const seen = distinct[keyIdx]!;
      for (const [part, next] of level) {
        seen.add(part);
        if (keyIdx < this.depth - 1) collect(next as Level<V>, keyIdx + 1);
      }
    };
    collect(this.root, 0);
    const levels = this.columns.map((_, keyIdx) => keyIdx);
    const order = levels.slice().sort((a, b) => distinct[a]!.size - distinct[b]!.size || a - b);
    if (order.every((keyIdx, position) => keyIdx === position)) return;
    const reordered: Level<V> = new Map();
    const keyParts = new Array<KeyPart>(this.depth);
    const move = (level: Level<V>, keyIdx: number): void => {
      for (const [part, next] of level) {
        parts[keyIdx] = part;
        if (keyIdx < this.depth - 1) move(next as Level<V>, keyIdx + 1);
        else {
          for (let levelIdx = 0; levelIdx < this.depth; levelIdx++) keyParts[levelIdx] = parts[order[levelIdx]!] as KeyPart;
          setParts(reordered, keyParts, next as V);
        }
      }
    };
    move(this.root, 0);
    this.root = reordered;
    this.forgetPath();
    this.columns = order.map((keyIdx) => this.columns[keyIdx]!);
    this.parts = order.map((keyIdx) => this.parts[keyIdx]);
    this.keyPositions = order.map((keyIdx) => this.keyPositions[keyIdx]!);
  }

  private part(row: readonly Value[], keyIdx: number): KeyPart {
    const value = row[this.columns[keyIdx]!] as Value;
    const convert = this.parts[keyIdx];
    return convert === undefined ? (value as KeyPart) : convert(value);
  }
}

/** Sets the value of a key, given as its parts in level order, under `root` (a key not held). */
function setParts<V>(root: Level<V>, keyParts: readonly KeyPart[], value: V): void {
  let level = root;
  const last = keyParts.length - 1;
  for (let keyIdx = 0; keyIdx < last; keyIdx++) {
    const part = keyParts[keyIdx] as KeyPart;
    let next = level.get(part) as Level<V> | undefined;
    if (next === undefined) {
      next = new Map();
      level.set(part, next);
    }
    level = next;
  }
  level.set(keyParts[last] as KeyPart, value);
}
