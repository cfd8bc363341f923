// Glob patterns over file names (`match_pattern = '*.csv'`), compiled once into a regular expression.
import { SqlError } from '../../types/error.js';

const REGEX_SPECIAL = /[.+^${}()|[\]\\*?]/;

/**
 * A matcher for `pattern` over whole file names: `*` any run of characters, `?` one character, `[abc]`,
 * `[a-z]` and `[!abc]` (or `[^abc]`) one character of a set, `{csv,json}` alternatives, `\` escapes the
 * next character. Throws SqlError for an unclosed `[` or `{`. Built once per source, called per file name.
 */
export function globMatcher(pattern: string): (name: string) => boolean {
  const regex = new RegExp(`^${globToRegex(pattern)}$`, 'u');
  return (name) => regex.test(name);
}

function globToRegex(pattern: string): string {
  let out = '';
  let braces = 0;
  for (let index = 0; index < pattern.length; index++) {
    const c = pattern[index]!;
    switch (c) {
      case '*':
        out += '.*';
        break;
      case '?':
        out += '.';
        break;
      case '[': {
        const close = pattern.indexOf(']', index + 2);
        if (close === -1) throw invalidPattern(pattern, 'unclosed "["');
        let set = pattern.slice(index + 1, close);
        const negated = set.startsWith('!') || set.startsWith('^');
        if (negated) set = set.slice(1);
        out += `[${negated ? '^' : ''}${set.replace(/[\\\]^[]/g, '\\$&')}]`;
        index = close;
        break;
      }
      case '{':
        braces++;
        out += '(?:';
        break;
      case '}':
        if (braces === 0) {
          out += '\\}';
        } else {
          braces--;
          out += ')';
        }
        break;
      case ',':
        out += braces > 0 ? '|' : ',';
        break;
      case '\\':
        index++;
        if (index < pattern.length) out += escapeChar(pattern[index]!);
        break;
      default:
        out += escapeChar(c);
    }
  }
  if (braces > 0) throw invalidPattern(pattern, 'unclosed "{"');
  return out;
}

const escapeChar = (c: string): string => (REGEX_SPECIAL.test(c) ? `\\${c}` : c);

function invalidPattern(pattern: string, reason: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "match_pattern": "${pattern}"`, { detail: `The pattern has an ${reason}.` });
}
