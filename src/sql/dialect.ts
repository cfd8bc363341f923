// SQL dialects the parser accepts, and a guess of a script's dialect from Flink-only forms.
import { tokenize } from './lexer.js';
import type { Token } from './token.js';

/**
 * 'postgres': PostgreSQL with RisingWave's streaming extensions (the default). 'flink': Flink SQL as in
 * the DLI job scripts, where double-quoted tokens are string literals in expressions, backticks quote
 * identifiers, and MySQL table options are accepted.
 */
export type Dialect = 'postgres' | 'flink';

/**
 * Returns 'flink' when the script uses a form PostgreSQL would reject or read differently: backtick
 * identifiers, charset introducers (`_UTF16"x"`), `NOT ENFORCED`, MySQL table options after a column list,
 * or a WITH option list with double-quoted values (`"connector.type" = "kafka"`). Otherwise 'postgres'.
 */
export function detectDialect(sql: string): Dialect {
  let tokens: Token[];
  try {
    tokens = tokenize(sql, 'flink');
  } catch {
    return 'postgres';
  }
  for (let idx = 0; idx < tokens.length; idx++) {
    const token = tokens[idx];
    if (token.kind === 'quoted' && token.quote === '`') return 'flink';
    if (token.kind === 'string' && sql[token.start] === '_') return 'flink';
    if (isWord(token, 'not') && isWord(tokens[idx + 1], 'enforced')) return 'flink';
    if (isPunct(token, ')') && isWord(tokens[idx + 1], 'engine') && tokens[idx + 2]?.value === '=') return 'flink';
    if (isWord(token, 'with') && isPunct(tokens[idx + 1], '(') && hasDoubleQuotedValue(tokens, idx + 2)) return 'flink';
  }
  return 'postgres';
}

/** Whether the option list starting at `from` (just inside its parenthesis) has `= "value"`. */
function hasDoubleQuotedValue(tokens: readonly Token[], from: number): boolean {
  let depth = 1;
  for (let idx = from; idx < tokens.length && depth > 0; idx++) {
    const token = tokens[idx];
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (token.kind === 'operator' && token.value === '=' && tokens[idx + 1]?.kind === 'quoted' && tokens[idx + 1].quote === '"') {
      return true;
    }
  }
  return false;
}

const isWord = (token: Token | undefined, word: string): boolean => token?.kind === 'word' && token.value === word;
const isPunct = (token: Token | undefined, punct: string): boolean => token?.kind === 'punct' && token.value === punct;
