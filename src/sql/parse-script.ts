// The parser's entry points: a script of statements separated by semicolons, or exactly one statement.
import { SqlError } from '../types/error.js';
import type { Statement } from './ast.js';
import type { Dialect } from './dialect.js';
import { tokenize } from './lexer.js';
import { parseOneStatement } from './parse-statement.js';
import { TokenCursor } from './token-cursor.js';

export interface ParseOptions {
  /** 'postgres' (the default, with RisingWave's streaming extensions) or 'flink'. */
  readonly dialect?: Dialect;
}

/** One statement of a script. */
export interface ParsedStatement {
  readonly statement: Statement;
  /** The statement's own text, without surrounding comments, whitespace and semicolon. */
  readonly text: string;
  /** Offset of `text` in the script. */
  readonly start: number;
}

/**
 * Parses every statement of `sql`, skipping empty ones (`;;`). Throws SqlError('syntax_error') with the
 * offending token's offset in the whole script; never throws anything else for any input. Called by the
 * CLI for script files and by the server for simple-query messages.
 */
export function parseScript(sql: string, options: ParseOptions = {}): ParsedStatement[] {
  const dialect = options.dialect ?? 'postgres';
  const c = new TokenCursor(sql, tokenize(sql, dialect), dialect);
  const statements: ParsedStatement[] = [];
  for (;;) {
    while (c.acceptPunct(';'));
    const first = c.peek();
    if (first.kind === 'eof') return statements;
    const statement = parseOneStatement(c);
    if (!c.atStatementEnd()) c.fail();
    statements.push({ statement, text: sql.slice(first.start, c.lastEnd), start: first.start });
  }
}

/**
 * Parses text that must hold exactly one statement (a trailing semicolon is allowed), as the extended
 * query protocol requires.
 */
export function parseStatement(sql: string, options: ParseOptions = {}): Statement {
  const statements = parseScript(sql, options);
  if (statements.length === 0) {
    throw new SqlError('syntax_error', 'syntax error at end of input', { position: sql.length });
  }
  if (statements.length > 1) {
    throw new SqlError('syntax_error', 'cannot insert multiple commands into a prepared statement', {
      position: statements[1].start,
    });
  }
  return statements[0].statement;
}
