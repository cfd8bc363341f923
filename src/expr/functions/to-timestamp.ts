// to_timestamp(text, template) and to_date(text, template): PostgreSQL's template-driven datetime input.
import { MICROS_PER_DAY, daysFromCivil, daysInMonth } from '../../types/calendar.js';
import { SqlError } from '../../types/error.js';
import { localToUtcMicros, resolveTimeZone } from '../../types/time-zone.js';
import { SESSION_ZONE } from './datetime.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';

/** Parsed fields; undefined where the template did not set them. */
interface Fields {
  year?: number;
  yearDigits?: number;
  bc?: boolean;
  month?: number;
  day?: number;
  dayOfYear?: number;
  julian?: number;
  hour?: number;
  clock12?: boolean;
  pm?: boolean;
  minute?: number;
  second?: number;
  micros?: number;
  offsetMinutes?: number;
}

type FieldKind =
  | 'YYYY' | 'YYY' | 'YY' | 'Y' | 'MM' | 'DD' | 'DDD' | 'J' | 'HH24' | 'HH12' | 'HH' | 'MI' | 'SS' | 'MS' | 'US'
  | 'FF1' | 'FF2' | 'FF3' | 'FF4' | 'FF5' | 'FF6' | 'AM' | 'A.M.' | 'PM' | 'P.M.' | 'MONTH' | 'MON' | 'DAY' | 'DY'
  | 'BC' | 'B.C.' | 'AD' | 'A.D.' | 'TZH' | 'TZM' | 'Y,YYY' | 'SSSS' | 'SSSSS' | 'Q' | 'CC' | 'D' | 'ID' | 'IW' | 'WW' | 'W';

/** Longest first, so that prefixes do not shadow (HH24 before HH, MONTH before MON, ...). */
const PATTERNS: readonly FieldKind[] = [
  'Y,YYY', 'YYYY', 'YYY', 'YY', 'Y', 'MONTH', 'MON', 'MM', 'DDD', 'DAY', 'DY', 'DD', 'D', 'HH24', 'HH12', 'HH', 'MI',
  'SSSSS', 'SSSS', 'SS', 'MS', 'US', 'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6', 'A.M.', 'AM', 'P.M.', 'PM', 'B.C.', 'BC',
  'A.D.', 'AD', 'TZH', 'TZM', 'J', 'Q', 'CC', 'ID', 'IW', 'WW', 'W',
];

/** Maximum digits read by each numeric field when it is followed by more digits. */
const DIGITS: Partial<Record<FieldKind, number>> = {
  YYYY: 4, YYY: 3, YY: 2, Y: 1, MM: 2, DD: 2, DDD: 3, D: 1, HH24: 2, HH12: 2, HH: 2, MI: 2, SS: 2, MS: 3, US: 6,
  FF1: 1, FF2: 2, FF3: 3, FF4: 4, FF5: 5, FF6: 6, J: 7, TZH: 3, TZM: 2, SSSS: 5, SSSSS: 5, Q: 1, CC: 2, ID: 1, IW: 2, WW: 2, W: 1,
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Node = { readonly field: FieldKind; readonly fillMode: boolean } | { readonly literal: string; readonly separator: boolean };

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isSeparator = (ch: string | undefined): boolean => ch !== undefined && !/[A-Za-z0-9\s]/.test(ch);

function parseTemplate(template: string): Node[] {
  const nodes: Node[] = [];
  let fillMode = false;
  for (let i = 0; i < template.length; ) {
    const upper = template.slice(i, i + 5).toUpperCase();
    if (upper.startsWith('FM')) {
      fillMode = true;
      i += 2;
      continue;
    }
    if (upper.startsWith('FX')) {
      i += 2;
      continue;
    }
    if (template[i] === '"') {
      const close = template.indexOf('"', i + 1);
      const text = close < 0 ? template.slice(i + 1) : template.slice(i + 1, close);
      for (const ch of text) nodes.push({ literal: ch, separator: false });
      i = close < 0 ? template.length : close + 1;
      continue;
    }
    const field = PATTERNS.find((p) => upper.startsWith(p));
    if (field) {
      nodes.push({ field, fillMode });
      fillMode = false;
      i += field.length;
      if (/^th/i.test(template.slice(i, i + 2))) i += 2;
      continue;
    }
    const ch = template[i]!;
    nodes.push({ literal: ch, separator: isSpace(ch) || isSeparator(ch) });
    i++;
  }
  return nodes;
}

const fieldError = (input: string): SqlError =>
  new SqlError('datetime_field_overflow', `date/time field value out of range: "${input}"`);

/** Whether the field after node `index` cannot start with a digit, so that a number may take all its digits. */
function nextIsSeparator(nodes: readonly Node[], index: number): boolean {
  const next = nodes[index + 1];
  if (next === undefined) return true;
  if ('field' in next) return DIGITS[next.field] === undefined;
  return !isDigit(next.literal);
}

/** Parses `input` along `template` into fields, as PostgreSQL's DCH_from_char in non-FX mode. */
function parseFields(input: string, template: string): Fields {
  const nodes = parseTemplate(template);
  const fields: Fields = {};
  let pos = 0;
  nodes.forEach((node, index) => {
    // Like DCH_from_char, stop at the end of the input: the remaining fields keep their defaults.
    if (pos >= input.length) return;
    if (!('field' in node)) {
      if (node.separator) {
        if (isSpace(input[pos]) || isSeparator(input[pos])) pos++;
      } else if (pos < input.length) {
        pos++;
      }
      return;
    }
    while (isSpace(input[pos])) pos++;
    const maxDigits = DIGITS[node.field];
    if (maxDigits !== undefined) {
      const [value, length] = readNumber(input, pos, node, maxDigits, node.fillMode || nextIsSeparator(nodes, index));
      pos += length;
      assignNumber(fields, node.field, value, length);
    } else {
      pos += readWord(input, pos, node.field, fields);
    }
  });
  return fields;
}

function readNumber(input: string, pos: number, node: { readonly field: FieldKind }, maxDigits: number, greedy: boolean): [number, number] {
  let end = pos;
  if (input[end] === '-' || input[end] === '+') end++;
  const limit = greedy ? input.length : pos + maxDigits + (end - pos);
  if (node.field === 'Y,YYY') {
    const match = /^(\d+),(\d{3})/.exec(input.slice(pos));
    if (!match) throw invalidValue(input.slice(pos), node.field);
    return [Number(match[1]) * 1000 + Number(match[2]), match[0].length];
  }
  while (end < limit && isDigit(input[end])) end++;
  const text = input.slice(pos, end);
  if (!/\d/.test(text)) {
    if (pos >= input.length) throw new SqlError('invalid_datetime_format', `source string too short for "${node.field}" formatting field`);
    throw invalidValue(input.slice(pos, pos + maxDigits), node.field);
  }
  return [Number(text), end - pos];
}

const invalidValue = (text: string, field: string): SqlError =>
  new SqlError('invalid_datetime_format', `invalid value "${text}" for "${field}"`, { detail: 'Value must be an integer.' });

function assignNumber(fields: Fields, field: FieldKind, value: number, length: number): void {
  switch (field) {
    case 'YYYY':
    case 'Y,YYY':
      fields.year = value;
      fields.yearDigits = 4;
      return;
    case 'YYY':
    case 'YY':
    case 'Y':
      fields.year = length < 4 ? adjustPartialYear(value) : value;
      fields.yearDigits = length;
      return;
    case 'MM':
      fields.month = value;
      return;
    case 'DD':
      fields.day = value;
      return;
    case 'DDD':
      fields.dayOfYear = value;
      return;
    case 'J':
      fields.julian = value;
      return;
    case 'HH':
    case 'HH12':
      fields.hour = value;
      fields.clock12 = true;
      return;
    case 'HH24':
      fields.hour = value;
      return;
    case 'MI':
      fields.minute = value;
      return;
    case 'SS':
      fields.second = value;
      return;
    case 'MS':
      fields.micros = value * 1000 * (length === 1 ? 100 : length === 2 ? 10 : 1);
      return;
    case 'US':
    case 'FF1':
    case 'FF2':
    case 'FF3':
    case 'FF4':
    case 'FF5':
    case 'FF6':
      fields.micros = value * 10 ** (6 - length);
      return;
    case 'TZH':
      fields.offsetMinutes = value * 60 + (fields.offsetMinutes ?? 0) % 60;
      return;
    case 'TZM':
      fields.offsetMinutes = (fields.offsetMinutes ?? 0) + (fields.offsetMinutes !== undefined && fields.offsetMinutes < 0 ? -value : value);
      return;
    default:
      return;
  }
}

/** adjust_partial_year_to_2020: '69' is 2069 and '70' is 1970. */
function adjustPartialYear(year: number): number {
  if (year < 70) return year + 2000;
  if (year < 100) return year + 1900;
  if (year < 520) return year + 2000;
  if (year < 1000) return year + 1000;
  return year;
}

/** Month and day names, AM/PM and BC/AD markers; returns the characters consumed. */
function readWord(input: string, pos: number, field: FieldKind, fields: Fields): number {
  const rest = input.slice(pos).toLowerCase();
  const pick = (names: readonly string[], abbreviated: boolean): number => {
    for (let i = 0; i < names.length; i++) {
      const name = abbreviated ? names[i]!.slice(0, 3) : names[i]!;
      if (rest.startsWith(name)) return i;
    }
    throw new SqlError('invalid_datetime_format', `invalid value "${input.slice(pos, pos + (abbreviated ? 3 : 9))}" for "${field}"`, {
      detail: `The given value did not match any of the allowed values for this field.`,
    });
  };
  switch (field) {
    case 'MONTH':
    case 'MON': {
      const index = pick(MONTHS, field === 'MON');
      fields.month = index + 1;
      return field === 'MON' ? 3 : MONTHS[index]!.length;
    }
    case 'DAY':
    case 'DY': {
      const index = pick(DAYS, field === 'DY');
      return field === 'DY' ? 3 : DAYS[index]!.length;
    }
    case 'AM':
    case 'PM':
    case 'A.M.':
    case 'P.M.': {
      const dotted = field.length === 4;
      const marker = rest.slice(0, dotted ? 4 : 2);
      const isPm = marker === (dotted ? 'p.m.' : 'pm');
      if (!isPm && marker !== (dotted ? 'a.m.' : 'am')) throw invalidMarker(input.slice(pos, pos + field.length), field);
      fields.pm = isPm;
      fields.clock12 = true;
      return field.length;
    }
    case 'BC':
    case 'AD':
    case 'B.C.':
    case 'A.D.': {
      const dotted = field.length === 4;
      const marker = rest.slice(0, dotted ? 4 : 2);
      const isBc = marker === (dotted ? 'b.c.' : 'bc');
      if (!isBc && marker !== (dotted ? 'a.d.' : 'ad')) throw invalidMarker(input.slice(pos, pos + field.length), field);
      fields.bc = isBc;
      return field.length;
    }
    default:
      return 0;
  }
}

const invalidMarker = (text: string, field: string): SqlError =>
  new SqlError('invalid_datetime_format', `invalid value "${text}" for "${field}"`, {
    detail: 'The given value did not match any of the allowed values for this field.',
  });

/** Builds the local timestamp (microseconds since 1970) from parsed fields, validating them as PostgreSQL. */
function toLocalMicros(fields: Fields, input: string, dateOnly: boolean): bigint {
  let year = fields.year ?? 0;
  if (fields.bc) year = -(year - 1);
  let days: number;
  if (fields.julian !== undefined) {
    days = fields.julian - 2440588;
  } else if (fields.dayOfYear !== undefined && fields.month === undefined) {
    days = daysFromCivil(year, 1, 1) + fields.dayOfYear - 1;
  } else {
    const month = fields.month ?? 1;
    const day = fields.day ?? 1;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw fieldError(input);
    days = daysFromCivil(year, month, day);
  }
  if (dateOnly) return BigInt(days) * MICROS_PER_DAY;
  let hour = fields.hour ?? 0;
  if (fields.clock12) {
    if (hour < 1 || hour > 12) {
      throw new SqlError('invalid_datetime_format', `hour "${hour}" is invalid for the 12-hour clock`, {
        hint: 'Use the 24-hour clock, or give an hour between 1 and 12.',
      });
    }
    if (fields.pm && hour < 12) hour += 12;
    else if (!fields.pm && hour === 12) hour = 0;
  }
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  if (hour > 24 || minute > 59 || second > 60) throw fieldError(input);
  const micros = ((hour * 60 + minute) * 60 + second) * 1e6 + (fields.micros ?? 0);
  return BigInt(days) * MICROS_PER_DAY + BigInt(micros);
}

/** to_timestamp(text, template): fields in the session zone unless TZH/TZM give an offset. */
export function toTimestamp(input: string, template: string): bigint {
  const fields = parseFields(input, template);
  const local = toLocalMicros(fields, input, false);
  if (fields.offsetMinutes !== undefined) return local - BigInt(fields.offsetMinutes) * 60_000_000n;
  return localToUtcMicros(resolveTimeZone(SESSION_ZONE), local);
}

/** to_date(text, template) */
export function toDate(input: string, template: string): number {
  const fields = parseFields(input, template);
  return Number(toLocalMicros(fields, input, true) / MICROS_PER_DAY);
}

export const toTimestampFunctions: readonly FunctionDef[] = [
  defineFunction('to_timestamp', ['varchar', 'varchar'], 'timestamptz', (s, t) => toTimestamp(s as string, t as string)),
  defineFunction('to_date', ['varchar', 'varchar'], 'date', (s, t) => toDate(s as string, t as string)),
];
