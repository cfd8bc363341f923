// Text input of date, time, timestamp and timestamptz: a fast path for ISO 8601 and PostgreSQL's general forms.
import { SqlError } from './error.js';
import {
  DATE_NEGATIVE_INFINITY,
  DATE_POSITIVE_INFINITY,
  MAX_DATE_DAYS,
  MAX_TIMESTAMP_MICROS,
  MICROS_PER_DAY,
  MICROS_PER_DAY_NUMBER,
  MIN_DATE_DAYS,
  MIN_TIMESTAMP_MICROS,
  TIMESTAMP_NEGATIVE_INFINITY,
  TIMESTAMP_POSITIVE_INFINITY,
  daysFromCivil,
  daysInMonth,
} from './calendar.js';
import { roundHalfEven } from './round-half-even.js';
import { UTC_ZONE, localToUtcMicros, resolveLiteralZone, zoneOf, type TimeZone } from './time-zone.js';
import { tokenizeDateTime, type DateTimeFields } from './datetime-tokens.js';

type TemporalTypeName = 'date' | 'time' | 'timestamp' | 'timestamp with time zone';

const invalidSyntax = (typeName: TemporalTypeName, text: string): SqlError =>
  new SqlError('invalid_datetime_format', `invalid input syntax for type ${typeName}: "${text}"`);

const fieldOutOfRange = (text: string): SqlError =>
  new SqlError('datetime_field_overflow', `date/time field value out of range: "${text}"`);

/** Parsed pieces of a datetime literal: local date and time, plus the zone written in it (if any). */
interface Parsed {
  days: number;
  timeMicros: number;
  zone: TimeZone | undefined;
  /** 'infinity', '-infinity', 'epoch', 'now', ... */
  special: string | undefined;
  hasDate: boolean;
  hasTime: boolean;
}

const code = (text: string, index: number): number => text.charCodeAt(index) - 48;
const isDigit = (c: number): boolean => c >= 0 && c <= 9;

/**
 * The common shapes, scanned without allocation: 'YYYY-MM-DD', then optionally [ T]HH:MM[:SS[.ffffff]] and a
 * zone 'Z', ' UTC', '+HH', '+HH:MM', '+HHMM' (blank before the zone allowed). Undefined for anything else.
 */
function parseFast(text: string, out: Parsed): boolean {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y0 = code(text, 0), y1 = code(text, 1), y2 = code(text, 2), y3 = code(text, 3);
  const m0 = code(text, 5), m1 = code(text, 6), d0 = code(text, 8), d1 = code(text, 9);
  if (!(isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3) && isDigit(m0) && isDigit(m1) && isDigit(d0) && isDigit(d1))) {
    return false;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false; // slow path reports
  out.days = daysFromCivil(year, month, day);
  out.hasDate = true;
  out.timeMicros = 0;
  out.zone = undefined;
  out.special = undefined;
  out.hasTime = false;
  if (length === 10) return true;
  const separator = text.charCodeAt(10);
  if (separator !== 32 && separator !== 84 && separator !== 116) return false;
  if (length < 16 || text.charCodeAt(13) !== 58) return false;
  const h0 = code(text, 11), h1 = code(text, 12), n0 = code(text, 14), n1 = code(text, 15);
  if (!(isDigit(h0) && isDigit(h1) && isDigit(n0) && isDigit(n1))) return false;
  const hour = h0 * 10 + h1;
  const minute = n0 * 10 + n1;
  let second = 0;
  let fraction = 0;
  let pos = 16;
  if (pos < length && text.charCodeAt(pos) === 58) {
    const s0 = code(text, 17), s1 = code(text, 18);
    if (!(isDigit(s0) && isDigit(s1))) return false;
    second = s0 * 10 + s1;
    pos = 19;
    if (pos < length && text.charCodeAt(pos) === 46) {
      pos++;
      const start = pos;
      while (pos < length && isDigit(code(text, pos))) pos++;
      const digits = pos - start;
      if (digits === 0) return false;
      if (digits <= 6) {
        let value = 0;
        for (let index = start; index < pos; index++) value = value * 10 + code(text, index);
        fraction = value * FRACTION_SCALE[digits]!;
      } else {
        fraction = roundHalfEven(Number('0.' + text.slice(start, pos)) * 1e6);
      }
    }
  }
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute !== 0 || second !== 0 || fraction !== 0))) {
    return false;
  }
  out.timeMicros = ((hour * 60 + minute) * 60 + second) * 1e6 + fraction;
  out.hasTime = true;
  if (pos === length) return true;
  let zoneStart = pos;
  if (text.charCodeAt(zoneStart) === 32) zoneStart++;
  const zoneCode = text.charCodeAt(zoneStart);
  if (zoneStart === length - 1 && (zoneCode === 90 || zoneCode === 122)) {
    out.zone = UTC_ZONE;
    return true;
  }
  if (zoneCode === 43 || zoneCode === 45) return parseFastOffset(text, zoneStart, out);
  if (length - zoneStart === 3 && (text.endsWith('UTC') || text.endsWith('utc'))) {
    out.zone = UTC_ZONE;
    return true;
  }
  return false;
}

/** Length of 'YYYY-MM-DDTHH:MM:SS', the part of `parseUtcSpan`'s shape before the fraction; of its hour prefix. */
const SECONDS_END = 19;
const HOUR_END = 13;
const MICROS_PER_HOUR = 3_600_000_000;

/** The last hour prefix ('YYYY-MM-DDTHH') `parseUtcSpan` read, and its microseconds: a stream's events share it. */
let lastHourText = '';
let lastHourMicros = 0;

/**
 * The microseconds of `text[start, end)` written as 'YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z' (UTC, as JSON encoders write
 * timestamps), as a double; undefined for any other text, out-of-range fields, and years whose microseconds a
 * double does not hold exactly. For the texts it accepts, the value equals `parseTimestamptz` and
 * `parseTimestamp` of the substring (the 'Z' names UTC, which the latter ignores anyway): decoders call it on a
 * span of their input and take the general path on undefined, without cutting out the substring.
 */
export function parseUtcSpan(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < SECONDS_END + 1 || length > SECONDS_END + 8 || text.charCodeAt(end - 1) !== 90) return undefined;
  if (text.charCodeAt(start + HOUR_END) !== 58 || text.charCodeAt(start + 16) !== 58) return undefined;
  let hourMicros: number;
  if (lastHourText.length === HOUR_END && sameHour(text, start)) hourMicros = lastHourMicros;
  else {
    const micros = hourPrefixMicros(text, start);
    if (micros === undefined) return undefined;
    hourMicros = micros;
    lastHourText = text.slice(start, start + HOUR_END);
    lastHourMicros = micros;
  }
  const minute = digits(text, start + 14, 2);
  const second = digits(text, start + 17, 2);
  // NaN (a non-digit) fails the comparisons.
  if (!(minute <= 59 && second <= 59)) return undefined;
  let fraction = 0;
  const fractionDigits = length - SECONDS_END - 2;
  if (fractionDigits >= 0) {
    if (text.charCodeAt(start + SECONDS_END) !== 46 || fractionDigits === 0) return undefined;
    const value = digits(text, start + SECONDS_END + 1, fractionDigits);
    if (!(value >= 0)) return undefined;
    fraction = value * FRACTION_SCALE[fractionDigits]!;
  }
  const total = hourMicros + (minute * 60 + second) * 1e6 + fraction;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Microseconds per unit of the last fraction digit, by the number of fraction digits (1 to 6): `10 ** (6 - n)` without a call to pow. */
const FRACTION_SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/** True when `text` holds `lastHourText` at `start`: a loop of code compares costs less than `startsWith` per event. */
function sameHour(text: string, start: number): boolean {
  for (let charIdx = HOUR_END - 1; charIdx >= 0; charIdx--) if (text.charCodeAt(start + charIdx) !== lastHourText.charCodeAt(charIdx)) return false;
  return true;
}

/** The microseconds of the hour 'YYYY-MM-DDTHH' at `start`, or undefined (a malformed or out-of-range field). */
function hourPrefixMicros(text: string, start: number): number | undefined {
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45 || text.charCodeAt(start + 10) !== 84) return undefined;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  const hour = digits(text, start + 11, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23)) return undefined;
  const micros = daysFromCivil(year, month, day) * MICROS_PER_DAY_NUMBER + hour * MICROS_PER_HOUR;
  return Number.isSafeInteger(micros) ? micros : undefined;
}

/** The decimal number of `count` digits at `start`; NaN when one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let charIdx = start; charIdx < start + count; charIdx++) {
    const digit = code(text, charIdx);
    if (!isDigit(digit)) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

function parseFastOffset(text: string, start: number, out: Parsed): boolean {
  const length = text.length;
  const sign = text.charCodeAt(start) === 45 ? -1 : 1;
  const rest = length - start - 1;
  let hours: number;
  let minutes = 0;
  const a = code(text, start + 1), b = code(text, start + 2);
  if (rest === 2 || rest === 4 || rest === 5) {
    if (!isDigit(a) || !isDigit(b)) return false;
    hours = a * 10 + b;
    if (rest === 4 || rest === 5) {
      const minuteAt = rest === 5 ? start + 4 : start + 3;
      if (rest === 5 && text.charCodeAt(start + 3) !== 58) return false;
      const c = code(text, minuteAt), d = code(text, minuteAt + 1);
      if (!isDigit(c) || !isDigit(d)) return false;
      minutes = c * 10 + d;
    }
  } else return false;
  if (hours > 15 || minutes > 59) return false;
  const offset = sign * (hours * 3600 + minutes * 60);
  out.zone = offset === 0 ? UTC_ZONE : { kind: 'fixed', offset };
  return true;
}

const scratch: Parsed = { days: 0, timeMicros: 0, zone: undefined, special: undefined, hasDate: false, hasTime: false };

/** Fills `scratch` from text by the fast path, else the general tokenizer; throws PostgreSQL's errors. */
function parseAny(text: string, typeName: TemporalTypeName): Parsed {
  if (parseFast(text, scratch)) return scratch;
  const trimmed = text.trim();
  if (trimmed !== text && parseFast(trimmed, scratch)) return scratch;
  let fields: DateTimeFields | undefined;
  try {
    fields = tokenizeDateTime(trimmed);
  } catch (error) {
    if (error instanceof RangeError) throw fieldOutOfRange(text);
    throw error;
  }
  if (fields === undefined) throw invalidSyntax(typeName, text);
  scratch.special = fields.special;
  scratch.hasDate = fields.year !== undefined;
  scratch.hasTime = fields.timeMicros !== undefined;
  scratch.timeMicros = fields.timeMicros ?? 0;
  scratch.zone = undefined;
  if (fields.zoneName !== undefined) {
    scratch.zone = resolveLiteralZone(fields.zoneName);
    if (scratch.zone === undefined) {
      // PostgreSQL looks up only words with a '/' as zone names; other unknown words are bad syntax.
      if (!fields.zoneName.includes('/')) throw invalidSyntax(typeName, text);
      throw new SqlError('invalid_parameter_value', `time zone "${fields.zoneName.toLowerCase()}" not recognized`);
    }
  }
  if (fields.year !== undefined) {
    const { year, month = 1, day = 1 } = fields;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw fieldOutOfRange(text);
    scratch.days = daysFromCivil(year, month, day);
  } else scratch.days = 0;
  return scratch;
}

/** Days since 1970-01-01 of today (UTC): 'today', 'now' and friends read the clock. */
const todayDays = (): number => Math.floor(Date.now() / 86_400_000);

function specialDays(special: string, typeName: TemporalTypeName, text: string): number {
  switch (special) {
    case 'infinity': return DATE_POSITIVE_INFINITY;
    case '-infinity': return DATE_NEGATIVE_INFINITY;
    case 'epoch': return 0;
    case 'now':
    case 'today': return todayDays();
    case 'tomorrow': return todayDays() + 1;
    case 'yesterday': return todayDays() - 1;
    default: throw invalidSyntax(typeName, text);
  }
}

/** PostgreSQL date input; returns days since 1970-01-01 ('infinity' is DATE_POSITIVE_INFINITY). */
export function parseDate(text: string): number {
  const parsed = parseAny(text, 'date');
  if (parsed.special !== undefined) return specialDays(parsed.special, 'date', text);
  if (!parsed.hasDate) throw invalidSyntax('date', text);
  if (parsed.days < MIN_DATE_DAYS || parsed.days > MAX_DATE_DAYS) {
    throw new SqlError('datetime_field_overflow', `date out of range: "${text}"`);
  }
  return parsed.days;
}

/** PostgreSQL time input ('02:00:00', '20:34:09.5', '2:00 pm', 'allballs'); microseconds since midnight. */
export function parseTime(text: string): number {
  const parsed = parseAny(text, 'time');
  if (parsed.special === 'allballs') return 0;
  if (parsed.special === 'now') return Number((BigInt(Date.now()) * 1000n) % MICROS_PER_DAY);
  if (parsed.special !== undefined || !parsed.hasTime) throw invalidSyntax('time', text);
  return parsed.timeMicros;
}

function specialTimestamp(special: string, typeName: TemporalTypeName, text: string): bigint {
  switch (special) {
    case 'infinity': return TIMESTAMP_POSITIVE_INFINITY;
    case '-infinity': return TIMESTAMP_NEGATIVE_INFINITY;
    case 'epoch': return 0n;
    case 'now': return BigInt(Date.now()) * 1000n;
    default: return BigInt(specialDays(special, typeName, text)) * MICROS_PER_DAY;
  }
}

function checkTimestamp(micros: bigint, text: string): bigint {
  if (micros < MIN_TIMESTAMP_MICROS || micros > MAX_TIMESTAMP_MICROS) {
    throw new SqlError('datetime_field_overflow', `timestamp out of range: "${text}"`);
  }
  return micros;
}

/** Local microseconds of the parsed date and time; a double while exact (years 1685..2255), bigint beyond. */
function localMicros(parsed: Parsed, text: string): bigint {
  const total = parsed.days * MICROS_PER_DAY_NUMBER + parsed.timeMicros;
  if (Number.isSafeInteger(total)) return BigInt(total);
  return checkTimestamp(BigInt(parsed.days) * MICROS_PER_DAY + BigInt(parsed.timeMicros), text);
}

/** PostgreSQL timestamp input; a zone written in the text is ignored, as PostgreSQL does for this type. */
export function parseTimestamp(text: string): bigint {
  const parsed = parseAny(text, 'timestamp');
  if (parsed.special !== undefined) return specialTimestamp(parsed.special, 'timestamp', text);
  if (!parsed.hasDate) throw invalidSyntax('timestamp', text);
  return localMicros(parsed, text);
}

/** PostgreSQL timestamptz input: the zone written in the text, else `zone` (the session zone, default UTC). */
export function parseTimestamptz(text: string, zone?: string): bigint {
  const parsed = parseAny(text, 'timestamp with time zone');
  if (parsed.special !== undefined) {
    const local = specialTimestamp(parsed.special, 'timestamp with time zone', text);
    if (parsed.special === 'now' || parsed.special === 'epoch' || parsed.special.endsWith('infinity')) return local;
    return localToUtcMicros(zoneOf(zone), local);
  }
  if (!parsed.hasDate) throw invalidSyntax('timestamp with time zone', text);
  const effectiveZone = parsed.zone ?? zoneOf(zone);
  if (effectiveZone.kind === 'fixed') {
    const total = parsed.days * MICROS_PER_DAY_NUMBER + parsed.timeMicros - effectiveZone.offset * 1e6;
    if (Number.isSafeInteger(total)) return BigInt(total);
  }
  const local = BigInt(parsed.days) * MICROS_PER_DAY + BigInt(parsed.timeMicros);
  const utc = effectiveZone.kind === 'fixed' ? local - BigInt(effectiveZone.offset) * 1_000_000n : localToUtcMicros(effectiveZone, local);
  return checkTimestamp(utc, text);
}
