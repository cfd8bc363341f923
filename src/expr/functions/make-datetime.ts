// make_date, make_time, make_timestamp and make_interval field validation, with PostgreSQL's messages.
import { MICROS_PER_DAY, daysFromCivil, daysInMonth } from '../../types/calendar.js';
import { checkTimestampRange } from '../../types/datetime.js';
import { SqlError } from '../../types/error.js';
import { Interval } from '../../types/interval.js';
import { rint } from './math.js';

const USECS_PER_DAY_NUMBER = 86_400_000_000;

/** C's %02g: six significant digits, at least two characters, zero padded. */
function format02g(x: number): string {
  let text = String(Number(x.toPrecision(6)));
  if (text.length < 2) text = text.padStart(2, '0');
  return text;
}

/** float_time_overflows: hours up to 24 and seconds up to 60 are allowed, but not past 24:00:00. */
function timeOverflows(hour: number, min: number, sec: number): boolean {
  if (hour < 0 || hour > 24 || min < 0 || min >= 60) return true;
  if (Number.isNaN(sec)) return true;
  const micros = rint(sec * 1e6);
  if (micros < 0 || micros > 60e6) return true;
  return ((hour * 60 + min) * 60) * 1e6 + micros > USECS_PER_DAY_NUMBER;
}

const timeFieldError = (hour: number, min: number, sec: number): SqlError =>
  new SqlError('datetime_field_overflow', `time field value out of range: ${hour}:${String(min).padStart(2, '0')}:${format02g(sec)}`);

/** make_time */
export function makeTimeMicros(hour: number, min: number, sec: number): number {
  if (timeOverflows(hour, min, sec)) throw timeFieldError(hour, min, sec);
  return ((hour * 60 + min) * 60) * 1e6 + rint(sec * 1e6);
}

/**
 * Validates a calendar date where a negative year means BC (PostgreSQL's ValidateDate); returns days since
 * 1970-01-01. `reported` is the year that error messages show.
 */
function validDate(year: number, month: number, day: number, reported: number): number {
  const astronomical = year < 0 ? year + 1 : year;
  const fieldError = (): SqlError =>
    new SqlError('datetime_field_overflow', `date field value out of range: ${reported}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(astronomical, month)) throw fieldError();
  // IS_VALID_JULIAN: from 4714-11-01 BC up to 5874898-06-01.
  const validJulian =
    (astronomical > -4713 || (astronomical === -4713 && month >= 11)) && (astronomical < 5874898 || (astronomical === 5874898 && month < 6));
  if (!validJulian) {
    throw new SqlError('datetime_field_overflow', `date out of range: ${reported}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  return daysFromCivil(astronomical, month, day);
}

/** make_date: the error shows the year as PostgreSQL's ValidateDate leaves it (astronomical for BC). */
export function makeDate(year: number, month: number, day: number): number {
  return validDate(year, month, day, year < 0 ? year + 1 : year);
}

/** make_timestamp: local wall-clock microseconds since 1970-01-01. */
export function makeTimestampLocal(year: number, month: number, day: number, hour: number, min: number, sec: number): bigint {
  const days = validDate(year, month, day, year);
  if (timeOverflows(hour, min, sec)) throw timeFieldError(hour, min, sec);
  const time = ((hour * 60 + min) * 60) * 1e6 + rint(sec * 1e6);
  return checkTimestampRange(BigInt(days) * MICROS_PER_DAY + BigInt(time));
}

const intervalOutOfRange = (): SqlError => new SqlError('datetime_field_overflow', 'interval out of range');

function int32(x: number): number {
  if (x > 2147483647 || x < -2147483648) throw intervalOutOfRange();
  return x;
}

/** make_interval */
export function makeInterval(years: number, months: number, weeks: number, days: number, hours: number, mins: number, secs: number): Interval {
  if (!Number.isFinite(secs)) throw intervalOutOfRange();
  const micros = rint(secs * 1e6);
  if (Math.abs(micros) >= 9.223372036854776e18) throw intervalOutOfRange();
  const total = BigInt(hours) * 3_600_000_000n + BigInt(mins) * 60_000_000n + BigInt(micros);
  if (total > 9223372036854775807n || total < -9223372036854775808n) throw intervalOutOfRange();
  return new Interval(int32(years * 12 + months), int32(weeks * 7 + days), total);
}
