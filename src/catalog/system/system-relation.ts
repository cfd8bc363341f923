// The shape of a system relation (pg_catalog, information_schema): columns and the rows it computes from the catalog.
import type { Row, Value } from '../../types/value.js';
import type { Catalog, ColumnInfo } from '../catalog.js';
import type { ReadAccess } from '../read-access.js';
import { systemColumns } from './column-types.js';
import type { BuiltinFunction } from './pg-proc.js';
import type { SinkStatus } from './tally-sinks.js';

export type SystemSchema = 'pg_catalog' | 'information_schema';

/** The number of rows a table or materialized view holds, by name; undefined for other relations. */
export type RowCounts = (name: string) => number | undefined;

/** Who is asking: `current_user` and `current_database()` of the statement being run. */
export interface SessionIdentity {
  readonly user: string;
  readonly database: string;
}

/** What a system relation's rows are computed from, at the moment a statement reads it. */
export interface SystemContext {
  readonly catalog: Catalog;
  readonly session: SessionIdentity;
  /** Every system relation, for the catalogs that list relations (pg_class, pg_attribute, information_schema). */
  readonly systemRelations: readonly SystemRelation[];
  /** The engine's running sinks, for tally_sinks; absent where no engine runs (binding, tests of the catalog alone). */
  readonly sinkStatuses?: () => readonly SinkStatus[];
  /**
   * The built-in functions pg_proc lists, in a fixed order (their OIDs follow it): the expression library's, which
   * the catalog does not know, handed in by the layers that do. Absent, pg_proc is empty.
   */
  readonly functions?: readonly BuiltinFunction[];
  /**
   * Reads the row counts of tables and materialized views as they are now (see `RowCounts`). The size functions
   * read them once when bound, pg_class once per scan. Absent where no engine runs; no sizes are known then.
   */
  readonly readRowCounts?: () => RowCounts;
  /**
   * The read rights of a user other than a superuser: user objects it may not read, and sinks, are absent from
   * every catalog (see `visibleTo` in relation-info.ts). Undefined for superusers, who see everything.
   */
  readonly access?: ReadAccess;
}

/**
 * A relation of PostgreSQL's system catalogs, computed when a query reads it: Tally keeps no catalog tables, so
 * every read sees the catalog as it is at that moment. Columns have PostgreSQL's names; their types are Tally's
 * representation of PostgreSQL's (see `column-types.ts`).
 */
export interface SystemRelation {
  readonly schema: SystemSchema;
  readonly name: string;
  /** pg_class.oid: PostgreSQL's own number where PostgreSQL has the relation, so that clients that know them agree. */
  readonly oid: number;
  /** Catalog tables are tables ('r') in PostgreSQL, the rest views ('v'). */
  readonly relkind: 'r' | 'v';
  readonly columns: readonly ColumnInfo[];
  /** The rows, in no particular order; called once per scan of the relation. */
  rows(context: SystemContext): Row[];
}

/** The name a scan of a system relation carries in a plan, and which `snapshotOf` recognizes. */
export const qualifiedName = (relation: { readonly schema: SystemSchema; readonly name: string }): string => `${relation.schema}.${relation.name}`;

/** A system relation declared with PostgreSQL's column types and rows given as records by column name. */
export interface SystemRelationSpec {
  readonly schema: SystemSchema;
  readonly name: string;
  readonly oid: number;
  readonly relkind?: 'r' | 'v';
  /** `column: 'postgresql type'`, in PostgreSQL's column order. */
  readonly columns: Readonly<Record<string, string>>;
  /** Rows by column name; every column must be given (NULL as `null`). */
  rows(context: SystemContext): Iterable<Readonly<Record<string, Value>>>;
}

export function defineSystemRelation(spec: SystemRelationSpec): SystemRelation {
  const columns = systemColumns(spec.columns);
  const names = columns.map((c) => c.name);
  return {
    schema: spec.schema,
    name: spec.name,
    oid: spec.oid,
    relkind: spec.relkind ?? 'r',
    columns,
    rows(context) {
      const out: Row[] = [];
      for (const record of spec.rows(context)) {
        out.push(
          names.map((name) => {
            const value = record[name];
            if (value === undefined) throw new Error(`${spec.name}.${name} has no value (this is a bug)`);
            return value;
          }),
        );
      }
      return out;
    },
  };
}
