// LIKE and ILIKE (operators ~~, ~~*, !~~, !~~* and the three-argument forms with ESCAPE), compiled once per pattern.
import { SqlError } from '../../types/error.js';
import { lower } from './case-mapping.js';
import { defineFunction, deferringErrors } from './function-def.js';
import type { FunctionDef, Impl, Specializer } from './function-def.js';
import { BoundedCache } from './bounded-cache.js';

/** A compiled LIKE pattern: tests one (already case-folded, for ILIKE) string. */
export type LikeMatcher = (s: string) => boolean;

const invalidEscape = (message: string, hint?: string): SqlError =>
  new SqlError('data_exception', message, hint ? { hint } : {});

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** Literal characters of the pattern, or a wildcard. */
type Token = string | { readonly wildcard: '%' | '_' };

function tokenize(pattern: string, escape: string | undefined): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push(literal);
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (escape !== undefined && ch === escape) {
      if (i + 1 >= pattern.length) throw invalidEscape('LIKE pattern must not end with escape character');
      const next = pattern.codePointAt(i + 1)!;
      const nextChar = String.fromCodePoint(next);
      literal += nextChar;
      i += nextChar.length;
    } else if (ch === '%' || ch === '_') {
      flush();
      // Consecutive % are one %.
      const last = tokens[tokens.length - 1];
      if (!(ch === '%' && typeof last === 'object' && last.wildcard === '%')) tokens.push({ wildcard: ch });
    } else {
      literal += ch;
    }
  }
  flush();
  return tokens;
}

/** Compiles a LIKE pattern: plain equality, prefix, suffix and substring tests avoid regular expressions. */
export function compileLike(pattern: string, escape: string | undefined = '\\'): LikeMatcher {
  const tokens = tokenize(pattern, escape);
  const isAny = (t: Token | undefined): boolean => typeof t === 'object' && t.wildcard === '%';
  if (tokens.length === 0) return (s) => s === '';
  if (tokens.length === 1) {
    const only = tokens[0]!;
    if (typeof only === 'string') return (s) => s === only;
    if (only.wildcard === '%') return () => true;
  }
  if (tokens.length === 2 && typeof tokens[0] === 'string' && isAny(tokens[1])) {
    const prefix = tokens[0];
    return (s) => s.startsWith(prefix);
  }
  if (tokens.length === 2 && isAny(tokens[0]) && typeof tokens[1] === 'string') {
    const suffix = tokens[1];
    return (s) => s.endsWith(suffix);
  }
  if (tokens.length === 3 && isAny(tokens[0]) && typeof tokens[1] === 'string' && isAny(tokens[2])) {
    const middle = tokens[1];
    return (s) => s.includes(middle);
  }
  const source = tokens
    .map((t) => (typeof t === 'string' ? t.replace(REGEX_SYNTAX, '\\$&') : t.wildcard === '%' ? '.*' : '.'))
    .join('');
  const regex = new RegExp(`^${source}$`, 'su');
  return (s) => regex.test(s);
}

/** The escape character of `LIKE ... ESCAPE e`: empty disables escaping. */
function escapeChar(escape: string): string | undefined {
  if (escape === '') return undefined;
  if ([...escape].length !== 1) {
    throw invalidEscape('invalid escape string', 'Escape string must be empty or one character.');
  }
  return escape;
}

/** Builds the implementation of one LIKE variant; `escapeArg` tells whether a third argument gives the escape. */
function likeFunction(name: string, caseInsensitive: boolean, negated: boolean, escapeArg: boolean): FunctionDef {
  const fold = caseInsensitive ? lower : (s: string): string => s;
  const compile = (pattern: string, escape: string | undefined): LikeMatcher =>
    compileLike(fold(pattern), escape === undefined ? undefined : fold(escape));
  const cache = new BoundedCache<string, LikeMatcher>(64);
  const matcherFor = (pattern: string, escape: string): LikeMatcher => {
    const key = escapeArg ? `${escape}\u0000${pattern}` : pattern;
    let matcher = cache.get(key);
    if (!matcher) {
      matcher = compile(pattern, escapeArg ? escapeChar(escape) : '\\');
      cache.set(key, matcher);
    }
    return matcher;
  };
  const impl: Impl = (s, pattern, escape) =>
    matcherFor(pattern as string, (escape ?? '\\') as string)(fold(s as string)) !== negated;
  const specialize: Specializer = (constants) => {
    const pattern = constants[1];
    const escape = escapeArg ? constants[2] : '\\';
    if (typeof pattern !== 'string' || (escapeArg && typeof escape !== 'string')) return impl;
    const matcher = compile(pattern, escapeArg ? escapeChar(escape as string) : '\\');
    if (caseInsensitive) return (s) => matcher(lower(s as string)) !== negated;
    return negated ? (s) => !matcher(s as string) : (s) => matcher(s as string);
  };
  const params = escapeArg ? (['varchar', 'varchar', 'varchar'] as const) : (['varchar', 'varchar'] as const);
  return defineFunction(name, params, 'boolean', impl, { specialize: deferringErrors(specialize, impl) });
}

export const likeOperators: readonly FunctionDef[] = [
  likeFunction('~~', false, false, false),
  likeFunction('!~~', false, true, false),
  likeFunction('~~*', true, false, false),
  likeFunction('!~~*', true, true, false),
];

/** `x LIKE p ESCAPE e` as the binder calls it: like_escape(x, p, e) and ilike_escape(x, p, e), both boolean. */
export const likeFunctions: readonly FunctionDef[] = [
  likeFunction('like_escape', false, false, true),
  likeFunction('ilike_escape', true, false, true),
];
