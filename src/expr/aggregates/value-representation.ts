// Value representations finer than SQL equality: 2.0 and 2.00 are equal numerics that print differently.
import { elementType, isArrayType } from '../../types/data-type.js';
import type { DataType } from '../../types/data-type.js';
import type { Interval } from '../../types/interval.js';
import type { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';

/**
 * For types where values equal under SQL comparison can still differ in print (numeric scale, interval fields,
 * float zero sign, arrays of these), a test of identical representation; undefined for types where equality
 * already means identical. Aggregates that return an input value (min, max, percentile_disc, mode) use it to
 * return the representation PostgreSQL would: the one scanned last among equals.
 */
export function sameRepresentation(type: DataType): ((a: Value, b: Value) => boolean) | undefined {
  if (isArrayType(type)) {
    const element = sameRepresentation(elementType(type));
    if (element === undefined) return undefined;
    return (a, b) => {
      const left = a as readonly Value[];
      const right = b as readonly Value[];
      if (left.length !== right.length) return false;
      for (let index = 0; index < left.length; index++) {
        const x = left[index]!;
        const y = right[index]!;
        if (x === null || y === null ? x !== y : !element(x, y)) return false;
      }
      return true;
    };
  }
  switch (type) {
    case 'numeric':
      return (a, b) => (a as Numeric).scale === (b as Numeric).scale && (a as Numeric).raw === (b as Numeric).raw;
    case 'interval':
      return (a, b) => {
        const x = a as Interval;
        const y = b as Interval;
        return x.months === y.months && x.days === y.days && x.micros === y.micros;
      };
    case 'float4':
    case 'float8':
      return (a, b) => Object.is(a, b);
    default:
      return undefined;
  }
}

/**
 * Encodes a value of `type` as a string that identifies its representation exactly (numeric scale and
 * interval fields included), for hash maps of identical inputs. Injective per type.
 */
export function representationKey(type: DataType): (value: Value) => string {
  if (isArrayType(type)) {
    const element = representationKey(elementType(type));
    return (value) =>
      value === null ? 'N' : JSON.stringify((value as readonly Value[]).map((item) => (item === null ? null : element(item))));
  }
  const encode = scalarKey(type);
  return (value) => (value === null ? 'N' : 'v' + encode(value));
}

function scalarKey(type: DataType): (value: Value) => string {
  switch (type) {
    case 'numeric':
      return (value) => `${(value as Numeric).raw}e${(value as Numeric).scale}`;
    case 'interval':
      return (value) => `${(value as Interval).months}/${(value as Interval).days}/${(value as Interval).micros}`;
    case 'float4':
    case 'float8':
      return (value) => (Object.is(value, -0) ? '-0' : String(value));
    case 'bytea':
      return (value) => latin1(value as Uint8Array);
    case 'boolean':
      return (value) => (value ? 't' : 'f');
    default:
      return (value) => String(value);
  }
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index++) text += String.fromCharCode(bytes[index]!);
  return text;
}

/** A key for a tuple of values of the given types: one string per distinct tuple of representations. */
export function tupleRepresentationKey(types: readonly DataType[]): (values: readonly Value[]) => string {
  const encoders = types.map(representationKey);
  if (encoders.length === 1) {
    const only = encoders[0]!;
    return (values) => only(values[0]!);
  }
  return (values) => JSON.stringify(encoders.map((encode, index) => encode(values[index]!)));
}
