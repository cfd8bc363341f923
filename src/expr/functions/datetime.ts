// Date/time functions: now() and friends, date_trunc, date_part/extract, make_*, age, justify_*, date_bin, isfinite.
import { castFunction } from '../../types/cast.js';
import { civilFromDays, daysInMonth, splitMicros } from '../../types/calendar.js';
import type { CivilDate } from '../../types/calendar.js';
import { dateTrunc, dateTruncInterval, datePart, extractField, isInfiniteTimestamp } from '../../types/datetime.js';
import type { TemporalType } from '../../types/datetime.js';
import { SqlError } from '../../types/error.js';
import { Interval } from '../../types/interval.js';
import { localToUtcMicros, resolveTimeZone } from '../../types/time-zone.js';
import type { Value } from '../../types/value.js';
import { clock } from './clock.js';
import { DATE_INFINITIES, dateToTimestamp } from './datetime-arithmetic.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef, Impl } from './function-def.js';
import { rint } from './math.js';
import { makeDate, makeInterval, makeTimeMicros, makeTimestampLocal } from './make-datetime.js';

/** Tally's session time zone (PostgreSQL's TimeZone setting); fixed to UTC for now. */
export const SESSION_ZONE = 'UTC';

const volatile = { volatile: true } as const;

/** Rounds microseconds to `precision` fractional digits, half away from zero (AdjustTimestampForTypmod). */
function roundToPrecision(micros: bigint, precision: number): bigint {
  if (precision < 0) throw new SqlError('invalid_parameter_value', `TIMESTAMP(${precision}) precision must not be negative`);
  if (precision >= 6) return micros;
  const scale = 10n ** BigInt(6 - precision);
  const half = scale / 2n;
  return micros >= 0n ? ((micros + half) / scale) * scale : -(((-micros + half) / scale) * scale);
}

const currentDate = (): number => Number(splitMicros(clock.now())[0]);
const timeOfDay = (micros: bigint): number => splitMicros(micros)[1];

const TEMPORAL: readonly TemporalType[] = ['timestamp', 'timestamptz', 'date', 'time', 'interval'];

/** date_part/extract read timestamptz fields in the session zone. */
const zoneFor = (type: TemporalType): string | undefined => (type === 'timestamptz' ? SESSION_ZONE : undefined);

/** A date read as a timestamp for date_part, as PostgreSQL's date_part(text, date) does. */
function partFunctions(): FunctionDef[] {
  return TEMPORAL.flatMap((type) => [
    defineFunction('date_part', ['varchar', type], 'float8', (field, v) =>
      datePart(field as string, type, v as bigint | number | Interval, zoneFor(type)),
    ),
    defineFunction('extract', ['varchar', type], 'numeric', (field, v) =>
      extractField(field as string, type, v as bigint | number | Interval, zoneFor(type)),
    ),
  ]);
}

const civilScratch: CivilDate = { year: 0, month: 0, day: 0 };

/** Local calendar fields of a timestamp: [year, month, day, micros of day]. */
function fields(ts: bigint): [number, number, number, number] {
  const [days, time] = splitMicros(ts);
  civilFromDays(days, civilScratch);
  return [civilScratch.year, civilScratch.month, civilScratch.day, time];
}

/** age(a, b): the symbolic difference in years, months, days and time, as PostgreSQL's timestamp_age. */
export function age(a: bigint, b: bigint): Interval {
  if (isInfiniteTimestamp(a) || isInfiniteTimestamp(b)) throw new SqlError('datetime_field_overflow', 'interval out of range');
  const [y1, m1, d1, t1] = fields(a);
  const [y2, m2, d2, t2] = fields(b);
  const negative = a < b;
  const sign = negative ? -1 : 1;
  let time = (t1 - t2) * sign;
  let day = (d1 - d2) * sign;
  let month = (m1 - m2) * sign;
  let year = (y1 - y2) * sign;
  while (time < 0) {
    time += 86_400_000_000;
    day--;
  }
  // Borrowed days come from the month before the earlier timestamp's month... as PostgreSQL does it.
  const [borrowYear, borrowMonth] = negative ? [y1, m1] : [y2, m2];
  while (day < 0) {
    day += daysInMonth(borrowYear, borrowMonth);
    month--;
  }
  while (month < 0) {
    month += 12;
    year--;
  }
  return new Interval((year * 12 + month) * sign, day * sign, BigInt(time * sign));
}

const DAYS_PER_MONTH = 30;
const USECS_PER_DAY = 86_400_000_000n;

function justifyDays(iv: Interval): Interval {
  const wholeMonths = Math.trunc(iv.days / DAYS_PER_MONTH);
  let days = iv.days - wholeMonths * DAYS_PER_MONTH;
  let months = iv.months + wholeMonths;
  if (months > 0 && days < 0) {
    days += DAYS_PER_MONTH;
    months--;
  } else if (months < 0 && days > 0) {
    days -= DAYS_PER_MONTH;
    months++;
  }
  return new Interval(months, days, iv.micros);
}

function justifyHours(iv: Interval): Interval {
  const wholeDays = iv.micros / USECS_PER_DAY;
  let micros = iv.micros - wholeDays * USECS_PER_DAY;
  let days = iv.days + Number(wholeDays);
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return new Interval(iv.months, days, micros);
}

function justifyInterval(iv: Interval): Interval {
  const wholeDays = iv.micros / USECS_PER_DAY;
  let micros = iv.micros - wholeDays * USECS_PER_DAY;
  let days = iv.days + Number(wholeDays);
  const wholeMonths = Math.trunc(days / DAYS_PER_MONTH);
  days -= wholeMonths * DAYS_PER_MONTH;
  let months = iv.months + wholeMonths;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
    days += DAYS_PER_MONTH;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
    days -= DAYS_PER_MONTH;
    months++;
  }
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return new Interval(months, days, micros);
}

/** date_bin(stride, source, origin): the start of the stride-wide bin (aligned on origin) containing source. */
function dateBin(stride: Interval, source: bigint, origin: bigint): bigint {
  if (isInfiniteTimestamp(source)) throw new SqlError('feature_not_supported', 'timestamps cannot be binned into infinite intervals');
  if (isInfiniteTimestamp(origin)) throw new SqlError('feature_not_supported', 'origin out of range');
  if (stride.months !== 0) {
    throw new SqlError('feature_not_supported', 'timestamps cannot be binned into intervals containing months or years');
  }
  const strideMicros = BigInt(stride.days) * USECS_PER_DAY + stride.micros;
  if (strideMicros <= 0n) throw new SqlError('datetime_field_overflow', 'stride must be greater than zero');
  const difference = source - origin;
  let delta = difference - (difference % strideMicros);
  // Bins start at or before the source even when the origin lies after it.
  if (origin > source && strideMicros > 1n && difference % strideMicros !== 0n) delta -= strideMicros;
  return origin + delta;
}

/** to_timestamp(float8): Unix seconds to timestamptz, rounded to microseconds as PostgreSQL (via its 2000 epoch). */
function toTimestampFromSeconds(seconds: number): bigint {
  if (Number.isNaN(seconds)) throw new SqlError('datetime_field_overflow', 'timestamp cannot be NaN');
  if (seconds === Infinity) return 9223372036854775807n + 946684800000000n;
  if (seconds === -Infinity) return -9223372036854775808n + 946684800000000n;
  const min = -210866803200;
  const max = 9224318016000;
  const outOfRange = (): SqlError => new SqlError('datetime_field_overflow', `timestamp out of range: "${formatG(seconds)}"`);
  if (seconds < min || seconds >= max) throw outOfRange();
  const sincePostgresEpoch = rint((seconds - 946684800) * 1e6);
  return BigInt(sincePostgresEpoch) + 946684800000000n;
}

/** C's %g with 6 significant digits, for error messages. */
function formatG(x: number): string {
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = x.toExponential(5).split('e') as [string, string];
    const trimmed = mantissa.replace(/\.?0+$/, '');
    const expNumber = Number(exp);
    return `${trimmed}e${expNumber < 0 ? '-' : '+'}${String(Math.abs(expNumber)).padStart(2, '0')}`;
  }
  return String(Number(x.toPrecision(6)));
}

const timestampToDate = castFunction('timestamp', 'date')!;
const timestamptzToDate = castFunction('timestamptz', 'date')!;

const intervalFinite = (iv: Interval): boolean => Number.isFinite(iv.months);

const asTs = (fn: (ts: bigint) => Value): Impl => fn as (ts: Value) => Value;

export const datetimeFunctions: readonly FunctionDef[] = [
  ...['now', 'current_timestamp', 'transaction_timestamp', 'statement_timestamp', 'clock_timestamp'].map((name) =>
    defineFunction(name, [], 'timestamptz', () => clock.now(), volatile),
  ),
  defineFunction('current_timestamp', ['int4'], 'timestamptz', (p) => roundToPrecision(clock.now(), p as number), volatile),
  defineFunction('localtimestamp', [], 'timestamp', () => clock.now(), volatile),
  defineFunction('localtimestamp', ['int4'], 'timestamp', (p) => roundToPrecision(clock.now(), p as number), volatile),
  defineFunction('current_date', [], 'date', currentDate, volatile),
  // Tally has no time with time zone: current_time gives the UTC time of day as time.
  ...['localtime', 'current_time'].flatMap((name) => [
    defineFunction(name, [], 'time', () => timeOfDay(clock.now()), volatile),
    defineFunction(name, ['int4'], 'time', (p) => timeOfDay(roundToPrecision(clock.now(), p as number)), volatile),
  ]),
  defineFunction('date_trunc', ['varchar', 'timestamp'], 'timestamp', (f, ts) => dateTrunc(f as string, ts as bigint)),
  defineFunction('date_trunc', ['varchar', 'timestamptz'], 'timestamptz', (f, ts) => dateTrunc(f as string, ts as bigint, SESSION_ZONE)),
  defineFunction('date_trunc', ['varchar', 'timestamptz', 'varchar'], 'timestamptz', (f, ts, zone) => {
    resolveTimeZone(zone as string);
    return dateTrunc(f as string, ts as bigint, zone as string, 'timestamp with time zone');
  }),
  defineFunction('date_trunc', ['varchar', 'interval'], 'interval', (f, iv) => dateTruncInterval(f as string, iv as Interval)),
  ...partFunctions(),
  defineFunction('make_date', ['int4', 'int4', 'int4'], 'date', (y, m, d) => makeDate(y as number, m as number, d as number)),
  defineFunction('make_time', ['int4', 'int4', 'float8'], 'time', (h, m, s) => makeTimeMicros(h as number, m as number, s as number)),
  defineFunction('make_timestamp', ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], 'timestamp', (...a) =>
    makeTimestampLocal(a[0] as number, a[1] as number, a[2] as number, a[3] as number, a[4] as number, a[5] as number),
  ),
  defineFunction('make_timestamptz', ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], 'timestamptz', (...a) =>
    localToUtcMicros(
      resolveTimeZone(SESSION_ZONE),
      makeTimestampLocal(a[0] as number, a[1] as number, a[2] as number, a[3] as number, a[4] as number, a[5] as number),
    ),
  ),
  defineFunction('make_timestamptz', ['int4', 'int4', 'int4', 'int4', 'int4', 'float8', 'varchar'], 'timestamptz', (...a) =>
    localToUtcMicros(
      resolveTimeZone(a[6] as string),
      makeTimestampLocal(a[0] as number, a[1] as number, a[2] as number, a[3] as number, a[4] as number, a[5] as number),
    ),
  ),
  ...makeIntervalOverloads(),
  ...(['timestamp', 'timestamptz'] as const).flatMap((type) => [
    defineFunction('age', [type, type], 'interval', (a, b) => age(a as bigint, b as bigint)),
    defineFunction('age', [type], 'interval', (b) => age(dateToTimestamp(currentDate()), b as bigint), volatile),
    defineFunction('date_bin', ['interval', type, type], type, (s, ts, o) => dateBin(s as Interval, ts as bigint, o as bigint)),
    defineFunction('isfinite', [type], 'boolean', asTs((ts) => !isInfiniteTimestamp(ts))),
  ]),
  defineFunction('isfinite', ['date'], 'boolean', (d) => !DATE_INFINITIES.has(d as number)),
  defineFunction('isfinite', ['interval'], 'boolean', (iv) => intervalFinite(iv as Interval)),
  defineFunction('justify_days', ['interval'], 'interval', (iv) => justifyDays(iv as Interval)),
  defineFunction('justify_hours', ['interval'], 'interval', (iv) => justifyHours(iv as Interval)),
  defineFunction('justify_interval', ['interval'], 'interval', (iv) => justifyInterval(iv as Interval)),
  defineFunction('to_timestamp', ['float8'], 'timestamptz', (s) => toTimestampFromSeconds(s as number)),
  defineFunction('date', ['timestamp'], 'date', timestampToDate),
  defineFunction('date', ['timestamptz'], 'date', timestamptzToDate),
];

/** make_interval(years, months, weeks, days, hours, mins, secs) with every argument optional from the right. */
function makeIntervalOverloads(): FunctionDef[] {
  const params = ['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'] as const;
  const defs: FunctionDef[] = [];
  for (let count = 0; count <= params.length; count++) {
    defs.push(
      defineFunction('make_interval', params.slice(0, count), 'interval', (...args) => {
        const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, mins = 0, secs = 0] = args as number[];
        return makeInterval(years, months, weeks, days, hours, mins, secs);
      }),
    );
  }
  return defs;
}
