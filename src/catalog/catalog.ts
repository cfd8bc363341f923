// The catalog: named relations (tables, sources, views, materialized views) and sinks, with their dependencies.
import type { Expr, Query } from '../sql/ast.js';
import type { DataType, TypeModifier } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import { UserCatalog } from './users.js';

export interface ColumnInfo {
  readonly name: string;
  readonly type: DataType;
  readonly modifier?: TypeModifier;
  /** Hidden columns (a table's `_row_id`) are not part of `*`. */
  readonly hidden?: boolean;
  readonly notNull?: boolean;
}

export type RelationKind = 'table' | 'source' | 'view' | 'materializedView';

/** `WATERMARK FOR col AS expr`: the watermark is the largest value of `expr` seen, and only grows. */
export interface WatermarkInfo {
  readonly column: number;
  readonly expr: Expr;
}

interface EntryBase {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  /** The CREATE statement as the user wrote it. */
  readonly definition: string;
  /** Names of the relations this one reads. */
  readonly dependsOn: readonly string[];
}

export interface TableEntry extends EntryBase {
  readonly kind: 'table';
  /** Column indexes of the primary key; for tables without one, the hidden `_row_id` column. */
  readonly primaryKey: readonly number[];
  readonly hasUserPrimaryKey: boolean;
  readonly appendOnly: boolean;
  readonly options: ReadonlyMap<string, string>;
  readonly watermark?: WatermarkInfo;
}

export interface SourceEntry extends EntryBase {
  readonly kind: 'source';
  readonly options: ReadonlyMap<string, string>;
  readonly format?: { readonly format: string; readonly encode: string };
  readonly watermark?: WatermarkInfo;
}

export interface ViewEntry extends EntryBase {
  readonly kind: 'view';
  readonly query: Query;
}

export interface MaterializedViewEntry extends EntryBase {
  readonly kind: 'materializedView';
  readonly query: Query;
}

export interface SinkEntry {
  readonly kind: 'sink';
  readonly name: string;
  readonly definition: string;
  readonly dependsOn: readonly string[];
  readonly options: ReadonlyMap<string, string>;
}

export type RelationEntry = TableEntry | SourceEntry | ViewEntry | MaterializedViewEntry;
export type CatalogEntry = RelationEntry | SinkEntry;

const KIND_NAMES: Record<CatalogEntry['kind'], string> = {
  table: 'table',
  source: 'source',
  view: 'view',
  materializedView: 'materialized view',
  sink: 'sink',
};

export const kindName = (kind: CatalogEntry['kind']): string => KIND_NAMES[kind];

/** The first object identifier of user objects, as PostgreSQL's FirstNormalObjectId: lower ones are the system's. */
export const FIRST_USER_OID = 16384;

/** All named objects of one database. Names are unique across kinds, as in PostgreSQL's pg_class. */
export class Catalog {
  private readonly entries = new Map<string, CatalogEntry>();
  /**
   * Object identifiers (pg_class.oid) in creation order, never reused while the catalog lives: a client that
   * looked an OID up can use it in its next query. A data directory's catalog is replayed in creation order, so
   * after a restart the numbers are dense again (dropped objects leave no gaps).
   */
  private readonly oids = new Map<string, number>();
  private nextOid = FIRST_USER_OID;
  /** Users and their grants: a namespace of their own, as PostgreSQL's roles. */
  readonly users = new UserCatalog();

  get(name: string): CatalogEntry | undefined {
    return this.entries.get(name);
  }

  relation(name: string): RelationEntry | undefined {
    const entry = this.entries.get(name);
    return entry && entry.kind !== 'sink' ? entry : undefined;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  add(entry: CatalogEntry): void {
    if (this.entries.has(entry.name)) {
      throw new SqlError('duplicate_table', `relation "${entry.name}" already exists`);
    }
    this.entries.set(entry.name, entry);
    this.oids.set(entry.name, this.nextOid++);
  }

  remove(name: string): void {
    this.entries.delete(name);
    this.oids.delete(name);
  }

  /** The object identifier of a named object (pg_class.oid). */
  oid(name: string): number | undefined {
    return this.oids.get(name);
  }

  list(kind?: CatalogEntry['kind']): CatalogEntry[] {
    const all = [...this.entries.values()];
    return kind ? all.filter((e) => e.kind === kind) : all;
  }

  /** Objects that read `name` directly. */
  dependents(name: string): CatalogEntry[] {
    return [...this.entries.values()].filter((e) => e.dependsOn.includes(name));
  }
}
