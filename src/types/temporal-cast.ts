// Conversions among date, timestamp, timestamptz and time, with infinities and the session time zone.
import {
  DATE_NEGATIVE_INFINITY,
  DATE_POSITIVE_INFINITY,
  MAX_TIMESTAMP_MICROS,
  MICROS_PER_DAY,
  MIN_TIMESTAMP_MICROS,
  TIMESTAMP_NEGATIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
} from './calendar.js';
import { SqlError } from './error.js';
import { isInfiniteTimestamp, toLocalMicros } from './timestamp-arithmetic.js';
import { localToUtcMicros, zoneOf } from './time-zone.js';

/** date -> timestamp: midnight of the day; 'infinity' stays infinite. */
export function dateToTimestamp(days: number): bigint {
  if (days === DATE_POSITIVE_INFINITY) return TIMESTAMP_POSITIVE_INFINITY;
  if (days === DATE_NEGATIVE_INFINITY) return TIMESTAMP_NEGATIVE_INFINITY;
  const micros = BigInt(days) * MICROS_PER_DAY;
  if (micros < MIN_TIMESTAMP_MICROS || micros > MAX_TIMESTAMP_MICROS) {
    throw new SqlError('datetime_field_overflow', 'date out of range for timestamp');
  }
  return micros;
}

/** timestamp -> date: the day containing the instant (floor). */
export function timestampToDate(ts: bigint): number {
  if (ts === TIMESTAMP_POSITIVE_INFINITY) return DATE_POSITIVE_INFINITY;
  if (ts === TIMESTAMP_NEGATIVE_INFINITY) return DATE_NEGATIVE_INFINITY;
  let days = ts / MICROS_PER_DAY;
  if (ts < 0n && days * MICROS_PER_DAY !== ts) days -= 1n;
  return Number(days);
}

/** timestamp -> time: microseconds since midnight. */
export function timestampToTime(ts: bigint): number {
  if (isInfiniteTimestamp(ts)) throw new SqlError('datetime_field_overflow', 'timestamp out of range');
  const rest = ts % MICROS_PER_DAY;
  return Number(rest < 0n ? rest + MICROS_PER_DAY : rest);
}

/** timestamp -> timestamptz: the wall time read in `zone` (session zone, default UTC). */
export function timestampToTimestamptz(ts: bigint, zone?: string): bigint {
  if (isInfiniteTimestamp(ts) || zone === undefined || zone === 'UTC') return ts;
  return localToUtcMicros(zoneOf(zone), ts);
}

/** timestamptz -> timestamp: the wall time in `zone` (session zone, default UTC). */
export function timestamptzToTimestamp(ts: bigint, zone?: string): bigint {
  if (isInfiniteTimestamp(ts) || zone === undefined || zone === 'UTC') return ts;
  return toLocalMicros(zoneOf(zone), ts);
}
