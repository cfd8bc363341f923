// CREATE USER, ALTER USER, DROP USER, GRANT and REVOKE: the users of the catalog and their grants.
import { isTokenDigest, MIN_TOKEN_LENGTH, tokenDigest } from '../catalog/api-token.js';
import { kindName, type RelationEntry } from '../catalog/catalog.js';
import { parseScramVerifier, scramVerifier } from '../catalog/scram-verifier.js';
import { ROOT_USER, type ScopeCondition, type UserEntry } from '../catalog/users.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import type { EngineState } from './engine-state.js';
import type { StatementResult } from './statement-result.js';

/** The one schema relations live in. */
const SCHEMA = 'public';

const roleMissing = (name: string, position?: number): SqlError => new SqlError('undefined_object', `role "${name}" does not exist`, { position });

export function createUser(state: EngineState, stmt: ast.CreateUser): StatementResult {
  if (state.catalog.users.get(stmt.name)) throw new SqlError('duplicate_object', `role "${stmt.name}" already exists`, { position: stmt.span.start });
  const notices: string[] = [];
  state.catalog.users.put(applyOptions({ name: stmt.name, superuser: false, scope: [] }, stmt.options, state, notices));
  return { kind: 'command', tag: 'CREATE_ROLE', notices };
}

export function alterUser(state: EngineState, stmt: ast.AlterUser): StatementResult {
  const user = state.catalog.users.get(stmt.name);
  if (!user) throw roleMissing(stmt.name, stmt.span.start);
  const notices: string[] = [];
  state.catalog.users.put(applyOptions(user, stmt.options, state, notices));
  return { kind: 'command', tag: 'ALTER ROLE', notices };
}

export function dropUsers(state: EngineState, stmt: ast.Drop): StatementResult {
  const notices: string[] = [];
  for (const objectName of stmt.names) {
    const name = objectName.parts[objectName.parts.length - 1]!;
    if (!state.catalog.users.get(name)) {
      if (!stmt.ifExists) throw roleMissing(name, objectName.span.start);
      notices.push(`role "${name}" does not exist, skipping`);
      continue;
    }
    state.catalog.users.remove(name);
  }
  return { kind: 'command', tag: 'DROP_ROLE', notices };
}

/** GRANT / REVOKE SELECT: every grantee must exist, every relation named too. */
export function grant(state: EngineState, stmt: ast.Grant): StatementResult {
  const users = state.catalog.users;
  for (const grantee of stmt.grantees) if (!users.get(grantee)) throw roleMissing(grantee, stmt.span.start);
  const relations = grantTargets(state, stmt);
  for (const grantee of stmt.grantees) {
    for (const relation of relations) {
      if (stmt.revoke) users.revoke(grantee, relation.name);
      else users.grant(grantee, relation.name);
    }
  }
  return { kind: 'command', tag: stmt.revoke ? 'REVOKE' : 'GRANT' };
}

/**
 * The relations a GRANT names. `TABLE` (or no kind word) takes any relation and `ALL TABLES` every relation, as
 * PostgreSQL's do; another kind word only relations of that kind. `ALL ... IN SCHEMA` takes those existing now.
 */
function grantTargets(state: EngineState, stmt: ast.Grant): RelationEntry[] {
  const target = stmt.target;
  const fits = (entry: RelationEntry, kind: ast.GrantObjectKind | undefined): boolean => kind === undefined || kind === 'table' || entry.kind === kind;
  if (target.kind === 'all') {
    for (const schema of target.schemas) if (schema !== SCHEMA) throw new SqlError('undefined_object', `schema "${schema}" does not exist`, { position: stmt.span.start });
    return state.catalog.list().filter((entry): entry is RelationEntry => entry.kind !== 'sink' && fits(entry, target.objectKind));
  }
  return target.names.map((name) => {
    const relationName = name.parts[name.parts.length - 1]!;
    const entry = state.catalog.relation(relationName);
    if (!entry) throw new SqlError('undefined_table', `relation "${name.parts.join('.')}" does not exist`, { position: name.span.start });
    if (!fits(entry, target.objectKind)) {
      throw new SqlError('wrong_object_type', `"${relationName}" is not a ${kindName(target.objectKind as RelationEntry['kind'])}`, { position: name.span.start });
    }
    return entry;
  });
}

/** `user` with `options` applied; secrets become verifiers and digests here, before anything keeps them. */
function applyOptions(user: UserEntry, options: readonly ast.RoleOption[], state: EngineState, notices: string[]): UserEntry {
  const seen = new Set<ast.RoleOption['kind']>();
  let next: UserEntry = user;
  for (const option of options) {
    if (seen.has(option.kind)) throw new SqlError('syntax_error', 'conflicting or redundant options', { position: option.span.start });
    seen.add(option.kind);
    switch (option.kind) {
      case 'superuser':
        if (user.name === ROOT_USER && !option.value) throw new SqlError('insufficient_privilege', `role "${ROOT_USER}" must remain a superuser`, { position: option.span.start });
        next = { ...next, superuser: option.value };
        break;
      case 'password':
        next = { ...next, passwordVerifier: passwordVerifierOf(option.value, notices) };
        break;
      case 'token':
        next = { ...next, tokenDigest: tokenDigestOf(option.value, state, user.name, option.span.start) };
        break;
      case 'scope':
        next = { ...next, scope: scopeOf(option) };
        break;
    }
  }
  if (next.superuser && next.scope.length > 0) {
    throw new SqlError('invalid_parameter_value', `superuser "${next.name}" cannot have a scope`, { hint: 'A superuser reads every row: give the scope to a user without SUPERUSER.' });
  }
  return next;
}

/** A password's SCRAM-SHA-256 verifier; a verifier given as the password is kept as it is, as PostgreSQL does. */
function passwordVerifierOf(password: string | null, notices: string[]): string | undefined {
  if (password === null) return undefined;
  if (password === '') {
    notices.push('empty string is not a valid password, clearing password');
    return undefined;
  }
  return parseScramVerifier(password) ? password : scramVerifier(password);
}

function tokenDigestOf(token: string | null, state: EngineState, user: string, position: number): string | undefined {
  if (token === null) return undefined;
  let digest = token;
  if (!isTokenDigest(token)) {
    if (token.length < MIN_TOKEN_LENGTH) throw new SqlError('invalid_parameter_value', `token must be at least ${MIN_TOKEN_LENGTH} characters long`, { position });
    digest = tokenDigest(token);
  }
  const holder = state.catalog.users.byTokenDigest(digest);
  if (holder && holder.name !== user) throw new SqlError('invalid_parameter_value', 'token is already in use', { hint: 'Choose another token.', position });
  return digest;
}

function scopeOf(option: Extract<ast.RoleOption, { kind: 'scope' }>): ScopeCondition[] {
  const columns = new Set<string>();
  return option.conditions.map((condition) => {
    if (columns.has(condition.column)) throw new SqlError('syntax_error', `column "${condition.column}" appears more than once in SCOPE`, { position: condition.span.start });
    columns.add(condition.column);
    return { column: condition.column, values: [...new Set(condition.values)] };
  });
}
