// IntervalSum: the exact field-by-field sum of weighted INTERVAL values, as PostgreSQL's interval_pl adds them.
import { Interval, intervalOutOfRange } from '../../types/interval.js';
import type { Value } from '../../types/value.js';
import { IntegerSum } from './integer-sum.js';
import type { SavedFields, SavedPart } from './saved-state.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Months, days and microseconds summed apart (interval_pl does not normalize, so '1 day' + '24 hours' is
 * '1 day 24:00:00'). Integer sums are exact, so retraction restores the sum of the rest.
 */
export class IntervalSum implements SavedPart {
  count = 0;
  private months = 0;
  private days = 0;
  private readonly micros = new IntegerSum();

  add(value: Interval, weight: number): void {
    this.count += weight;
    this.months += value.months * weight;
    this.days += value.days * weight;
    this.micros.addBigInt(value.micros, weight);
  }

  /** The sum, failing with PostgreSQL's "interval out of range" when a field leaves its range. */
  total(): Interval {
    if (this.months < INT32_MIN || this.months > INT32_MAX || this.days < INT32_MIN || this.days > INT32_MAX) {
      throw intervalOutOfRange();
    }
    let micros: bigint;
    try {
      micros = this.micros.totalInt8();
    } catch {
      throw intervalOutOfRange();
    }
    return new Interval(this.months, this.days, micros);
  }

  saveTo(out: Value[]): void {
    out.push(this.count, this.months, this.days);
    this.micros.saveTo(out);
  }

  loadFrom(fields: SavedFields): void {
    this.count = fields.number();
    this.months = fields.number();
    this.days = fields.number();
    this.micros.loadFrom(fields);
  }
}
