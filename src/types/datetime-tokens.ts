// The general datetime literal reader (PostgreSQL's ParseDateTime/DecodeDateTime, DateStyle ISO, MDY).
import { roundHalfEven } from './round-half-even.js';

/** What a datetime literal says; year is astronomical (1 BC = 0). */
export interface DateTimeFields {
  year?: number;
  month?: number;
  day?: number;
  timeMicros?: number;
  zoneName?: string;
  special?: string;
}

const MONTHS = new Map<string, number>([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3], ['apr', 4], ['april', 4],
  ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7], ['aug', 8], ['august', 8],
  ['sep', 9], ['sept', 9], ['september', 9], ['oct', 10], ['october', 10], ['nov', 11], ['november', 11],
  ['dec', 12], ['december', 12],
]);

const WEEKDAYS = new Set([
  'sun', 'sunday', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednes', 'wednesday',
  'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday',
]);

const SPECIALS = new Set(['epoch', 'infinity', '-infinity', '+infinity', 'now', 'today', 'tomorrow', 'yesterday', 'allballs']);

const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?$/;
const TIME_WITH_ZONE = /^(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?)(z|[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?)$/i;
const NUMERIC_DATE = /^(\d+)([-/.])(\d+)\2(\d+)$/;
const NAMED_DATE = /^([a-z]+|\d+)[-/.]([a-z]+|\d+)[-/.]([a-z]+|\d+)$/i;
const OFFSET = /^[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?$/;

/** Two-digit years: PostgreSQL maps 70..99 to 19xx and 00..69 to 20xx. */
const expandYear = (digits: string): number => {
  const value = Number(digits);
  if (digits.length > 2) return value;
  return value < 70 ? 2000 + value : 1900 + value;
};

/** Time of day in microseconds from h:m[:s[.f]]; RangeError when a field is out of range. */
function timeFromMatch(match: RegExpExecArray): number {
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = match[3] === undefined ? 0 : Number(match[3]);
  const fraction = match[4] ? roundHalfEven(Number('0.' + match[4]) * 1e6) : 0;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0 || fraction > 0))) {
    throw new RangeError('time field out of range');
  }
  return ((hour * 60 + minute) * 60 + second) * 1e6 + fraction;
}

/**
 * Reads a datetime literal in any of PostgreSQL's common forms: ISO ('2021-03-25 12:00:00+02',
 * '2021-03-25T12:00Z'), 'January 8, 1999', '1999-Jan-08', '08-Jan-1999', '1/8/1999' (MDY), '19990108',
 * 'epoch'/'infinity'/'today', with 'BC', 'am'/'pm', weekday names and zone names or offsets.
 * Undefined when the text has no such reading; RangeError when a field is out of range.
 */
export function tokenizeDateTime(text: string): DateTimeFields | undefined {
  const fields: DateTimeFields = {};
  const lower = text.toLowerCase();
  if (SPECIALS.has(lower)) {
    fields.special = lower === '+infinity' ? 'infinity' : lower;
    return fields;
  }
  const tokens = splitTokens(text);
  if (tokens.length === 0) return undefined;
  const looseNumbers: string[] = [];
  let bc = false;
  let pm: boolean | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const lowerToken = token.toLowerCase();
    if (!readToken(token, lowerToken, fields, looseNumbers)) {
      if (lowerToken === 'bc') bc = true;
      else if (lowerToken === 'ad') bc = false;
      else if (lowerToken === 'am' || lowerToken === 'a.m.') pm = false;
      else if (lowerToken === 'pm' || lowerToken === 'p.m.') pm = true;
      else if (WEEKDAYS.has(lowerToken)) continue;
      else if (SPECIALS.has(lowerToken)) fields.special = lowerToken;
      else if (fields.zoneName === undefined && /^[a-z][a-z0-9_/+-]*$/i.test(token)) fields.zoneName = token;
      else return undefined;
    }
  }
  if (!assignLooseNumbers(fields, looseNumbers)) return undefined;
  if (pm !== undefined) {
    if (fields.timeMicros === undefined) return undefined;
    const hour = Math.floor(fields.timeMicros / 3.6e9);
    if (hour > 12) throw new RangeError('hour out of range');
    if (pm && hour < 12) fields.timeMicros += 12 * 3.6e9;
    if (!pm && hour === 12) fields.timeMicros -= 12 * 3.6e9;
  }
  if (bc) {
    if (fields.year === undefined || fields.year <= 0) return undefined;
    fields.year = 1 - fields.year;
  }
  if (fields.year !== undefined && fields.year > 0 && fields.month === undefined) return undefined;
  return fields;
}

/** Blank- and comma-separated tokens; 'T' between a date and a time splits too. */
function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    if (raw === '') continue;
    const tAt = raw.search(/\d[tT]\d/);
    if (tAt >= 0) {
      tokens.push(raw.slice(0, tAt + 1), raw.slice(tAt + 2));
    } else tokens.push(raw);
  }
  return tokens;
}

/** Consumes one token into `fields`; false when the token is a word left for the caller. */
function readToken(token: string, lowerToken: string, fields: DateTimeFields, looseNumbers: string[]): boolean {
  // ISO 8601 allows a time of day to start with 'T' ('T12:00').
  if ((token.charCodeAt(0) === 84 || token.charCodeAt(0) === 116) && token.includes(':')) token = token.slice(1);
  const time = TIME.exec(token);
  if (time) {
    if (fields.timeMicros !== undefined) throw new RangeError('two times');
    fields.timeMicros = timeFromMatch(time);
    return true;
  }
  const timeWithZone = TIME_WITH_ZONE.exec(token);
  if (timeWithZone) {
    fields.timeMicros = timeFromMatch(TIME.exec(timeWithZone[1]!)!);
    fields.zoneName = timeWithZone[2]!.toLowerCase() === 'z' ? 'UTC' : timeWithZone[2]!;
    return true;
  }
  if (OFFSET.test(token) && (fields.timeMicros !== undefined || fields.year !== undefined)) {
    fields.zoneName = token;
    return true;
  }
  const numericDate = NUMERIC_DATE.exec(token);
  if (numericDate) return readNumericDate(numericDate, fields);
  const namedDate = NAMED_DATE.exec(token);
  if (namedDate) return readNamedDate([namedDate[1]!, namedDate[2]!, namedDate[3]!], fields);
  if (/^\d+$/.test(token)) {
    if (token.length === 8 && fields.year === undefined && looseNumbers.length === 0) {
      fields.year = Number(token.slice(0, 4));
      fields.month = Number(token.slice(4, 6));
      fields.day = Number(token.slice(6, 8));
      return true;
    }
    looseNumbers.push(token);
    return true;
  }
  const month = MONTHS.get(lowerToken.endsWith('.') ? lowerToken.slice(0, -1) : lowerToken);
  if (month !== undefined && fields.month === undefined) {
    fields.month = month;
    return true;
  }
  return false;
}

function readNumericDate(match: RegExpExecArray, fields: DateTimeFields): boolean {
  if (fields.year !== undefined) return false;
  const [first, separator, second, third] = [match[1]!, match[2]!, match[3]!, match[4]!];
  if (first.length >= 3 || (separator === '-' && first.length > 2)) {
    fields.year = Number(first);
    fields.month = Number(second);
    fields.day = Number(third);
  } else {
    // DateStyle MDY: month/day/year.
    fields.month = Number(first);
    fields.day = Number(second);
    fields.year = expandYear(third);
  }
  return true;
}

/** '1999-Jan-08', '08-Jan-1999', 'Jan-08-1999'. */
function readNamedDate(parts: [string, string, string], fields: DateTimeFields): boolean {
  const monthIndex = parts.findIndex((part) => MONTHS.has(part.toLowerCase()));
  if (monthIndex < 0 || fields.year !== undefined) return false;
  fields.month = MONTHS.get(parts[monthIndex]!.toLowerCase())!;
  const numbers = parts.filter((_, index) => index !== monthIndex);
  if (numbers.some((part) => !/^\d+$/.test(part))) return false;
  const [a, b] = numbers as [string, string];
  if (monthIndex === 1 && a.length >= 3) {
    fields.year = Number(a);
    fields.day = Number(b);
  } else {
    fields.day = Number(a);
    fields.year = expandYear(b);
    if (a.length >= 3) {
      fields.year = Number(a);
      fields.day = Number(b);
    }
  }
  return true;
}

/** Numbers around a month name: 'January 8 1999', '8 January 1999', '1999 January 8'. */
function assignLooseNumbers(fields: DateTimeFields, numbers: string[]): boolean {
  if (numbers.length === 0) return true;
  if (fields.month === undefined) return false;
  if (fields.year !== undefined) {
    if (numbers.length !== 1 || fields.day !== undefined) return false;
    fields.day = Number(numbers[0]);
    return true;
  }
  if (numbers.length === 1) {
    fields.day = Number(numbers[0]);
    return false; // a year is required
  }
  if (numbers.length !== 2) return false;
  const [a, b] = numbers as [string, string];
  if (a.length >= 3 || Number(a) > 31) {
    fields.year = Number(a);
    fields.day = Number(b);
  } else {
    fields.day = Number(a);
    fields.year = expandYear(b);
  }
  return true;
}
