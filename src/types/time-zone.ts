// Time zones: UTC offsets of IANA zones at an instant, and local wall time -> UTC with PostgreSQL's DST rules.
import { SqlError } from './error.js';
import { daysFromCivil } from './calendar.js';

/** A resolved zone: a fixed offset (seconds east of UTC) or an IANA zone read through Intl. */
export type TimeZone = { readonly kind: 'fixed'; readonly offset: number } | { readonly kind: 'iana'; readonly name: string };

export const UTC_ZONE: TimeZone = { kind: 'fixed', offset: 0 };

/** Zone abbreviations PostgreSQL knows by default (a subset of its 'Default' set), seconds east of UTC. */
const ABBREVIATIONS = new Map<string, number>([
  ['utc', 0], ['gmt', 0], ['z', 0], ['zulu', 0], ['ut', 0],
  ['est', -5 * 3600], ['edt', -4 * 3600], ['cst', -6 * 3600], ['cdt', -5 * 3600],
  ['mst', -7 * 3600], ['mdt', -6 * 3600], ['pst', -8 * 3600], ['pdt', -7 * 3600],
  ['akst', -9 * 3600], ['akdt', -8 * 3600], ['hst', -10 * 3600],
  ['wet', 0], ['west', 3600], ['cet', 3600], ['cest', 2 * 3600], ['met', 3600], ['mest', 2 * 3600],
  ['eet', 2 * 3600], ['eest', 3 * 3600], ['bst', 3600], ['ist', 2 * 3600], ['msk', 3 * 3600],
  ['jst', 9 * 3600], ['kst', 9 * 3600], ['hkt', 8 * 3600], ['sgt', 8 * 3600], ['awst', 8 * 3600],
  ['acst', 34200], ['aest', 10 * 3600], ['aedt', 11 * 3600], ['nzst', 12 * 3600], ['nzdt', 13 * 3600],
]);

const resolved = new Map<string, TimeZone>();

export const unrecognizedZone = (name: string): SqlError =>
  new SqlError('invalid_parameter_value', `time zone "${name}" not recognized`);

/**
 * Resolves a session or AT TIME ZONE zone name: an IANA name, a known abbreviation, or a POSIX-style offset
 * ('+05' means five hours WEST of Greenwich, as PostgreSQL reads it). Cached per name.
 */
export function resolveTimeZone(name: string): TimeZone {
  let zone = resolved.get(name);
  if (zone === undefined) {
    zone = lookupZone(name, true);
    if (zone === undefined) throw unrecognizedZone(name);
    resolved.set(name, zone);
  }
  return zone;
}

/**
 * Resolves a zone written inside a timestamptz literal: ISO offsets keep their sign ('+05:30' is east),
 * as do abbreviations and IANA names. Undefined when not recognized.
 */
export function resolveLiteralZone(name: string): TimeZone | undefined {
  const offset = parseIsoOffset(name);
  if (offset !== undefined) return { kind: 'fixed', offset };
  return lookupZone(name, false);
}

function lookupZone(name: string, posixOffsets: boolean): TimeZone | undefined {
  const lower = name.toLowerCase();
  const abbreviation = ABBREVIATIONS.get(lower);
  if (abbreviation !== undefined) return { kind: 'fixed', offset: abbreviation };
  if (posixOffsets) {
    const iso = parseIsoOffset(name);
    if (iso !== undefined) return { kind: 'fixed', offset: -iso };
  }
  // POSIX 'UTC+3' / 'GMT-2': the sign is west-positive.
  const posix = /^(?:utc|gmt)([+-]\d{1,2}(?::?\d{2})?)$/i.exec(name);
  if (posix) {
    const offset = parseIsoOffset(posix[1]!);
    if (offset !== undefined) return { kind: 'fixed', offset: -offset };
  }
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    if (canonical === 'UTC' || canonical === 'Etc/UTC' || canonical === 'Etc/GMT') return UTC_ZONE;
    return { kind: 'iana', name: canonical };
  } catch {
    return undefined;
  }
}

/** '+05', '-8', '+05:30', '+0530', '+05:30:15' -> seconds east of UTC; undefined when not an offset. */
export function parseIsoOffset(text: string): number | undefined {
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = match[3] === undefined ? 0 : Number(match[3]);
  const seconds = match[4] === undefined ? 0 : Number(match[4]);
  if (hours > 15 || minutes > 59 || seconds > 59) return undefined;
  const total = hours * 3600 + minutes * 60 + seconds;
  return match[1] === '-' ? -total : total;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(name: string): Intl.DateTimeFormat {
  let formatter = formatters.get(name);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(name, formatter);
  }
  return formatter;
}

/** JavaScript Dates cover +-8.64e15 ms; beyond that the offset at the nearest edge is used. */
const DATE_LIMIT_SECONDS = 8.64e12 - 86400 * 2;

/** Offset of the zone from UTC, in seconds east, at the instant `utcSeconds` (seconds since 1970). */
export function offsetAtUtc(zone: TimeZone, utcSeconds: number): number {
  if (zone.kind === 'fixed') return zone.offset;
  const clamped = Math.max(-DATE_LIMIT_SECONDS, Math.min(DATE_LIMIT_SECONDS, Math.floor(utcSeconds)));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatterFor(zone.name).formatToParts(new Date(clamped * 1000))) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      case 'era': bc = part.value === 'BC' || part.value === 'B'; break;
      default: break;
    }
  }
  if (bc) year = 1 - year;
  const localSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return localSeconds - clamped;
}

/**
 * UTC seconds of a local wall time in `zone`. In a DST gap or overlap PostgreSQL takes the later of the two
 * readings (the offset before a spring-forward, the offset after a fall-back): DetermineTimeZoneOffset.
 */
export function localToUtcSeconds(zone: TimeZone, localSeconds: number): number {
  if (zone.kind === 'fixed') return localSeconds - zone.offset;
  const before = offsetAtUtc(zone, localSeconds - 86400);
  const after = offsetAtUtc(zone, localSeconds + 86400);
  const candidateBefore = localSeconds - before;
  if (before === after) {
    const exact = offsetAtUtc(zone, candidateBefore);
    return localSeconds - exact;
  }
  const candidateAfter = localSeconds - after;
  const beforeValid = offsetAtUtc(zone, candidateBefore) === before;
  const afterValid = offsetAtUtc(zone, candidateAfter) === after;
  if (beforeValid !== afterValid) return beforeValid ? candidateBefore : candidateAfter;
  return Math.max(candidateBefore, candidateAfter);
}

/** Offset in seconds east of UTC at a UTC instant in microseconds. */
export function offsetAtUtcMicros(zone: TimeZone, utcMicros: bigint): number {
  if (zone.kind === 'fixed') return zone.offset;
  return offsetAtUtc(zone, Number(utcMicros / 1_000_000n) - (utcMicros % 1_000_000n < 0n ? 1 : 0));
}

/** UTC microseconds of local wall-clock microseconds in `zone`. */
export function localToUtcMicros(zone: TimeZone, localMicros: bigint): bigint {
  if (zone.kind === 'fixed') return localMicros - BigInt(zone.offset) * 1_000_000n;
  const floorSeconds = localMicros / 1_000_000n - (localMicros % 1_000_000n < 0n ? 1n : 0n);
  const utcSeconds = localToUtcSeconds(zone, Number(floorSeconds));
  return localMicros + (BigInt(utcSeconds) - floorSeconds) * 1_000_000n;
}

/** The session zone argument, resolved; 'UTC' and undefined take the fast path. */
export const zoneOf = (zone: string | undefined): TimeZone =>
  zone === undefined || zone === 'UTC' ? UTC_ZONE : resolveTimeZone(zone);
