// CREATE USER and ALTER USER: credentials, superuser and the row scope of a user.
import type { AlterUser, CreateUser, RoleOption, ScopeConditionDef } from './ast.js';
import { parseColumnId } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

/** PostgreSQL role options Tally does not implement, named so that the error says which. */
const UNSUPPORTED_OPTIONS = new Set([
  'nologin', 'createdb', 'nocreatedb', 'createrole', 'nocreaterole', 'inherit', 'noinherit', 'replication',
  'noreplication', 'bypassrls', 'nobypassrls', 'connection', 'valid', 'in', 'role', 'admin', 'sysid',
]);

/** `CREATE USER name [WITH] option ...`; CREATE USER is consumed. */
export function parseCreateUser(c: TokenCursor, start: number): CreateUser {
  const name = parseColumnId(c);
  c.acceptWord('with');
  return { kind: 'createUser', name, options: parseRoleOptions(c), span: c.spanFrom(start) };
}

/** `ALTER USER name [WITH] option ... | SET SCOPE (...) | RESET SCOPE`; ALTER USER is consumed. */
export function parseAlterUser(c: TokenCursor, start: number): AlterUser {
  const name = parseColumnId(c);
  if (c.isWord('set')) {
    const at = c.next().start;
    if (!c.isWord('scope')) c.unsupported('ALTER USER ... SET of a setting');
    return { kind: 'alterUser', name, options: [parseScope(c, at)], span: c.spanFrom(start) };
  }
  if (c.isWord('reset')) {
    const at = c.next().start;
    c.expectWord('scope');
    return { kind: 'alterUser', name, options: [{ kind: 'scope', conditions: [], span: c.spanFrom(at) }], span: c.spanFrom(start) };
  }
  if (c.isWord('rename')) c.unsupported('ALTER USER ... RENAME');
  c.acceptWord('with');
  const options = parseRoleOptions(c);
  if (options.length === 0) c.fail();
  return { kind: 'alterUser', name, options, span: c.spanFrom(start) };
}

function parseRoleOptions(c: TokenCursor): RoleOption[] {
  const options: RoleOption[] = [];
  while (!c.atStatementEnd()) {
    const token = c.peek();
    if (token.kind !== 'word') c.fail();
    const at = token.start;
    switch (token.value) {
      case 'login':
        // Users log in; the option is accepted as PostgreSQL's CREATE USER implies it.
        c.next();
        break;
      case 'superuser':
      case 'nosuperuser':
        c.next();
        options.push({ kind: 'superuser', value: token.value === 'superuser', span: c.spanFrom(at) });
        break;
      case 'encrypted':
      case 'password': {
        c.next();
        if (token.value === 'encrypted') c.expectWord('password');
        options.push({ kind: 'password', value: parseSecret(c), span: c.spanFrom(at) });
        break;
      }
      case 'token':
        c.next();
        options.push({ kind: 'token', value: parseSecret(c), span: c.spanFrom(at) });
        break;
      case 'scope':
        options.push(parseScope(c, at));
        break;
      default:
        if (UNSUPPORTED_OPTIONS.has(token.value)) c.unsupported(`role option ${token.value.toUpperCase()}`);
        c.fail();
    }
  }
  return options;
}

/** A string literal, or NULL for none. */
function parseSecret(c: TokenCursor): string | null {
  if (c.acceptWord('null')) return null;
  const token = c.next();
  if (token.kind !== 'string') c.fail(token);
  return token.value;
}

/** `SCOPE (col = 'v' | col IN ('a', ...), ...)` at the word SCOPE. */
function parseScope(c: TokenCursor, start: number): RoleOption {
  c.expectWord('scope');
  c.expectPunct('(');
  const conditions: ScopeConditionDef[] = [];
  do conditions.push(parseScopeCondition(c));
  while (c.acceptPunct(','));
  c.expectPunct(')');
  return { kind: 'scope', conditions, span: c.spanFrom(start) };
}

function parseScopeCondition(c: TokenCursor): ScopeConditionDef {
  const start = c.peek().start;
  const column = parseColumnId(c);
  if (c.acceptOperator('=')) return { column, values: [parseScopeValue(c)], span: c.spanFrom(start) };
  c.expectWord('in');
  c.expectPunct('(');
  const values = [parseScopeValue(c)];
  while (c.acceptPunct(',')) values.push(parseScopeValue(c));
  c.expectPunct(')');
  return { column, values, span: c.spanFrom(start) };
}

function parseScopeValue(c: TokenCursor): string {
  const token = c.next();
  if (token.kind !== 'string' && token.kind !== 'number') c.fail(token);
  return token.value;
}
