// The system relations by name: how a query's `pg_catalog.x`, `information_schema.x` and bare `pg_x` find them.
import type { Catalog } from '../catalog.js';
import type { ReadAccess } from '../read-access.js';
import { ABSENT_FEATURE_CATALOGS } from './absent-features.js';
import { informationSchemaColumns, informationSchemaSchemata, informationSchemaTables, informationSchemaViews } from './information-schema.js';
import { pgAttribute } from './pg-attribute.js';
import { pgClass } from './pg-class.js';
import { pgCollation } from './pg-collation.js';
import { pgConstraint } from './pg-constraint.js';
import { pgDatabase } from './pg-database.js';
import { pgTablespace } from './pg-tablespace.js';
import { pgNamespace } from './pg-namespace.js';
import { pgLanguage, pgProc } from './pg-proc.js';
import { pgRoles, pgUser } from './pg-roles.js';
import { pgMatviews, pgTables, pgViews } from './pg-tables-views.js';
import { pgType } from './pg-type.js';
import { qualifiedName, type SessionIdentity, type SystemContext, type SystemRelation } from './system-relation.js';
import { tallySinks } from './tally-sinks.js';

export const SYSTEM_RELATIONS: readonly SystemRelation[] = [
  pgNamespace,
  pgClass,
  pgAttribute,
  pgType,
  pgProc,
  pgLanguage,
  pgConstraint,
  pgRoles,
  pgUser,
  pgDatabase,
  pgTablespace,
  pgCollation,
  pgTables,
  pgViews,
  pgMatviews,
  ...ABSENT_FEATURE_CATALOGS,
  informationSchemaTables,
  informationSchemaColumns,
  informationSchemaSchemata,
  informationSchemaViews,
];

/**
 * Tally's own system relations (the engine's state rather than PostgreSQL's catalogs): found by name like the others,
 * but not listed in pg_class and information_schema, which describe PostgreSQL's catalogs only.
 */
const TALLY_RELATIONS: readonly SystemRelation[] = [tallySinks];

const BY_QUALIFIED_NAME: ReadonlyMap<string, SystemRelation> = new Map(
  [...SYSTEM_RELATIONS, ...TALLY_RELATIONS].map((relation) => [qualifiedName(relation), relation]),
);

/** The system relation a plan's scan names (`pg_catalog.pg_class`), if it is one. */
export const systemRelation = (scanName: string): SystemRelation | undefined => BY_QUALIFIED_NAME.get(scanName);

/**
 * The system relation a name in FROM means, or undefined for a user relation. `pg_catalog.x` and
 * `information_schema.x` (also behind a database name) only ever name system relations; an unqualified name is a
 * pg_catalog relation unless a user relation has that name (user objects come first, unlike in PostgreSQL, so that
 * an existing table named like a catalog keeps working).
 */
export function resolveSystemRelation(parts: readonly string[], catalog: Catalog): SystemRelation | { readonly missing: string } | undefined {
  const name = parts[parts.length - 1]!;
  if (parts.length === 1) return catalog.relation(name) ? undefined : BY_QUALIFIED_NAME.get(`pg_catalog.${name}`);
  const schema = parts[parts.length - 2]!;
  if (schema !== 'pg_catalog' && schema !== 'information_schema') return undefined;
  return BY_QUALIFIED_NAME.get(`${schema}.${name}`) ?? { missing: parts.join('.') };
}

/** The context system relations and catalog functions read, for one statement of a session (`access`: its user's rights). */
export function systemContext(catalog: Catalog, session: SessionIdentity, access?: ReadAccess): SystemContext {
  return access === undefined ? { catalog, session, systemRelations: SYSTEM_RELATIONS } : { catalog, session, systemRelations: SYSTEM_RELATIONS, access };
}
