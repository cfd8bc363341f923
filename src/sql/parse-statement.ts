// Dispatch on a statement's first keyword to the parser for that statement.
import type { Statement } from './ast.js';
import { parseCreate } from './parse-create.js';
import { parseDelete, parseInsert, parseUpdate } from './parse-dml.js';
import { parseGrant, parseRevoke } from './parse-grant.js';
import { parseObjectName } from './parse-name.js';
import { parseQuery, startsQuery } from './parse-query.js';
import { isTransactionKeyword, parseTransaction } from './parse-transaction.js';
import { parseAlterUser } from './parse-user.js';
import { parseDrop, parseExplain, parseReset, parseSet, parseShow } from './parse-utility.js';
import type { TokenCursor } from './token-cursor.js';

/** Parses one statement at the cursor, leaving it on the token after the statement (`;` or the end). */
export function parseOneStatement(c: TokenCursor): Statement {
  c.enter();
  const statement = parseStatementBody(c);
  c.leave();
  return statement;
}

function parseStatementBody(c: TokenCursor): Statement {
  const token = c.peek();
  const start = token.start;
  if (startsQuery(c) || c.isPunct('(')) {
    const query = parseQuery(c);
    return { kind: 'query', query, span: c.spanFrom(start) };
  }
  if (token.kind !== 'word') return c.fail();
  switch (token.value) {
    case 'create':
      c.next();
      return parseCreate(c, start);
    case 'drop':
      c.next();
      return parseDrop(c, start);
    case 'insert':
      c.next();
      return parseInsert(c, start);
    case 'update':
      c.next();
      return parseUpdate(c, start);
    case 'delete':
      c.next();
      return parseDelete(c, start);
    case 'set':
      c.next();
      return parseSet(c, start);
    case 'reset':
      c.next();
      return parseReset(c, start);
    case 'show':
      c.next();
      return parseShow(c, start);
    case 'explain':
      c.next();
      return parseExplain(c, start, parseOneStatement);
    case 'describe':
      // RisingWave's DESCRIBE t lists the columns, as SHOW COLUMNS FROM t does.
      c.next();
      return { kind: 'show', what: 'columns', name: parseObjectName(c), span: c.spanFrom(start) };
    case 'flush':
      c.next();
      return { kind: 'flush', span: c.spanFrom(start) };
    case 'alter':
      c.next();
      if (c.acceptWord('user')) return parseAlterUser(c, start);
      if (c.peek().kind === 'word') c.unsupported(`ALTER ${c.peek().value.toUpperCase()}`);
      return c.fail();
    case 'grant':
      c.next();
      return parseGrant(c, start);
    case 'revoke':
      c.next();
      return parseRevoke(c, start);
    default:
      if (isTransactionKeyword(token.value)) {
        c.next();
        return parseTransaction(c, token.value, start);
      }
      return c.fail();
  }
}
