// SQL type names as written in DDL and casts ('double precision', 'varchar(32)', 'int[]') -> DataType.
import type { DataType, ScalarType, TypeModifier } from './data-type.js';
import { SqlError } from './error.js';

/** Spellings of each type, lower case with single blanks; includes PostgreSQL's internal names. */
const NAMES = new Map<string, ScalarType>([
  ['int', 'int4'], ['integer', 'int4'], ['int4', 'int4'], ['serial', 'int4'], ['serial4', 'int4'],
  ['smallint', 'int2'], ['int2', 'int2'], ['smallserial', 'int2'], ['serial2', 'int2'],
  ['bigint', 'int8'], ['int8', 'int8'], ['bigserial', 'int8'], ['serial8', 'int8'],
  ['real', 'float4'], ['float4', 'float4'],
  ['double', 'float8'], ['double precision', 'float8'], ['float8', 'float8'], ['float', 'float8'],
  ['numeric', 'numeric'], ['decimal', 'numeric'], ['dec', 'numeric'],
  ['varchar', 'varchar'], ['character varying', 'varchar'], ['char varying', 'varchar'], ['text', 'varchar'],
  ['string', 'varchar'], ['char', 'varchar'], ['character', 'varchar'], ['bpchar', 'varchar'], ['name', 'varchar'],
  ['boolean', 'boolean'], ['bool', 'boolean'],
  ['bytea', 'bytea'],
  ['date', 'date'],
  ['time', 'time'], ['time without time zone', 'time'],
  ['timestamp', 'timestamp'], ['timestamp without time zone', 'timestamp'],
  ['timestamptz', 'timestamptz'], ['timestamp with time zone', 'timestamptz'],
  ['interval', 'interval'],
  ['jsonb', 'jsonb'], ['json', 'jsonb'],
]);

/** True for a built-in type's spelling as the parser normalizes it (`int`, `double precision`), lower case. */
export const isBuiltinTypeName = (name: string): boolean => NAMES.has(name);

/**
 * Resolves a type name with its modifiers: `numeric(10,2)` gives precision 10 and scale 2, `varchar(32)`
 * length 32, `float(p)` real for p <= 24 and double precision above, `timestamp(3)` keeps its precision as
 * `precision`. Unknown names: SqlError undefined_object 'type "x" does not exist'.
 */
export function resolveTypeName(
  name: string,
  modifiers: readonly number[],
  isArray: boolean,
): { type: DataType; modifier?: TypeModifier } {
  const normalized = name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^pg_catalog\./, '');
  let scalar = NAMES.get(normalized);
  if (scalar === undefined) throw new SqlError('undefined_object', `type "${name}" does not exist`);
  let modifier: TypeModifier | undefined;
  switch (scalar) {
    case 'numeric':
      modifier = numericModifier(modifiers);
      break;
    case 'varchar':
      modifier = lengthModifier(normalized, modifiers);
      break;
    case 'float8':
    case 'float4':
      if ((normalized === 'float' || normalized === 'float8' || normalized === 'float4') && modifiers.length > 0) {
        scalar = floatPrecision(modifiers);
      }
      break;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      if (modifiers.length > 0) modifier = precisionModifier(scalar, modifiers);
      break;
    default:
      if (modifiers.length > 0) {
        throw new SqlError('syntax_error', `type modifier is not allowed for type "${normalized}"`);
      }
  }
  const type: DataType = isArray ? `${scalar}[]` : scalar;
  return modifier === undefined ? { type } : { type, modifier };
}


function numericModifier(modifiers: readonly number[]): TypeModifier | undefined {
  if (modifiers.length === 0) return undefined;
  if (modifiers.length > 2) throw new SqlError('invalid_parameter_value', 'invalid NUMERIC type modifier');
  const precision = modifiers[0]!;
  const scale = modifiers[1] ?? 0;
  if (precision < 1 || precision > 1000) {
    throw new SqlError('invalid_parameter_value', `NUMERIC precision ${precision} must be between 1 and 1000`);
  }
  if (scale < -1000 || scale > 1000) {
    throw new SqlError('invalid_parameter_value', `NUMERIC scale ${scale} must be between -1000 and 1000`);
  }
  return { precision, scale };
}

function lengthModifier(name: string, modifiers: readonly number[]): TypeModifier | undefined {
  if (modifiers.length === 0) {
    // char / character without a length means char(1) in PostgreSQL.
    return name === 'char' || name === 'character' ? { length: 1 } : undefined;
  }
  if (modifiers.length > 1) throw new SqlError('syntax_error', 'invalid type modifier');
  const length = modifiers[0]!;
  if (length < 1) {
    throw new SqlError('invalid_parameter_value', `length for type ${name === 'varchar' ? 'varchar' : name} must be at least 1`);
  }
  if (length > 10485760) {
    throw new SqlError('invalid_parameter_value', `length for type ${name} cannot exceed 10485760`);
  }
  return { length };
}

function floatPrecision(modifiers: readonly number[]): ScalarType {
  const precision = modifiers[0]!;
  if (precision < 1) throw new SqlError('invalid_parameter_value', 'precision for type float must be at least 1 bit');
  if (precision > 53) throw new SqlError('invalid_parameter_value', 'precision for type float must be less than 54 bits');
  return precision <= 24 ? 'float4' : 'float8';
}

function precisionModifier(type: ScalarType, modifiers: readonly number[]): TypeModifier {
  const precision = modifiers[0]!;
  if (precision < 0) {
    throw new SqlError('invalid_parameter_value', `${type.toUpperCase()}(${precision}) precision must not be negative`);
  }
  return { precision: Math.min(precision, 6) };
}
