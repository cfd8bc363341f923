// GRANT and REVOKE of SELECT on relations.
import type { Grant, GrantObjectKind, ObjectName } from './ast.js';
import { isColumnIdAt, parseColumnId, parseObjectName } from './parse-name.js';
import type { TokenCursor } from './token-cursor.js';

/** `GRANT SELECT ON ... TO u, ...`; GRANT is consumed. */
export function parseGrant(c: TokenCursor, start: number): Grant {
  parsePrivileges(c, 'GRANT');
  const target = parseTarget(c);
  c.expectWord('to');
  const grantees = parseGrantees(c);
  if (c.isWord('with')) c.unsupported('WITH GRANT OPTION');
  if (c.isWord('granted')) c.unsupported('GRANTED BY');
  return { kind: 'grant', revoke: false, target, grantees, span: c.spanFrom(start) };
}

/** `REVOKE SELECT ON ... FROM u, ... [CASCADE | RESTRICT]`; REVOKE is consumed. */
export function parseRevoke(c: TokenCursor, start: number): Grant {
  if (c.isWord('grant')) c.unsupported('REVOKE GRANT OPTION FOR');
  parsePrivileges(c, 'REVOKE');
  const target = parseTarget(c);
  c.expectWord('from');
  const grantees = parseGrantees(c);
  if (c.isWord('granted')) c.unsupported('GRANTED BY');
  if (!c.acceptWord('cascade')) c.acceptWord('restrict');
  return { kind: 'grant', revoke: true, target, grantees, span: c.spanFrom(start) };
}

/** `SELECT`: the one privilege there is; others are named in the error. */
function parsePrivileges(c: TokenCursor, verb: string): void {
  const token = c.peek();
  if (c.acceptWord('select')) {
    if (c.isPunct('(')) c.unsupported(`${verb} of column privileges`);
    if (c.isPunct(',')) c.unsupported(`${verb} of privileges other than SELECT`, c.peek(1));
    return;
  }
  if (token.kind === 'word' && PRIVILEGE_WORDS.has(token.value)) c.unsupported(`${verb} ${token.value.toUpperCase()}`);
  c.fail();
}

const PRIVILEGE_WORDS = new Set(['all', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger', 'usage', 'create', 'connect', 'temporary', 'temp', 'execute']);

/** `ON [TABLE | VIEW | MATERIALIZED VIEW | SOURCE] a, b` or `ON ALL {TABLES | ...} IN SCHEMA s, ...`. */
function parseTarget(c: TokenCursor): Grant['target'] {
  c.expectWord('on');
  if (c.acceptWord('all')) {
    const objectKind = parseAllKind(c);
    c.expectWord('in');
    c.expectWord('schema');
    const schemas = [parseColumnId(c)];
    while (c.acceptPunct(',')) schemas.push(parseColumnId(c));
    return { kind: 'all', objectKind, schemas };
  }
  const objectKind = parseObjectKind(c);
  const names: ObjectName[] = [parseObjectName(c)];
  while (c.acceptPunct(',')) names.push(parseObjectName(c));
  return objectKind === undefined ? { kind: 'relations', names } : { kind: 'relations', objectKind, names };
}

function parseAllKind(c: TokenCursor): GrantObjectKind {
  if (c.acceptWord('tables')) return 'table';
  if (c.acceptWord('sources')) return 'source';
  if (c.acceptWord('views')) return 'view';
  c.expectWord('materialized');
  c.expectWord('views');
  return 'materializedView';
}

/** The kind word before relation names, if any (`TABLE` is a reserved word, so never a name). */
function parseObjectKind(c: TokenCursor): GrantObjectKind | undefined {
  if (c.acceptWord('table')) return 'table';
  // VIEW, SOURCE and MATERIALIZED can name relations too: a kind word only when a name follows it.
  if (c.isWord('view') && isColumnIdAt(c, 1)) {
    c.next();
    return 'view';
  }
  if (c.isWord('source') && isColumnIdAt(c, 1)) {
    c.next();
    return 'source';
  }
  if (c.isWord('materialized') && c.isWord('view', 1)) {
    c.next();
    c.next();
    return 'materializedView';
  }
  return undefined;
}

function parseGrantees(c: TokenCursor): string[] {
  const grantees = [parseGrantee(c)];
  while (c.acceptPunct(',')) grantees.push(parseGrantee(c));
  return grantees;
}

/** A user name; `GROUP name` and `PUBLIC` are PostgreSQL's and not Tally's. */
function parseGrantee(c: TokenCursor): string {
  if (c.isWord('group') || c.isWord('public')) c.unsupported(`${c.peek().value.toUpperCase()} as a grantee`);
  return parseColumnId(c);
}
