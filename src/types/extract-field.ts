// EXTRACT (numeric results, PostgreSQL 14+) and date_part (float8) for timestamp, timestamptz, date, time, interval.
import {
  DATE_NEGATIVE_INFINITY,
  DATE_POSITIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
  UNIX_EPOCH_JULIAN_DAY,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  isoWeek,
  splitMicros,
  type CivilDate,
} from './calendar.js';
import { resolveDatetimeUnit, unsupportedUnit, type DatetimeUnit } from './datetime-unit.js';
import type { Interval } from './interval.js';
import { Numeric } from './numeric.js';
import { isInfiniteTimestamp } from './timestamp-arithmetic.js';
import { offsetAtUtcMicros, zoneOf } from './time-zone.js';

/** The types EXTRACT accepts; the value is in the representation of value.ts. */
export type TemporalType = 'timestamp' | 'timestamptz' | 'date' | 'time' | 'interval';

const TYPE_NAMES: Record<TemporalType, string> = {
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  date: 'date',
  time: 'time without time zone',
  interval: 'interval',
};

const civil: CivilDate = { year: 0, month: 0, day: 0 };
const cdiv = (a: number, b: number): number => Math.trunc(a / b);
const integer = (value: number): Numeric => new Numeric(BigInt(value), 0);
/** Monotonic units give ±Infinity for infinite inputs; the others give NULL (NonFiniteTimestampTzPart). */
const MONOTONIC = new Set<DatetimeUnit>(['year', 'decade', 'century', 'millennium', 'julian', 'isoyear', 'epoch']);

/** Displayed year of astronomical `year`: 1 BC is -1. */
const displayYear = (year: number): number => (year > 0 ? year : year - 1);

/** Calendar fields of a local date (days since 1970-01-01). */
function dateField(unit: DatetimeUnit, days: number): number | undefined {
  civilFromDays(days, civil);
  const year = civil.year;
  switch (unit) {
    case 'day': return civil.day;
    case 'month': return civil.month;
    case 'quarter': return cdiv(civil.month - 1, 3) + 1;
    case 'year': return displayYear(year);
    case 'decade': return year >= 0 ? cdiv(year, 10) : -cdiv(8 - (year - 1), 10);
    case 'century': return year > 0 ? cdiv(year + 99, 100) : -cdiv(99 - (year - 1), 100);
    case 'millennium': return year > 0 ? cdiv(year + 999, 1000) : -cdiv(999 - (year - 1), 1000);
    case 'week': return isoWeek(days, civil)[0];
    case 'isoyear': return displayYear(isoWeek(days, civil)[1]);
    case 'dow': return dayOfWeek(days);
    case 'isodow': return dayOfWeek(days) || 7;
    case 'doy': return days - daysFromCivil(civil.year, 1, 1) + 1;
    default: return undefined;
  }
}

/** Time-of-day fields with EXTRACT's scales: seconds scale 6, milliseconds scale 3, microseconds scale 0. */
function timeField(unit: DatetimeUnit, timeMicros: number): Numeric | undefined {
  const secondMicros = timeMicros % 60_000_000;
  switch (unit) {
    case 'microseconds': return integer(secondMicros);
    case 'milliseconds': return new Numeric(BigInt(secondMicros), 3);
    case 'second': return new Numeric(BigInt(secondMicros), 6);
    case 'minute': return integer(Math.floor(timeMicros / 60_000_000) % 60);
    case 'hour': return integer(Math.floor(timeMicros / 3_600_000_000));
    default: return undefined;
  }
}

function infiniteResult(unit: DatetimeUnit, positive: boolean): Numeric | null {
  if (!MONOTONIC.has(unit)) return null;
  return positive ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
}

function extractTimestamp(unit: DatetimeUnit, field: string, type: TemporalType, ts: bigint, zone?: string): Numeric | null {
  if (isInfiniteTimestamp(ts)) return infiniteResult(unit, ts === TIMESTAMP_POSITIVE_INFINITY);
  if (unit === 'epoch') return new Numeric(ts, 6);
  let offset = 0;
  if (type === 'timestamptz') {
    offset = offsetAtUtcMicros(zoneOf(zone), ts);
    if (unit === 'timezone') return integer(offset);
    if (unit === 'timezone_hour') return integer(cdiv(offset, 3600));
    if (unit === 'timezone_minute') return integer(cdiv(offset, 60) % 60);
  }
  const [days, time] = splitMicros(offset === 0 ? ts : ts + BigInt(offset) * 1_000_000n);
  if (unit === 'julian') {
    // date2j + time of day / 86400 s, divided as numeric (scale chosen by select_div_scale).
    const dayNumber = integer(days + UNIX_EPOCH_JULIAN_DAY);
    return dayNumber.add(integer(time).div(integer(86_400_000_000)));
  }
  const fromTime = timeField(unit, time);
  if (fromTime !== undefined) return fromTime;
  const fromDate = dateField(unit, days);
  if (fromDate !== undefined) return integer(fromDate);
  throw unsupportedUnit(field, TYPE_NAMES[type]);
}

function extractDate(unit: DatetimeUnit, field: string, days: number): Numeric | null {
  if (days === DATE_POSITIVE_INFINITY || days === DATE_NEGATIVE_INFINITY) {
    if (unit === 'microseconds' || unit === 'milliseconds' || unit === 'second' || unit === 'minute' || unit === 'hour') {
      throw unsupportedUnit(field, 'date');
    }
    return infiniteResult(unit, days === DATE_POSITIVE_INFINITY);
  }
  if (unit === 'epoch') return new Numeric(BigInt(days) * 86400n, 0);
  if (unit === 'julian') return integer(days + UNIX_EPOCH_JULIAN_DAY);
  const value = dateField(unit, days);
  if (value === undefined) throw unsupportedUnit(field, 'date');
  return integer(value);
}

function extractTime(unit: DatetimeUnit, field: string, micros: number): Numeric {
  if (unit === 'epoch') return new Numeric(BigInt(micros), 6);
  const value = timeField(unit, micros);
  if (value === undefined) throw unsupportedUnit(field, 'time without time zone');
  return value;
}

function extractInterval(unit: DatetimeUnit, field: string, iv: Interval): Numeric {
  const years = cdiv(iv.months, 12);
  const months = iv.months - years * 12;
  const hours = iv.micros / 3_600_000_000n;
  const rest = iv.micros - hours * 3_600_000_000n;
  const minutes = rest / 60_000_000n;
  const secondMicros = rest - minutes * 60_000_000n;
  switch (unit) {
    case 'microseconds': return new Numeric(secondMicros, 0);
    case 'milliseconds': return new Numeric(secondMicros, 3);
    case 'second': return new Numeric(secondMicros, 6);
    case 'minute': return new Numeric(minutes, 0);
    case 'hour': return new Numeric(hours, 0);
    case 'day': return integer(iv.days);
    case 'month': return integer(months);
    case 'quarter': return integer(cdiv(months, 3) + 1);
    case 'year': return integer(years);
    case 'decade': return integer(cdiv(years, 10));
    case 'century': return integer(cdiv(years, 100));
    case 'millennium': return integer(cdiv(years, 1000));
    case 'epoch': return new Numeric(iv.epochMicros(), 6);
    default: throw unsupportedUnit(field, 'interval');
  }
}

/**
 * EXTRACT(field FROM value) with PostgreSQL 15's numeric results and scales ('second' -> 7.500000, 'epoch' ->
 * 1616673780.500000, 'year' -> 2021). `value` is a bigint for timestamp/timestamptz, days (number) for date,
 * microseconds (number) for time, an Interval for interval. timestamptz fields are read in `zone` (session
 * zone, default UTC). Returns null where PostgreSQL returns NULL (non-monotonic fields of infinite values).
 */
export function extractField(field: string, type: TemporalType, value: bigint | number | Interval, zone?: string): Numeric | null {
  const unit = resolveDatetimeUnit(field, TYPE_NAMES[type]);
  switch (type) {
    case 'timestamp':
    case 'timestamptz':
      return extractTimestamp(unit, field, type, value as bigint, zone);
    case 'date':
      return extractDate(unit, field, value as number);
    case 'time':
      return extractTime(unit, field, value as number);
    case 'interval':
      return extractInterval(unit, field, value as Interval);
  }
}

/**
 * date_part(field, value): the float8 flavour. PostgreSQL computes seconds as sec + fsec/1e6 in double
 * arithmetic, which this reproduces; other fields are the exact value rounded to double.
 */
export function datePart(field: string, type: TemporalType, value: bigint | number | Interval, zone?: string): number | null {
  const unit = resolveDatetimeUnit(field, TYPE_NAMES[type]);
  if ((unit === 'second' || unit === 'milliseconds') && type !== 'date') {
    const micros = secondMicros(type, value, zone);
    if (micros !== undefined) {
      const seconds = Math.trunc(micros / 1e6);
      const fraction = micros - seconds * 1e6;
      return unit === 'second' ? seconds + fraction / 1e6 : seconds * 1000 + fraction / 1000;
    }
  }
  const exact = extractField(field, type, value, zone);
  return exact === null ? null : exact.toNumber();
}

/** Microseconds within the minute, for date_part's second and milliseconds. */
function secondMicros(type: TemporalType, value: bigint | number | Interval, zone?: string): number | undefined {
  if (type === 'interval') return Number((value as Interval).micros % 60_000_000n);
  if (type === 'time') return (value as number) % 60_000_000;
  const ts = value as bigint;
  if (isInfiniteTimestamp(ts)) return undefined;
  const offset = type === 'timestamptz' ? offsetAtUtcMicros(zoneOf(zone), ts) : 0;
  const [, time] = splitMicros(ts + BigInt(offset) * 1_000_000n);
  return time % 60_000_000;
}

