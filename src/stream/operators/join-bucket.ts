// JoinBucket: the rows of one join side that share a key value, with their multiplicities and match counts.
import type { Row } from '../../types/value.js';
import { rowIdentityKey, sameRow } from './row-identity.js';

/** One distinct row stored on one side of a join. */
export interface StoredRow {
  readonly row: Row;
  /** Multiplicity of the row. */
  weight: number;
  /** Sum of the weights of the other side's rows that match this one (equal key and condition true). */
  matches: number;
  /** Index of this entry in its bucket's `rows`. */
  slot: number;
}

/** Up to this many distinct rows, a bucket finds a row by scanning; beyond, by an identity-keyed map. */
const SCAN_LIMIT = 16;

/**
 * The distinct rows of one key value, in an array that probes iterate without allocating. Joins on keys are
 * mostly one or a few rows per key, where a scan with `sameRow` is cheaper than building identity keys; large
 * buckets (low-cardinality keys) switch to a map by `rowIdentityKey` so that a change stays O(1).
 */
export class JoinBucket {
  readonly rows: StoredRow[] = [];
  private byIdentity: Map<string, StoredRow> | null = null;

  /**
   * Adds `weight` copies of `row`; a new row starts with `matches`. Returns the row's entry, which has left the
   * bucket when its weight dropped to zero (the caller drops a bucket left empty).
   */
  add(row: Row, weight: number, matches: number): StoredRow {
    const rows = this.rows;
    const byIdentity = this.byIdentity;
    if (byIdentity === null) {
      for (let slot = 0; slot < rows.length; slot++) {
        const stored = rows[slot];
        if (!sameRow(stored.row, row)) continue;
        stored.weight += weight;
        if (stored.weight === 0) this.removeSlot(slot);
        return stored;
      }
      const entry: StoredRow = { row, weight, matches, slot: rows.length };
      rows.push(entry);
      if (rows.length > SCAN_LIMIT) this.buildIndex();
      return entry;
    }
    const identity = rowIdentityKey(row);
    const stored = byIdentity.get(identity);
    if (stored === undefined) {
      const entry: StoredRow = { row, weight, matches, slot: rows.length };
      rows.push(entry);
      byIdentity.set(identity, entry);
      return entry;
    }
    stored.weight += weight;
    if (stored.weight !== 0) return stored;
    byIdentity.delete(identity);
    this.removeSlot(stored.slot);
    return stored;
  }

  private buildIndex(): void {
    const byIdentity = new Map<string, StoredRow>();
    for (const stored of this.rows) byIdentity.set(rowIdentityKey(stored.row), stored);
    this.byIdentity = byIdentity;
  }

  /** Removes by moving the last entry into the hole: order within a bucket does not matter. */
  private removeSlot(slot: number): void {
    const rows = this.rows;
    const last = rows.pop()!;
    if (slot < rows.length) {
      rows[slot] = last;
      last.slot = slot;
    }
  }
}
