// Users (roles that log in), their credentials, row scopes and SELECT grants: the catalog's security part.
import { createHash } from 'node:crypto';
import { quoteIdentifier, quoteString } from '../sql/print-expr.js';
import { SqlError } from '../types/error.js';

/** The superuser every database has, as in RisingWave: it can do everything and cannot be dropped. */
export const ROOT_USER = 'root';

/** One condition of a row scope: the rows whose `column` holds one of `values` (compared as the column's type). */
export interface ScopeCondition {
  readonly column: string;
  readonly values: readonly string[];
}

export interface UserEntry {
  readonly name: string;
  /** Superusers pass every privilege check and see every row. */
  readonly superuser: boolean;
  /** A SCRAM-SHA-256 verifier (`SCRAM-SHA-256$4096:...`), never the password; none: no password login. */
  readonly passwordVerifier?: string;
  /** The digest of the user's API token (`sha256:...`). */
  readonly tokenDigest?: string;
  /** Conditions every row this user reads must meet (all of them); empty: no scope. */
  readonly scope: readonly ScopeCondition[];
}

/** What the data directory keeps of a catalog object: a key and the statement that recreates it. */
export interface StoredObject {
  readonly name: string;
  readonly definition: string;
}

const IMPLICIT_ROOT: UserEntry = { name: ROOT_USER, superuser: true, scope: [] };

/**
 * The users of one database and what they were granted. Every change replaces the object it changes, so that
 * the data directory's checkpointer, which compares objects before and after a statement, sees it.
 */
export class UserCatalog {
  private readonly users = new Map<string, { readonly entry: UserEntry; readonly stored?: StoredObject }>([[ROOT_USER, { entry: IMPLICIT_ROOT }]]);
  /** user -> relation -> the stored GRANT. */
  private readonly grants = new Map<string, Map<string, StoredObject>>();

  get(name: string): UserEntry | undefined {
    return this.users.get(name)?.entry;
  }

  list(): UserEntry[] {
    return [...this.users.values()].map((u) => u.entry);
  }

  /** Adds a user (CREATE USER), or replaces one (ALTER USER); root is kept as ALTER statements. */
  put(entry: UserEntry): void {
    const definition = entry.name === ROOT_USER ? `ALTER USER ${roleOptions(entry)}` : `CREATE USER ${roleOptions(entry)}`;
    this.users.set(entry.name, { entry, stored: { name: storageKey('user', entry.name), definition } });
  }

  /** Removes a user and its grants (DROP USER). */
  remove(name: string): void {
    if (name === ROOT_USER) {
      throw new SqlError('dependent_objects_still_exist', `role "${ROOT_USER}" cannot be dropped because it is required by the database system`);
    }
    this.users.delete(name);
    this.grants.delete(name);
  }

  /** The user whose API token has this digest. */
  byTokenDigest(digest: string): UserEntry | undefined {
    for (const { entry } of this.users.values()) if (entry.tokenDigest === digest) return entry;
    return undefined;
  }

  /** Whether any user can log in with a password or a token (server mode may then listen beyond this machine). */
  hasCredentials(): boolean {
    for (const { entry } of this.users.values()) if (entry.passwordVerifier !== undefined || entry.tokenDigest !== undefined) return true;
    return false;
  }

  grant(user: string, relation: string): void {
    let granted = this.grants.get(user);
    if (!granted) this.grants.set(user, (granted = new Map()));
    if (granted.has(relation)) return;
    granted.set(relation, { name: storageKey('grant', user, relation), definition: `GRANT SELECT ON ${quoteIdentifier(relation)} TO ${quoteIdentifier(user)}` });
  }

  revoke(user: string, relation: string): void {
    this.grants.get(user)?.delete(relation);
  }

  /** Forgets every grant on a dropped relation: one created later under the same name starts with none. */
  revokeAll(relation: string): void {
    for (const granted of this.grants.values()) granted.delete(relation);
  }

  /** Whether `user` was granted SELECT on `relation` (superusers need no grant). */
  canSelect(user: string, relation: string): boolean {
    return this.get(user)?.superuser === true || this.grants.get(user)?.has(relation) === true;
  }

  /** The relations `user` was granted SELECT on. */
  granted(user: string): string[] {
    return [...(this.grants.get(user)?.keys() ?? [])];
  }

  /** Users and grants as the data directory keeps them; the implicit root is not kept until it is altered. */
  storedObjects(): StoredObject[] {
    const out: StoredObject[] = [];
    for (const { stored } of this.users.values()) if (stored) out.push(stored);
    for (const granted of this.grants.values()) out.push(...granted.values());
    return out;
  }
}

/** `name [WITH SUPERUSER] [PASSWORD '...'] [TOKEN '...'] [SCOPE (...)]` with stored secrets (verifiers, digests). */
function roleOptions(entry: UserEntry): string {
  const options: string[] = [];
  if (entry.superuser) options.push('SUPERUSER');
  options.push(`PASSWORD ${entry.passwordVerifier === undefined ? 'NULL' : quoteString(entry.passwordVerifier)}`);
  if (entry.tokenDigest !== undefined) options.push(`TOKEN ${quoteString(entry.tokenDigest)}`);
  if (entry.scope.length > 0) options.push(`SCOPE (${entry.scope.map(printScopeCondition).join(', ')})`);
  return `${quoteIdentifier(entry.name)} WITH ${options.join(' ')}`;
}

/** `col = 'v'` or `col IN ('a', 'b')`. */
export function printScopeCondition(condition: ScopeCondition): string {
  const column = quoteIdentifier(condition.column);
  if (condition.values.length === 1) return `${column} = ${quoteString(condition.values[0]!)}`;
  return `${column} IN (${condition.values.map(quoteString).join(', ')})`;
}

/**
 * The data directory's key of a user or grant: a digest longer than any identifier (63 bytes), so that it can
 * never be the name of a relation, whose keys share the store.
 */
function storageKey(...parts: string[]): string {
  return `auth/${createHash('sha256').update(parts.join('\u0000')).digest('hex')}`;
}
