// A total order on value representations, used to break ties between rows that ORDER BY keys call equal.
import { Numeric } from '../../types/numeric.js';
import type { Interval } from '../../types/interval.js';
import type { Value } from '../../types/value.js';

/** Rank of each kind of representation; rows of one column always hold one kind besides NULL. */
const NULL_RANK = 0;
const BOOLEAN_RANK = 1;
const NUMBER_RANK = 2;
const BIGINT_RANK = 3;
const STRING_RANK = 4;
const NUMERIC_RANK = 5;
const BYTES_RANK = 6;
const ARRAY_RANK = 7;
const INTERVAL_RANK = 8;

function kindRank(value: Value): number {
  switch (typeof value) {
    case 'boolean':
      return BOOLEAN_RANK;
    case 'number':
      return NUMBER_RANK;
    case 'bigint':
      return BIGINT_RANK;
    case 'string':
      return STRING_RANK;
    default:
      if (value === null) return NULL_RANK;
      if (value instanceof Numeric) return NUMERIC_RANK;
      if (value instanceof Uint8Array) return BYTES_RANK;
      if (Array.isArray(value)) return ARRAY_RANK;
      return INTERVAL_RANK;
  }
}

const sign = (a: number | bigint | string | boolean, b: number | bigint | string | boolean): number =>
  a < b ? -1 : a > b ? 1 : 0;

/**
 * Compares two value representations. The order is total and deterministic and returns 0 exactly when
 * `sameValue` is true; it is not SQL's order (numeric 2.0 and 2.00 differ, NaN sorts after every number),
 * only a stable tie-breaker.
 */
export function compareRepresentations(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return compareFloats(a, b);
  if (a === b) return 0;
  const rankA = kindRank(a);
  const rankB = kindRank(b);
  if (rankA !== rankB) return rankA - rankB;
  switch (rankA) {
    case BOOLEAN_RANK:
    case BIGINT_RANK:
    case STRING_RANK:
      return sign(a as boolean | bigint | string, b as boolean | bigint | string);
    case NUMERIC_RANK:
      return sign((a as Numeric).scale, (b as Numeric).scale) || sign((a as Numeric).raw, (b as Numeric).raw);
    case BYTES_RANK:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case ARRAY_RANK:
      return compareRowRepresentations(a as readonly Value[], b as readonly Value[]);
    case INTERVAL_RANK:
      return compareIntervals(a as Interval, b as Interval);
    default:
      return 0;
  }
}

function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
  // At least one NaN: NaN sorts last and equals itself.
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let byteIdx = 0; byteIdx < length; byteIdx++) {
    if (a[byteIdx] !== b[byteIdx]) return a[byteIdx] - b[byteIdx];
  }
  return a.length - b.length;
}

const compareIntervals = (a: Interval, b: Interval): number =>
  sign(a.months, b.months) || sign(a.days, b.days) || sign(a.micros, b.micros);

/** Compares rows column by column with `compareRepresentations`, then by length. */
export function compareRowRepresentations(a: readonly Value[], b: readonly Value[]): number {
  const length = Math.min(a.length, b.length);
  for (let columnIdx = 0; columnIdx < length; columnIdx++) {
    const order = compareRepresentations(a[columnIdx], b[columnIdx]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
