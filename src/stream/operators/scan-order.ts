// ScanOrder: the order in which a keyed view's scan gives its rows, as a log that entries rejoin at the end.
import type { KeyMap } from '../../types/key-map.js';
import type { Value } from '../../types/value.js';

/** Something that takes a place in a scan order: `seq` is its place while it has one (-1: none). */
export interface Ordered {
  seq: number;
}

/** Stale places a log keeps before it compacts, beyond as many as it has members. */
const SLACK = 1024;

/**
 * Members in the order they last joined, as PostgreSQL's heap gives an updated row after the others. An update
 * leaves and rejoins: the member is appended to a log with its position as `seq`, and the place it left goes
 * stale (its `seq` no longer names it). Scans skip stale places, and the log is compacted once it holds more
 * stale places than members (plus some slack), so an update costs an array push, where a `Set` would hash
 * the member twice and compact itself as often.
 */
export class ScanOrder<T extends Ordered> {
  /** Members at their places and stale places; compaction renumbers, as `seq` only orders members among themselves. */
  private log: T[] = [];
  private members = 0;

  /** Members, not counting stale places. */
  get size(): number {
    return this.members;
  }

  /** Appends `member` (which must not be a member). */
  join(member: T): void {
    if (this.log.length >= 2 * this.members + SLACK) this.compact();
    member.seq = this.log.length;
    this.log.push(member);
    this.members++;
  }

  /** Removes `member` (which must be a member): its place goes stale. */
  leave(member: T): void {
    member.seq = -1;
    this.members--;
  }

  /** Calls `each` with the members in order. */
  forEach(each: (member: T) => void): void {
    const log = this.log;
    for (let position = 0; position < log.length; position++) {
      const member = log[position]!;
      if (member.seq === position) each(member);
    }
  }

  /** Empties the order; the members keep their last `seq`, which means nothing from now on. */
  clear(): void {
    this.log = [];
    this.members = 0;
  }

  private compact(): void {
    const log = this.log;
    let kept = 0;
    for (let position = 0; position < log.length; position++) {
      const member = log[position]!;
      if (member.seq !== position) continue;
      member.seq = kept;
      log[kept++] = member;
    }
    log.length = kept;
  }
}

/**
 * The members of `map`, keyed by `keyColumns`, whose key columns in `columns` equal `probe`'s there (other
 * positions ignored), in scan order; undefined, and the caller scans, when `columns` misses the key's first
 * column (a lookup would then walk most of the map).
 */
export function lookupInScanOrder<T extends Ordered>(
  map: KeyMap<T>,
  keyColumns: readonly number[],
  columns: ReadonlySet<number>,
  probe: readonly Value[],
): T[] | undefined {
  if (keyColumns.length === 0 || !columns.has(keyColumns[0]!)) return undefined;
  const bound = keyColumns.map((column) => columns.has(column));
  if (!bound.every(Boolean)) return map.matching(probe, bound).sort((a, b) => a.seq - b.seq);
  const member = map.get(probe);
  return member === undefined ? [] : [member];
}
