// Materialize: the state of a materialized view, a multiset of rows that readers scan.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { KeyMap } from '../../types/key-map.js';
import type { Row, Value } from '../../types/value.js';
import { decodeRow, ValueWriter } from '../../storage/value-codec.js';
import { NO_STEPS, stepsOver, type CheckpointSteps, type StatefulOperator, type StateWriter } from '../operator-state.js';
import { rowIdentityKey, sameRow, sameValue } from './row-identity.js';
import { lookupInScanOrder, ScanOrder } from './scan-order.js';
import { corruptState } from './state-entry.js';

interface Entry {
  row: Row;
  count: number;
  /** The row as the last checkpoint stored it (null: not stored), while checkpoints are on. */
  saved: Row | null;
  /** Its place in `ordered` (stream-keyed views; -1: none): lookups give several rows in scan order by it. */
  seq: number;
}

/** Output columns that identify at most one live row of a view (`plan/stream-key.ts`), with the row's types. */
export interface StreamKey {
  readonly types: readonly DataType[];
  readonly columns: readonly number[];
}

/**
 * True when two rows hold the very same values (`===`) in `columns`: then they have the same key. Numerics and
 * other objects equal in value but not the same object answer false, and the caller looks the key up instead.
 */
function identicalAt(left: Row, right: Row, columns: readonly number[]): boolean {
  for (let keyIdx = 0; keyIdx < columns.length; keyIdx++) {
    const column = columns[keyIdx];
    if (left[column] !== right[column]) return false;
  }
  return true;
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
  private readonly ordered = new ScanOrder<Entry>();
  private total = 0;
  /** Entries changed since the last checkpoint, while checkpoints are on. */
  private changed: Set<Entry> | undefined;
  /** The stream key was dropped since the last checkpoint: the store still holds entries by key, to rewrite. */
  private relayout = false;
  /** The stream key's columns as the store's entries are keyed by them (undefined: by row identity). */
  private storedKeyColumns: readonly number[] | undefined;

  constructor(streamKey?: StreamKey) {
    this.byKey = streamKey && new KeyMap<Entry>(streamKey.types, streamKey.columns);
    this.keyColumns = streamKey?.columns;
    this.storedKeyColumns = streamKey?.columns;
  }

  /**
   * The rows (with multiplicity) whose stream key columns in `columns` equal `probe`'s there (other positions
   * ignored), in the order `rows()` gives them; undefined, and the caller scans, while the view is not keyed by
   * its stream key or `columns` misses the key's first column (a lookup would then walk most of the view).
   */
  lookup(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined {
    const entries = this.byKey && this.keyColumns && lookupInScanOrder(this.byKey, this.keyColumns, columns, probe);
    if (entries === undefined) return undefined;
    const rows: Row[] = [];
    for (const entry of entries) for (let copy = 0; copy < entry.count; copy++) rows.push(entry.row);
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
        const created = { row: rows[rowIdx], count: weight, saved: null, seq: -1 };
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
   * it with one lookup (moving it to the end of the order, as a deletion and an insertion would). An aggregate
   * emits the insertion right after the retraction: when its key values are the very values of the row just
   * retracted, the entry is that one, without a lookup.
   */
  private applyByKey(rows: Row[], weights: number[], byKey: KeyMap<Entry>): number {
    const ordered = this.ordered;
    const changed = this.changed;
    const keyColumns = this.keyColumns!;
    const emptied: Entry[] = [];
    /** The entry the previous change emptied, if it did. */
    let justEmptied: Entry | undefined;
    let rowIdx = 0;
    for (; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx];
      if (weight === 0) continue;
      const row = rows[rowIdx];
      const entry = justEmptied !== undefined && identicalAt(justEmptied.row, row, keyColumns) ? justEmptied : byKey.get(row);
      justEmptied = undefined;
      if (entry === undefined || entry.count === 0) {
        if (weight < 0) throw negativeMultiplicity(row, weight);
        if (entry === undefined) {
          const created = { row, count: weight, saved: null, seq: -1 };
          byKey.set(row, created);
          ordered.join(created);
          changed?.add(created);
        } else {
          entry.row = row;
          entry.count = weight;
          ordered.join(entry);
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
          ordered.leave(entry);
          emptied.push(entry);
          justEmptied = entry;
        }
      }
      this.total += weight;
    }
    for (const entry of emptied) if (entry.count === 0) byKey.delete(entry.row);
    return rowIdx;
  }

  enableCheckpoints(): void {
    if (this.changed !== undefined) return;
    const changed = new Set<Entry>();
    this.forEachEntry((entry) => changed.add(entry));
    this.changed = changed;
  }

  /**
   * One entry per distinct row. Keyed by the stream key: key = 0x02 and the key values' encoding, value = the
   * row and its multiplicity, so that an update of the row is one put. Otherwise (no stream key, or it did not
   * hold): key = 0x01 and the row's exact encoding, value = its multiplicity. An entry whose row vanished, or
   * whose key's representation changed, deletes what the last checkpoint stored for it.
   */
  checkpoint(writer: StateWriter): void {
    this.beginCheckpoint(writer).run(Infinity);
  }

  /**
   * Takes the changed entries' rows and counts; the steps encode them. Rows are never changed in place, so the
   * steps need nothing kept for them while later epochs change the view.
   */
  beginCheckpoint(writer: StateWriter): CheckpointSteps {
    const changed = this.changed;
    if (changed === undefined || changed.size === 0) return NO_STEPS;
    // Until this checkpoint the store held entries by key; from now on it holds them by row identity.
    const deleteColumns = this.storedKeyColumns;
    const putColumns = this.keyColumns;
    const relayout = this.relayout;
    this.relayout = false;
    this.storedKeyColumns = putColumns;
    const deletes: Row[] = [];
    const puts: Row[] = [];
    const counts: number[] = [];
    for (const entry of changed) {
      const saved = entry.saved;
      const live = entry.count > 0;
      if (saved !== null && (relayout || !live || !sameStoredKey(saved, entry.row, deleteColumns))) deletes.push(saved);
      if (live) {
        puts.push(entry.row);
        counts.push(entry.count);
      }
      entry.saved = live ? entry.row : null;
    }
    changed.clear();
    // Deletes first: a key one entry left and another took is then put again.
    return stepsOver(deletes.length + puts.length, STEP_ENTRIES, (index) => {
      if (index < deletes.length) {
        writer.delete(storedKey(deletes[index]!, deleteColumns));
        return;
      }
      const row = puts[index - deletes.length]!;
      const count = counts[index - deletes.length]!;
      writer.put(storedKey(row, putColumns), putColumns === undefined ? encodeCount(count) : keyedValue(row, count));
    });
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const rows: Row[] = [];
    const weights: number[] = [];
    let byIdentity = false;
    for (const [key, bytes] of entries) {
      if (key[0] === IDENTITY_ENTRY) {
        byIdentity = true;
        rows.push(decodeRow(key.subarray(1)));
        weights.push(decodeCount(bytes));
      } else if (key[0] === KEYED_ENTRY && this.storedKeyColumns !== undefined) {
        const stored = decodeRow(bytes);
        const count = stored.pop();
        if (typeof count !== 'number') throw corruptState('materialized view', 'a keyed row without its multiplicity');
        rows.push(stored);
        weights.push(count);
      } else {
        throw corruptState('materialized view', 'an entry of unknown layout');
      }
    }
    // Entries by identity mean the stream key did not hold before the restart: it does not now either.
    if (byIdentity && this.byKey !== undefined) this.dropStreamKey();
    const storedByKey = this.storedKeyColumns !== undefined && !byIdentity;
    this.apply({ rows, weights });
    this.forEachEntry((entry) => (entry.saved = entry.row));
    this.changed?.clear();
    this.relayout = false;
    if (storedByKey && this.keyColumns === undefined && this.changed !== undefined) {
      // The restored rows broke the stream key they were stored by: the next checkpoint stores them by identity.
      for (const entry of this.entries.values()) this.changed.add(entry);
      this.relayout = true;
    } else {
      this.storedKeyColumns = this.keyColumns;
    }
  }

  /** Keeps the same entries, in the same order, keyed by row identity from now on. */
  private dropStreamKey(): void {
    this.ordered.forEach((entry) => {
      this.entries.set(rowIdentityKey(entry.row), entry);
      this.changed?.add(entry);
    });
    // The next checkpoint moves every stored entry to the layout by identity (entries emptied since the last
    // one are in `changed` already).
    if (this.changed !== undefined) this.relayout = this.storedKeyColumns !== undefined;
    this.ordered.clear();
    this.byKey = undefined;
    this.keyColumns = undefined;
  }

  /** The view's rows, each repeated by its multiplicity, distinct rows in the order they were first inserted. */
  rows(): Row[] {
    const result: Row[] = new Array<Row>(this.total);
    let rowIdx = 0;
    this.forEachEntry((entry) => {
      for (let copy = 0; copy < entry.count; copy++) result[rowIdx++] = entry.row;
    });
    return result;
  }

  /** Calls `each` with every entry, in scan order. */
  private forEachEntry(each: (entry: Entry) => void): void {
    if (this.byKey === undefined) for (const entry of this.entries.values()) each(entry);
    else this.ordered.forEach(each);
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

/** Entries a checkpoint step writes between two looks at the clock. */
const STEP_ENTRIES = 64;
/** The first byte of a stored key: a row by its identity, or by its stream key. */
const IDENTITY_ENTRY = 1;
const KEYED_ENTRY = 2;

/** Encodes stored keys and keyed values; JavaScript runs one encoding at a time. */
const entryWriter = new ValueWriter();

/**
 * The store key of `row`: its layout's byte (a varint below 128 is that byte), then the row encoded as
 * `encodeRow` would, or its stream key's values so, when `keyColumns` is given.
 */
function storedKey(row: Row, keyColumns: readonly number[] | undefined): Uint8Array {
  if (keyColumns === undefined) return entryWriter.reset().writeUint(IDENTITY_ENTRY).writeRow(row).copyBytes();
  entryWriter.reset().writeUint(KEYED_ENTRY).writeUint(keyColumns.length);
  for (let keyIdx = 0; keyIdx < keyColumns.length; keyIdx++) entryWriter.writeValue(row[keyColumns[keyIdx]!] ?? null);
  return entryWriter.copyBytes();
}

/** A keyed entry's value: the row and its multiplicity, encoded as `encodeRow([...row, count])` would. */
function keyedValue(row: Row, count: number): Uint8Array {
  entryWriter.reset().writeUint(row.length + 1);
  for (let columnIdx = 0; columnIdx < row.length; columnIdx++) entryWriter.writeValue(row[columnIdx]!);
  return entryWriter.writeValue(count).copyBytes();
}

/** Whether two rows of one entry have the same store key (a keyed entry keeps it while its key's representation holds). */
function sameStoredKey(saved: Row, row: Row, keyColumns: readonly number[] | undefined): boolean {
  if (saved === row) return true;
  if (keyColumns === undefined) return sameRow(saved, row);
  for (let keyIdx = 0; keyIdx < keyColumns.length; keyIdx++) {
    const column = keyColumns[keyIdx]!;
    if (!sameValue(saved[column] ?? null, row[column] ?? null)) return false;
  }
  return true;
}

const encodeCount = (count: number): Uint8Array => Buffer.from(String(count), 'latin1');
const decodeCount = (bytes: Uint8Array): number => Number(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));

function negativeMultiplicity(row: Row, count: number): Error {
  return new Error(
    `materialized view row would have multiplicity ${count} (${JSON.stringify(row, jsonReplacer)}); this is a bug`,
  );
}

const jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}` : value);
