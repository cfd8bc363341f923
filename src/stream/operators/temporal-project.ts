// TemporalProject: appends expressions that read the clock (NOW(), CURRENT_DATE) and re-emits rows as they change.
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { BatchBuilder } from './batch-builder.js';
import { rowIdentityKey, sameValue } from './row-identity.js';

interface Entry {
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
 */
export class TemporalProject implements Operator {
  private readonly entries = new Map<string, Entry>();
  private evaluatedAt: bigint | undefined;

  constructor(
    private readonly exprs: readonly ((row: Row) => Value)[],
    /** The current time (the epoch's time), µs since 1970. */
    private readonly now: () => bigint,
  ) {}

  push(_port: number, batch: ChangeBatch): ChangeBatch | null {
    const { rows, weights } = batch;
    const out = new BatchBuilder();
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
      const weight = weights[rowIdx]!;
      if (weight === 0) continue;
      const row = rows[rowIdx]!;
      const key = rowIdentityKey(row);
      let entry = this.entries.get(key);
      if (entry === undefined) {
        if (weight < 0) throw new Error('temporal project retracts a row it never saw (this is a bug)');
        entry = { input: row, count: 0, output: this.evaluate(row) };
        this.entries.set(key, entry);
      }
      entry.count += weight;
      out.add(entry.output, weight);
      if (entry.count === 0) this.entries.delete(key);
      else if (entry.count < 0) throw new Error('temporal project row count below zero (this is a bug)');
    }
    if (this.evaluatedAt === undefined) this.evaluatedAt = this.now();
    return out.take();
  }

  barrier(): ChangeBatch | null {
    const now = this.now();
    if (now === this.evaluatedAt) return null;
    this.evaluatedAt = now;
    const out = new BatchBuilder();
    for (const entry of this.entries.values()) {
      const next = this.evaluate(entry.input);
      if (sameTail(entry.output, next, entry.input.length)) continue;
      out.add(entry.output, -entry.count);
      out.add(next, entry.count);
      entry.output = next;
    }
    return out.take();
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
