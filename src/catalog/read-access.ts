// What a user may read: the relations granted to it and the row scope applied to every scan.
import type { CatalogEntry } from './catalog.js';
import type { ScopeCondition, UserCatalog } from './users.js';

/**
 * A non-superuser's read rights, as the binder enforces them: a relation named in a query must be granted;
 * every relation scanned (views included, whose scans are expanded) yields only rows within `scope`.
 */
export interface ReadAccess {
  readonly user: string;
  /** Whether the user was granted SELECT on `relation`. */
  canRead(relation: string): boolean;
  readonly scope: readonly ScopeCondition[];
}

/**
 * Whether the user may read a catalog object, as far as the catalog tells — granted, not a sink, and having every
 * scoping column unless it is a plain view (whose scans are scoped when it is expanded) — and so whether SHOW and
 * the system catalogs show it.
 */
export function isReadable(access: ReadAccess, entry: CatalogEntry): boolean {
  if (entry.kind === 'sink' || !access.canRead(entry.name)) return false;
  return entry.kind === 'view' || access.scope.every((condition) => entry.columns.some((c) => c.name === condition.column && !c.hidden));
}

/** The read rights of `user` as the catalog holds them now; undefined for a superuser, who may read everything. */
export function readAccessOf(users: UserCatalog, user: string): ReadAccess | undefined {
  const entry = users.get(user);
  if (entry?.superuser) return undefined;
  return {
    user,
    canRead: (relation) => entry !== undefined && users.canSelect(user, relation),
    scope: entry?.scope ?? [],
  };
}
