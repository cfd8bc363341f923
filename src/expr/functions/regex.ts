// Regular-expression operators (~ ~* !~ !~*) and functions (regexp_match, regexp_replace, regexp_split_to_array, ...).
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { BoundedCache } from './bounded-cache.js';
import { charIndexOf, unitOffset } from './code-points.js';
import { defineFunction, deferringErrors } from './function-def.js';
import type { FunctionDef, Impl, Specializer } from './function-def.js';
import { parseFlags, translateRegex } from './regex-translate.js';
import type { RegexOptions } from './regex-translate.js';

/** A compiled pattern: `regex` for single tests, `scanner` (global) for iterating over matches. */
interface CompiledRegex {
  readonly regex: RegExp;
  readonly scanner: RegExp;
  readonly options: RegexOptions;
}

const cache = new BoundedCache<string, CompiledRegex>(256);

/** Compiles (or finds in the cache) `pattern` with the option letters `flags`. */
function compile(pattern: string, flags: string, allowGlobal = true): CompiledRegex {
  const key = `${flags}\u0000${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const options = parseFlags(flags, allowGlobal);
    const regex = translateRegex(pattern, { ...options, global: false });
    compiled = { regex, scanner: new RegExp(regex.source, regex.flags + 'g'), options };
    cache.set(key, compiled);
  } else if (!allowGlobal && compiled.options.global) {
    parseFlags(flags, false);
  }
  return compiled;
}

const noGlobal = (fn: string): SqlError =>
  new SqlError('invalid_parameter_value', `${fn}() does not support the "global" option`, {
    hint: fn === 'regexp_match' ? 'Use the regexp_matches function instead.' : undefined,
  });

function compileNoGlobal(fn: string, pattern: string, flags: string): CompiledRegex {
  const compiled = compile(pattern, flags);
  if (compiled.options.global) throw noGlobal(fn);
  return compiled;
}

/**
 * All matches at or after UTF-16 offset `from`, as PostgreSQL's setup_regexp_matches finds them: after an
 * empty match the search moves on by one character; with `ignoreDegenerate` (for splitting), empty matches at
 * the start or end of the string or right after a previous match are skipped.
 */
function findMatches(compiled: CompiledRegex, s: string, from: number, ignoreDegenerate: boolean, limit = Infinity): RegExpExecArray[] {
  const scanner = compiled.scanner;
  const matches: RegExpExecArray[] = [];
  let previousEnd = from;
  scanner.lastIndex = from;
  while (matches.length < limit) {
    const match = scanner.exec(s);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    if (!ignoreDegenerate || (start < s.length && end > previousEnd)) matches.push(match);
    previousEnd = end;
    if (start === end) {
      if (end >= s.length) break;
      const code = s.charCodeAt(end);
      scanner.lastIndex = end + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    }
  }
  return matches;
}

/** A replacement text with \1..\9 and \& references, split once into literal parts and group numbers. */
function compileReplacement(replacement: string): (match: RegExpExecArray) => string {
  const parts: (string | number)[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    if (ch !== '\\' || i + 1 >= replacement.length) {
      literal += ch;
      continue;
    }
    const next = replacement[i + 1]!;
    if (next >= '1' && next <= '9') {
      parts.push(literal, Number(next));
      literal = '';
      i++;
    } else if (next === '&') {
      parts.push(literal, 0);
      literal = '';
      i++;
    } else if (next === '\\') {
      literal += '\\';
      i++;
    } else {
      literal += '\\';
    }
  }
  parts.push(literal);
  if (parts.length === 1) return () => literal;
  return (match) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : (match[part] ?? '');
    return out;
  };
}

const invalidParameter = (name: string, value: number): SqlError =>
  new SqlError('invalid_parameter_value', `invalid value for parameter "${name}": ${value}`);

/** regexp_replace(s, pattern, replacement, start, n, flags): n = 0 replaces every match from `start` on. */
function regexReplace(s: string, pattern: string, replacement: string, start: number, n: number, flags: string): string {
  if (start <= 0) throw invalidParameter('start', start);
  if (n < 0) throw invalidParameter('n', n);
  const compiled = compile(pattern, flags);
  const from = unitOffset(s, start - 1);
  if (from > s.length) return s;
  const replace = compileReplacement(replacement);
  const matches = findMatches(compiled, s, from, false, n === 0 ? Infinity : n);
  const chosen = n === 0 ? matches : matches.length === n ? [matches[n - 1]!] : [];
  let out = '';
  let position = 0;
  for (const match of chosen) {
    out += s.slice(position, match.index) + replace(match);
    position = match.index + match[0].length;
  }
  return out + s.slice(position);
}

function regexSplit(s: string, pattern: string, flags: string): string[] {
  const compiled = compileNoGlobal('regexp_split_to_array', pattern, flags);
  const parts: string[] = [];
  let position = 0;
  for (const match of findMatches(compiled, s, 0, true)) {
    parts.push(s.slice(position, match.index));
    position = match.index + match[0].length;
  }
  parts.push(s.slice(position));
  return parts;
}

function regexMatch(s: string, pattern: string, flags: string): Value {
  const match = compileNoGlobal('regexp_match', pattern, flags).regex.exec(s);
  if (!match) return null;
  if (match.length === 1) return [match[0]];
  return match.slice(1).map((group) => group ?? null);
}

/** substring(s FROM pattern): the first parenthesized group's match, or the whole match. */
function regexSubstring(s: string, pattern: string): Value {
  const match = compile(pattern, '').regex.exec(s);
  if (!match) return null;
  return match.length > 1 ? (match[1] ?? null) : match[0];
}

/** The n-th match at or after character `start`; undefined if there is none. */
function nthMatch(s: string, pattern: string, start: number, n: number, flags: string, fn: string): RegExpExecArray | undefined {
  if (start <= 0) throw invalidParameter('start', start);
  if (n <= 0) throw invalidParameter('n', n);
  const compiled = compileNoGlobal(fn, pattern, flags);
  const from = unitOffset(s, start - 1);
  const matches = findMatches(compiled, s, from, false, n);
  return matches.length === n ? matches[n - 1] : undefined;
}

function checkSubexpression(subexpression: number): void {
  if (subexpression < 0) throw invalidParameter('subexpr', subexpression);
}

/** Group `subexpression` of `match` as [start, end] UTF-16 offsets, using the `d` flag when groups are asked for. */
function groupSpan(s: string, pattern: string, flags: string, match: RegExpExecArray, subexpression: number): [number, number] | undefined {
  if (subexpression === 0) return [match.index, match.index + match[0].length];
  if (subexpression >= match.length || match[subexpression] === undefined) return undefined;
  const compiled = compile(pattern, flags);
  const withIndices = new RegExp(compiled.regex.source, compiled.regex.flags + 'dy');
  withIndices.lastIndex = match.index;
  const again = withIndices.exec(s);
  return again?.indices?.[subexpression] ?? undefined;
}

function regexInstr(s: string, pattern: string, start: number, n: number, endOption: number, flags: string, subexpression: number): number {
  if (endOption !== 0 && endOption !== 1) throw invalidParameter('endoption', endOption);
  checkSubexpression(subexpression);
  const match = nthMatch(s, pattern, start, n, flags, 'regexp_instr');
  if (!match) return 0;
  const span = groupSpan(s, pattern, flags, match, subexpression);
  if (!span) return 0;
  return charIndexOf(s, endOption === 1 ? span[1] : span[0]) + 1;
}

function regexSubstr(s: string, pattern: string, start: number, n: number, flags: string, subexpression: number): Value {
  checkSubexpression(subexpression);
  const match = nthMatch(s, pattern, start, n, flags, 'regexp_substr');
  if (!match) return null;
  return subexpression < match.length ? (match[subexpression] ?? null) : null;
}

function regexCount(s: string, pattern: string, start: number, flags: string): number {
  if (start <= 0) throw invalidParameter('start', start);
  const compiled = compileNoGlobal('regexp_count', pattern, flags);
  return findMatches(compiled, s, unitOffset(s, start - 1), false).length;
}

/** The ~ family: `flags` adds case-insensitivity for ~*. */
function regexOperator(op: string, flags: string, negated: boolean): FunctionDef {
  const impl: Impl = (s, pattern) => compile(pattern as string, flags).regex.test(s as string) !== negated;
  const specialize: Specializer = (constants) => {
    const pattern = constants[1];
    if (typeof pattern !== 'string') return impl;
    const regex = compile(pattern, flags).regex;
    return negated ? (s) => !regex.test(s as string) : (s) => regex.test(s as string);
  };
  return defineFunction(op, ['varchar', 'varchar'], 'boolean', impl, { specialize: deferringErrors(specialize, impl) });
}

export const regexOperators: readonly FunctionDef[] = [
  regexOperator('~', '', false),
  regexOperator('~*', 'i', false),
  regexOperator('!~', '', true),
  regexOperator('!~*', 'i', true),
];

type S = string;
type N = number;
const T = 'varchar';
const I = 'int4';

export const regexFunctions: readonly FunctionDef[] = [
  defineFunction('regexp_like', [T, T], 'boolean', (s, p) => compileNoGlobal('regexp_like', p as S, '').regex.test(s as S)),
  defineFunction('regexp_like', [T, T, T], 'boolean', (s, p, f) => compileNoGlobal('regexp_like', p as S, f as S).regex.test(s as S)),
  defineFunction('regexp_match', [T, T], 'varchar[]', (s, p) => regexMatch(s as S, p as S, '')),
  defineFunction('regexp_match', [T, T, T], 'varchar[]', (s, p, f) => regexMatch(s as S, p as S, f as S)),
  defineFunction('regexp_replace', [T, T, T], T, (s, p, r) => regexReplace(s as S, p as S, r as S, 1, 1, '')),
  defineFunction('regexp_replace', [T, T, T, T], T, (s, p, r, f) => {
    const global = compile(p as S, f as S).options.global;
    return regexReplace(s as S, p as S, r as S, 1, global ? 0 : 1, f as S);
  }),
  defineFunction('regexp_replace', [T, T, T, I], T, (s, p, r, start) => regexReplace(s as S, p as S, r as S, start as N, 1, '')),
  defineFunction('regexp_replace', [T, T, T, I, I], T, (s, p, r, start, n) => regexReplace(s as S, p as S, r as S, start as N, n as N, '')),
  defineFunction('regexp_replace', [T, T, T, I, I, T], T, (...a) => regexReplace(a[0] as S, a[1] as S, a[2] as S, a[3] as N, a[4] as N, a[5] as S)),
  defineFunction('regexp_split_to_array', [T, T], 'varchar[]', (s, p) => regexSplit(s as S, p as S, '')),
  defineFunction('regexp_split_to_array', [T, T, T], 'varchar[]', (s, p, f) => regexSplit(s as S, p as S, f as S)),
  defineFunction('regexp_count', [T, T], I, (s, p) => regexCount(s as S, p as S, 1, '')),
  defineFunction('regexp_count', [T, T, I], I, (s, p, start) => regexCount(s as S, p as S, start as N, '')),
  defineFunction('regexp_count', [T, T, I, T], I, (s, p, start, f) => regexCount(s as S, p as S, start as N, f as S)),
  defineFunction('regexp_instr', [T, T], I, (s, p) => regexInstr(s as S, p as S, 1, 1, 0, '', 0)),
  defineFunction('regexp_instr', [T, T, I], I, (s, p, st) => regexInstr(s as S, p as S, st as N, 1, 0, '', 0)),
  defineFunction('regexp_instr', [T, T, I, I], I, (s, p, st, n) => regexInstr(s as S, p as S, st as N, n as N, 0, '', 0)),
  defineFunction('regexp_instr', [T, T, I, I, I], I, (...a) => regexInstr(a[0] as S, a[1] as S, a[2] as N, a[3] as N, a[4] as N, '', 0)),
  defineFunction('regexp_instr', [T, T, I, I, I, T], I, (...a) =>
    regexInstr(a[0] as S, a[1] as S, a[2] as N, a[3] as N, a[4] as N, a[5] as S, 0),
  ),
  defineFunction('regexp_instr', [T, T, I, I, I, T, I], I, (...a) =>
    regexInstr(a[0] as S, a[1] as S, a[2] as N, a[3] as N, a[4] as N, a[5] as S, a[6] as N),
  ),
  defineFunction('regexp_substr', [T, T], T, (s, p) => regexSubstr(s as S, p as S, 1, 1, '', 0)),
  defineFunction('regexp_substr', [T, T, I], T, (s, p, st) => regexSubstr(s as S, p as S, st as N, 1, '', 0)),
  defineFunction('regexp_substr', [T, T, I, I], T, (s, p, st, n) => regexSubstr(s as S, p as S, st as N, n as N, '', 0)),
  defineFunction('regexp_substr', [T, T, I, I, T], T, (...a) => regexSubstr(a[0] as S, a[1] as S, a[2] as N, a[3] as N, a[4] as S, 0)),
  defineFunction('regexp_substr', [T, T, I, I, T, I], T, (...a) =>
    regexSubstr(a[0] as S, a[1] as S, a[2] as N, a[3] as N, a[4] as S, a[5] as N),
  ),
  defineFunction('substring', [T, T], T, (s, p) => regexSubstring(s as S, p as S)),
];
