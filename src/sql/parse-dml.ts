// Data-changing statements: INSERT, UPDATE and DELETE, with RETURNING.
import type { Assignment, Delete, Insert, SelectItem, Update } from './ast.js';
import { parseExpr } from './parse-expr.js';
import { isColumnIdAt, parseColumnId, parseObjectName, parseParenthesizedNames } from './parse-name.js';
import { parseQuery, parseSelectItems, startsQuery } from './parse-query.js';
import type { TokenCursor } from './token-cursor.js';

/** `INSERT INTO t [(a, b)] {VALUES ... | SELECT ...} [RETURNING ...]`; INSERT is consumed. */
export function parseInsert(c: TokenCursor, start: number): Insert {
  c.expectWord('into');
  const table = parseObjectName(c);
  // `INSERT INTO t (SELECT ...)` is a parenthesized query, not a column list.
  const columns = c.isPunct('(') && !startsQuery(c, 1) ? parseParenthesizedNames(c) : undefined;
  if (c.isWord('default') && c.isWord('values', 1)) c.unsupported('INSERT ... DEFAULT VALUES');
  const source = parseQuery(c);
  if (c.isWord('on') && c.isWord('conflict', 1)) c.unsupported('INSERT ... ON CONFLICT');
  const returning = parseReturning(c);
  return {
    kind: 'insert',
    table,
    ...(columns === undefined ? {} : { columns }),
    source,
    ...(returning === undefined ? {} : { returning }),
    span: c.spanFrom(start),
  };
}

/** `UPDATE t [[AS] alias] SET a = e, ... [WHERE ...] [RETURNING ...]`; UPDATE is consumed. */
export function parseUpdate(c: TokenCursor, start: number): Update {
  const table = parseObjectName(c);
  const alias = parseDmlAlias(c, 'set');
  c.expectWord('set');
  const assignments: Assignment[] = [];
  do {
    const assignmentStart = c.peek().start;
    if (c.isPunct('(')) c.unsupported('multiple-column UPDATE');
    const column = parseColumnId(c);
    c.expectOperator('=');
    if (c.isWord('default')) c.unsupported('SET ... = DEFAULT');
    const value = parseExpr(c);
    assignments.push({ column, value, span: c.spanFrom(assignmentStart) });
  } while (c.acceptPunct(','));
  if (c.isWord('from')) c.unsupported('UPDATE ... FROM');
  const where = c.acceptWord('where') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return {
    kind: 'update',
    table,
    ...(alias === undefined ? {} : { alias }),
    assignments,
    ...(where === undefined ? {} : { where }),
    ...(returning === undefined ? {} : { returning }),
    span: c.spanFrom(start),
  };
}

/** `DELETE FROM t [[AS] alias] [WHERE ...] [RETURNING ...]`; DELETE is consumed. */
export function parseDelete(c: TokenCursor, start: number): Delete {
  c.expectWord('from');
  const table = parseObjectName(c);
  const alias = parseDmlAlias(c);
  if (c.isWord('using')) c.unsupported('DELETE ... USING');
  const where = c.acceptWord('where') ? parseExpr(c) : undefined;
  const returning = parseReturning(c);
  return {
    kind: 'delete',
    table,
    ...(alias === undefined ? {} : { alias }),
    ...(where === undefined ? {} : { where }),
    ...(returning === undefined ? {} : { returning }),
    span: c.spanFrom(start),
  };
}

/** `[AS] alias`, where a bare `stopWord` (UPDATE's SET) is the next clause rather than an alias. */
function parseDmlAlias(c: TokenCursor, stopWord?: string): string | undefined {
  if (c.acceptWord('as')) return parseColumnId(c);
  if (isColumnIdAt(c) && !(stopWord !== undefined && c.isWord(stopWord))) return parseColumnId(c);
  return undefined;
}

function parseReturning(c: TokenCursor): SelectItem[] | undefined {
  if (!c.acceptWord('returning')) return undefined;
  const items = parseSelectItems(c);
  if (items.length === 0) c.fail();
  return items;
}
