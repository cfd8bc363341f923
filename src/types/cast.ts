// Casts between SQL types with PostgreSQL's semantics (rounding, range errors, typmod coercion).
import { castContext, type CoercionContext } from './cast-context.js';
import { MICROS_PER_DAY } from './calendar.js';
import { elementType, isArrayType, typeDisplayName, type DataType, type ScalarType, type TypeModifier } from './data-type.js';
import { SqlError } from './error.js';
import { Interval } from './interval.js';
import { roundHalfEven } from './round-half-even.js';
import { Numeric } from './numeric.js';
import { formatTimestamptz as formatTimestamptzIn } from './datetime-format.js';
import { parseTimestamptz as parseTimestamptzIn } from './datetime-parse.js';
import { formatValue, parseValue } from './text-format.js';
import { coerceToModifier } from './type-modifier.js';
import {
  dateToTimestamp,
  timestampToDate,
  timestampToTime,
  timestampToTimestamptz,
  timestamptzToTimestamp,
} from './temporal-cast.js';
import type { Value } from './value.js';

export { canCoerce, commonType, type CoercionContext } from './cast-context.js';

type Cast = (value: Value) => Value;

const INTEGER_RANGE = {
  int2: [-32768, 32767, 'smallint out of range'],
  int4: [-2147483648, 2147483647, 'integer out of range'],
} as const;
const INT8_MIN = -9223372036854775808n;
const INT8_MAX = 9223372036854775807n;

const outOfRange = (message: string): SqlError => new SqlError('numeric_value_out_of_range', message);

function checkInt(value: number, type: 'int2' | 'int4'): number {
  const [min, max, message] = INTEGER_RANGE[type];
  if (!(value >= min && value <= max)) throw outOfRange(message);
  return value;
}

function checkInt8(value: bigint): bigint {
  if (value < INT8_MIN || value > INT8_MAX) throw outOfRange('bigint out of range');
  return value;
}


/** float -> integer: rint (half to even); NaN and out-of-range values are errors. */
function floatToInteger(to: 'int2' | 'int4' | 'int8'): Cast {
  if (to === 'int8') {
    return (value) => {
      const rounded = roundHalfEven(value as number);
      // Doubles at or above 2^63 do not fit, even though 2^63 - 1 would.
      if (!(rounded >= -9223372036854775808 && rounded < 9223372036854775808)) throw outOfRange('bigint out of range');
      return BigInt(rounded);
    };
  }
  return (value) => checkInt(roundHalfEven(value as number), to);
}

/** numeric -> integer: rounds half away from zero; NaN and infinities cannot convert. */
function numericToInteger(to: 'int2' | 'int4' | 'int8'): Cast {
  const typeName = to === 'int8' ? 'bigint' : to === 'int4' ? 'integer' : 'smallint';
  return (value) => {
    const numeric = value as Numeric;
    if (numeric.isNaN()) throw new SqlError('feature_not_supported', `cannot convert NaN to ${typeName}`);
    if (numeric.isInfinite()) throw new SqlError('feature_not_supported', `cannot convert infinity to ${typeName}`);
    const rounded = numeric.toBigInt();
    if (to === 'int8') return checkInt8(rounded);
    if (rounded < -2147483648n || rounded > 2147483647n) throw outOfRange(INTEGER_RANGE[to][2]);
    return checkInt(Number(rounded), to);
  };
}

function toFloat4(value: number): number {
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded) && Number.isFinite(value)) throw outOfRange('value out of range: overflow');
  if (rounded === 0 && value !== 0) throw outOfRange('value out of range: underflow');
  return rounded;
}

/** numeric -> float4 goes through the text form (float4in), whose range errors quote the text. */
function numericToFloat4(value: Numeric): number {
  const result = Math.fround(value.toNumber());
  if (value.isFinite() && (!Number.isFinite(result) || (result === 0 && !value.isZero()))) {
    throw outOfRange(`"${value.toString()}" is out of range for type real`);
  }
  return result;
}

/** Casts between numeric types (integers, floats, numeric). */
function numericCast(from: ScalarType, to: ScalarType): Cast | undefined {
  const fromInt = from === 'int2' || from === 'int4';
  switch (to) {
    case 'int2':
    case 'int4':
      if (fromInt) return (value) => checkInt(value as number, to);
      if (from === 'int8') {
        const [min, max, message] = INTEGER_RANGE[to];
        const low = BigInt(min);
        const high = BigInt(max);
        return (value) => {
          if ((value as bigint) < low || (value as bigint) > high) throw outOfRange(message);
          return Number(value as bigint);
        };
      }
      if (from === 'float4' || from === 'float8') return floatToInteger(to);
      if (from === 'numeric') return numericToInteger(to);
      return undefined;
    case 'int8':
      if (fromInt) return (value) => BigInt(value as number);
      if (from === 'float4' || from === 'float8') return floatToInteger('int8');
      if (from === 'numeric') return numericToInteger('int8');
      return undefined;
    case 'float4':
      if (fromInt || from === 'float8') return (value) => toFloat4(value as number);
      if (from === 'int8') return (value) => Math.fround(Number(value as bigint));
      if (from === 'numeric') return (value) => numericToFloat4(value as Numeric);
      return undefined;
    case 'float8':
      if (fromInt || from === 'float4') return (value) => value;
      if (from === 'int8') return (value) => Number(value as bigint);
      if (from === 'numeric') {
        return (value) => {
          const result = (value as Numeric).toNumber();
          if (!Number.isFinite(result) && (value as Numeric).isFinite()) throw outOfRange('value out of range: overflow');
          return result;
        };
      }
      return undefined;
    case 'numeric':
      if (fromInt) return (value) => Numeric.fromInt(value as number);
      if (from === 'int8') return (value) => Numeric.fromBigInt(value as bigint);
      if (from === 'float8') return (value) => Numeric.fromFloat(value as number);
      if (from === 'float4') return (value) => Numeric.fromFloat4(value as number);
      return undefined;
    default:
      return undefined;
  }
}

/** jsonb -> scalar: only a JSON number (or boolean for boolean) converts. */
function jsonbCast(to: ScalarType): Cast | undefined {
  if (to === 'boolean') {
    return (value) => {
      if (value === 'true' || value === 'false') return value === 'true';
      throw jsonbCannotCast(value as string, to);
    };
  }
  const fromNumeric = to === 'numeric' ? (value: Value) => value : numericCast('numeric', to);
  if (fromNumeric === undefined) return undefined;
  return (value) => {
    const text = value as string;
    const first = text.charCodeAt(0);
    if (!(first === 45 || (first >= 48 && first <= 57))) throw jsonbCannotCast(text, to);
    return fromNumeric(Numeric.parse(text));
  };
}

function jsonbCannotCast(text: string, to: ScalarType): SqlError {
  const kind =
    text === 'null' ? 'null' : text === 'true' || text === 'false' ? 'boolean' : text[0] === '"' ? 'string'
      : text[0] === '{' ? 'object' : text[0] === '[' ? 'array' : 'numeric';
  return new SqlError('invalid_parameter_value', `cannot cast jsonb ${kind} to type ${typeDisplayName(to)}`);
}

function temporalCast(from: ScalarType, to: ScalarType, zone: string | undefined): Cast | undefined {
  switch (`${from}>${to}`) {
    case 'date>timestamp': return (value) => dateToTimestamp(value as number);
    case 'date>timestamptz': return (value) => timestampToTimestamptz(dateToTimestamp(value as number), zone);
    case 'timestamp>date': return (value) => timestampToDate(value as bigint);
    case 'timestamptz>date': return (value) => timestampToDate(timestamptzToTimestamp(value as bigint, zone));
    case 'timestamp>timestamptz': return (value) => timestampToTimestamptz(value as bigint, zone);
    case 'timestamptz>timestamp': return (value) => timestamptzToTimestamp(value as bigint, zone);
    case 'timestamp>time': return (value) => timestampToTime(value as bigint);
    case 'timestamptz>time': return (value) => timestampToTime(timestamptzToTimestamp(value as bigint, zone));
    case 'time>interval': return (value) => new Interval(0, 0, BigInt(value as number));
    case 'interval>time':
      return (value) => {
        const micros = (value as Interval).micros % MICROS_PER_DAY;
        return Number(micros < 0n ? micros + MICROS_PER_DAY : micros);
      };
    default: return undefined;
  }
}

/** The cast of one non-null scalar, without typmod coercion. */
function scalarCast(from: ScalarType, to: ScalarType, zone: string | undefined): Cast | undefined {
  if (from === to) return (value) => value;
  if (from === 'unknown') return to === 'varchar' ? (value) => value : (value) => parseValue(to, value as string);
  if (to === 'varchar' || to === 'unknown') {
    if (from === 'boolean') return (value) => (value ? 'true' : 'false');
    if (from === 'jsonb') return (value) => value;
    if (from === 'timestamptz' && zone !== undefined) return (value) => formatTimestamptzIn(value as bigint, zone);
    return (value) => formatValue(from, value);
  }
  if (from === 'varchar') {
    if (to === 'timestamptz' && zone !== undefined) return (value) => parseTimestamptzIn(value as string, zone);
    return (value) => parseValue(to, value as string);
  }
  if (from === 'int4' && to === 'boolean') return (value) => value !== 0;
  if (from === 'boolean' && to === 'int4') return (value) => (value ? 1 : 0);
  if (from === 'jsonb') return jsonbCast(to);
  return numericCast(from, to) ?? temporalCast(from, to, zone);
}

/**
 * The conversion of a non-null value of `from` to `to`, or undefined when PostgreSQL has no such cast.
 * PostgreSQL semantics: numeric -> int rounds half away from zero, float -> int rounds half to even, range
 * errors ('integer out of range'), text <-> everything through the text forms (boolean -> text is
 * 'true'/'false'), int4 <-> boolean, timestamp <-> timestamptz <-> date in `zone` (session zone, default UTC),
 * then the target modifier: numeric(p,s) rounding with 'numeric field overflow', varchar(n) truncation on an
 * explicit cast or 'value too long' in assignment context, time/timestamp/interval precision rounding.
 */
export function castFunction(
  from: DataType,
  to: DataType,
  modifier?: TypeModifier,
  context: CoercionContext = 'explicit',
  zone?: string,
): ((v: Value) => Value) | undefined {
  if (castContext(from, to) === undefined) return undefined;
  let convert: Cast | undefined;
  if (isArrayType(from) && isArrayType(to)) {
    const element = scalarCast(elementType(from), elementType(to), zone);
    if (element === undefined) return undefined;
    const coerce = modifier === undefined ? undefined : coerceToModifier(elementType(to), modifier, context);
    return (value) =>
      (value as readonly Value[]).map((item) => {
        if (item === null) return null;
        const converted = element(item);
        return coerce === undefined ? converted : coerce(converted);
      });
  }
  if (isArrayType(from)) convert = (value) => formatValue(from, value);
  else if (isArrayType(to)) convert = (value) => parseValue(to, value as string);
  else convert = scalarCast(from as ScalarType, to as ScalarType, zone);
  if (convert === undefined) return undefined;
  if (modifier === undefined || isArrayType(to)) return convert;
  const coerce = coerceToModifier(to as ScalarType, modifier, context);
  if (coerce === undefined) return convert;
  const base = convert;
  return (value) => coerce(base(value));
}
