// Tokens produced by the lexer and consumed by the parser.

/**
 * - `word`: an unquoted identifier or keyword; `value` is case-folded (ASCII lower case), truncated like
 *   PostgreSQL's identifiers.
 * - `quoted`: a `"quoted identifier"` (or a Flink/MySQL `` `backtick` `` identifier); `value` is unescaped,
 *   case kept. In the Flink dialect a double-quoted token is a string literal in expression position.
 * - `string`: a string literal (`'...'`, `E'...'`, `U&'...'`, `$$...$$`, Flink's `_UTF16"..."`); `value` is
 *   the unescaped content.
 * - `number`: a numeric literal; `value` is the text as written.
 * - `parameter`: `$n`; `value` is the digits.
 * - `operator`: a run of operator characters (`+`, `<=`, `->>`, `||`); `!=` has value `<>`.
 * - `punct`: `(` `)` `[` `]` `,` `;` `:` `::` `.` or any other single character the parser will reject.
 * - `eof`: the end of the input; `start` is the end of the last real token.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'parameter' | 'operator' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** Offset of the token's first character in the source. */
  readonly start: number;
  /** Offset just past the token's last character. */
  readonly end: number;
  /** For `quoted` tokens: the quote character. */
  readonly quote?: '"' | '`';
}
