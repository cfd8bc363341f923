// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), and the datetime limits.

export const MICROS_PER_DAY = 86_400_000_000n;
export const MICROS_PER_DAY_NUMBER = 86_400_000_000;

/**
 * PostgreSQL stores date 'infinity' as INT32_MAX days and timestamp 'infinity' as INT64_MAX microseconds from
 * 2000-01-01; shifted to our 1970 epoch they stay outside the valid range, so they sort and compare right.
 */
export const DATE_POSITIVE_INFINITY = 2147483647;
export const DATE_NEGATIVE_INFINITY = -2147483648;
const POSTGRES_EPOCH_MICROS = 946684800000000n;
export const TIMESTAMP_POSITIVE_INFINITY = 9223372036854775807n + POSTGRES_EPOCH_MICROS;
export const TIMESTAMP_NEGATIVE_INFINITY = -9223372036854775808n + POSTGRES_EPOCH_MICROS;

/** Julian day of 1970-01-01; PostgreSQL's lower limit is Julian day 0 (4714-11-24 BC). */
export const UNIX_EPOCH_JULIAN_DAY = 2440588;
/** Smallest valid date: 4714-11-24 BC (Julian day 0). */
export const MIN_DATE_DAYS = -UNIX_EPOCH_JULIAN_DAY;
/** Dates end at 5874897-12-31, timestamps at 294276-12-31 23:59:59.999999. */
export const MAX_DATE_DAYS = 2147483494 - 2440588 - 1;
export const MIN_TIMESTAMP_MICROS = -210866803200000000n;
/** 294277-01-01 00:00:00 minus one microsecond (PostgreSQL's END_TIMESTAMP is exclusive). */
export const MAX_TIMESTAMP_MICROS = 9223371331200000000n + POSTGRES_EPOCH_MICROS - 1n;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date; `year` is astronomical (0 = 1 BC). Howard Hinnant's
 * days_from_civil: exact for every year, no tables.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Reusable out-parameter of civilFromDays, so that formatting allocates nothing per value. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Inverse of daysFromCivil, written into `out`. */
export function civilFromDays(days: number, out: CivilDate): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  out.day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  out.month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  out.year = yearOfEra + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;

/** Day of week, 0 = Sunday. */
export const dayOfWeek = (days: number): number => (((days + 4) % 7) + 7) % 7;

const MAX_SAFE_BIG = 9007199254740991n;

/** Floor division and modulo of microseconds by a day: [days, micros of day]. */
export function splitMicros(micros: bigint): [number, number] {
  // Every timestamp between years 1685 and 2255 fits a double exactly: stay out of bigint arithmetic.
  if (micros <= MAX_SAFE_BIG && micros >= -MAX_SAFE_BIG) return splitMicrosNumber(Number(micros));
  let days = micros / MICROS_PER_DAY;
  let rest = micros - days * MICROS_PER_DAY;
  if (rest < 0n) {
    days -= 1n;
    rest += MICROS_PER_DAY;
  }
  return [Number(days), Number(rest)];
}

/** splitMicros for a safe integer number of microseconds. */
export function splitMicrosNumber(micros: number): [number, number] {
  let days = Math.floor(micros / MICROS_PER_DAY_NUMBER);
  let rest = micros - days * MICROS_PER_DAY_NUMBER;
  // The quotient is rounded, so the floor can be one off near a day boundary.
  if (rest < 0) {
    days--;
    rest += MICROS_PER_DAY_NUMBER;
  } else if (rest >= MICROS_PER_DAY_NUMBER) {
    days++;
    rest -= MICROS_PER_DAY_NUMBER;
  }
  return [days, rest];
}

/** ISO 8601 week number and ISO year of a date. */
export function isoWeek(days: number, civil: CivilDate): [week: number, isoYear: number] {
  const weekday = (dayOfWeek(days) + 6) % 7; // Monday = 0
  const thursday = days - weekday + 3;
  civilFromDays(thursday, civil);
  const isoYear = civil.year;
  const firstOfYear = daysFromCivil(isoYear, 1, 1);
  return [Math.floor((thursday - firstOfYear) / 7) + 1, isoYear];
}
