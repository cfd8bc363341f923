// A target table as a JDBC sink sees it, the same for PostgreSQL and MySQL: columns by kind, unique keys.

/** What a target column holds, coarsely: enough to tell whether a sink column's values fit. */
export type TargetKind =
  | 'boolean'
  | 'integer'
  | 'float'
  | 'numeric'
  | 'text'
  | 'binary'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'array'
  /** Types read from text that Tally has no type for (uuid, enums): varchar values must be their valid input. */
  | 'textual'
  | 'other';

export interface TargetColumn {
  readonly name: string;
  readonly kind: TargetKind;
  /** The type as the target shows it (`numeric(20,2)`, `bigint unsigned`): for messages. */
  readonly typeName: string;
  /** The type to cast parameters to (PostgreSQL's `format_type` without modifiers). */
  readonly castType: string;
  /** Bytes of an integer column (1, 2, 3, 4, 8); bits of precision do not matter for floats beyond 4 vs 8. */
  readonly bytes?: number;
  readonly unsigned?: boolean;
  /** numeric(precision, scale); undefined precision: unconstrained. */
  readonly precision?: number;
  readonly scale?: number;
  /** Maximum length of a text column; undefined: unbounded. */
  readonly length?: number;
  /** Element kind of an array column. */
  readonly element?: TargetKind;
  readonly nullable: boolean;
  /** Has a default, identity or auto-increment: an insert may leave it out. */
  readonly hasDefault: boolean;
  /** Computed by the target: an insert cannot set it. */
  readonly generated: boolean;
}

/** A target table: its columns in order and the column sets of its unique, non-partial, immediate indexes. */
export interface TargetTable {
  /** Schema (PostgreSQL) or database (MySQL) and name, as found. */
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TargetColumn[];
  readonly uniqueKeys: readonly (readonly string[])[];
}
