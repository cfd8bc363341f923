// to_char(timestamp, template) with PostgreSQL's template patterns (YYYY MM DD HH24 MI SS MS US Month Day ...).
import {
  UNIX_EPOCH_JULIAN_DAY,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  isoWeek,
  splitMicros,
  type CivilDate,
} from './calendar.js';
import { formatOffset } from './datetime-format.js';
import { isInfiniteTimestamp } from './timestamp-arithmetic.js';
import { offsetAtUtcMicros, zoneOf } from './time-zone.js';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** The broken-down local time a template reads. */
interface Fields {
  days: number;
  year: number; // astronomical
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  offset: number | undefined; // seconds east; undefined for timestamp without time zone
  utc: boolean;
}

/** Patterns, longest first so that 'HH24' wins over 'HH' and 'MONTH' over 'MON' and 'MM'. */
const PATTERNS = [
  'A.D.', 'a.d.', 'A.M.', 'a.m.', 'B.C.', 'b.c.', 'P.M.', 'p.m.',
  'Y,YYY', 'y,yyy', 'MONTH', 'Month', 'month', 'SSSSS', 'sssss',
  'HH24', 'hh24', 'HH12', 'hh12', 'IDDD', 'iddd', 'IYYY', 'iyyy', 'SSSS', 'ssss', 'YYYY', 'yyyy',
  'DAY', 'Day', 'day', 'DDD', 'ddd', 'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6', 'ff1', 'ff2', 'ff3', 'ff4', 'ff5', 'ff6',
  'IYY', 'iyy', 'MON', 'Mon', 'mon', 'TZH', 'tzh', 'TZM', 'tzm', 'YYY', 'yyy',
  'AD', 'ad', 'AM', 'am', 'BC', 'bc', 'CC', 'cc', 'DD', 'dd', 'DY', 'Dy', 'dy', 'HH', 'hh', 'ID', 'id', 'IW', 'iw',
  'IY', 'iy', 'MI', 'mi', 'MM', 'mm', 'MS', 'ms', 'OF', 'of', 'PM', 'pm', 'Q', 'q', 'RM', 'rm', 'SS', 'ss',
  'TZ', 'tz', 'US', 'us', 'WW', 'ww', 'YY', 'yy', 'D', 'd', 'I', 'i', 'J', 'j', 'W', 'w', 'Y', 'y',
];

const pad = (value: number, width: number, fill: boolean): string => {
  const negative = value < 0;
  const digits = String(Math.abs(value));
  const padded = fill ? digits : digits.padStart(width, '0');
  return negative ? '-' + padded : padded;
};

/** Ordinal suffix of a number ('st', 'nd', 'rd', 'th'); PostgreSQL's TH / th. */
function ordinal(value: number): string {
  const lastTwo = Math.abs(value) % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  switch (Math.abs(value) % 10) {
    case 1: return 'st';
    case 2: return 'nd';
    case 3: return 'rd';
    default: return 'th';
  }
}

/** Applies the case of the pattern ('MONTH', 'Month', 'month') to a name. */
function cased(pattern: string, name: string): string {
  if (pattern === pattern.toUpperCase()) return name.toUpperCase();
  if (pattern[0] === pattern[0]!.toUpperCase()) return name;
  return name.toLowerCase();
}

const civil: CivilDate = { year: 0, month: 0, day: 0 };

/** Expands one pattern; numeric results are returned as numbers so that TH can follow them. */
function expand(pattern: string, fields: Fields, fill: boolean): string | number {
  const upper = pattern.toUpperCase();
  const displayYear = fields.year > 0 ? fields.year : 1 - fields.year;
  const hour12 = fields.hour % 12 === 0 ? 12 : fields.hour % 12;
  const pm = fields.hour >= 12;
  const bc = fields.year <= 0;
  switch (upper) {
    case 'HH': case 'HH12': return pad(hour12, 2, fill);
    case 'HH24': return pad(fields.hour, 2, fill);
    case 'MI': return pad(fields.minute, 2, fill);
    case 'SS': return pad(fields.second, 2, fill);
    case 'MS': return pad(Math.floor(fields.micros / 1000), 3, fill);
    case 'US': return pad(fields.micros, 6, fill);
    case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': {
      const digits = Number(upper[2]);
      return pad(Math.floor(fields.micros / 10 ** (6 - digits)), digits, false);
    }
    case 'SSSS': case 'SSSSS': return String(fields.hour * 3600 + fields.minute * 60 + fields.second);
    case 'AM': case 'PM': return cased(pattern, pm ? 'PM' : 'AM');
    case 'A.M.': case 'P.M.': return cased(pattern, pm ? 'P.M.' : 'A.M.');
    case 'AD': case 'BC': return cased(pattern, bc ? 'BC' : 'AD');
    case 'A.D.': case 'B.C.': return cased(pattern, bc ? 'B.C.' : 'A.D.');
    case 'Y,YYY': {
      const text = pad(displayYear, 4, false);
      return text.slice(0, -3) + ',' + text.slice(-3);
    }
    case 'YYYY': return pad(displayYear, 4, fill);
    case 'YYY': return pad(displayYear % 1000, 3, fill);
    case 'YY': return pad(displayYear % 100, 2, fill);
    case 'Y': return String(displayYear % 10);
    case 'IYYY': case 'IYY': case 'IY': case 'I': {
      const isoYear = isoWeek(fields.days, civil)[1];
      const shown = isoYear > 0 ? isoYear : 1 - isoYear;
      const width = upper.length;
      return width === 4 ? pad(shown, 4, fill) : pad(shown % 10 ** width, width, fill);
    }
    case 'MONTH': return fill ? cased(pattern, MONTH_NAMES[fields.month - 1]!) : cased(pattern, MONTH_NAMES[fields.month - 1]!).padEnd(9);
    case 'MON': return cased(pattern, MONTH_NAMES[fields.month - 1]!.slice(0, 3));
    case 'MM': return pad(fields.month, 2, fill);
    case 'DAY': {
      const name = cased(pattern, DAY_NAMES[dayOfWeek(fields.days)]!);
      return fill ? name : name.padEnd(9);
    }
    case 'DY': return cased(pattern, DAY_NAMES[dayOfWeek(fields.days)]!.slice(0, 3));
    case 'DDD': return pad(fields.days - daysFromCivil(fields.year, 1, 1) + 1, 3, fill);
    case 'IDDD': {
      const [week] = isoWeek(fields.days, civil);
      return pad((week - 1) * 7 + ((dayOfWeek(fields.days) + 6) % 7) + 1, 3, fill);
    }
    case 'DD': return pad(fields.day, 2, fill);
    case 'D': return String(dayOfWeek(fields.days) + 1);
    case 'ID': return String(((dayOfWeek(fields.days) + 6) % 7) + 1);
    case 'W': return String(Math.floor((fields.day - 1) / 7) + 1);
    case 'WW': return pad(Math.floor((fields.days - daysFromCivil(fields.year, 1, 1)) / 7) + 1, 2, fill);
    case 'IW': return pad(isoWeek(fields.days, civil)[0], 2, fill);
    case 'CC': {
      const century = fields.year > 0 ? Math.trunc((fields.year + 99) / 100) : -Math.trunc((99 - (fields.year - 1)) / 100);
      return pad(century, 2, fill);
    }
    case 'J': return String(fields.days + UNIX_EPOCH_JULIAN_DAY);
    case 'Q': return String(Math.floor((fields.month - 1) / 3) + 1);
    case 'RM': {
      const roman = cased(pattern, ROMAN[fields.month - 1]!);
      return fill ? roman : roman.padEnd(4);
    }
    case 'TZ':
      if (fields.offset === undefined) return '';
      return cased(pattern, fields.utc ? 'UTC' : formatOffset(fields.offset));
    case 'TZH': return fields.offset === undefined ? '' : (fields.offset < 0 ? '-' : '+') + pad(Math.floor(Math.abs(fields.offset) / 3600), 2, false);
    case 'TZM': return fields.offset === undefined ? '' : pad(Math.floor((Math.abs(fields.offset) % 3600) / 60), 2, false);
    case 'OF': return formatOffset(fields.offset ?? 0);
    default: return pattern;
  }
}

/**
 * to_char(timestamp, template). For timestamptz pass the session `zone` (default: treat `ts` as a timestamp
 * without time zone, whose TZ prints empty). Supports the FM prefix, TH/th suffixes, "quoted text" and
 * backslash escapes; infinite timestamps give NULL as in PostgreSQL.
 */
export function toChar(ts: bigint, format: string, zone?: string): string | null {
  if (isInfiniteTimestamp(ts)) return null;
  const resolved = zone === undefined ? undefined : zoneOf(zone);
  const offset = resolved === undefined ? undefined : offsetAtUtcMicros(resolved, ts);
  const [days, time] = splitMicros(ts + BigInt(offset ?? 0) * 1_000_000n);
  civilFromDays(days, civil);
  const totalSeconds = Math.floor(time / 1e6);
  const fields: Fields = {
    days,
    year: civil.year,
    month: civil.month,
    day: civil.day,
    hour: Math.floor(totalSeconds / 3600),
    minute: Math.floor(totalSeconds / 60) % 60,
    second: totalSeconds % 60,
    micros: time % 1e6,
    offset,
    utc: resolved !== undefined && resolved.kind === 'fixed' && resolved.offset === 0,
  };
  let out = '';
  let pos = 0;
  while (pos < format.length) {
    const char = format[pos]!;
    if (char === '"') {
      const end = format.indexOf('"', pos + 1);
      const stop = end < 0 ? format.length : end;
      out += format.slice(pos + 1, stop).replace(/\\(.)/g, '$1');
      pos = stop + 1;
      continue;
    }
    if (char === '\\' && pos + 1 < format.length && format[pos + 1] === '"') {
      out += '"';
      pos += 2;
      continue;
    }
    let fill = false;
    let scan = pos;
    while (format.startsWith('FM', scan) || format.startsWith('fm', scan) || format.startsWith('TM', scan) || format.startsWith('tm', scan) || format.startsWith('FX', scan) || format.startsWith('fx', scan)) {
      if (format[scan]!.toUpperCase() === 'F' && format[scan + 1]!.toUpperCase() === 'M') fill = true;
      scan += 2;
    }
    const pattern = PATTERNS.find((candidate) => format.startsWith(candidate, scan));
    if (pattern === undefined) {
      out += format.slice(pos, scan + 1);
      pos = scan + 1;
      continue;
    }
    const value = expand(pattern, fields, fill);
    out += value;
    pos = scan + pattern.length;
    if (format.startsWith('TH', pos) || format.startsWith('th', pos)) {
      const suffix = ordinal(Number(String(value).trim()));
      out += format.startsWith('TH', pos) ? suffix.toUpperCase() : suffix;
      pos += 2;
    }
  }
  return out;
}
