// Connector options: `WITH (k = v, ...)`, `FORMAT f ENCODE e (k = v)`, and MySQL table options (`ENGINE = x`).
import type { FormatSpec, WithOption } from './ast.js';
import { parseColumnLabel } from './parse-name.js';
import type { Token } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/** MySQL's table options that may follow a CREATE TABLE's column list, keyed by their first word. */
const MYSQL_TABLE_OPTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['engine', ['engine']],
  ['character', ['character', 'set']],
  ['charset', ['charset']],
  ['collate', ['collate']],
  ['comment', ['comment']],
  ['auto_increment', ['auto_increment']],
  ['row_format', ['row_format']],
]);

/** `(key = value, ...)`, with the parentheses. Keys are dotted names or quoted strings. */
export function parseOptionList(c: TokenCursor): WithOption[] {
  c.expectPunct('(');
  const options: WithOption[] = [];
  if (!c.isPunct(')')) {
    do {
      const start = c.peek().start;
      const key = parseOptionKey(c);
      c.expectOperator('=');
      const value = parseOptionValue(c);
      options.push({ key, value, span: c.spanFrom(start) });
    } while (c.acceptPunct(','));
  }
  c.expectPunct(')');
  return options;
}

/** `properties.bootstrap.server`, `"connector.type"`, `'pwd_auth_name'`; reserved words are allowed. */
function parseOptionKey(c: TokenCursor): string {
  const first = c.peek();
  if (first.kind === 'string') {
    c.next();
    return first.value;
  }
  // A quoted key is taken as written, even in the Flink dialect where it would otherwise be a string.
  let key = first.kind === 'quoted' ? c.next().value : parseColumnLabel(c);
  while (c.acceptPunct('.')) key += `.${parseColumnLabel(c)}`;
  return key;
}

/** A string (unquoted), a signed number (as written), `true`, or a dotted name (case-folded). */
function parseOptionValue(c: TokenCursor): string {
  const token = c.peek();
  switch (token.kind) {
    case 'string':
    case 'quoted':
      c.next();
      return token.value;
    case 'number':
      c.next();
      return token.value;
    case 'operator':
      if (token.value === '-' || token.value === '+') {
        c.next();
        const number = c.peek();
        if (number.kind !== 'number') c.fail();
        c.next();
        return token.value === '-' ? `-${number.value}` : number.value;
      }
      return c.fail();
    case 'word': {
      let value = c.next().value;
      while (c.acceptPunct('.')) value += `.${parseColumnLabel(c)}`;
      return value;
    }
    default:
      return c.fail();
  }
}

/** `FORMAT PLAIN ENCODE JSON [(k = v)]`, or RisingWave's older `ROW FORMAT JSON`; names lower-cased. */
export function parseFormatSpec(c: TokenCursor): FormatSpec | undefined {
  const start = c.peek().start;
  if (c.acceptWords('row', 'format')) {
    const encode = formatName(c, c.next());
    return { format: 'plain', encode, options: [], span: c.spanFrom(start) };
  }
  if (!c.acceptWord('format')) return undefined;
  const format = formatName(c, c.next());
  c.expectWord('encode');
  const encode = formatName(c, c.next());
  const options = c.isPunct('(') ? parseOptionList(c) : [];
  return { format, encode, options, span: c.spanFrom(start) };
}

function formatName(c: TokenCursor, token: Token): string {
  if (token.kind === 'word') return token.value;
  if (token.kind === 'quoted' || token.kind === 'string') return token.value.toLowerCase();
  return c.fail(token);
}

/**
 * MySQL table options after a column list (Flink dialect): `ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4
 * COLLATE = x COMMENT = '...'`. Recorded as options keyed by their lower-cased words (`character set`).
 */
export function parseMysqlTableOptions(c: TokenCursor): WithOption[] {
  const options: WithOption[] = [];
  for (;;) {
    const start = c.peek().start;
    const ahead = c.isWord('default') ? 1 : 0;
    const first = c.peek(ahead);
    const words = first.kind === 'word' ? MYSQL_TABLE_OPTIONS.get(first.value) : undefined;
    if (words === undefined || !words.every((word, idx) => c.isWord(word, ahead + idx))) return options;
    for (let idx = 0; idx < ahead + words.length; idx++) c.next();
    c.acceptOperator('=');
    const value = parseOptionValue(c);
    options.push({ key: words.join(' '), value, span: c.spanFrom(start) });
  }
}
