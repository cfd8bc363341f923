// PostgreSQL's interval input syntax (DecodeInterval, DecodeISO8601Interval) and SQL interval qualifiers.
import { SqlError } from './error.js';
import { Interval } from './interval.js';
import { roundHalfEven } from './round-half-even.js';

// Local constants: interval.ts imports this module, so its own exports are not initialized yet here.
const MICROS_PER_MINUTE = 60_000_000;
const MICROS_PER_HOUR = 3_600_000_000;
const MICROS_PER_DAY = 86_400_000_000;

/** What one unit word adds: months, days or microseconds per unit, and how its fraction cascades. */
type UnitKind = 'micros' | 'days' | 'weeks' | 'months' | 'years';
interface Unit {
  readonly kind: UnitKind;
  /** Microseconds per unit for 'micros'; years per unit for 'years'. */
  readonly factor: number;
  /** The field bit this unit sets: a field given twice is a syntax error, as PostgreSQL's fmask check. */
  readonly mask: number;
}

const YEAR = 1, MONTH = 2, DAY = 4, HOUR = 8, MINUTE = 16, SECOND = 32, MILLISECOND = 64, MICROSECOND = 128;
const WEEK = 256, DECADE = 512, CENTURY = 1024, MILLENNIUM = 2048;
/** A time of day 'hh:mm:ss' fills every field from hours down. */
const CLOCK_MASK = HOUR | MINUTE | SECOND | MILLISECOND | MICROSECOND;

const micro = (factor: number, mask: number): Unit => ({ kind: 'micros', factor, mask });
const years = (factor: number, mask: number): Unit => ({ kind: 'years', factor, mask });
const DAYS: Unit = { kind: 'days', factor: 1, mask: DAY };
const MONTHS: Unit = { kind: 'months', factor: 1, mask: MONTH };
const WEEKS: Unit = { kind: 'weeks', factor: 7, mask: WEEK };

const UNITS = new Map<string, Unit>();
const define = (names: string, unit: Unit): void => {
  for (const name of names.split(' ')) UNITS.set(name, unit);
};
define('microsecond microseconds us usec usecs useconds', micro(1, MICROSECOND));
define('millisecond milliseconds ms msec msecs mseconds', micro(1000, MILLISECOND));
define('second seconds s sec secs', micro(1_000_000, SECOND));
define('minute minutes m min mins', micro(MICROS_PER_MINUTE, MINUTE));
define('hour hours h hr hrs', micro(MICROS_PER_HOUR, HOUR));
define('day days d', DAYS);
define('week weeks w', WEEKS);
define('month months mon mons', MONTHS);
define('year years y yr yrs', years(1, YEAR));
define('decade decades dec decs', years(10, DECADE));
define('century centuries c cent', years(100, CENTURY));
define('millennium millennia mil mils', years(1000, MILLENNIUM));

/** The SQL qualifiers: the unit of a bare number, and what to truncate after parsing. */
type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

interface Qualifier {
  readonly bareUnit: Unit;
  readonly last: Field;
  readonly minuteToSecond: boolean;
  /** DAY TO HOUR reads '1 2' as 1 day 2 hours. */
  readonly dayToHour: boolean;
}

const FULL_RANGE: Qualifier = { bareUnit: micro(1_000_000, SECOND), last: 'second', minuteToSecond: false, dayToHour: false };

function parseQualifier(fields: string | undefined): Qualifier {
  if (fields === undefined || fields === '') return FULL_RANGE;
  const words = fields.trim().toLowerCase().replace(/\(\s*\d+\s*\)/g, '').split(/\s+/);
  const first = words[0] as Field;
  const last = (words.length === 3 && words[1] === 'to' ? words[2] : words[0]) as Field;
  const valid = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  if (!valid.includes(first) || !valid.includes(last) || (words.length !== 1 && words.length !== 3)) {
    throw new SqlError('syntax_error', `invalid interval qualifier "${fields}"`);
  }
  const bareUnits: Record<Field, Unit> = {
    year: years(1, YEAR),
    month: MONTHS,
    day: DAYS,
    hour: micro(MICROS_PER_HOUR, HOUR),
    minute: micro(MICROS_PER_MINUTE, MINUTE),
    second: micro(1_000_000, SECOND),
  };
  return {
    bareUnit: bareUnits[last],
    last,
    minuteToSecond: first === 'minute' && last === 'second',
    dayToHour: first === 'day' && last === 'hour',
  };
}

const invalid = (text: string): SqlError =>
  new SqlError('invalid_datetime_format', `invalid input syntax for type interval: "${text}"`);

/** Accumulates the fields of an interval as PostgreSQL's pg_itm_in does. */
class Accumulator {
  months = 0;
  days = 0;
  micros = 0;

  /** Adds `value` (possibly fractional) of `unit`, cascading fractions down as PostgreSQL does. */
  add(value: number, unit: Unit): void {
    const whole = Math.trunc(value);
    const fraction = value - whole;
    switch (unit.kind) {
      case 'micros':
        this.micros += whole * unit.factor + roundHalfEven(fraction * unit.factor);
        return;
      case 'days':
        this.days += whole;
        this.addFractionMicros(fraction, MICROS_PER_DAY);
        return;
      case 'weeks':
        this.days += whole * 7;
        this.addFractionDays(fraction, 7);
        return;
      case 'months':
        this.months += whole;
        this.addFractionDays(fraction, 30);
        return;
      case 'years':
        this.months += whole * unit.factor * 12 + roundHalfEven(fraction * unit.factor * 12);
        return;
    }
  }

  private addFractionDays(fraction: number, scale: number): void {
    if (fraction === 0) return;
    const scaled = fraction * scale;
    const extraDays = Math.trunc(scaled);
    this.days += extraDays;
    this.addFractionMicros(scaled - extraDays, MICROS_PER_DAY);
  }

  private addFractionMicros(fraction: number, scale: number): void {
    if (fraction === 0) return;
    const scaled = fraction * scale;
    const whole = Math.trunc(scaled);
    this.micros += whole + roundHalfEven(scaled - whole);
  }

  /** PostgreSQL's int32 months/days and int64 microseconds limits. */
  check(text: string): void {
    if (Math.abs(this.months) > 2147483647 || Math.abs(this.days) > 2147483647 || !(Math.abs(this.micros) < 9.223372036854776e18)) {
      throw new SqlError('datetime_field_overflow', `interval field value out of range: "${text}"`);
    }
  }

  negate(): void {
    this.months = -this.months;
    this.days = -this.days;
    this.micros = -this.micros;
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NUMBER_WITH_UNIT = /^([+-]?(?:\d+\.?\d*|\.\d+))([a-z]+)$/i;
const CLOCK = /^([+-])?(\d+):(\d+)(?::(\d+(?:\.\d*)?))?$/;
const CLOCK_FRACTIONAL_MINUTES = /^([+-])?(\d+):(\d+\.\d*)$/;
const YEAR_MONTH = /^([+-])?(\d+)-(\d+)$/;

/** Parses interval text (see Interval.parse). */
export function parseIntervalText(text: string, fields?: string): Interval {
  const qualifier = parseQualifier(fields);
  const trimmed = text.trim();
  if (trimmed === '') throw invalid(text);
  const accumulator = new Accumulator();
  if (trimmed.charCodeAt(0) === 80 || trimmed.charCodeAt(0) === 112) {
    if (!parseIso8601(trimmed.slice(1), accumulator)) throw invalid(text);
  } else if (!parseWords(trimmed, qualifier, accumulator)) {
    throw invalid(text);
  }
  return truncateToQualifier(toInterval(accumulator, text), qualifier.last);
}

function toInterval(accumulator: Accumulator, text: string): Interval {
  accumulator.check(text);
  return new Interval(accumulator.months, accumulator.days, BigInt(accumulator.micros));
}

/** Tokens separated by blanks; a number glued to its unit ('24h', '1day') is split in two. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === '') continue;
    const glued = NUMBER_WITH_UNIT.exec(raw);
    if (glued && !NUMBER.test(raw)) tokens.push(glued[1]!, glued[2]!.toLowerCase());
    else tokens.push(raw.toLowerCase());
  }
  return tokens;
}

/**
 * Reads the words right to left as PostgreSQL's DecodeInterval does: a unit word names the unit of the
 * numbers on its left until another unit word (so '5 1 day' is 5 days and 1 day: an error), a time of day
 * makes the number on its left a day count, a bare rightmost number takes the qualifier's unit.
 */
function parseWords(text: string, qualifier: Qualifier, accumulator: Accumulator): boolean {
  const tokens = tokenize(text);
  let start = 0;
  let end = tokens.length;
  if (tokens[0] === '@') start++;
  let ago = false;
  if (end > start && tokens[end - 1] === 'ago') {
    ago = true;
    end--;
  }
  if (start >= end) return false;
  let unit: Unit | undefined;
  let unitUsed = true;
  let seen = 0;
  for (let index = end - 1; index >= start; index--) {
    const token = tokens[index]!;
    const named = UNITS.get(token);
    if (named !== undefined) {
      if (!unitUsed) return false;
      unit = named;
      unitUsed = false;
      continue;
    }
    let mask: number;
    if (NUMBER.test(token)) {
      const value = Number(token);
      const applied = unit ?? qualifier.bareUnit;
      if (unit === undefined && qualifier.dayToHour) unit = DAYS;
      unitUsed = true;
      mask = applied.mask;
      if (applied.kind === 'micros' && applied.mask === SECOND && !Number.isInteger(value)) mask |= MILLISECOND | MICROSECOND;
      accumulator.add(value, applied);
    } else {
      mask = parseClockOrYearMonth(token, qualifier, accumulator);
      if (mask === 0) return false;
      if (mask & HOUR) {
        unit = DAYS; // a number left of a time of day counts days
        unitUsed = true;
      }
    }
    accumulator.check(text);
    if (seen & mask) return false;
    seen |= mask;
  }
  if (!unitUsed) return false;
  if (ago) accumulator.negate();
  return true;
}

/** Adds a time of day or a years-months token; returns the fields it set, 0 when it is neither. */
function parseClockOrYearMonth(token: string, qualifier: Qualifier, accumulator: Accumulator): number {
  const clock = CLOCK.exec(token);
  if (clock) {
    const sign = clock[1] === '-' ? -1 : 1;
    const first = Number(clock[2]);
    const second = Number(clock[3]);
    let micros: number;
    if (clock[4] === undefined) {
      micros = qualifier.minuteToSecond
        ? first * MICROS_PER_MINUTE + second * 1_000_000
        : first * MICROS_PER_HOUR + second * MICROS_PER_MINUTE;
    } else {
      if (second > 59) return 0;
      const seconds = Number(clock[4]);
      if (seconds >= 60 && seconds !== 60) return 0;
      micros = first * MICROS_PER_HOUR + second * MICROS_PER_MINUTE + Math.round(seconds * 1_000_000);
    }
    accumulator.micros += sign * micros;
    return CLOCK_MASK;
  }
  const fractionalMinutes = CLOCK_FRACTIONAL_MINUTES.exec(token);
  if (fractionalMinutes) {
    const sign = fractionalMinutes[1] === '-' ? -1 : 1;
    const micros =
      Number(fractionalMinutes[2]) * MICROS_PER_MINUTE + Math.round(Number(fractionalMinutes[3]) * 1_000_000);
    accumulator.micros += sign * micros;
    return CLOCK_MASK;
  }
  const yearMonth = YEAR_MONTH.exec(token);
  if (yearMonth) {
    const sign = yearMonth[1] === '-' ? -1 : 1;
    const months = Number(yearMonth[3]);
    if (months > 11) return 0;
    accumulator.months += sign * (Number(yearMonth[2]) * 12 + months);
    return YEAR | MONTH;
  }
  return 0;
}

const ISO_PART = /([+-]?(?:\d+\.?\d*|\.\d+))([YMWDHS])/gy;

/** The designator form 'P1Y2M3DT4H5M6.5S' (the 'P' already consumed). */
function parseIso8601(body: string, accumulator: Accumulator): boolean {
  const upper = body.toUpperCase();
  const timeAt = upper.indexOf('T');
  const datePart = timeAt < 0 ? upper : upper.slice(0, timeAt);
  const timePart = timeAt < 0 ? '' : upper.slice(timeAt + 1);
  if (datePart === '' && timePart === '') return false;
  const dateUnits: Record<string, Unit> = { Y: years(1, YEAR), M: MONTHS, W: WEEKS, D: DAYS };
  const timeUnits: Record<string, Unit> = {
    H: micro(MICROS_PER_HOUR, HOUR),
    M: micro(MICROS_PER_MINUTE, MINUTE),
    S: micro(1_000_000, SECOND),
  };
  return applyIsoParts(datePart, dateUnits, accumulator) && applyIsoParts(timePart, timeUnits, accumulator);
}

function applyIsoParts(part: string, units: Record<string, Unit>, accumulator: Accumulator): boolean {
  ISO_PART.lastIndex = 0;
  let consumed = 0;
  for (let match = ISO_PART.exec(part); match; match = ISO_PART.exec(part)) {
    const unit = units[match[2]!];
    if (!unit) return false;
    accumulator.add(Number(match[1]), unit);
    consumed = ISO_PART.lastIndex;
  }
  return consumed === part.length;
}

/** AdjustIntervalForTypmod: zero the fields below the qualifier's last field. */
function truncateToQualifier(interval: Interval, last: Field): Interval {
  switch (last) {
    case 'second':
      return interval;
    case 'year':
      return new Interval(Math.trunc(interval.months / 12) * 12, 0, 0n);
    case 'month':
      return new Interval(interval.months, 0, 0n);
    case 'day':
      return new Interval(interval.months, interval.days, 0n);
    case 'hour':
      return new Interval(interval.months, interval.days, truncateMicros(interval.micros, MICROS_PER_HOUR));
    case 'minute':
      return new Interval(interval.months, interval.days, truncateMicros(interval.micros, MICROS_PER_MINUTE));
  }
}

const truncateMicros = (micros: bigint, unit: number): bigint => (micros / BigInt(unit)) * BigInt(unit);
