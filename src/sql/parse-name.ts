// Parsing of names: column and table identifiers, labels after AS, qualified object names.
import type { ObjectName } from './ast.js';
import { isColumnIdentifier } from './keywords.js';
import type { TokenCursor } from './token-cursor.js';

/** Whether the token `ahead` can be a column, table or alias name (PostgreSQL's ColId). */
export function isColumnIdAt(c: TokenCursor, ahead = 0): boolean {
  const token = c.peek(ahead);
  return token.kind === 'quoted' || (token.kind === 'word' && isColumnIdentifier(token.value));
}

/** A column, table or alias name: a non-reserved word (case-folded) or a quoted identifier. */
export function parseColumnId(c: TokenCursor): string {
  if (!isColumnIdAt(c)) c.fail();
  const token = c.next();
  return token.kind === 'quoted' ? c.quotedName(token) : token.value;
}

/** A name after AS or after a dot, where even reserved words are allowed (PostgreSQL's ColLabel). */
export function parseColumnLabel(c: TokenCursor): string {
  const token = c.peek();
  if (token.kind === 'word') return c.next().value;
  if (token.kind === 'quoted') return c.quotedName(c.next());
  return c.fail();
}

/** `name`, `schema.name`, `db.schema.name`. */
export function parseObjectName(c: TokenCursor): ObjectName {
  const start = c.peek().start;
  const parts = [parseColumnId(c)];
  while (c.isPunct('.')) {
    c.next();
    parts.push(parseColumnLabel(c));
  }
  return { parts, span: c.spanFrom(start) };
}

/** `(a, b, c)`: a parenthesized list of column names. */
export function parseParenthesizedNames(c: TokenCursor): string[] {
  c.expectPunct('(');
  const names = [parseColumnId(c)];
  while (c.acceptPunct(',')) names.push(parseColumnId(c));
  c.expectPunct(')');
  return names;
}
