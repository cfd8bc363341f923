// TemporalProject: appends expressions that read the clock (NOW(), CURRENT_DATE) and re-emits rows as they change.
import { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { BatchBuilder } from './batch-builder.js';
import { rowIdentityKey, sameValue } from './row-identity.js';
import { checkpointsNotEnabled, corruptState, expectEnd } from './state-entry.js';

/** Key of the entry that holds the time of the last evaluation; row entries start with ROW_ENTRY. */
const TIME_ENTRY = Uint8Array.of(0);
const ROW_ENTRY = 1;

interface Entry {
  /** The input row's identity key, under which `entries` holds the entry. */
  readonly key: string;
  readonly input: Row;
  count: number;
  /** The output row last emitted for the input row (input columns, then the expressions' values). */
  output: Row;
}

/**
 * Outputs each input row with the values of time-dependent expressions appended. It keeps its input rows, and
 * at every barrier where the clock moved it re-evaluates them, retracting the rows whose values changed and
 * inserting them with the new values: so `WHERE ts > NOW() - INTERVAL '1 hour'` (a filter on the appended
 * value) lets rows age out, and `SUM(x) FILTER (WHERE ts >= CURRENT_DATE)` drops yesterday's rows at midnight.
 * A retraction always carries the values the row was emitted with.
 *
 * A row whose values are all settled (`plan/temporal-settling.ts`: `ts >= CURRENT_DATE` once false) is not
 * kept: its values can no longer change, so a later retraction of it is re-evaluated to the values it was
 * emitted with. The operator's time never goes back (a clock set back is read as the last time seen), or a
 * settled value could change after all.
 *
 * Checkpoints hold one entry per distinct input row (key: the encoded row; value: its count and the values
 * last emitted for it, which a restore cannot recompute: they depend on the time they were computed at), and
 * one entry with the time of the last evaluation. A row's entry is written again when its count or its values
 * change: so as often as the operator emits it.
 */
export class TemporalProject implements StatefulOperator {
  private readonly entries = new Map<string, Entry>();
  private evaluatedAt: bigint | undefined;
  /**
   * Entries changed since the last checkpoint by key: an entry that left (count 0) is replaced by a later one of
   * the same row. Null while checkpoints are off.
   */
  private changed: Map<string, Entry> | null = null;
  /** False until the store holds every entry: the first checkpoint after a start from scratch writes them all. */
  private storeHoldsState = false;
  /** The evaluation time the store holds. */
  private storedEvaluatedAt: bigint | undefined;
  private writer: ValueWriter | null = null;

  constructor(
    private readonly exprs: readonly ((row: Row) => Value)[],
    /** The current time (the epoch's time), µs since 1970. */
    private readonly now: () => bigint,
    /** Per expression, the test that its value is final; a row is kept until every value is. Absent: never final. */
    private readonly settled: readonly (((value: Value) => boolean) | undefined)[] = [],
  ) {}

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const out = new BatchBuilder();
    const changed = this.changed;
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx]!;
      if (weight === 0) continue;
      const row = rows[rowIdx]!;
      const key = rowIdentityKey(row);
      let entry = this.entries.get(key);
      if (entry === undefined) {
        const output = this.evaluate(row);
        if (this.isSettled(output, row.length)) {
          out.add(output, weight);
          continue;
        }
        if (weight < 0) throw new Error('temporal project retracts a row it never saw (this is a bug)');
        entry = { key, input: row, count: 0, output };
        this.entries.set(key, entry);
      }
      entry.count += weight;
      if (changed !== null) changed.set(key, entry);
      out.add(entry.output, weight);
      if (entry.count === 0) this.entries.delete(key);
      else if (entry.count < 0) throw new Error('temporal project row count below zero (this is a bug)');
    }
    if (this.evaluatedAt === undefined) this.evaluatedAt = this.now();
    return out.take();
  }

  barrier(): ChangeBatch | null {
    const now = this.now();
    if (this.evaluatedAt !== undefined && now <= this.evaluatedAt) return null;
    this.evaluatedAt = now;
    const out = new BatchBuilder();
    const changed = this.changed;
    const entries = this.entries;
    for (const entry of entries.values()) {
      const width = entry.input.length;
      const next = this.evaluate(entry.input);
      if (sameTail(entry.output, next, width)) continue;
      out.add(entry.output, -entry.count);
      out.add(next, entry.count);
      entry.output = next;
      if (this.isSettled(next, width)) {
        entries.delete(entry.key);
        if (changed !== null) changed.set(entry.key, { ...entry, count: 0 });
      } else if (changed !== null) {
        changed.set(entry.key, entry);
      }
    }
    return out.take();
  }

  /** Whether every appended value of `output` (after `width` input columns) is final. */
  private isSettled(output: Row, width: number): boolean {
    const settled = this.settled;
    if (settled.length === 0) return false;
    for (let exprIdx = 0; exprIdx < this.exprs.length; exprIdx++) {
      const test = settled[exprIdx];
      if (test === undefined || !test(output[width + exprIdx]!)) return false;
    }
    return true;
  }

  enableCheckpoints(): void {
    this.changed ??= new Map();
  }

  checkpoint(stateWriter: StateWriter): void {
    const changed = this.changed;
    if (changed === null) throw checkpointsNotEnabled('temporal project');
    const writer = (this.writer ??= new ValueWriter());
    if (!this.storeHoldsState) {
      for (const entry of this.entries.values()) stateWriter.put(this.entryKey(writer, entry), this.entryValue(writer, entry));
      this.storeHoldsState = true;
    } else {
      for (const entry of changed.values()) {
        const key = this.entryKey(writer, entry);
        if (entry.count === 0) stateWriter.delete(key);
        else stateWriter.put(key, this.entryValue(writer, entry));
      }
    }
    changed.clear();
    if (this.evaluatedAt !== this.storedEvaluatedAt) {
      // Set once by the first push and never unset again: only ever put.
      stateWriter.put(TIME_ENTRY.slice(), writer.reset().writeValue(this.evaluatedAt!).copyBytes());
      this.storedEvaluatedAt = this.evaluatedAt;
    }
  }

  private entryKey(writer: ValueWriter, entry: Entry): Uint8Array {
    return writer.reset().writeUint(ROW_ENTRY).writeRow(entry.input).copyBytes();
  }

  /** The count, then the values the expressions gave (the output row after the input's columns). */
  private entryValue(writer: ValueWriter, entry: Entry): Uint8Array {
    writer.reset().writeValue(entry.count);
    const output = entry.output;
    for (let columnIdx = entry.input.length; columnIdx < output.length; columnIdx++) writer.writeValue(output[columnIdx]!);
    return writer.copyBytes();
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    const reader = new ValueReader();
    for (const [keyBytes, bytes] of entries) {
      if (keyBytes.length === 1 && keyBytes[0] === TIME_ENTRY[0]) {
        const time = reader.reset(bytes).readValue();
        expectEnd(reader, 'temporal project');
        if (typeof time !== 'bigint') throw corruptState('temporal project', 'an evaluation time that is not a bigint');
        this.evaluatedAt = this.storedEvaluatedAt = time;
        continue;
      }
      if (reader.reset(keyBytes).readUint() !== ROW_ENTRY) throw corruptState('temporal project', 'an entry of unknown kind');
      const input = reader.readRow();
      expectEnd(reader, 'temporal project');
      const count = reader.reset(bytes).readValue();
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count <= 0) {
        throw corruptState('temporal project', 'a row without copies');
      }
      const width = input.length;
      const output: Row = new Array<Value>(width + this.exprs.length);
      for (let columnIdx = 0; columnIdx < width; columnIdx++) output[columnIdx] = input[columnIdx]!;
      for (let exprIdx = 0; exprIdx < this.exprs.length; exprIdx++) output[width + exprIdx] = reader.readValue();
      expectEnd(reader, 'temporal project');
      const key = rowIdentityKey(input);
      this.entries.set(key, { key, input, count, output });
    }
    this.storeHoldsState = true;
  }

  private evaluate(row: Row): Row {
    const width = row.length;
    const output: Row = new Array<Value>(width + this.exprs.length);
    for (let i = 0; i < width; i++) output[i] = row[i]!;
    for (let i = 0; i < this.exprs.length; i++) output[width + i] = this.exprs[i]!(row);
    return output;
  }
}

function sameTail(a: Row, b: Row, from: number): boolean {
  for (let i = from; i < a.length; i++) if (!sameValue(a[i]!, b[i]!)) return false;
  return true;
}
