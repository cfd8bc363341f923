// Coercion of a value to a column's type modifier: numeric(p,s), varchar(n), time/timestamp/interval(p).
import { TIMESTAMP_NEGATIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY } from './calendar.js';
import type { ScalarType, TypeModifier } from './data-type.js';
import { SqlError } from './error.js';
import { Interval } from './interval.js';
import type { Numeric } from './numeric.js';
import { decimalDigits } from './pow10.js';
import type { Value } from './value.js';

type Coercion = (value: Value) => Value;

/** Microseconds per unit of the last kept fractional digit, for precisions 0..5. */
const SCALES = [1_000_000n, 100_000n, 10_000n, 1_000n, 100n, 10n];
/** PostgreSQL rounds timestamps relative to its 2000-01-01 epoch; the sign there decides half-way cases. */
const POSTGRES_EPOCH_MICROS = 946684800000000n;

/** Rounds half away from zero to a multiple of `scale`. */
function roundAway(value: bigint, scale: bigint): bigint {
  const half = scale / 2n;
  return value >= 0n ? ((value + half) / scale) * scale : -(((-value + half) / scale) * scale);
}

/** apply_typmod: round to the scale, then require fewer than precision - scale integer digits. */
function numericCoercion(precision: number, scale: number): Coercion {
  const maxDigits = precision - scale;
  return (value) => {
    const numeric = value as Numeric;
    if (numeric.isNaN()) return numeric;
    if (numeric.isInfinite()) {
      throw new SqlError('numeric_value_out_of_range', 'numeric field overflow', {
        detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
      });
    }
    const rounded = scale >= 0 ? numeric.withScale(scale) : numeric.round(scale);
    if (rounded.unscaled !== 0n) {
      const integerDigits = decimalDigits(rounded.unscaled) - rounded.scale;
      if (integerDigits > maxDigits) {
        throw new SqlError('numeric_value_out_of_range', 'numeric field overflow', {
          detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${
            maxDigits > 0 ? `10^${maxDigits}` : '1'
          }.`,
        });
      }
    }
    return rounded;
  };
}

/** Number of code points of a string (PostgreSQL counts characters, not UTF-16 units). */
function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    if (c < 0xd800 || c > 0xdbff) count++;
  }
  return count;
}

/** The first `length` code points. */
function codePointPrefix(text: string, length: number): string {
  let index = 0;
  for (let count = 0; count < length && index < text.length; count++) {
    const c = text.charCodeAt(index);
    index += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return text.slice(0, index);
}

/** varchar(n): an explicit cast truncates; otherwise only trailing blanks may be cut, else an error. */
function varcharCoercion(length: number, explicit: boolean): Coercion {
  return (value) => {
    const text = value as string;
    if (text.length <= length || codePointLength(text) <= length) return text;
    const prefix = codePointPrefix(text, length);
    if (explicit || /^ *$/.test(text.slice(prefix.length))) return prefix;
    throw new SqlError('string_data_right_truncation', `value too long for type character varying(${length})`);
  };
}

/**
 * The coercion of a value already of `type` to `modifier`, or undefined when the modifier changes nothing.
 * `context` matters for varchar(n): only an explicit cast silently truncates.
 */
export function coerceToModifier(
  type: ScalarType,
  modifier: TypeModifier,
  context: 'implicit' | 'assignment' | 'explicit',
): Coercion | undefined {
  switch (type) {
    case 'numeric':
      if (modifier.precision === undefined) return undefined;
      return numericCoercion(modifier.precision, modifier.scale ?? 0);
    case 'varchar':
      if (modifier.length === undefined) return undefined;
      return varcharCoercion(modifier.length, context === 'explicit');
    case 'timestamp':
    case 'timestamptz': {
      const scale = SCALES[modifier.precision ?? 6];
      if (scale === undefined) return undefined;
      return (value) => {
        const micros = value as bigint;
        if (micros === TIMESTAMP_POSITIVE_INFINITY || micros === TIMESTAMP_NEGATIVE_INFINITY) return micros;
        return roundAway(micros - POSTGRES_EPOCH_MICROS, scale) + POSTGRES_EPOCH_MICROS;
      };
    }
    case 'time': {
      const scale = SCALES[modifier.precision ?? 6];
      if (scale === undefined) return undefined;
      const step = Number(scale);
      return (value) => Math.floor(((value as number) + step / 2) / step) * step;
    }
    case 'interval': {
      const scale = SCALES[modifier.precision ?? 6];
      if (scale === undefined) return undefined;
      return (value) => {
        const interval = value as Interval;
        return new Interval(interval.months, interval.days, roundAway(interval.micros, scale));
      };
    }
    default:
      return undefined;
  }
}
