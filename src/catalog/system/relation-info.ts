// Every relation a client can name, user and system alike, as pg_class numbers and kinds them.
import type { CatalogEntry, ColumnInfo, RelationEntry } from '../catalog.js';
import { NAMESPACE_OIDS, USER_SCHEMA } from './object-ids.js';
import type { SystemContext, SystemRelation, SystemSchema } from './system-relation.js';
import { isReadable } from '../read-access.js';

/** A row of pg_class before it is one. */
export interface RelationInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: SystemSchema | typeof USER_SCHEMA;
  readonly namespaceOid: number;
  readonly relkind: string;
  readonly columns: readonly ColumnInfo[];
  /** The user object, for user relations. */
  readonly entry?: CatalogEntry;
  readonly system?: SystemRelation;
}

/**
 * pg_class.relkind of user objects: PostgreSQL's letters for tables, views and materialized views; for sources and
 * sinks RisingWave's own letters ('s' and 'k'), as RisingWave reports them. psql's `\d` family lists neither, as
 * over RisingWave (SHOW SOURCES and SHOW SINKS do); `\d source_name` describes one.
 */
const RELKINDS: Readonly<Record<CatalogEntry['kind'], string>> = {
  table: 'r',
  view: 'v',
  materializedView: 'm',
  source: 's',
  sink: 'k',
};

const columnsOf = (entry: CatalogEntry): readonly ColumnInfo[] => (entry.kind === 'sink' ? [] : (entry as RelationEntry).columns);

/**
 * Whether the session's user sees a user object in the catalogs: superusers see every object, other users the
 * relations they can read (see `isReadable`), as SHOW lists them — a user does not learn of the others.
 */
export const visibleTo = (context: SystemContext, entry: CatalogEntry): boolean => context.access === undefined || isReadable(context.access, entry);

/** User objects the session's user sees, in creation order, then the system relations. */
export function relationsOf(context: SystemContext): RelationInfo[] {
  const out: RelationInfo[] = [];
  for (const entry of context.catalog.list()) {
    if (!visibleTo(context, entry)) continue;
    const oid = context.catalog.oid(entry.name);
    if (oid !== undefined) out.push(userRelationInfo(entry, oid));
  }
  for (const system of context.systemRelations) out.push(systemRelationInfo(system));
  return out;
}

function userRelationInfo(entry: CatalogEntry, oid: number): RelationInfo {
  return { oid, name: entry.name, schema: USER_SCHEMA, namespaceOid: NAMESPACE_OIDS.public, relkind: RELKINDS[entry.kind], columns: columnsOf(entry), entry };
}

function systemRelationInfo(system: SystemRelation): RelationInfo {
  return { oid: system.oid, name: system.name, schema: system.schema, namespaceOid: NAMESPACE_OIDS[system.schema], relkind: system.relkind, columns: system.columns, system };
}

/** The relation with this OID, if any. */
export function relationByOid(context: SystemContext, oid: number): RelationInfo | undefined {
  const system = context.systemRelations.find((r) => r.oid === oid);
  if (system) return systemRelationInfo(system);
  for (const entry of context.catalog.list()) {
    if (context.catalog.oid(entry.name) === oid) return visibleTo(context, entry) ? userRelationInfo(entry, oid) : undefined;
  }
  return undefined;
}

/**
 * The relation a possibly qualified name means, as regclass input resolves it: unqualified names search
 * pg_catalog first and then public (PostgreSQL's default search path).
 */
export function relationByName(context: SystemContext, schema: string | undefined, name: string): RelationInfo | undefined {
  const system = (s: SystemSchema): RelationInfo | undefined => {
    const found = context.systemRelations.find((r) => r.schema === s && r.name === name);
    return found && systemRelationInfo(found);
  };
  const user = (): RelationInfo | undefined => {
    const entry = context.catalog.get(name);
    const oid = context.catalog.oid(name);
    return entry && oid !== undefined && visibleTo(context, entry) ? userRelationInfo(entry, oid) : undefined;
  };
  if (schema === undefined) return system('pg_catalog') ?? user();
  if (schema === 'pg_catalog' || schema === 'information_schema') return system(schema);
  return schema === USER_SCHEMA ? user() : undefined;
}
