// The parser's view of the token stream: lookahead, consumption, spans and PostgreSQL-style syntax errors.
import { SqlError } from '../types/error.js';
import type { Span } from './ast.js';
import type { Dialect } from './dialect.js';
import { truncateIdentifier } from './lexer.js';
import type { Token } from './token.js';

/** Nesting deeper than this (parentheses, subqueries, unary operators) is rejected instead of overflowing the stack. */
const MAX_NESTING_DEPTH = 500;

/**
 * A position in a token array that ends with an `eof` token. All parse functions take one and advance it;
 * none of them backtracks further than a type name.
 */
export class TokenCursor {
  pos = 0;
  /** End offset of the last consumed token, which is where the span of the node being built ends. */
  lastEnd = 0;
  private depth = 0;

  constructor(
    readonly sql: string,
    readonly tokens: readonly Token[],
    readonly dialect: Dialect,
  ) {}

  peek(ahead = 0): Token {
    const idx = this.pos + ahead;
    return this.tokens[idx < this.tokens.length ? idx : this.tokens.length - 1];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') {
      this.pos++;
      this.lastEnd = token.end;
    }
    return token;
  }

  /** Moves back to a position saved from `pos` (used only to retry a type name as an expression). */
  reset(pos: number): void {
    this.pos = pos;
    this.lastEnd = pos > 0 ? this.tokens[pos - 1].end : 0;
  }

  /** Whether the token `ahead` positions on is the unquoted word (keyword) `word`. */
  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.value === word;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  /** Accepts a sequence of keywords only if all of them are there. */
  acceptWords(...words: string[]): boolean {
    for (let idx = 0; idx < words.length; idx++) if (!this.isWord(words[idx], idx)) return false;
    for (let idx = 0; idx < words.length; idx++) this.next();
    return true;
  }

  /**
   * A two-keyword clause opener whose first word is enough to commit (`ORDER BY`, `GROUP BY`): once the first
   * is there the second must follow, so that errors point where PostgreSQL's do.
   */
  acceptClause(first: string, second: string): boolean {
    if (!this.isWord(first)) return false;
    this.next();
    this.expectWord(second);
    return true;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) this.fail();
    return this.next();
  }

  isPunct(punct: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.value === punct;
  }

  acceptPunct(punct: string): boolean {
    if (!this.isPunct(punct)) return false;
    this.next();
    return true;
  }

  expectPunct(punct: string): Token {
    if (!this.isPunct(punct)) this.fail();
    return this.next();
  }

  isOperator(operator: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'operator' && token.value === operator;
  }

  acceptOperator(operator: string): boolean {
    if (!this.isOperator(operator)) return false;
    this.next();
    return true;
  }

  expectOperator(operator: string): Token {
    if (!this.isOperator(operator)) this.fail();
    return this.next();
  }

  /** Whether the current token ends the statement (`;` or the end of the input). */
  atStatementEnd(): boolean {
    const token = this.peek();
    return token.kind === 'eof' || (token.kind === 'punct' && token.value === ';');
  }

  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  /** The identifier a `quoted` token names (Flink's double-quoted tokens are not truncated by the lexer). */
  quotedName(token: Token): string {
    return token.quote === '"' && this.dialect === 'flink' ? truncateIdentifier(token.value) : token.value;
  }

  /** Throws PostgreSQL's `syntax error at or near "..."` (or `at end of input`) for `token`. */
  fail(token: Token = this.peek()): never {
    if (token.kind === 'eof') {
      // PostgreSQL reports the end of input at the end of the text, after any trailing whitespace.
      throw new SqlError('syntax_error', 'syntax error at end of input', { position: this.sql.length });
    }
    throw new SqlError('syntax_error', `syntax error at or near "${this.sql.slice(token.start, token.end)}"`, {
      position: token.start,
    });
  }

  /** Rejects a construct PostgreSQL accepts but Tally does not, naming it in the message. */
  unsupported(what: string, token: Token = this.peek()): never {
    throw new SqlError('feature_not_supported', `${what} is not supported`, { position: token.start });
  }

  /** Counts one level of recursion; pair with `leave()`. */
  enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new SqlError('syntax_error', 'statement is nested too deeply', {
        position: this.peek().start,
        hint: `Nesting is limited to ${MAX_NESTING_DEPTH} levels.`,
      });
    }
  }

  leave(): void {
    this.depth--;
  }
}
