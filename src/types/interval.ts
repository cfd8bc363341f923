// Interval: PostgreSQL's INTERVAL (months, days, microseconds), its arithmetic, ordering and text output.
import { SqlError } from './error.js';
import { parseIntervalText } from './interval-parse.js';
import { roundHalfEven } from './round-half-even.js';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60_000_000;
export const MICROS_PER_HOUR = 3_600_000_000;
export const MICROS_PER_DAY = 86_400_000_000;
const MICROS_PER_DAY_BIG = 86_400_000_000n;
const MICROS_PER_MONTH_BIG = 30n * MICROS_PER_DAY_BIG;
const SECONDS_PER_DAY = 86_400;
const DAYS_PER_MONTH = 30;
/** PostgreSQL's EXTRACT(EPOCH FROM interval) counts a year as 365.25 days. */
const SECONDS_PER_YEAR = 31_557_600;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

export const intervalOutOfRange = (): SqlError => new SqlError('datetime_field_overflow', 'interval out of range');

/** TSROUND: rounds to microsecond precision, absorbing floating-point noise in the cascades. */
const tsRound = (value: number): number => roundHalfEven(value * 1e6) / 1e6;


function checkedInt32(value: number): number {
  if (Number.isNaN(value) || value < INT32_MIN || value > INT32_MAX) throw intervalOutOfRange();
  return value;
}

function checkedInt64(value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) throw intervalOutOfRange();
  return value;
}

/**
 * A PostgreSQL interval: months, days and microseconds kept apart (a month is not a fixed number of days,
 * nor a day a fixed number of hours across DST). Immutable.
 */
export class Interval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly micros: bigint,
  ) {}

  static readonly ZERO: Interval = new Interval(0, 0, 0n);

  /**
   * PostgreSQL interval input: '1 hour', '2 days 03:04:05', '1 year 2 mons', '-1 day', 'P1DT2H', '00:05:00',
   * '1-2' (years-months), '@ 1 hour ago'. `fields` is the SQL qualifier ('hour', 'day to second'): it names
   * the unit of a bare number and truncates the fields below its end, as INTERVAL '2' HOUR.
   */
  static parse(text: string, fields?: string): Interval {
    return parseIntervalText(text, fields);
  }

  static fromMicros(micros: bigint): Interval {
    return new Interval(0, 0, micros);
  }

  add(o: Interval): Interval {
    return new Interval(
      checkedInt32(this.months + o.months),
      checkedInt32(this.days + o.days),
      checkedInt64(this.micros + o.micros),
    );
  }

  sub(o: Interval): Interval {
    return new Interval(
      checkedInt32(this.months - o.months),
      checkedInt32(this.days - o.days),
      checkedInt64(this.micros - o.micros),
    );
  }

  neg(): Interval {
    return new Interval(checkedInt32(-this.months), checkedInt32(-this.days), checkedInt64(-this.micros));
  }

  /** interval * float8 (interval_mul): fractional months and days cascade down to days and microseconds. */
  mul(factor: number): Interval {
    return this.scaled(this.months * factor, this.days * factor, Number(this.micros) * factor);
  }

  /** interval / float8 (interval_div). */
  div(divisor: number): Interval {
    if (divisor === 0) throw new SqlError('division_by_zero', 'division by zero');
    return this.scaled(this.months / divisor, this.days / divisor, Number(this.micros) / divisor);
  }

  private scaled(monthsProduct: number, daysProduct: number, microsProduct: number): Interval {
    const months = Math.trunc(checkedInt32(monthsProduct));
    let days = Math.trunc(checkedInt32(daysProduct));
    const monthRemainderDays = tsRound((monthsProduct - months) * DAYS_PER_MONTH);
    let secondRemainder = tsRound(
      (daysProduct - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * SECONDS_PER_DAY,
    );
    if (Math.abs(secondRemainder) >= SECONDS_PER_DAY) {
      const carriedDays = Math.trunc(secondRemainder / SECONDS_PER_DAY);
      days = checkedInt32(days + carriedDays);
      secondRemainder -= carriedDays * SECONDS_PER_DAY;
    }
    days = checkedInt32(days + Math.trunc(monthRemainderDays));
    const micros = roundHalfEven(microsProduct + secondRemainder * MICROS_PER_SECOND);
    if (!Number.isFinite(micros) || micros >= 9.223372036854776e18 || micros < -9.223372036854776e18) {
      throw intervalOutOfRange();
    }
    return new Interval(months, days, BigInt(micros));
  }

  /** interval_cmp: months as 30 days and days as 24 hours, so '24 hours' equals '1 day'. */
  compare(o: Interval): number {
    if (this.months === o.months && this.days === o.days) {
      return this.micros < o.micros ? -1 : this.micros > o.micros ? 1 : 0;
    }
    // A double estimate decides unless the totals are within its rounding error.
    const estimate =
      (this.months - o.months) * 2.592e12 + (this.days - o.days) * 8.64e10 + Number(this.micros - o.micros);
    if (estimate > 1e7) return 1;
    if (estimate < -1e7) return -1;
    const a = this.totalMicros();
    const b = o.totalMicros();
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(o: Interval): boolean {
    return this.compare(o) === 0;
  }

  /** months * 30 days + days * 24 hours + micros: the normalized value that orders and groups intervals. */
  totalMicros(): bigint {
    return BigInt(this.months) * MICROS_PER_MONTH_BIG + BigInt(this.days) * MICROS_PER_DAY_BIG + this.micros;
  }

  /** EXTRACT(EPOCH FROM interval) in seconds: years of 365.25 days, leftover months of 30 days. */
  epochSeconds(): number {
    return Number(this.epochMicros()) / 1e6;
  }

  /** epochSeconds() in exact microseconds. */
  epochMicros(): bigint {
    const years = Math.trunc(this.months / 12);
    const months = this.months - years * 12;
    const seconds =
      BigInt(years) * BigInt(SECONDS_PER_YEAR) +
      BigInt(months) * BigInt(DAYS_PER_MONTH * SECONDS_PER_DAY) +
      BigInt(this.days) * BigInt(SECONDS_PER_DAY);
    return seconds * 1_000_000n + this.micros;
  }

  /** PostgreSQL output with IntervalStyle 'postgres': '1 year 2 mons', '-1 days +02:00:00', '00:00:01.5'. */
  toString(): string {
    const years = Math.trunc(this.months / 12);
    const months = this.months - years * 12;
    let text = '';
    let isZero = true;
    let isBefore = false;
    const addPart = (value: number, unit: string): void => {
      if (value === 0) return;
      text += (isZero ? '' : ' ') + (isBefore && value > 0 ? '+' : '') + value + ' ' + unit + (value !== 1 ? 's' : '');
      isBefore = value < 0;
      isZero = false;
    };
    addPart(years, 'year');
    addPart(months, 'mon');
    addPart(this.days, 'day');
    if (isZero || this.micros !== 0n) {
      const minus = this.micros < 0n;
      text += (isZero ? '' : ' ') + (minus ? '-' : isBefore ? '+' : '') + formatClock(minus ? -this.micros : this.micros);
    }
    return text;
  }
}

/** 'HH:MM:SS[.ffffff]' with trailing fractional zeros dropped; hours may exceed 24. */
export function formatClock(micros: bigint): string {
  const totalSeconds = micros / 1_000_000n;
  const fraction = Number(micros - totalSeconds * 1_000_000n);
  const hours = totalSeconds / 3600n;
  const rest = Number(totalSeconds - hours * 3600n);
  const minutes = Math.trunc(rest / 60);
  const seconds = rest - minutes * 60;
  const hoursText = hours < 10n ? '0' + hours.toString() : hours.toString();
  return `${hoursText}:${twoDigits(minutes)}:${twoDigits(seconds)}${fractionText(fraction)}`;
}

const twoDigits = (value: number): string => (value < 10 ? '0' + value : String(value));

/** '.5' for 500000 microseconds, '' for 0: six digits with trailing zeros dropped. */
export function fractionText(micros: number): string {
  if (micros === 0) return '';
  let digits = String(micros).padStart(6, '0');
  let end = 6;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return '.' + digits;
}
