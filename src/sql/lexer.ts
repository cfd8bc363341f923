// Splits SQL text into tokens, following PostgreSQL 15's lexer (scan.l), plus Flink's quoting rules.
import { SqlError } from '../types/error.js';
import type { Dialect } from './dialect.js';
import { EscapedStringBuilder } from './string-escapes.js';
import type { Token } from './token.js';

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
const MAX_IDENTIFIER_BYTES = 63;

const CHAR_TAB = 0x09;
const CHAR_NEWLINE = 0x0a;
const CHAR_VTAB = 0x0b;
const CHAR_FORMFEED = 0x0c;
const CHAR_RETURN = 0x0d;
const CHAR_SPACE = 0x20;
const CHAR_DOUBLE_QUOTE = 0x22;
const CHAR_DOLLAR = 0x24;
const CHAR_AMPERSAND = 0x26;
const CHAR_QUOTE = 0x27;
const CHAR_STAR = 0x2a;
const CHAR_PLUS = 0x2b;
const CHAR_MINUS = 0x2d;
const CHAR_DOT = 0x2e;
const CHAR_SLASH = 0x2f;
const CHAR_COLON = 0x3a;
const CHAR_BACKSLASH = 0x5c;
const CHAR_UNDERSCORE = 0x5f;
const CHAR_BACKTICK = 0x60;

const OPERATOR_CHARS = '~!@#^&|`?+-*/%<>=';
/** An operator may end in `+` or `-` only if it contains one of these (so that `*-1` is `*` then `-1`). */
const OPERATOR_TAIL_ENABLERS = '~!@#^&|`?';
const SINGLE_PUNCTUATION = '()[],;.';

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isAsciiLetter = (code: number): boolean => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
/** PostgreSQL treats every non-ASCII character as a letter. */
const isIdentifierStart = (code: number): boolean => isAsciiLetter(code) || code === CHAR_UNDERSCORE || code >= 0x80;
const isIdentifierPart = (code: number): boolean => isIdentifierStart(code) || isDigit(code) || code === CHAR_DOLLAR;
const isDollarTagPart = (code: number): boolean => isIdentifierStart(code) || isDigit(code);
const isSpace = (code: number): boolean =>
  code === CHAR_SPACE || code === CHAR_TAB || code === CHAR_NEWLINE || code === CHAR_RETURN ||
  code === CHAR_FORMFEED || code === CHAR_VTAB;
const isNewline = (code: number): boolean => code === CHAR_NEWLINE || code === CHAR_RETURN;

/**
 * Tokenizes a whole script. Comments and whitespace are dropped; the result always ends with an `eof`
 * token. Throws SqlError('syntax_error') for unterminated literals and comments, with the position of the
 * offending token. Called once per script by the parser.
 */
export function tokenize(sql: string, dialect: Dialect = 'postgres'): Token[] {
  return new Lexer(sql, dialect).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly backtickQuotes: boolean;

  constructor(
    private readonly sql: string,
    private readonly dialect: Dialect,
  ) {
    this.backtickQuotes = dialect === 'flink';
  }

  run(): Token[] {
    const sql = this.sql;
    while (this.pos < sql.length) {
      const code = sql.charCodeAt(this.pos);
      if (isSpace(code)) {
        this.pos++;
      } else if (code === CHAR_MINUS && sql.charCodeAt(this.pos + 1) === CHAR_MINUS) {
        this.skipLineComment();
      } else if (code === CHAR_SLASH && sql.charCodeAt(this.pos + 1) === CHAR_STAR) {
        this.skipBlockComment();
      } else {
        this.readToken(code);
      }
    }
    const last = this.tokens.length > 0 ? this.tokens[this.tokens.length - 1].end : 0;
    this.tokens.push({ kind: 'eof', value: '', start: last, end: last });
    return this.tokens;
  }

  private readToken(code: number): void {
    const sql = this.sql;
    const next = sql.charCodeAt(this.pos + 1);
    if ((code | 0x20) === 0x65 && next === CHAR_QUOTE) return this.readEscapeString();
    if ((code | 0x20) === 0x75 && next === CHAR_AMPERSAND) {
      const quote = sql.charCodeAt(this.pos + 2);
      if (quote === CHAR_QUOTE) return this.readUnicodeString();
      if (quote === CHAR_DOUBLE_QUOTE) return this.readUnicodeIdentifier();
    }
    if (isIdentifierStart(code)) return this.readWord();
    if (isDigit(code) || (code === CHAR_DOT && isDigit(next))) return this.readNumber();
    if (code === CHAR_QUOTE) return this.readStandardString();
    if (code === CHAR_DOUBLE_QUOTE) return this.readQuotedIdentifier('"');
    if (code === CHAR_BACKTICK && this.backtickQuotes) return this.readQuotedIdentifier('`');
    if (code === CHAR_DOLLAR) return this.readDollar();
    if (code === CHAR_COLON) {
      const length = next === CHAR_COLON ? 2 : 1;
      return this.push('punct', sql.slice(this.pos, this.pos + length), this.pos, this.pos + length);
    }
    if (SINGLE_PUNCTUATION.includes(sql[this.pos])) return this.push('punct', sql[this.pos], this.pos, this.pos + 1);
    if (this.isOperatorChar(code)) return this.readOperator();
    // Anything else becomes a one-character token that the parser rejects with a syntax error.
    const width = code >= 0xd800 && code <= 0xdbff && this.pos + 1 < sql.length ? 2 : 1;
    this.push('punct', sql.slice(this.pos, this.pos + width), this.pos, this.pos + width);
  }

  private push(kind: Token['kind'], value: string, start: number, end: number, quote?: '"' | '`'): void {
    this.tokens.push(quote === undefined ? { kind, value, start, end } : { kind, value, start, end, quote });
    this.pos = end;
  }

  private error(message: string, start: number, nearText?: string): never {
    const near = nearText ?? this.sql.slice(start);
    throw new SqlError('syntax_error', `${message} at or near "${near}"`, { position: start });
  }

  private skipLineComment(): void {
    const sql = this.sql;
    while (this.pos < sql.length && !isNewline(sql.charCodeAt(this.pos))) this.pos++;
  }

  private skipBlockComment(): void {
    const sql = this.sql;
    const start = this.pos;
    let depth = 0;
    while (this.pos < sql.length) {
      const code = sql.charCodeAt(this.pos);
      const next = sql.charCodeAt(this.pos + 1);
      if (code === CHAR_SLASH && next === CHAR_STAR) {
        depth++;
        this.pos += 2;
      } else if (code === CHAR_STAR && next === CHAR_SLASH) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos++;
      }
    }
    this.error('unterminated /* comment', start);
  }

  private readWord(): void {
    const sql = this.sql;
    const start = this.pos;
    let end = start + 1;
    while (end < sql.length && isIdentifierPart(sql.charCodeAt(end))) end++;
    const text = sql.slice(start, end);
    const quote = sql.charCodeAt(end);
    if (
      this.dialect === 'flink' &&
      (quote === CHAR_QUOTE || quote === CHAR_DOUBLE_QUOTE) &&
      /^_[A-Za-z0-9]+$/.test(text)
    ) {
      // A charset introducer (`_UTF16"text"`) makes the quoted text a string literal.
      const { value, end: stringEnd } = this.scanQuoted(end, quote, 'unterminated quoted string', start);
      this.push('string', value, start, stringEnd);
      return;
    }
    this.push('word', truncateIdentifier(foldCase(text)), start, end);
  }

  private readNumber(): void {
    const sql = this.sql;
    const start = this.pos;
    let end = start;
    while (isDigit(sql.charCodeAt(end))) end++;
    if (sql.charCodeAt(end) === CHAR_DOT && sql.charCodeAt(end + 1) !== CHAR_DOT) {
      end++;
      while (isDigit(sql.charCodeAt(end))) end++;
    }
    if ((sql.charCodeAt(end) | 0x20) === 0x65) {
      let exponent = end + 1;
      const sign = sql.charCodeAt(exponent);
      if (sign === CHAR_PLUS || sign === CHAR_MINUS) exponent++;
      if (isDigit(sql.charCodeAt(exponent))) {
        end = exponent;
        while (isDigit(sql.charCodeAt(end))) end++;
      } else {
        this.junk('trailing junk after numeric literal', start, exponent);
      }
    }
    if (isIdentifierStart(sql.charCodeAt(end))) this.junk('trailing junk after numeric literal', start, end);
    this.push('number', sql.slice(start, end), start, end);
  }

  /** Reports `123abc`-style junk: the text up to the end of the identifier-like tail. */
  private junk(message: string, start: number, tailStart: number): never {
    let end = tailStart;
    while (end < this.sql.length && isIdentifierPart(this.sql.charCodeAt(end))) end++;
    return this.error(message, start, this.sql.slice(start, Math.max(end, tailStart)));
  }

  private readStandardString(): void {
    const start = this.pos;
    let { value, end } = this.scanQuoted(start, CHAR_QUOTE, 'unterminated quoted string', start);
    // Literals separated only by whitespace that includes a newline are one literal (SQL standard).
    for (let next = this.continuation(end); next >= 0; next = this.continuation(end)) {
      const segment = this.scanQuoted(next, CHAR_QUOTE, 'unterminated quoted string', next);
      value += segment.value;
      end = segment.end;
    }
    this.push('string', value, start, end);
  }

  private readEscapeString(): void {
    const start = this.pos;
    const builder = new EscapedStringBuilder();
    let bodyStart = start + 2;
    let end = this.findEscapeStringEnd(start, bodyStart);
    builder.addEscapeSegment(this.sql.slice(bodyStart, end - 1), bodyStart);
    for (let next = this.continuation(end); next >= 0; next = this.continuation(end)) {
      bodyStart = next + 1;
      end = this.findEscapeStringEnd(next, bodyStart);
      builder.addEscapeSegment(this.sql.slice(bodyStart, end - 1), bodyStart);
    }
    this.push('string', builder.finish(start), start, end);
  }

  /** Returns the offset just past the closing quote of an E'...' segment whose body starts at `bodyStart`. */
  private findEscapeStringEnd(tokenStart: number, bodyStart: number): number {
    const sql = this.sql;
    let idx = bodyStart;
    while (idx < sql.length) {
      const code = sql.charCodeAt(idx);
      if (code === CHAR_BACKSLASH) {
        idx += 2;
      } else if (code === CHAR_QUOTE) {
        if (sql.charCodeAt(idx + 1) !== CHAR_QUOTE) return idx + 1;
        idx += 2;
      } else {
        idx++;
      }
    }
    return this.error('unterminated quoted string', tokenStart);
  }

  private readUnicodeString(): void {
    const start = this.pos;
    const builder = new EscapedStringBuilder();
    let segment = this.scanQuoted(start + 2, CHAR_QUOTE, 'unterminated quoted string', start);
    builder.addUnicodeSegment(this.sql.slice(start + 3, segment.end - 1), start + 3);
    for (let next = this.continuation(segment.end); next >= 0; next = this.continuation(segment.end)) {
      segment = this.scanQuoted(next, CHAR_QUOTE, 'unterminated quoted string', next);
      builder.addUnicodeSegment(this.sql.slice(next + 1, segment.end - 1), next + 1);
    }
    this.push('string', builder.finish(start), start, segment.end);
  }

  private readUnicodeIdentifier(): void {
    const start = this.pos;
    const { end } = this.scanQuoted(start + 2, CHAR_DOUBLE_QUOTE, 'unterminated quoted identifier', start);
    const builder = new EscapedStringBuilder();
    builder.addUnicodeSegment(this.sql.slice(start + 3, end - 1).replaceAll('""', '"').replaceAll("'", "''"), start + 3);
    const value = builder.finish(start);
    if (value.length === 0) this.error('zero-length delimited identifier', start, this.sql.slice(start, end));
    this.push('quoted', truncateIdentifier(value), start, end, '"');
  }

  private readQuotedIdentifier(quote: '"' | '`'): void {
    const start = this.pos;
    const { value, end } = this.scanQuoted(start, quote.charCodeAt(0), 'unterminated quoted identifier', start);
    // In the Flink dialect a double-quoted token may be a string literal, which can be empty or long.
    const maybeString = this.dialect === 'flink' && quote === '"';
    if (value.length === 0 && !maybeString) {
      this.error('zero-length delimited identifier', start, this.sql.slice(start, end));
    }
    this.push('quoted', maybeString ? value : truncateIdentifier(value), start, end, quote);
  }

  /**
   * Scans a literal quoted with `quoteCode` whose opening quote is at `openIdx`, where a doubled quote stands
   * for one. Returns the unescaped content and the offset past the closing quote.
   */
  private scanQuoted(openIdx: number, quoteCode: number, unterminated: string, tokenStart: number): { value: string; end: number } {
    const sql = this.sql;
    const quoteChar = String.fromCharCode(quoteCode);
    let value = '';
    let runStart = openIdx + 1;
    while (true) {
      const close = sql.indexOf(quoteChar, runStart);
      if (close < 0) return this.error(unterminated, tokenStart);
      value += sql.slice(runStart, close);
      if (sql.charCodeAt(close + 1) !== quoteCode) return { value, end: close + 1 };
      value += quoteChar;
      runStart = close + 2;
    }
  }

  /**
   * If the literal ending at `end` is followed by whitespace (and `--` comments) containing a newline and
   * then another quote, returns that quote's offset; otherwise -1.
   */
  private continuation(end: number): number {
    const sql = this.sql;
    let idx = end;
    let sawNewline = false;
    while (idx < sql.length) {
      const code = sql.charCodeAt(idx);
      if (isNewline(code)) {
        sawNewline = true;
        idx++;
      } else if (isSpace(code)) {
        idx++;
      } else if (code === CHAR_MINUS && sql.charCodeAt(idx + 1) === CHAR_MINUS) {
        while (idx < sql.length && !isNewline(sql.charCodeAt(idx))) idx++;
      } else {
        break;
      }
    }
    return sawNewline && sql.charCodeAt(idx) === CHAR_QUOTE ? idx : -1;
  }

  private readDollar(): void {
    const sql = this.sql;
    const start = this.pos;
    if (isDigit(sql.charCodeAt(start + 1))) {
      let end = start + 1;
      while (isDigit(sql.charCodeAt(end))) end++;
      if (isIdentifierStart(sql.charCodeAt(end))) this.junk('trailing junk after parameter', start, end);
      this.push('parameter', sql.slice(start + 1, end), start, end);
      return;
    }
    let tagEnd = start + 1;
    if (isIdentifierStart(sql.charCodeAt(tagEnd)) && sql.charCodeAt(tagEnd) !== CHAR_DOLLAR) {
      while (isDollarTagPart(sql.charCodeAt(tagEnd))) tagEnd++;
    }
    if (sql.charCodeAt(tagEnd) !== CHAR_DOLLAR) {
      this.push('punct', '$', start, start + 1);
      return;
    }
    const delimiter = sql.slice(start, tagEnd + 1);
    const close = sql.indexOf(delimiter, tagEnd + 1);
    if (close < 0) this.error('unterminated dollar-quoted string', start);
    this.push('string', sql.slice(tagEnd + 1, close), start, close + delimiter.length);
  }

  private isOperatorChar(code: number): boolean {
    if (code === CHAR_BACKTICK) return !this.backtickQuotes;
    return code < 0x80 && OPERATOR_CHARS.includes(String.fromCharCode(code));
  }

  private readOperator(): void {
    const sql = this.sql;
    const start = this.pos;
    let end = start;
    while (end < sql.length && this.isOperatorChar(sql.charCodeAt(end))) {
      const code = sql.charCodeAt(end);
      const next = sql.charCodeAt(end + 1);
      // A comment start ends the operator.
      if (end > start && ((code === CHAR_MINUS && next === CHAR_MINUS) || (code === CHAR_SLASH && next === CHAR_STAR))) break;
      end++;
    }
    let text = sql.slice(start, end);
    if (text.length > 1 && (text.endsWith('+') || text.endsWith('-')) && !hasAny(text, OPERATOR_TAIL_ENABLERS)) {
      while (text.length > 1 && (text.endsWith('+') || text.endsWith('-'))) text = text.slice(0, -1);
    }
    this.push('operator', text === '!=' ? '<>' : text, start, start + text.length);
  }
}

function hasAny(text: string, chars: string): boolean {
  for (const char of text) if (chars.includes(char)) return true;
  return false;
}

/** Lower-cases ASCII letters only, as PostgreSQL does for unquoted identifiers in UTF-8 databases. */
function foldCase(text: string): string {
  for (let idx = 0; idx < text.length; idx++) {
    const code = text.charCodeAt(idx);
    if (code >= 0x41 && code <= 0x5a) return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  }
  return text;
}

const utf8 = new TextEncoder();

/** Truncates an identifier to 63 bytes of UTF-8 without splitting a character, as PostgreSQL does. */
export function truncateIdentifier(name: string): string {
  // Up to 21 UTF-16 units cannot exceed 63 bytes.
  if (name.length <= 21 || utf8.encode(name).length <= MAX_IDENTIFIER_BYTES) return name;
  let bytes = 0;
  let out = '';
  for (const char of name) {
    const width = utf8.encode(char).length;
    if (bytes + width > MAX_IDENTIFIER_BYTES) break;
    bytes += width;
    out += char;
  }
  return out;
}
