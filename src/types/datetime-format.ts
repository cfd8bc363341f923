// Text output of date, time, timestamp and timestamptz in PostgreSQL's DateStyle ISO.
import {
  DATE_NEGATIVE_INFINITY,
  DATE_POSITIVE_INFINITY,
  TIMESTAMP_NEGATIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
  civilFromDays,
  splitMicros,
  type CivilDate,
} from './calendar.js';
import { fractionText } from './interval.js';
import { offsetAtUtcMicros, zoneOf } from './time-zone.js';

const civil: CivilDate = { year: 0, month: 0, day: 0 };

const two = (value: number): string => (value < 10 ? '0' + value : '' + value);

function yearText(year: number): string {
  const shown = year <= 0 ? 1 - year : year;
  return shown < 1000 ? String(shown).padStart(4, '0') : '' + shown;
}

/** 'YYYY-MM-DD' without the era suffix. */
function dateBody(days: number): string {
  civilFromDays(days, civil);
  return yearText(civil.year) + '-' + two(civil.month) + '-' + two(civil.day);
}

/** Whether the date of the last dateBody call was BC (astronomical year <= 0). */
const lastWasBc = (): boolean => civil.year <= 0;

/** 'HH:MM:SS[.ffffff]' of microseconds since midnight, trailing fractional zeros dropped. */
function clock(micros: number): string {
  const totalSeconds = Math.floor(micros / 1e6);
  const fraction = micros - totalSeconds * 1e6;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds - hours * 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  return two(hours) + ':' + two(minutes) + ':' + two(seconds) + fractionText(fraction);
}

/** PostgreSQL date output: '2002-02-02', '0001-01-01 BC', 'infinity'. */
export function formatDate(days: number): string {
  if (days === DATE_POSITIVE_INFINITY) return 'infinity';
  if (days === DATE_NEGATIVE_INFINITY) return '-infinity';
  const body = dateBody(days);
  return lastWasBc() ? body + ' BC' : body;
}

/** PostgreSQL time output: '02:00:00', '02:00:00.5'. */
export function formatTime(micros: number): string {
  return clock(micros);
}

/** PostgreSQL timestamp output: '2002-02-02 02:00:00', '2002-02-02 02:00:00.123', '... BC'. */
export function formatTimestamp(micros: bigint): string {
  if (micros === TIMESTAMP_POSITIVE_INFINITY) return 'infinity';
  if (micros === TIMESTAMP_NEGATIVE_INFINITY) return '-infinity';
  const [days, time] = splitMicros(micros);
  const body = dateBody(days) + ' ' + clock(time);
  return lastWasBc() ? body + ' BC' : body;
}

/** '+00', '+05:30', '-04:56:02': PostgreSQL prints minutes and seconds of an offset only when nonzero. */
export function formatOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs - hours * 3600) / 60);
  const seconds = abs - hours * 3600 - minutes * 60;
  let text = sign + two(hours);
  if (minutes !== 0 || seconds !== 0) text += ':' + two(minutes);
  if (seconds !== 0) text += ':' + two(seconds);
  return text;
}

/** PostgreSQL timestamptz output in `zone` (default UTC): '2002-02-02 02:00:00+00'. */
export function formatTimestamptz(micros: bigint, zone?: string): string {
  if (micros === TIMESTAMP_POSITIVE_INFINITY) return 'infinity';
  if (micros === TIMESTAMP_NEGATIVE_INFINITY) return '-infinity';
  const resolved = zoneOf(zone);
  const offset = offsetAtUtcMicros(resolved, micros);
  const [days, time] = splitMicros(offset === 0 ? micros : micros + BigInt(offset) * 1_000_000n);
  const body = dateBody(days) + ' ' + clock(time) + formatOffset(offset);
  return lastWasBc() ? body + ' BC' : body;
}
