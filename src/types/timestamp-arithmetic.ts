// Timestamp arithmetic with intervals: calendar months, zone-aware days, and timestamp differences.
import { SqlError } from './error.js';
import {
  MAX_TIMESTAMP_MICROS,
  MICROS_PER_DAY,
  MIN_TIMESTAMP_MICROS,
  TIMESTAMP_NEGATIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  splitMicros,
  type CivilDate,
} from './calendar.js';
import { Interval } from './interval.js';
import { localToUtcMicros, offsetAtUtcMicros, zoneOf, type TimeZone } from './time-zone.js';

export const timestampOutOfRange = (): SqlError => new SqlError('datetime_field_overflow', 'timestamp out of range');

export const isInfiniteTimestamp = (micros: bigint): boolean =>
  micros === TIMESTAMP_POSITIVE_INFINITY || micros === TIMESTAMP_NEGATIVE_INFINITY;

export function checkTimestampRange(micros: bigint): bigint {
  if (micros < MIN_TIMESTAMP_MICROS || micros > MAX_TIMESTAMP_MICROS) throw timestampOutOfRange();
  return micros;
}

const civil: CivilDate = { year: 0, month: 0, day: 0 };

/** UTC instant -> local wall-clock microseconds in `zone`. */
export function toLocalMicros(zone: TimeZone, utc: bigint): bigint {
  if (zone.kind === 'fixed' && zone.offset === 0) return utc;
  return utc + BigInt(offsetAtUtcMicros(zone, utc)) * 1_000_000n;
}

/**
 * timestamp + interval, as PostgreSQL's timestamp(tz)_pl_interval: months move the calendar month (the day
 * of month clamped to the month's length), then days move the calendar day in `zone` (so '1 day' across a
 * DST change keeps the wall-clock time), then the microseconds are added. For timestamp without time zone
 * leave `zone` undefined (UTC). Infinite timestamps are returned unchanged.
 */
export function addInterval(ts: bigint, iv: Interval, zone?: string): bigint {
  if (isInfiniteTimestamp(ts)) return ts;
  const resolved = zoneOf(zone);
  let result = ts;
  if (iv.months !== 0 || iv.days !== 0) {
    let local = toLocalMicros(resolved, result);
    const [days, time] = splitMicros(local);
    let newDays = days;
    if (iv.months !== 0) {
      civilFromDays(days, civil);
      const monthIndex = civil.year * 12 + (civil.month - 1) + iv.months;
      const year = Math.floor(monthIndex / 12);
      const month = monthIndex - year * 12 + 1;
      newDays = daysFromCivil(year, month, Math.min(civil.day, daysInMonth(year, month)));
    }
    newDays += iv.days;
    local = BigInt(newDays) * MICROS_PER_DAY + BigInt(time);
    result = resolved.kind === 'fixed' ? local - BigInt(resolved.offset) * 1_000_000n : localToUtcMicros(resolved, local);
    checkTimestampRange(result);
  }
  return checkTimestampRange(result + iv.micros);
}

/** timestamp - interval. */
export function subtractInterval(ts: bigint, iv: Interval, zone?: string): bigint {
  return addInterval(ts, iv.neg(), zone);
}

/** timestamp - timestamp (timestamp_mi): whole days and the rest as time, both with the difference's sign. */
export function subtractTimestamps(a: bigint, b: bigint): Interval {
  if (isInfiniteTimestamp(a) || isInfiniteTimestamp(b)) {
    throw new SqlError('datetime_field_overflow', 'cannot subtract infinite timestamps');
  }
  const difference = a - b;
  const days = difference / MICROS_PER_DAY;
  return new Interval(0, Number(days), difference - days * MICROS_PER_DAY);
}

/** date + interval (the date taken as midnight): a timestamp without time zone. */
export function addIntervalToDate(days: number, iv: Interval): bigint {
  return addInterval(BigInt(days) * MICROS_PER_DAY, iv);
}
