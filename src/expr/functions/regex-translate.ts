// Translates PostgreSQL's regular expressions (ARE syntax and option letters) to JS RegExp.
import { SqlError } from '../../types/error.js';

/** Options of a PostgreSQL regular expression, from its flags argument and embedded options. */
export interface RegexOptions {
  caseInsensitive: boolean;
  /** `.` and negated brackets do not match a newline. */
  newlineExcluded: boolean;
  /** `^` and `$` also match at newlines. */
  multiline: boolean;
  expanded: boolean;
  literal: boolean;
  global: boolean;
}

const defaultOptions = (): RegexOptions => ({
  caseInsensitive: false,
  newlineExcluded: false,
  multiline: false,
  expanded: false,
  literal: false,
  global: false,
});

const invalidRegex = (detail: string): SqlError => new SqlError('invalid_regular_expression', `invalid regular expression: ${detail}`);

/** Applies option letters (the flags argument of regexp_* functions or an embedded `(?letters)`). */
export function applyFlags(options: RegexOptions, flags: string, allowGlobal: boolean): void {
  for (const flag of flags) {
    switch (flag) {
      case 'g':
        if (!allowGlobal) throw new SqlError('invalid_parameter_value', `invalid regular expression option: "${flag}"`);
        options.global = true;
        break;
      case 'i':
        options.caseInsensitive = true;
        break;
      case 'c':
        options.caseInsensitive = false;
        break;
      case 'n':
      case 'm':
        options.newlineExcluded = true;
        options.multiline = true;
        break;
      case 'p':
        options.newlineExcluded = true;
        options.multiline = false;
        break;
      case 'w':
        options.newlineExcluded = false;
        options.multiline = true;
        break;
      case 's':
        options.newlineExcluded = false;
        options.multiline = false;
        break;
      case 'x':
        options.expanded = true;
        break;
      case 't':
        options.expanded = false;
        break;
      case 'q':
        options.literal = true;
        break;
      case 'e':
        break;
      default:
        throw new SqlError('invalid_parameter_value', `invalid regular expression option: "${flag}"`);
    }
  }
}

/** Parses the flags argument; `g` only where the function accepts it. */
export function parseFlags(flags: string, allowGlobal: boolean): RegexOptions {
  const options = defaultOptions();
  applyFlags(options, flags, allowGlobal);
  return options;
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}\\p{Nd}',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: '\\s',
  blank: ' \\t',
  punct: '\\p{P}\\p{S}',
  xdigit: '0-9A-Fa-f',
  word: '\\p{L}\\p{Nd}_',
  cntrl: '\\p{Cc}',
  print: '\\P{C}',
  graph: '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}',
};

/** PostgreSQL's \\w: letters and digits of any script (iswalnum) and underscore; \\d is ASCII digits only. */
const WORD = '[\\p{L}\\p{Nd}_]';
const NOT_WORD = '[^\\p{L}\\p{Nd}_]';

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');

/** A literal character, escaped for a `u`-mode JS pattern ('-' only needs it inside brackets). */
function literalChar(ch: string, inBracket = false): string {
  if (SYNTAX_CHARS.has(ch) || (inBracket && ch === '-')) return '\\' + ch;
  if (ch === '\n') return '\\n';
  return ch;
}

const escapeLiteral = (text: string, inBracket = false): string => Array.from(text, (ch) => literalChar(ch, inBracket)).join('');

/** Escapes shared by brackets and the outside: character entries. Undefined if not one of them. */
function characterEscape(pattern: string, i: number): { text: string; length: number } | undefined {
  const ch = pattern[i]!;
  const simple: Record<string, string> = { a: '\\x07', b: '\\x08', e: '\\x1b', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v', B: '\\\\' };
  if (simple[ch] !== undefined) return { text: simple[ch], length: 1 };
  if (ch === 'x' || ch === 'u' || ch === 'U') {
    const max = ch === 'u' ? 4 : ch === 'U' ? 8 : 8;
    const match = /^[0-9a-fA-F]+/.exec(pattern.slice(i + 1, i + 1 + max));
    if (!match) throw invalidRegex('invalid escape \\ sequence');
    return { text: `\\u{${match[0]}}`, length: 1 + match[0].length };
  }
  if (ch === '0') return { text: '\\x00', length: 1 };
  return undefined;
}

/** Translates one bracket expression starting at `start` (the '['); returns the JS class and the end index. */
function translateBracket(pattern: string, start: number, options: RegexOptions): [string, number] {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    if (options.newlineExcluded) out += '\\n';
    i++;
  }
  let first = true;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === ']' && !first) return [out + ']', i];
    first = false;
    if (ch === '[' && (pattern[i + 1] === ':' || pattern[i + 1] === '.' || pattern[i + 1] === '=')) {
      const kind = pattern[i + 1]!;
      const close = pattern.indexOf(kind + ']', i + 2);
      if (close < 0) throw invalidRegex('brackets [] not balanced');
      const name = pattern.slice(i + 2, close);
      if (kind === ':') {
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) throw invalidRegex('invalid character class');
        out += cls;
      } else {
        out += escapeLiteral(name, true);
      }
      i = close + 1;
      continue;
    }
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1]!;
      const entry = characterEscape(pattern, i + 1);
      if (entry) {
        out += entry.text;
        i += entry.length;
      } else if (next === 'w' || next === 'd') {
        out += next === 'w' ? '\\p{L}\\p{Nd}_' : '0-9';
        i++;
      } else if ('sDSW'.includes(next)) {
        out += '\\' + next;
        i++;
      } else if (/[A-Za-z0-9]/.test(next)) {
        throw invalidRegex('invalid escape \\ sequence');
      } else {
        out += literalChar(next, true);
        i++;
      }
      continue;
    }
    out += ch === ']' || ch === '[' || ch === '/' ? '\\' + ch : ch;
  }
  throw invalidRegex('brackets [] not balanced');
}

/** Translates an escape outside brackets at `i` (just after the backslash); returns the JS text and length consumed. */
function translateEscape(pattern: string, i: number): [string, number] {
  const ch = pattern[i]!;
  const entry = characterEscape(pattern, i);
  if (entry) return [entry.text, entry.length];
  switch (ch) {
    case 'd':
      return ['[0-9]', 1];
    case 'D':
      return ['[^0-9]', 1];
    case 's':
    case 'S':
      return ['\\' + ch, 1];
    case 'w':
      return [WORD, 1];
    case 'W':
      return [NOT_WORD, 1];
    case 'm':
      return [`(?<!${WORD})(?=${WORD})`, 1];
    case 'M':
      return [`(?<=${WORD})(?!${WORD})`, 1];
    case 'y':
      return [`(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`, 1];
    case 'Y':
      return [`(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`, 1];
    case 'A':
      return ['(?<![\\s\\S])', 1];
    case 'Z':
      return ['(?![\\s\\S])', 1];
    default:
      break;
  }
  if (/[1-9]/.test(ch)) {
    const digits = /^[0-9]+/.exec(pattern.slice(i))![0];
    return ['\\' + digits, digits.length];
  }
  if (/[A-Za-z0-9]/.test(ch)) throw invalidRegex('invalid escape \\ sequence');
  const cp = String.fromCodePoint(pattern.codePointAt(i)!);
  return [literalChar(cp), cp.length];
}

/** Leading `***:` (ARE), `***=` (literal) and `(?letters)` embedded options. */
function leadingDirectors(pattern: string, options: RegexOptions): string {
  if (pattern.startsWith('***=')) {
    options.literal = true;
    return pattern.slice(4);
  }
  if (pattern.startsWith('***:')) pattern = pattern.slice(4);
  const embedded = /^\(\?([a-z]+)\)/.exec(pattern);
  if (embedded) {
    applyFlags(options, embedded[1]!, false);
    return pattern.slice(embedded[0].length);
  }
  return pattern;
}

/** Translates a PostgreSQL regular expression under `options` to a JS RegExp (flags `u`, plus `s`/`m`/`i`/`g`). */
export function translateRegex(source: string, options: RegexOptions): RegExp {
  const pattern = leadingDirectors(source, options);
  let out = '';
  if (options.literal) {
    out = escapeLiteral(pattern);
  } else {
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (options.expanded && /\s/.test(ch)) continue;
      if (options.expanded && ch === '#') {
        while (i < pattern.length && pattern[i] !== '\n') i++;
        continue;
      }
      if (ch === '\\') {
        if (i + 1 >= pattern.length) throw invalidRegex('invalid escape \\ sequence');
        const [text, length] = translateEscape(pattern, i + 1);
        out += text;
        i += length;
      } else if (ch === '[') {
        const [text, end] = translateBracket(pattern, i, options);
        out += text;
        i = end;
      } else if (ch === '.') {
        out += options.newlineExcluded ? '[^\\n]' : '.';
      } else if (ch === '(' && pattern.startsWith('(?#', i)) {
        const close = pattern.indexOf(')', i);
        if (close < 0) throw invalidRegex('parentheses () not balanced');
        i = close;
      } else if (ch === '/') {
        out += '\\/';
      } else {
        out += ch;
      }
    }
  }
  let flags = 'u';
  if (!options.newlineExcluded) flags += 's';
  if (options.multiline) flags += 'm';
  if (options.caseInsensitive) flags += 'i';
  if (options.global) flags += 'g';
  try {
    return new RegExp(out, flags);
  } catch (err) {
    throw invalidRegex(describeSyntaxError(err instanceof Error ? err.message : String(err)));
  }
}

/** PostgreSQL's wording for the usual syntax errors. */
function describeSyntaxError(message: string): string {
  if (/Unterminated group|Unmatched '\)'/.test(message)) return 'parentheses () not balanced';
  if (/Unterminated character class/.test(message)) return 'brackets [] not balanced';
  if (/Nothing to repeat/.test(message)) return 'quantifier operand invalid';
  if (/numbers out of order|Incomplete quantifier|Lone quantifier brackets/.test(message)) return 'invalid repetition count(s)';
  if (/Invalid escape|Invalid Unicode escape/.test(message)) return 'invalid escape \\ sequence';
  if (/Invalid named capture|Invalid capture group name|Invalid group/.test(message)) return 'quantifier operand invalid';
  return 'invalid regular expression';
}
