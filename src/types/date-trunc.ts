// date_trunc for timestamp, timestamptz (in a time zone) and interval, as PostgreSQL 15.
import {
  MICROS_PER_DAY,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  splitMicros,
  type CivilDate,
} from './calendar.js';
import { Interval } from './interval.js';
import { resolveDatetimeUnit, type DatetimeUnit } from './datetime-unit.js';
import { isInfiniteTimestamp, toLocalMicros } from './timestamp-arithmetic.js';
import { UTC_ZONE, localToUtcMicros, zoneOf } from './time-zone.js';
import { SqlError } from './error.js';

const civil: CivilDate = { year: 0, month: 0, day: 0 };

/** C's truncating integer division, which PostgreSQL's formulas assume. */
const cdiv = (a: number, b: number): number => Math.trunc(a / b);

/** First year of the millennium, century or decade containing astronomical `year`, as PostgreSQL computes it. */
function truncateYear(unit: DatetimeUnit, year: number): number {
  switch (unit) {
    case 'millennium':
      return year > 0 ? cdiv(year + 999, 1000) * 1000 - 999 : -cdiv(999 - (year - 1), 1000) * 1000 + 1;
    case 'century':
      return year > 0 ? cdiv(year + 99, 100) * 100 - 99 : -cdiv(99 - (year - 1), 100) * 100 + 1;
    case 'decade':
      return year > 0 ? cdiv(year, 10) * 10 : -cdiv(8 - (year - 1), 10) * 10;
    default:
      return year;
  }
}

const TIME_UNIT_MICROS: Partial<Record<DatetimeUnit, bigint>> = {
  microseconds: 1n,
  milliseconds: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
};

/** Truncates local wall-clock microseconds; undefined for a unit date_trunc does not accept. */
function truncateLocal(unit: DatetimeUnit, local: bigint): bigint | undefined {
  const timeUnit = TIME_UNIT_MICROS[unit];
  if (timeUnit !== undefined) {
    const remainder = ((local % timeUnit) + timeUnit) % timeUnit;
    return local - remainder;
  }
  const [days] = splitMicros(local);
  civilFromDays(days, civil);
  let truncatedDays: number;
  switch (unit) {
    case 'day':
      truncatedDays = days;
      break;
    case 'week':
      truncatedDays = days - ((dayOfWeek(days) + 6) % 7);
      break;
    case 'month':
      truncatedDays = daysFromCivil(civil.year, civil.month, 1);
      break;
    case 'quarter':
      truncatedDays = daysFromCivil(civil.year, 3 * Math.floor((civil.month - 1) / 3) + 1, 1);
      break;
    case 'year':
    case 'decade':
    case 'century':
    case 'millennium':
      truncatedDays = daysFromCivil(truncateYear(unit, civil.year), 1, 1);
      break;
    default:
      return undefined;
  }
  return BigInt(truncatedDays) * MICROS_PER_DAY;
}

/** Units of fixed length in a zone of fixed offset, µs: date_trunc cuts them in doubles. */
const FIXED_WIDTH_MICROS: Partial<Record<DatetimeUnit, number>> = {
  microseconds: 1,
  milliseconds: 1_000,
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
  day: 86_400_000_000,
};

/** The last truncation, as the UTC interval [low, high) it covers: rows of one day or hour mostly come together. */
const lastCut = { width: 0, offset: 0, low: 0, high: 0, start: 0n };

/**
 * `ts` truncated to a multiple of `width` on the wall clock `offset` µs ahead of UTC, in exact double arithmetic
 * (undefined beyond 2^53 µs, about 285 years from 1970, where the bigint path takes over).
 */
function truncateFixed(ts: bigint, width: number, offset: number): bigint | undefined {
  const time = Number(ts);
  const cut = lastCut;
  if (width === cut.width && offset === cut.offset && time >= cut.low && time < cut.high) return cut.start;
  const local = time + offset;
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(local)) return undefined;
  const remainder = local % width;
  const start = local - remainder - (remainder < 0 ? width : 0) - offset;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(start + width)) return undefined;
  cut.width = width;
  cut.offset = offset;
  cut.low = start;
  cut.high = start + width;
  cut.start = BigInt(start);
  return cut.start;
}

/**
 * date_trunc(field, timestamp). For timestamptz pass the session `zone`: truncation happens on the local
 * wall clock and, for day and larger units, the zone offset is recomputed (PostgreSQL's redotz).
 * `typeName` only words the errors. Infinite timestamps are returned unchanged.
 */
export function dateTrunc(field: string, ts: bigint, zone?: string, typeName?: string): bigint {
  const name = typeName ?? (zone === undefined ? 'timestamp without time zone' : 'timestamp with time zone');
  const unit = resolveDatetimeUnit(field, name);
  if (isInfiniteTimestamp(ts)) return ts;
  const width = FIXED_WIDTH_MICROS[unit];
  if (width !== undefined) {
    // Without a zone the wall clock is UTC; with a fixed offset, a day is as long as any other.
    const resolved = zone === undefined ? UTC_ZONE : zoneOf(zone);
    const truncated = resolved.kind === 'fixed' ? truncateFixed(ts, width, resolved.offset * 1_000_000) : undefined;
    if (truncated !== undefined) return truncated;
  }
  if (zone === undefined) {
    const truncated = truncateLocal(unit, ts);
    if (truncated === undefined) throw notRecognized(field, name);
    return truncated;
  }
  const resolved = zoneOf(zone);
  const local = toLocalMicros(resolved, ts);
  const truncated = truncateLocal(unit, local);
  if (truncated === undefined) throw notRecognized(field, name);
  if (TIME_UNIT_MICROS[unit] !== undefined) return ts - (local - truncated);
  return localToUtcMicros(resolved, truncated);
}

/** date_trunc(field, interval): zero the fields below `field` (interval_trunc). */
export function dateTruncInterval(field: string, iv: Interval): Interval {
  const unit = resolveDatetimeUnit(field, 'interval');
  const years = cdiv(iv.months, 12);
  const months = iv.months - years * 12;
  const timeUnit = TIME_UNIT_MICROS[unit];
  if (timeUnit !== undefined) return new Interval(iv.months, iv.days, (iv.micros / timeUnit) * timeUnit);
  switch (unit) {
    case 'day':
      return new Interval(iv.months, iv.days, 0n);
    case 'month':
      return new Interval(iv.months, 0, 0n);
    case 'quarter':
      return new Interval(years * 12 + 3 * cdiv(months, 3), 0, 0n);
    case 'year':
      return new Interval(years * 12, 0, 0n);
    case 'decade':
      return new Interval(cdiv(years, 10) * 120, 0, 0n);
    case 'century':
      return new Interval(cdiv(years, 100) * 1200, 0, 0n);
    case 'millennium':
      return new Interval(cdiv(years, 1000) * 12000, 0, 0n);
    case 'week':
      throw new SqlError('feature_not_supported', `unit "${field}" not supported for type interval`, {
        detail: 'Months usually have fractional weeks.',
      });
    default:
      throw notRecognized(field, 'interval');
  }
}

const notRecognized = (field: string, typeName: string): SqlError =>
  new SqlError('invalid_parameter_value', `unit "${field}" not recognized for type ${typeName}`);
