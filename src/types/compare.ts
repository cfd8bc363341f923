// Ordering and equality of non-null SQL values, as PostgreSQL's btree operators (C collation for text).
import { elementType, isArrayType, type DataType, type ScalarType } from './data-type.js';
import type { Interval } from './interval.js';
import type { Numeric } from './numeric.js';
import type { Value } from './value.js';

export type Comparator = (a: Value, b: Value) => number;

const compareNumbers: Comparator = (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/** float4/float8 order: NaN equals NaN and sorts above everything, -0 equals 0 (float8_cmp_internal). */
const compareFloats: Comparator = (a, b) => {
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  const xNaN = Number.isNaN(x);
  const yNaN = Number.isNaN(y);
  return xNaN === yNaN ? 0 : xNaN ? 1 : -1;
};

const compareBigInts: Comparator = (a, b) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);

const compareBooleans: Comparator = (a, b) => (a === b ? 0 : a ? 1 : -1);

const compareNumerics: Comparator = (a, b) => (a as Numeric).compare(b as Numeric);

const compareIntervals: Comparator = (a, b) => (a as Interval).compare(b as Interval);

/**
 * Code point order (PostgreSQL's C collation = UTF-8 byte order). UTF-16 code unit order agrees except
 * between surrogates and U+E000..U+FFFF, which the slow path fixes up.
 */
export const compareStrings: Comparator = (a, b) => {
  const x = a as string;
  const y = b as string;
  if (x === y) return 0;
  const order = x < y ? -1 : 1;
  // Code units and code points disagree only if both strings hold units from U+D800 up.
  if (!HIGH_UNITS.test(x) || !HIGH_UNITS.test(y)) return order;
  return compareCodePoints(x, y);
};

const HIGH_UNITS = /[\uD800-\uFFFF]/;

function compareCodePoints(x: string, y: string): number {
  const length = Math.min(x.length, y.length);
  for (let index = 0; index < length; index++) {
    let cx = x.charCodeAt(index);
    let cy = y.charCodeAt(index);
    if (cx === cy) continue;
    // Surrogates (pairs encode U+10000 and up) move above U+E000..U+FFFF.
    cx = cx >= 0xe000 ? cx - 0x800 : cx >= 0xd800 ? cx + 0x2000 : cx;
    cy = cy >= 0xe000 ? cy - 0x800 : cy >= 0xd800 ? cy + 0x2000 : cy;
    return cx < cy ? -1 : 1;
  }
  return x.length < y.length ? -1 : 1;
}

const compareBytes: Comparator = (a, b) => {
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  const length = Math.min(x.length, y.length);
  for (let index = 0; index < length; index++) {
    if (x[index] !== y[index]) return x[index]! < y[index]! ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
};

function scalarComparator(type: ScalarType): Comparator {
  switch (type) {
    case 'boolean': return compareBooleans;
    case 'int2':
    case 'int4':
    case 'date':
    case 'time': return compareNumbers;
    case 'float4':
    case 'float8': return compareFloats;
    case 'int8':
    case 'timestamp':
    case 'timestamptz': return compareBigInts;
    case 'numeric': return compareNumerics;
    case 'varchar':
    case 'jsonb':
    case 'unknown': return compareStrings;
    case 'bytea': return compareBytes;
    case 'interval': return compareIntervals;
  }
}

/** Arrays compare element by element (a NULL element sorts above any value), then the shorter first. */
function arrayComparator(element: Comparator): Comparator {
  return (a, b) => {
    const x = a as readonly Value[];
    const y = b as readonly Value[];
    const length = Math.min(x.length, y.length);
    for (let index = 0; index < length; index++) {
      const left = x[index] as Value;
      const right = y[index] as Value;
      if (left === null || right === null) {
        if (left === right) continue;
        return left === null ? 1 : -1;
      }
      const order = element(left, right);
      if (order !== 0) return order;
    }
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  };
}

/**
 * The PostgreSQL ordering of non-null values of `type`: numeric by value, text by code point, NaN largest for
 * floats, intervals normalized (30-day months, 24-hour days), false < true, arrays element-wise. Returns
 * -1, 0 or 1. Build once per column and reuse; the returned function does not allocate for scalars.
 */
export function comparator(type: DataType): Comparator {
  if (isArrayType(type)) return arrayComparator(scalarComparator(elementType(type)));
  return scalarComparator(type);
}

/** SQL '=' on non-null values (NaN = NaN holds for floats, as in PostgreSQL; 2.0 = 2.00; '24 h' = '1 d'). */
export function valuesEqual(type: DataType, a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (type) {
    case 'varchar':
    case 'jsonb':
    case 'unknown':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'boolean':
      return false;
    case 'float4':
    case 'float8':
      return Number.isNaN(a as number) && Number.isNaN(b as number);
    default:
      return comparator(type)(a, b) === 0;
  }
}
