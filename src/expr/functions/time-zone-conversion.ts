// timezone(zone, ts) and the AT TIME ZONE operator: between UTC instants and wall-clock times of a zone.
import { isInfiniteTimestamp, toLocalMicros } from '../../types/datetime.js';
import { SqlError } from '../../types/error.js';
import type { Interval } from '../../types/interval.js';
import { localToUtcMicros, resolveTimeZone } from '../../types/time-zone.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef, Impl } from './function-def.js';
import { formatValue } from '../../types/text-format.js';

/** timestamptz AT TIME ZONE zone: the wall-clock time there. */
function utcToLocal(zone: string, ts: bigint): bigint {
  const resolved = resolveTimeZone(zone);
  return isInfiniteTimestamp(ts) ? ts : toLocalMicros(resolved, ts);
}

/** timestamp AT TIME ZONE zone: the instant at which the zone's clocks show that time. */
function localToUtc(zone: string, ts: bigint): bigint {
  const resolved = resolveTimeZone(zone);
  return isInfiniteTimestamp(ts) ? ts : localToUtcMicros(resolved, ts);
}

/** An interval used as a zone: its seconds east of UTC (fractions dropped, as PostgreSQL does). */
function intervalOffsetMicros(zone: Interval): bigint {
  if (zone.months !== 0 || zone.days !== 0) {
    throw new SqlError('invalid_parameter_value', `interval time zone "${formatValue('interval', zone)}" must not include months or days`);
  }
  return (zone.micros / 1_000_000n) * 1_000_000n;
}

const fromInterval = (ts: bigint, zone: Interval, sign: 1n | -1n): bigint =>
  isInfiniteTimestamp(ts) ? ts : ts + sign * intervalOffsetMicros(zone);

const textZoneToLocal: Impl = (zone, ts) => utcToLocal(zone as string, ts as bigint);
const textZoneToUtc: Impl = (zone, ts) => localToUtc(zone as string, ts as bigint);
const intervalZoneToLocal: Impl = (zone, ts) => fromInterval(ts as bigint, zone as Interval, 1n);
const intervalZoneToUtc: Impl = (zone, ts) => fromInterval(ts as bigint, zone as Interval, -1n);

/** `timezone(zone, ts)` functions. */
export const timeZoneFunctions: readonly FunctionDef[] = [
  defineFunction('timezone', ['varchar', 'timestamptz'], 'timestamp', textZoneToLocal),
  defineFunction('timezone', ['varchar', 'timestamp'], 'timestamptz', textZoneToUtc),
  defineFunction('timezone', ['interval', 'timestamptz'], 'timestamp', intervalZoneToLocal),
  defineFunction('timezone', ['interval', 'timestamp'], 'timestamptz', intervalZoneToUtc),
];

const swapped = (impl: Impl): Impl => (ts, zone) => impl(zone, ts);

/** `ts AT TIME ZONE zone`, a binary operator named 'at time zone' with the timestamp on the left. */
export const timeZoneOperators: readonly FunctionDef[] = [
  defineFunction('at time zone', ['timestamptz', 'varchar'], 'timestamp', swapped(textZoneToLocal)),
  defineFunction('at time zone', ['timestamp', 'varchar'], 'timestamptz', swapped(textZoneToUtc)),
  defineFunction('at time zone', ['timestamptz', 'interval'], 'timestamp', swapped(intervalZoneToLocal)),
  defineFunction('at time zone', ['timestamp', 'interval'], 'timestamptz', swapped(intervalZoneToUtc)),
];
