// Which statements a user other than a superuser may run: users are read-only, and reads are checked when bound.
import { kindName } from '../catalog/catalog.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import type { EngineState } from './engine-state.js';

type Check = (statement: never, user: string, state: EngineState) => void;

const denied = (message: string, position: number): SqlError => new SqlError('insufficient_privilege', message, { position });

const lastPart = (name: ast.ObjectName): string => name.parts[name.parts.length - 1]!;

/** Reads are checked where they are bound (grants, scopes) and shown (SHOW); the rest is refused here. */
const ALLOWED: Check = () => undefined;

const CREATING: Check = (statement: ast.Statement) => {
  throw denied('permission denied for schema public', statement.span.start);
};

const WRITING: Check = (statement: ast.Insert | ast.Update | ast.Delete) => {
  throw denied(`permission denied for table ${lastPart(statement.table)}`, statement.table.span.start);
};

const CHECKS: Readonly<Record<ast.Statement['kind'], Check>> = {
  query: ALLOWED,
  show: ALLOWED,
  explain: ALLOWED,
  // The engine's settings are everyone's (a server keeps each connection's own).
  set: (statement: ast.SetVariable) => {
    throw denied(`permission denied to set parameter "${statement.name}"`, statement.span.start);
  },
  transaction: ALLOWED,
  flush: ALLOWED,
  createTable: CREATING,
  createSource: CREATING,
  createView: CREATING,
  createSink: CREATING,
  insert: WRITING,
  update: WRITING,
  delete: WRITING,
  drop: (statement: ast.Drop, _user, state) => {
    if (statement.objectKind === 'user') throw denied('permission denied to drop role', statement.span.start);
    const name = statement.names[0]!;
    const entry = state.catalog.get(lastPart(name));
    throw denied(`must be owner of ${entry ? kindName(entry.kind) : 'relation'} ${lastPart(name)}`, name.span.start);
  },
  createUser: (statement: ast.CreateUser) => {
    throw denied('permission denied to create role', statement.span.start);
  },
  // A user may change its own credentials, as in PostgreSQL; nothing else of any user.
  alterUser: (statement: ast.AlterUser, user) => {
    const ownCredentials = statement.name === user && statement.options.every((o) => o.kind === 'password' || o.kind === 'token');
    if (!ownCredentials) throw denied('permission denied to alter role', statement.span.start);
  },
  grant: (statement: ast.Grant) => {
    const target = statement.target;
    const what = target.kind === 'all' ? `schema ${target.schemas[0]}` : `table ${lastPart(target.names[0]!)}`;
    throw denied(`permission denied for ${what}`, statement.span.start);
  },
};

/** Throws insufficient_privilege when `user` (not a superuser) may not run `statement`. */
export function checkStatementPrivileges(statement: ast.Statement, user: string, state: EngineState): void {
  (CHECKS[statement.kind] as (statement: ast.Statement, user: string, state: EngineState) => void)(statement, user, state);
}
