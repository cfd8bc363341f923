// SQL data types as the engine sees them: a closed set of scalar type names, plus one-dimensional arrays.

/** Scalar SQL types. Names are PostgreSQL's internal ones (int4, float8, ...). */
export type ScalarType =
  | 'boolean'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'varchar'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'jsonb'
  /** The type of an untyped literal ('abc', NULL) before resolution, as in PostgreSQL. */
  | 'unknown';

/** A SQL type: a scalar or a one-dimensional array of a scalar (`varchar[]`). */
export type DataType = ScalarType | `${ScalarType}[]`;

/** Type modifiers of a declared column: `numeric(10,2)`, `varchar(32)`. */
export interface TypeModifier {
  readonly precision?: number;
  readonly scale?: number;
  readonly length?: number;
}

export const isArrayType = (type: DataType): type is `${ScalarType}[]` => type.endsWith('[]');

export const elementType = (type: DataType): ScalarType =>
  (isArrayType(type) ? type.slice(0, -2) : type) as ScalarType;

export const arrayOf = (type: ScalarType): DataType => `${type}[]`;

export const isIntegerType = (type: DataType): boolean => type === 'int2' || type === 'int4' || type === 'int8';

export const isNumericType = (type: DataType): boolean =>
  isIntegerType(type) || type === 'float4' || type === 'float8' || type === 'numeric';

export const isTemporalType = (type: DataType): boolean =>
  type === 'date' || type === 'time' || type === 'timestamp' || type === 'timestamptz';

/** PostgreSQL's name for a type, as shown to users in errors and catalogs. */
export function typeDisplayName(type: DataType): string {
  if (isArrayType(type)) return `${typeDisplayName(elementType(type))}[]`;
  switch (type) {
    case 'int2': return 'smallint';
    case 'int4': return 'integer';
    case 'int8': return 'bigint';
    case 'float4': return 'real';
    case 'float8': return 'double precision';
    case 'varchar': return 'character varying';
    case 'timestamp': return 'timestamp without time zone';
    case 'timestamptz': return 'timestamp with time zone';
    case 'time': return 'time without time zone';
    default: return type;
  }
}
