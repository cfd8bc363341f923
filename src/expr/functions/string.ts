// String functions counting characters as PostgreSQL does (length, substr, position, trim, pad, split_part, ...).
import { createHash } from 'node:crypto';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { initcap, lower, upper } from './case-mapping.js';
import { charIndexOf, charLength, charSlice, chars, isSingleUnit, utf8Length } from './code-points.js';
import { defineFunction } from './function-def.js';
import type { FunctionDef, Impl } from './function-def.js';

const s1 = (fn: (s: string) => Value): Impl => fn as (s: Value) => Value;
const s2 = (fn: (a: string, b: string) => Value): Impl => fn as (a: Value, b: Value) => Value;
const sn = (fn: (s: string, n: number) => Value): Impl => fn as (s: Value, n: Value) => Value;

const negativeLength = (): SqlError => new SqlError('data_exception', 'negative substring length not allowed');

/** substr(s, start [, count]): characters start .. start+count-1 (1-based), where start may be zero or negative. */
export function substring(s: string, start: number, count?: number): string {
  if (count === undefined) return charSlice(s, start - 1);
  if (count < 0) throw negativeLength();
  const end = start + count; // exclusive, 1-based; computed in doubles so that it cannot overflow
  if (end <= 1) return '';
  return charSlice(s, Math.max(start, 1) - 1, end - 1);
}

/** substr(bytea, start [, count]) with the same position rules, counting bytes. */
function byteSubstring(b: Uint8Array, start: number, count?: number): Uint8Array {
  if (count !== undefined && count < 0) throw negativeLength();
  const end = count === undefined ? b.length + 1 : start + count;
  if (end <= 1) return new Uint8Array(0);
  return b.slice(Math.max(start, 1) - 1, Math.max(end - 1, 0));
}

/** strpos(haystack, needle): 1-based character position of the first occurrence, 0 if none. */
export function strpos(haystack: string, needle: string): number {
  const offset = haystack.indexOf(needle);
  return offset < 0 ? 0 : charIndexOf(haystack, offset) + 1;
}

/** btrim/ltrim/rtrim: removes the longest prefix/suffix made of characters of `set`. */
function trim(s: string, set: string, leading: boolean, trailing: boolean): string {
  if (isSingleUnit(s) && isSingleUnit(set)) {
    let start = 0;
    let end = s.length;
    if (leading) while (start < end && set.includes(s[start]!)) start++;
    if (trailing) while (end > start && set.includes(s[end - 1]!)) end--;
    return s.slice(start, end);
  }
  const sChars = chars(s);
  const setChars = new Set(chars(set));
  let start = 0;
  let end = sChars.length;
  if (leading) while (start < end && setChars.has(sChars[start]!)) start++;
  if (trailing) while (end > start && setChars.has(sChars[end - 1]!)) end--;
  return sChars.slice(start, end).join('');
}

/** lpad/rpad: pad with `fill` repeated (or truncate) to exactly `length` characters. */
function pad(s: string, length: number, fill: string, left: boolean): string {
  if (length <= 0) return '';
  const current = charLength(s);
  if (current >= length) return charSlice(s, 0, length);
  if (fill === '') return s;
  const fillChars = chars(fill);
  const needed = length - current;
  let padding = fill.repeat(Math.floor(needed / fillChars.length));
  padding += fillChars.slice(0, needed % fillChars.length).join('');
  return left ? padding + s : s + padding;
}

function left(s: string, n: number): string {
  if (n >= 0) return charSlice(s, 0, n);
  return charSlice(s, 0, Math.max(charLength(s) + n, 0));
}

function right(s: string, n: number): string {
  const length = charLength(s);
  if (n >= 0) return charSlice(s, Math.max(length - n, 0));
  return charSlice(s, Math.min(-n, length));
}

function repeat(s: string, n: number): string {
  if (n <= 0 || s === '') return '';
  if (s.length * n > 0x1fffffe8) throw new SqlError('data_exception', 'requested length too large');
  return s.repeat(n);
}

const reverse = (s: string): string => (isSingleUnit(s) ? s.split('').reverse().join('') : chars(s).reverse().join(''));

/** split_part: the n-th field (negative n counts from the end, PostgreSQL 14+). */
function splitPart(s: string, delimiter: string, field: number): string {
  if (field === 0) throw new SqlError('invalid_parameter_value', 'field position must not be zero');
  if (s === '') return '';
  if (delimiter === '') return field === 1 || field === -1 ? s : '';
  const parts = s.split(delimiter);
  const index = field > 0 ? field - 1 : parts.length + field;
  return parts[index] ?? '';
}

/** translate: each character of `from` becomes the character at the same position of `to`, or is deleted. */
function translate(s: string, from: string, to: string): string {
  const fromChars = chars(from);
  const toChars = chars(to);
  const map = new Map<string, string>();
  fromChars.forEach((ch, i) => {
    if (!map.has(ch)) map.set(ch, toChars[i] ?? '');
  });
  let out = '';
  for (const ch of s) out += map.get(ch) ?? ch;
  return out;
}

/** ascii: the code point of the first character. */
const ascii = (s: string): number => (s === '' ? 0 : s.codePointAt(0)!);

function chr(code: number): string {
  if (code < 0) throw new SqlError('data_exception', 'character number must be positive');
  if (code === 0) throw new SqlError('data_exception', 'null character not permitted');
  if (code > 0x10ffff) throw new SqlError('data_exception', `requested character too large for encoding: ${code}`);
  if (code >= 0xd800 && code <= 0xdfff) throw new SqlError('data_exception', `requested character not valid for encoding: ${code}`);
  return String.fromCodePoint(code);
}

/** overlay(s PLACING replacement FROM start [FOR count]) */
function overlay(s: string, replacement: string, start: number, count: number): string {
  if (start <= 0) throw negativeLength();
  return substring(s, 1, start - 1) + replacement + substring(s, start + count);
}

const md5Hex = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

const LENGTH_NAMES = ['length', 'char_length', 'character_length', 'textlen'];

export const stringFunctions: readonly FunctionDef[] = [
  ...LENGTH_NAMES.map((name) => defineFunction(name, ['varchar'], 'int4', s1(charLength))),
  defineFunction('length', ['bytea'], 'int4', (b) => (b as Uint8Array).length),
  defineFunction('octet_length', ['varchar'], 'int4', s1(utf8Length)),
  defineFunction('octet_length', ['bytea'], 'int4', (b) => (b as Uint8Array).length),
  defineFunction('bit_length', ['varchar'], 'int4', s1((s) => utf8Length(s) * 8)),
  defineFunction('lower', ['varchar'], 'varchar', s1(lower)),
  defineFunction('upper', ['varchar'], 'varchar', s1(upper)),
  defineFunction('initcap', ['varchar'], 'varchar', s1(initcap)),
  ...['substr', 'substring'].flatMap((name) => [
    defineFunction(name, ['varchar', 'int4'], 'varchar', sn((s, start) => substring(s, start))),
    defineFunction(name, ['varchar', 'int4', 'int4'], 'varchar', (s, start, count) =>
      substring(s as string, start as number, count as number),
    ),
  ]),
  ...['substr', 'substring'].flatMap((name) => [
    defineFunction(name, ['bytea', 'int4'], 'bytea', (b, start) => byteSubstring(b as Uint8Array, start as number)),
    defineFunction(name, ['bytea', 'int4', 'int4'], 'bytea', (b, start, count) =>
      byteSubstring(b as Uint8Array, start as number, count as number),
    ),
  ]),
  defineFunction('strpos', ['varchar', 'varchar'], 'int4', s2(strpos)),
  // The parser turns `position(a IN b)` into position(a, b): the substring comes first.
  defineFunction('position', ['varchar', 'varchar'], 'int4', s2((needle, haystack) => strpos(haystack, needle))),
  defineFunction('replace', ['varchar', 'varchar', 'varchar'], 'varchar', (s, from, to) =>
    from === '' ? s : (s as string).replaceAll(from as string, () => to as string),
  ),
  ...(
    [
      ['btrim', true, true],
      ['ltrim', true, false],
      ['rtrim', false, true],
    ] as const
  ).flatMap(([name, leading, trailing]) => [
    defineFunction(name, ['varchar'], 'varchar', s1((s) => trim(s, ' ', leading, trailing))),
    defineFunction(name, ['varchar', 'varchar'], 'varchar', s2((s, set) => trim(s, set, leading, trailing))),
  ]),
  defineFunction('lpad', ['varchar', 'int4'], 'varchar', sn((s, n) => pad(s, n, ' ', true))),
  defineFunction('lpad', ['varchar', 'int4', 'varchar'], 'varchar', (s, n, fill) => pad(s as string, n as number, fill as string, true)),
  defineFunction('rpad', ['varchar', 'int4'], 'varchar', sn((s, n) => pad(s, n, ' ', false))),
  defineFunction('rpad', ['varchar', 'int4', 'varchar'], 'varchar', (s, n, fill) => pad(s as string, n as number, fill as string, false)),
  defineFunction('left', ['varchar', 'int4'], 'varchar', sn(left)),
  defineFunction('right', ['varchar', 'int4'], 'varchar', sn(right)),
  defineFunction('repeat', ['varchar', 'int4'], 'varchar', sn(repeat)),
  defineFunction('reverse', ['varchar'], 'varchar', s1(reverse)),
  defineFunction('split_part', ['varchar', 'varchar', 'int4'], 'varchar', (s, d, n) => splitPart(s as string, d as string, n as number)),
  defineFunction('starts_with', ['varchar', 'varchar'], 'boolean', s2((s, prefix) => s.startsWith(prefix))),
  defineFunction('translate', ['varchar', 'varchar', 'varchar'], 'varchar', (s, from, to) => translate(s as string, from as string, to as string)),
  defineFunction('ascii', ['varchar'], 'int4', s1(ascii)),
  defineFunction('chr', ['int4'], 'varchar', (n) => chr(n as number)),
  defineFunction('to_hex', ['int4'], 'varchar', (n) => ((n as number) >>> 0).toString(16)),
  defineFunction('to_hex', ['int8'], 'varchar', (n) => BigInt.asUintN(64, n as bigint).toString(16)),
  defineFunction('md5', ['varchar'], 'varchar', s1(md5Hex)),
  defineFunction('md5', ['bytea'], 'varchar', (b) => md5Hex(b as Uint8Array)),
  defineFunction('overlay', ['varchar', 'varchar', 'int4'], 'varchar', (s, r, start) =>
    overlay(s as string, r as string, start as number, charLength(r as string)),
  ),
  defineFunction('overlay', ['varchar', 'varchar', 'int4', 'int4'], 'varchar', (s, r, start, count) =>
    overlay(s as string, r as string, start as number, count as number),
  ),
];
