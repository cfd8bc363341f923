// SortedList: distinct entries kept in order in bounded chunks, each chunk knowing its total weight.
/** Chunks split beyond this many entries: inserting shifts at most this many, and k-th lookups skip whole chunks. */
const MAX_CHUNK = 512;

/**
 * A sorted sequence of distinct entries (by `compare`), each carrying a weight (its multiplicity) that the
 * owner reports. Lookups go through a cursor: `locate` positions it, and the `...AtCursor` methods act there,
 * so that a find-then-update allocates nothing. The smallest and largest entries are at hand in O(1), the
 * entry holding the k-th unit of weight in O(chunks + chunk size).
 */
export class SortedList<E> {
  private readonly chunks: E[][] = [];
  private readonly chunkWeights: number[] = [];
  private cursorChunk = 0;
  private cursorIndex = 0;
  /** Total weight of all entries. */
  totalWeight = 0;
  /** Number of entries. */
  size = 0;

  /**
   * `weightOf` tells an entry's current weight; owners that never ask for ranks may leave every entry at 1, and
   * must otherwise report each change through `insertAtCursor`, `addWeightAtCursor` and `removeAtCursor`.
   */
  constructor(
    private readonly compare: (a: E, b: E) => number,
    private readonly weightOf: (entry: E) => number = () => 1,
  ) {}

  /** Positions the cursor at `probe`'s entry (returns true) or where it would be inserted (returns false). */
  locate(probe: E): boolean {
    const chunks = this.chunks;
    const compare = this.compare;
    let low = 0;
    let high = chunks.length - 1;
    if (high < 0) {
      this.cursorChunk = 0;
      this.cursorIndex = 0;
      return false;
    }
    // The first chunk whose last entry is not below the probe; the last chunk if there is none.
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = chunks[middle]!;
      if (compare(chunk[chunk.length - 1]!, probe) < 0) low = middle + 1;
      else high = middle;
    }
    const chunk = chunks[low]!;
    let start = 0;
    let end = chunk.length;
    while (start < end) {
      const middle = (start + end) >>> 1;
      if (compare(chunk[middle]!, probe) < 0) start = middle + 1;
      else end = middle;
    }
    this.cursorChunk = low;
    this.cursorIndex = start;
    return start < chunk.length && compare(chunk[start]!, probe) === 0;
  }

  /** The entry at the cursor (after a `locate` that returned true). */
  atCursor(): E {
    return this.chunks[this.cursorChunk]![this.cursorIndex]!;
  }

  /** Inserts a new entry where the last `locate` left the cursor. */
  insertAtCursor(entry: E, weight: number): void {
    this.size++;
    this.totalWeight += weight;
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      this.chunkWeights.push(weight);
      return;
    }
    const chunk = this.chunks[this.cursorChunk]!;
    if (this.cursorIndex === chunk.length) chunk.push(entry);
    else chunk.splice(this.cursorIndex, 0, entry);
    this.chunkWeights[this.cursorChunk]! += weight;
    if (chunk.length > MAX_CHUNK) this.split(this.cursorChunk);
  }

  /** Changes the weight recorded for the entry at the cursor. */
  addWeightAtCursor(delta: number): void {
    this.chunkWeights[this.cursorChunk]! += delta;
    this.totalWeight += delta;
  }

  /** Removes the entry at the cursor, whose remaining weight is `weight`. */
  removeAtCursor(weight: number): void {
    const chunk = this.chunks[this.cursorChunk]!;
    this.size--;
    this.totalWeight -= weight;
    if (chunk.length === 1) {
      this.chunks.splice(this.cursorChunk, 1);
      this.chunkWeights.splice(this.cursorChunk, 1);
      return;
    }
    chunk.splice(this.cursorIndex, 1);
    this.chunkWeights[this.cursorChunk]! -= weight;
  }

  private split(chunkIndex: number): void {
    const chunk = this.chunks[chunkIndex]!;
    const upper = chunk.splice(chunk.length >>> 1);
    this.chunks.splice(chunkIndex + 1, 0, upper);
    const upperWeight = upper.reduce((total, entry) => total + this.weightOf(entry), 0);
    this.chunkWeights.splice(chunkIndex + 1, 0, upperWeight);
    this.chunkWeights[chunkIndex]! -= upperWeight;
  }

  first(): E | undefined {
    return this.chunks[0]?.[0];
  }

  last(): E | undefined {
    const chunk = this.chunks[this.chunks.length - 1];
    return chunk?.[chunk.length - 1];
  }

  /** After `atRank`: the position of the rank within the entry found (0 <= offset < its weight). */
  rankOffset = 0;

  /** The entry holding the unit of weight at 0-based position `rank` (0 <= rank < totalWeight). */
  atRank(rank: number): E | undefined {
    let chunkIndex = 0;
    let before = 0;
    while (chunkIndex < this.chunks.length && before + this.chunkWeights[chunkIndex]! <= rank) {
      before += this.chunkWeights[chunkIndex]!;
      chunkIndex++;
    }
    const chunk = this.chunks[chunkIndex];
    if (chunk === undefined) return undefined;
    for (const entry of chunk) {
      const weight = this.weightOf(entry);
      if (rank < before + weight) {
        this.rankOffset = rank - before;
        return entry;
      }
      before += weight;
    }
    return undefined;
  }

  /** Calls `visit` on every entry in order until it returns false. */
  forEach(visit: (entry: E) => boolean | void): void {
    for (const chunk of this.chunks) {
      for (const entry of chunk) if (visit(entry) === false) return;
    }
  }
}
