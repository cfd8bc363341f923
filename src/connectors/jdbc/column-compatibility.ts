// Whether a target column can take every value of a sink column: checked once at open, so writes do not fail later.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { elementType, isArrayType, typeDisplayName, type ScalarType, type TypeModifier } from '../../types/data-type.js';
import type { TargetColumn, TargetKind } from './target-table.js';

/** Decimal digits of the largest value of each integer type, and its size. */
const INTEGER_DIGITS: Partial<Record<ScalarType, number>> = { int2: 5, int4: 10, int8: 19 };
const INTEGER_BYTES: Partial<Record<ScalarType, number>> = { int2: 2, int4: 4, int8: 8 };
/** Digits that an integer of so many bytes always holds (a signed 4-byte integer holds every 9-digit number). */
const DIGITS_HELD: Record<number, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 8: 18 };
/** Integers a float of so many bytes holds exactly: float4 every int2, float8 every int4. */
const FLOAT_HOLDS: Record<number, readonly ScalarType[]> = { 4: ['int2'], 8: ['int2', 'int4'] };

/** A sink column's type as PostgreSQL prints it, with its modifier: `numeric(20,2)`, `character varying(32)`. */
export function sinkTypeName(type: ColumnInfo['type'], modifier?: TypeModifier): string {
  const name = typeDisplayName(type);
  if (modifier?.precision !== undefined && elementType(type) === 'numeric') return `${name}(${modifier.precision},${modifier.scale ?? 0})`;
  if (modifier?.length !== undefined) return `${name}(${modifier.length})`;
  return name;
}

function integerFits(type: ScalarType, target: TargetColumn): boolean {
  switch (target.kind) {
    case 'integer': return (target.bytes ?? 8) >= INTEGER_BYTES[type]!;
    case 'numeric': return target.precision === undefined || target.precision - (target.scale ?? 0) >= INTEGER_DIGITS[type]!;
    case 'float': return FLOAT_HOLDS[target.bytes ?? 8]!.includes(type);
    case 'text': return true;
    default: return false;
  }
}

/** A numeric(p,s) column fits a narrower target only when p and s are known to fit; an unconstrained one is trusted. */
function numericFits(modifier: TypeModifier | undefined, target: TargetColumn): boolean {
  const precision = modifier?.precision;
  const scale = modifier?.scale ?? 0;
  switch (target.kind) {
    case 'numeric':
      if (precision === undefined || target.precision === undefined) return true;
      return (target.scale ?? 0) >= scale && target.precision - (target.scale ?? 0) >= precision - scale;
    case 'integer':
      return precision !== undefined && scale === 0 && precision <= DIGITS_HELD[target.bytes ?? 8]!;
    case 'float':
    case 'text':
      return true;
    default:
      return false;
  }
}

const isKind = (target: TargetColumn | TargetKind, ...kinds: TargetKind[]): boolean =>
  kinds.includes(typeof target === 'string' ? target : target.kind);

function scalarFits(type: ScalarType, modifier: TypeModifier | undefined, target: TargetColumn): boolean {
  switch (type) {
    // MySQL's BOOLEAN is tinyint(1), written as 1 and 0; PostgreSQL has no one-byte integer to mistake for it.
    case 'boolean': return isKind(target, 'boolean', 'text') || (target.kind === 'integer' && target.bytes === 1);
    case 'int2':
    case 'int4':
    case 'int8': return integerFits(type, target);
    case 'float4': return isKind(target, 'float', 'text');
    case 'float8': return (target.kind === 'float' && (target.bytes ?? 8) === 8) || target.kind === 'text';
    case 'numeric': return numericFits(modifier, target);
    case 'varchar':
      if (target.kind === 'text') return modifier?.length === undefined || target.length === undefined || target.length >= modifier.length;
      return target.kind === 'textual';
    case 'unknown': return isKind(target, 'text', 'textual');
    case 'bytea': return target.kind === 'binary';
    case 'date': return isKind(target, 'date', 'timestamp', 'timestamptz', 'text');
    case 'time': return isKind(target, 'time', 'text');
    case 'timestamp':
    case 'timestamptz': return isKind(target, 'timestamp', 'timestamptz', 'text');
    case 'interval': return isKind(target, 'interval', 'text');
    case 'jsonb': return isKind(target, 'json', 'text');
  }
}

/**
 * Whether every value of `column` can be written into `target` without an error or a silent change: integers
 * into integers at least as wide (unsigned ones too: counts are not negative), numeric(p,s) into a numeric
 * with room for p - s integer digits and s decimals, text into text at least as long, timestamps into
 * timestamps, anything into text; arrays into arrays of a fitting element. Values are sent as text, so a
 * float or text target takes numbers and times by the target's own text input.
 */
export function columnFits(column: ColumnInfo, target: TargetColumn): boolean {
  if (!isArrayType(column.type)) return scalarFits(column.type, column.modifier, target);
  if (target.kind === 'text') return true;
  if (target.kind !== 'array' || target.element === undefined) return false;
  const element: TargetColumn = { ...target, kind: target.element };
  return scalarFits(elementType(column.type), column.modifier, element);
}
