// Relation sizes, as psql's \dt+ and \dm+ show them: pg_table_size and its relatives, estimated from row counts.
import { elementType, isArrayType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import type { ColumnInfo } from '../catalog.js';
import { builtinType, typeOid } from './builtin-types.js';
import { relationByOid, type RelationInfo } from './relation-info.js';
import type { RowCounts, SystemContext } from './system-relation.js';
import type { SystemFunction } from './system-functions.js';

/** get_typavgwidth's guess for a variable-width value without statistics or a declared maximum. */
const VARIABLE_WIDTH = 32;
/** Beyond this declared maximum, get_typavgwidth stops growing its guess. */
const WIDTH_CAP = 1000;
const VARLENA_HEADER = 4;
/** The most bytes a character takes in UTF-8, Tally's (and its database's) encoding. */
const UTF8_MAX_CHARACTER = 4;
/** A numeric's header, and the decimal digits one of its base-10000 digits holds (numeric.c). */
const NUMERIC_HEADER = 8;
const DECIMAL_DIGITS = 4;

/** type_maximum_size: the most bytes a value of the column's declared type takes; undefined when unbounded. */
function maximumWidth(column: ColumnInfo): number | undefined {
  if (column.type === 'varchar' && column.modifier?.length !== undefined) return column.modifier.length * UTF8_MAX_CHARACTER + VARLENA_HEADER;
  if (column.type === 'numeric' && column.modifier?.precision !== undefined) {
    const digits = Math.floor((column.modifier.precision + 2 * (DECIMAL_DIGITS - 1)) / DECIMAL_DIGITS);
    return NUMERIC_HEADER + digits * 2;
  }
  return undefined;
}

/**
 * The bytes a value of the column takes, as PostgreSQL's planner guesses for a column it has no statistics for
 * (get_typavgwidth): a fixed-width type's length; for a variable-width type its declared maximum when small, half
 * of the excess over 32 bytes when larger, and 32 bytes without one.
 */
function columnWidth(column: ColumnInfo): number {
  const length = isArrayType(column.type) ? -1 : (builtinType(typeOid(elementType(column.type)))?.type.length ?? -1);
  if (length > 0) return length;
  const maximum = maximumWidth(column);
  if (maximum === undefined) return VARIABLE_WIDTH;
  if (maximum <= VARIABLE_WIDTH) return maximum;
  return VARIABLE_WIDTH + Math.floor((Math.min(maximum, WIDTH_CAP) - VARIABLE_WIDTH) / 2);
}

/** The estimated bytes of one row of a relation: the sum of its columns' widths, a hidden row id included (it is kept). */
export const estimatedRowWidth = (columns: readonly ColumnInfo[]): number => columns.reduce((sum, column) => sum + columnWidth(column), 0);

/**
 * The rows a table or materialized view holds, or undefined when unknown: no engine counts them, the relation keeps
 * none (views, sources, sinks, system relations), or the user reads it through a row scope — the count would tell
 * how many rows outside its scope exist.
 */
export function relationRowCount(context: SystemContext, counts: RowCounts | undefined, relation: RelationInfo): number | undefined {
  const kind = relation.entry?.kind;
  if (kind !== 'table' && kind !== 'materializedView') return undefined;
  if (context.access !== undefined && context.access.scope.length > 0) return undefined;
  return counts?.(relation.name);
}

/**
 * pg_table_size: Tally keeps rows in memory and checkpoints every relation into one store, so no file per relation
 * has a size to report. A table's or materialized view's size is its row count times the estimated width of a row
 * (`estimatedRowWidth`); views, sources, sinks and system relations keep no rows: 0 bytes, as PostgreSQL says of a
 * view. NULL for an OID that names no relation the user sees, or when the row count is unknown.
 */
export function relationSize(context: SystemContext, counts: RowCounts | undefined, oid: number): bigint | null {
  const relation = relationByOid(context, oid);
  if (!relation) return null;
  const kind = relation.entry?.kind;
  if (kind !== 'table' && kind !== 'materializedView') return 0n;
  const rows = relationRowCount(context, counts, relation);
  return rows === undefined ? null : BigInt(rows) * BigInt(estimatedRowWidth(relation.columns));
}

const FORKS = new Set(['main', 'fsm', 'vm', 'init']);

/** pg_relation_size(oid, fork): only the main fork holds rows; Tally keeps no free space or visibility maps. */
function forkSize(context: SystemContext, counts: RowCounts | undefined, oid: number, fork: string): bigint | null {
  if (!FORKS.has(fork)) {
    throw new SqlError('invalid_parameter_value', 'invalid fork name', { hint: 'Valid fork names are "main", "fsm", "vm", and "init".' });
  }
  const size = relationSize(context, counts, oid);
  return fork === 'main' || size === null ? size : 0n;
}

const oidOf = (value: Value): number => Number(value as bigint);

/** The counts are read when the call is bound, so that every row of a statement sees the same ones. */
const sizeOf = (context: SystemContext) => {
  const counts = context.readRowCounts?.();
  return (oid: Value) => relationSize(context, counts, oidOf(oid));
};

/** OID parameters are int8, as those of the other catalog functions (see system-functions.ts). */
export const RELATION_SIZE_FUNCTIONS: readonly SystemFunction[] = [
  { name: 'pg_table_size', params: ['int8'], returns: 'int8', impl: sizeOf },
  { name: 'pg_relation_size', params: ['int8'], returns: 'int8', impl: sizeOf },
  {
    name: 'pg_relation_size',
    params: ['int8', 'varchar'],
    returns: 'int8',
    impl: (context) => {
      const counts = context.readRowCounts?.();
      return (oid, fork) => forkSize(context, counts, oidOf(oid), fork as string);
    },
  },
  // No indexes and no TOAST tables: a relation's total size is its table size.
  { name: 'pg_total_relation_size', params: ['int8'], returns: 'int8', impl: sizeOf },
  { name: 'pg_indexes_size', params: ['int8'], returns: 'int8', impl: (context) => (oid) => (relationByOid(context, oidOf(oid)) ? 0n : null) },
];
