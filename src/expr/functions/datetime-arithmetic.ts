// Date, time, timestamp and interval operators (date + int4, date - date, timestamp + interval, interval * float8, ...).
import { DATE_NEGATIVE_INFINITY, DATE_POSITIVE_INFINITY, MAX_DATE_DAYS, MIN_DATE_DAYS, MICROS_PER_DAY } from '../../types/calendar.js';
import { addInterval, addIntervalToDate, checkTimestampRange, isInfiniteTimestamp, subtractInterval, subtractTimestamps } from '../../types/datetime.js';
import { SqlError } from '../../types/error.js';
import { Interval } from '../../types/interval.js';
import type { Value } from '../../types/value.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef, ParamType } from './function-def.js';

const MICROS_PER_DAY_NUMBER = 86_400_000_000;

const dateOutOfRange = (): SqlError => new SqlError('datetime_field_overflow', 'date out of range');
/** The infinite dates ('infinity', '-infinity'). */
export const DATE_INFINITIES: ReadonlySet<number> = new Set([DATE_POSITIVE_INFINITY, DATE_NEGATIVE_INFINITY]);
const isInfiniteDate = (d: number): boolean => DATE_INFINITIES.has(d);

/** date_pli: infinite dates stay infinite; the result must be a valid date. */
function datePlusDays(date: number, days: number): number {
  if (isInfiniteDate(date)) return date;
  const result = date + days;
  if (result < MIN_DATE_DAYS || result > MAX_DATE_DAYS) throw dateOutOfRange();
  return result;
}

function dateMinusDate(a: number, b: number): number {
  if (isInfiniteDate(a) || isInfiniteDate(b)) throw new SqlError('datetime_field_overflow', 'cannot subtract infinite dates');
  return a - b;
}

/** A date as the timestamp of its midnight; infinite dates map to infinite timestamps. */
export function dateToTimestamp(date: number): bigint {
  if (date === DATE_POSITIVE_INFINITY) return 9223372036854775807n + 946684800000000n;
  if (date === DATE_NEGATIVE_INFINITY) return -9223372036854775808n + 946684800000000n;
  return checkTimestampRange(BigInt(date) * MICROS_PER_DAY);
}

/** datetime_pl: date + time. */
function datePlusTime(date: number, time: number): bigint {
  const midnight = dateToTimestamp(date);
  if (isInfiniteTimestamp(midnight)) return midnight;
  return checkTimestampRange(midnight + BigInt(time));
}

/** time_pl_interval: only the interval's time part counts, and the result wraps around midnight. */
function timePlusInterval(time: number, iv: Interval, sign: 1 | -1): number {
  const micros = Number(iv.micros % 86_400_000_000n) * sign;
  let result = (time + micros) % MICROS_PER_DAY_NUMBER;
  if (result < 0) result += MICROS_PER_DAY_NUMBER;
  return result;
}

const op = (name: string, params: readonly ParamType[], returns: ParamType, fn: (a: never, b: never) => Value): FunctionDef =>
  defineFunction(name, params, returns, fn as (a: Value, b: Value) => Value);

export const datetimeBinaryOperators: readonly FunctionDef[] = [
  op('+', ['date', 'int4'], 'date', (d: number, n: number) => datePlusDays(d, n)),
  op('+', ['int4', 'date'], 'date', (n: number, d: number) => datePlusDays(d, n)),
  op('-', ['date', 'int4'], 'date', (d: number, n: number) => datePlusDays(d, -n)),
  op('-', ['date', 'date'], 'int4', (a: number, b: number) => dateMinusDate(a, b)),
  op('+', ['date', 'interval'], 'timestamp', (d: number, iv: Interval) => addIntervalToDate(d, iv)),
  op('+', ['interval', 'date'], 'timestamp', (iv: Interval, d: number) => addIntervalToDate(d, iv)),
  op('-', ['date', 'interval'], 'timestamp', (d: number, iv: Interval) => addIntervalToDate(d, iv.neg())),
  op('+', ['date', 'time'], 'timestamp', (d: number, t: number) => datePlusTime(d, t)),
  op('+', ['time', 'date'], 'timestamp', (t: number, d: number) => datePlusTime(d, t)),
  op('+', ['time', 'interval'], 'time', (t: number, iv: Interval) => timePlusInterval(t, iv, 1)),
  op('+', ['interval', 'time'], 'time', (iv: Interval, t: number) => timePlusInterval(t, iv, 1)),
  op('-', ['time', 'interval'], 'time', (t: number, iv: Interval) => timePlusInterval(t, iv, -1)),
  op('-', ['time', 'time'], 'interval', (a: number, b: number) => Interval.fromMicros(BigInt(a - b))),
  ...(['timestamp', 'timestamptz'] as const).flatMap((type) => [
    op('+', [type, 'interval'], type, (ts: bigint, iv: Interval) => addInterval(ts, iv)),
    op('+', ['interval', type], type, (iv: Interval, ts: bigint) => addInterval(ts, iv)),
    op('-', [type, 'interval'], type, (ts: bigint, iv: Interval) => subtractInterval(ts, iv)),
    op('-', [type, type], 'interval', (a: bigint, b: bigint) => subtractTimestamps(a, b)),
  ]),
  op('+', ['interval', 'interval'], 'interval', (a: Interval, b: Interval) => a.add(b)),
  op('-', ['interval', 'interval'], 'interval', (a: Interval, b: Interval) => a.sub(b)),
  op('*', ['interval', 'float8'], 'interval', (iv: Interval, f: number) => iv.mul(f)),
  op('*', ['float8', 'interval'], 'interval', (f: number, iv: Interval) => iv.mul(f)),
  op('/', ['interval', 'float8'], 'interval', (iv: Interval, f: number) => iv.div(f)),
];

export const datetimePrefixOperators: readonly FunctionDef[] = [
  defineFunction('-', ['interval'], 'interval', (iv) => (iv as Interval).neg()),
];
