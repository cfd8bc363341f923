// Every state each key of a view went through, and a check that a target's snapshots only ever move forward in it.
import type { ColumnInfo } from '../../src/catalog/catalog.js';
import type { ChangeBatch } from '../../src/types/change-batch.js';
import { formatValue } from '../../src/types/text-format.js';
import type { TextRow } from '../differential/text-result.js';
import { canonicalTextRows, type NumericForm } from './sink-dump.js';

/**
 * A view's rows by primary key, in canonical text, with the history of each key: the states (a row's text, or
 * null while the key has no row) in the order the view went through them. A target fed by an upsert sink may
 * skip states (changes are merged per key), but once it shows a state it must never show an earlier one.
 */
export class KeyHistory {
  /** Per key, its states; the first is null (no row before the first change). */
  private readonly states = new Map<string, (string | null)[]>();
  /** Per key, the earliest position in its states that the last snapshot can stand for. */
  private readonly seenAt = new Map<string, number>();
  /** Snapshot problems found so far. */
  readonly violations: string[] = [];
  snapshots = 0;

  constructor(
    private readonly columns: readonly ColumnInfo[],
    private readonly key: readonly number[],
    private readonly numeric: NumericForm,
  ) {}

  private keyOf(row: TextRow): string {
    return JSON.stringify(this.key.map((index) => row[index]));
  }

  /** One epoch's changes of the view: retractions and insertions, netted per key. */
  apply(batch: ChangeBatch): void {
    const texts = batch.rows.map((row) => row.map((value, index) => formatValue(this.columns[index]!.type, value)));
    const rows = canonicalTextRows(texts, this.columns, this.numeric);
    const after = new Map<string, string | null>();
    // Retractions first: an update arrives as the old row's -1 and the new row's +1, in either order.
    for (const pass of [-1, 1]) {
      rows.forEach((row, index) => {
        const weight = batch.weights[index]!;
        if (Math.sign(weight) !== pass) return;
        const key = this.keyOf(row);
        const text = JSON.stringify(row);
        if (pass < 0) {
          if (!after.has(key) || after.get(key) === text) after.set(key, null);
        } else {
          after.set(key, text);
        }
      });
    }
    for (const [key, state] of after) {
      let states = this.states.get(key);
      if (!states) this.states.set(key, (states = [null]));
      if (states[states.length - 1] !== state) states.push(state);
    }
  }

  /** The view's current rows, canonical and sorted. */
  current(): string[] {
    const rows: string[] = [];
    for (const states of this.states.values()) {
      const last = states[states.length - 1];
      if (last !== null && last !== undefined) rows.push(last);
    }
    return rows.sort();
  }

  /** Checks one snapshot of the target (its rows as canonical text rows): every key at or after its last state seen. */
  check(rows: readonly TextRow[]): void {
    this.snapshots++;
    const shown = new Map<string, string>();
    for (const row of canonicalTextRows(rows, this.columns, this.numeric)) shown.set(this.keyOf(row), JSON.stringify(row));
    for (const key of shown.keys()) {
      if (!this.states.has(key) && this.violations.length < 20) this.violations.push(`snapshot ${this.snapshots}: key ${key} was never in the view`);
    }
    for (const [key, states] of this.states) {
      const state = shown.get(key) ?? null;
      const from = this.seenAt.get(key) ?? 0;
      const at = states.indexOf(state, from);
      if (at >= 0) {
        this.seenAt.set(key, at);
        continue;
      }
      if (this.violations.length >= 20) continue;
      const earlier = states.lastIndexOf(state, from);
      this.violations.push(
        earlier >= 0
          ? `snapshot ${this.snapshots}: key ${key} went back from state ${from} to state ${earlier} of ${states.length}: ${state ?? 'no row'}`
          : `snapshot ${this.snapshots}: key ${key} shows a row the view never had: ${state ?? 'no row'}`,
      );
    }
  }
}
