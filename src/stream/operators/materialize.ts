// Materialize: the state of a materialized view, a multiset of rows that readers scan.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { KeyMap } from '../../types/key-map.js';
import type { Row, Value } from '../../types/value.js';
import { decodeRow, encodeRow } from '../../storage/value-codec.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { rowIdentityKey, sameRow } from './row-identity.js';

interface Entry {
  row: Row;
  count: number;
  /** The row as the last checkpoint stored it (null: not stored), while checkpoints are on. */
  saved: Row | null;
  /** When the entry last joined `ordered` (stream-keyed views): lookups give several rows in scan order by it. */
  seq?: number;
}

/** Output columns that identify at most one live row of a view (`plan/stream-key.ts`), with the row's types. */
export interface StreamKey {
  readonly types: readonly DataType[];
  readonly columns: readonly number[];
}

/**
 * The rows of a materialized view with their multiplicities. Rows are keyed by their exact representation
 * (`rowIdentityKey`), not by SQL equality, so that numeric 2.0 and 2.00 stay two rows as in PostgreSQL; the
 * dataflow retracts exactly the representation it inserted. `push` applies a batch and passes it on unchanged,
 * so that sinks and subscriptions can follow the view.
 *
 * A view whose plan has a stream key (an aggregate's group key) is keyed by it instead: at most one row per
 * key is live, so an update is a lookup of values already in the row rather than two full-row identity strings.
 * Each change is still checked against the stored representation; should a batch ever break the key's
 * promise, the state re-keys itself by row identity and carries on, so answers never depend on the shortcut.
 */
export class Materialize implements StatefulOperator {
  /** Row identity -> entry, in first-insertion order (when there is no stream key, or it was dropped). */
  private entries = new Map<string, Entry>();
  /** Stream key -> entry, and the entries in first-insertion order (while the stream key holds). */
  private byKey: KeyMap<Entry> | undefined;
  /** The stream key's columns while the rows are keyed by it: `lookup` answers for them. */
  private keyColumns: readonly number[] | undefined;
  private readonly ordered = new Set<Entry>();
  private total = 0;
  private nextSeq = 0;
  /** Entries changed since the last checkpoint, while checkpoints are on. */
  private changed: Set<Entry> | undefined;

  constructor(streamKey?: StreamKey) {
    this.byKey = streamKey && new KeyMap<Entry>(streamKey.types, streamKey.columns);
    this.keyColumns = streamKey?.columns;
  }

  /**
   * The rows (with multiplicity) whose stream key columns in `columns` equal `probe`'s there (other positions
   * ignored), in the order `rows()` gives them; undefined, and the caller scans, while the view is not keyed by
   * its stream key or `columns` misses the key's first column (a lookup would then walk most of the view).
   */
  lookup(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined {
    const byKey = this.byKey;
    const keyColumns = this.keyColumns;
    if (byKey === undefined || keyColumns === undefined || keyColumns.length === 0 || !columns.has(keyColumns[0]!)) return undefined;
    const bound = keyColumns.map((column) => columns.has(column));
    const entries = bound.every(Boolean) ? [byKey.get(probe)] : byKey.matching(probe, bound).sort((a, b) => a.seq! - b.seq!);
    const rows: Row[] = [];
    for (const entry of entries) {
      if (entry === undefined) continue;
      for (let copy = 0; copy < entry.count; copy++) rows.push(entry.row);
    }
    return rows;
  }

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    if (batch.rows.length === 0) return null;
    this.apply(batch);
    return batch;
  }

  barrier(): ChangeBatch | null {
    return null;
  }

  /** Adds the batch's changes. A row whose multiplicity would become negative is a dataflow bug and throws. */
  apply(batch: ChangeBatch): void {
    const { rows, weights } = batch;
    let rowIdx = this.byKey === undefined ? 0 : this.applyByKey(rows, weights, this.byKey);
    const entries = this.entries;
    for (; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const key = rowIdentityKey(rows[rowIdx]);
      const entry = entries.get(key);
      if (entry === undefined) {
        if (weight < 0) throw negativeMultiplicity(rows[rowIdx], weight);
        const created = { row: rows[rowIdx], count: weight, saved: null };
        entries.set(key, created);
        this.changed?.add(created);
      } else {
        const count = entry.count + weight;
        if (count < 0) throw negativeMultiplicity(rows[rowIdx], count);
        if (count === 0) entries.delete(key);
        entry.count = count;
        this.changed?.add(entry);
      }
      this.total += weight;
    }
  }

  /**
   * Applies changes by stream key; returns the number applied, which is short of the batch when a row
   * contradicts the key (the rest then goes by identity). An update retracts a key's row and inserts its new
   * one: the emptied entry stays in the map until the end of the batch, so that the insertion finds and refills
   * it with one lookup (moving it to the end of the order, as a deletion and an insertion would).
   */
  private applyByKey(rows: Row[], weights: number[], byKey: KeyMap<Entry>): number {
    const ordered = this.ordered;
    const changed = this.changed;
    const emptied: Entry[] = [];
    let rowIdx = 0;
    for (; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const entry = byKey.get(row);
      if (entry === undefined || entry.count === 0) {
        if (weight < 0) throw negativeMultiplicity(row, weight);
        if (entry === undefined) {
          const created = { row, count: weight, saved: null, seq: this.nextSeq++ };
          byKey.set(row, created);
          ordered.add(created);
          changed?.add(created);
        } else {
          entry.row = row;
          entry.count = weight;
          entry.seq = this.nextSeq++;
          ordered.add(entry);
          changed?.add(entry);
        }
      } else if (entry.row !== row && !sameRow(entry.row, row)) {
        // Two representations live under one key: the key does not hold for this view.
        this.dropStreamKey();
        return rowIdx;
      } else {
        const count = entry.count + weight;
        if (count < 0) throw negativeMultiplicity(row, count);
        entry.count = count;
        changed?.add(entry);
        if (count === 0) {
          ordered.delete(entry);
          emptied.push(entry);
        }
      }
      this.total += weight;
    }
    for (const entry of emptied) if (entry.count === 0) byKey.delete(entry.row);
    return rowIdx;
  }

  enableCheckpoints(): void {
    if (this.changed !== undefined) return;
    this.changed = new Set(this.byKey === undefined ? this.entries.values() : this.ordered);
  }

  /**
   * One entry per distinct row: key = the row's exact encoding, value = its multiplicity. An entry whose row
   * changed (a stream-keyed update) or vanished deletes what the last checkpoint stored for it.
   */
  checkpoint(writer: StateWriter): void {
    const changed = this.changed;
    if (changed === undefined || changed.size === 0) return;
    for (const entry of changed) {
      const saved = entry.saved;
      const live = entry.count > 0;
      if (saved !== null && (!live || (saved !== entry.row && !sameRow(saved, entry.row)))) writer.delete(encodeRow(saved));
      if (live) writer.put(encodeRow(entry.row), encodeCount(entry.count));
      entry.saved = live ? entry.row : null;
    }
    changed.clear();
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const rows: Row[] = [];
    const weights: number[] = [];
    for (const [key, bytes] of entries) {
      rows.push(decodeRow(key));
      weights.push(decodeCount(bytes));
    }
    this.apply({ rows, weights });
    for (const entry of this.byKey === undefined ? this.entries.values() : this.ordered) entry.saved = entry.row;
    this.changed?.clear();
  }

  /** Keeps the same entries, in the same order, keyed by row identity from now on. */
  private dropStreamKey(): void {
    for (const entry of this.ordered) this.entries.set(rowIdentityKey(entry.row), entry);
    this.ordered.clear();
    this.byKey = undefined;
    this.keyColumns = undefined;
  }

  /** The view's rows, each repeated by its multiplicity, distinct rows in the order they were first inserted. */
  rows(): Row[] {
    const result: Row[] = new Array<Row>(this.total);
    let rowIdx = 0;
    for (const entry of this.byKey === undefined ? this.entries.values() : this.ordered) {
      for (let copy = 0; copy < entry.count; copy++) result[rowIdx++] = entry.row;
    }
    return result;
  }

  /** Number of rows, counting multiplicities. */
  get size(): number {
    return this.total;
  }

  /** Number of distinct rows. */
  get distinctSize(): number {
    return this.byKey === undefined ? this.entries.size : this.ordered.size;
  }
}

const encodeCount = (count: number): Uint8Array => Buffer.from(String(count), 'latin1');
const decodeCount = (bytes: Uint8Array): number => Number(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));

function negativeMultiplicity(row: Row, count: number): Error {
  return new Error(
    `materialized view row would have multiplicity ${count} (${JSON.stringify(row, jsonReplacer)}); this is a bug`,
  );
}

const jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}` : value);
