// Generates rows at a steady rate: the reader of connector = 'datagen'.
import type { SourceBatch, SourceReader } from '../../stream/source.js';
import type { Row, Value } from '../../types/value.js';
import type { FieldPlan, GenerationContext } from './field-plan.js';
import { SeededRandom } from './seeded-random.js';

/** At most this many seconds of rows are owed after a pause (a slow epoch, a sleeping laptop). */
const MAX_BURST_SECONDS = 5;

/** JSON-serializable: rows generated so far, and the start time that `max_past` values are relative to. */
export interface DatagenPosition {
  readonly rows: number;
  readonly startedAtMs: number;
}

/**
 * Generates rows `rows`, `rows + 1`, ... of the column plans. The rate is kept against wall time between polls:
 * each poll generates what the time since the previous poll allows (fractions carry over), capped by
 * `maxRecords` and by `MAX_BURST_SECONDS` worth of rows. Row n is the same on every run for the same options
 * (values from the clock aside), so a restart at a position continues the same stream. Ends when a
 * sequence column passes its end.
 */
export class DatagenReader implements SourceReader {
  private readonly random = new SeededRandom();
  private readonly limit: number;
  private rows: number;
  private credit = 0;
  private lastPollMs: number;

  constructor(
    private readonly plans: readonly FieldPlan[],
    private readonly rowsPerSecond: number,
    private readonly start: DatagenPosition,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = Math.min(...plans.map((plan) => plan.limit));
    this.rows = start.rows;
    this.lastPollMs = now();
  }

  poll(maxRecords: number): Promise<SourceBatch> {
    const nowMs = this.now();
    const elapsedSeconds = Math.max(0, nowMs - this.lastPollMs) / 1000;
    this.lastPollMs = nowMs;
    this.credit = Math.min(this.credit + elapsedSeconds * this.rowsPerSecond, Math.max(1, this.rowsPerSecond * MAX_BURST_SECONDS));
    const count = Math.max(0, Math.min(Math.floor(this.credit), maxRecords, this.limit - this.rows));
    this.credit -= count;
    const context: GenerationContext = {
      random: this.random,
      nowMicros: BigInt(Math.floor(nowMs)) * 1000n,
      startedAtMicros: BigInt(Math.floor(this.start.startedAtMs)) * 1000n,
    };
    const plans = this.plans;
    const width = plans.length;
    const rows: Row[] = new Array<Row>(count);
    for (let rowIdx = 0; rowIdx < count; rowIdx++) {
      const row: Row = new Array<Value>(width);
      const rowNumber = this.rows + rowIdx;
      for (let columnIdx = 0; columnIdx < width; columnIdx++) row[columnIdx] = plans[columnIdx]!.generate(rowNumber, context);
      rows[rowIdx] = row;
    }
    this.rows += count;
    return Promise.resolve({ changes: { rows, weights: new Array<number>(count).fill(1) }, deadLetters: [] });
  }

  position(): DatagenPosition {
    return { rows: this.rows, startedAtMs: this.start.startedAtMs };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
