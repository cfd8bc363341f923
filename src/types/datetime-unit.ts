// The unit names of date_trunc and EXTRACT ('hour', 'hours', 'h', 'dow', ...) and their errors.
import { SqlError } from './error.js';

export type DatetimeUnit =
  | 'microseconds'
  | 'milliseconds'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium'
  | 'epoch'
  | 'dow'
  | 'isodow'
  | 'doy'
  | 'isoyear'
  | 'julian'
  | 'timezone'
  | 'timezone_hour'
  | 'timezone_minute';

const UNITS = new Map<string, DatetimeUnit>();
const define = (names: string, unit: DatetimeUnit): void => {
  for (const name of names.split(' ')) UNITS.set(name, unit);
};
define('microsecond microseconds us usec usecs useconds', 'microseconds');
define('millisecond milliseconds ms msec msecs mseconds', 'milliseconds');
define('second seconds s sec secs', 'second');
define('minute minutes m min mins', 'minute');
define('hour hours h hr hrs', 'hour');
define('day days d', 'day');
define('week weeks w', 'week');
define('month months mon mons', 'month');
define('quarter qtr', 'quarter');
define('year years y yr yrs', 'year');
define('decade decades dec decs', 'decade');
define('century centuries c cent', 'century');
define('millennium millennia mil mils', 'millennium');
define('epoch', 'epoch');
define('dow', 'dow');
define('isodow', 'isodow');
define('doy', 'doy');
define('isoyear', 'isoyear');
define('julian j', 'julian');
define('timezone', 'timezone');
define('timezone_h timezone_hour', 'timezone_hour');
define('timezone_m timezone_minute', 'timezone_minute');

/** The unit named by `field` (case-insensitive), or PostgreSQL's "not recognized" error for `typeName`. */
export function resolveDatetimeUnit(field: string, typeName: string): DatetimeUnit {
  const unit = UNITS.get(field.toLowerCase());
  if (unit === undefined) {
    throw new SqlError('invalid_parameter_value', `unit "${field}" not recognized for type ${typeName}`);
  }
  return unit;
}

export const unsupportedUnit = (field: string, typeName: string): SqlError =>
  new SqlError('feature_not_supported', `unit "${field}" not supported for type ${typeName}`);
