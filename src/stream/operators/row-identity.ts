// Identity of value representations: row keys and equality that tell 2.0 from 2.00, for multiset state.
import { Numeric } from '../../types/numeric.js';
import type { Interval } from '../../types/interval.js';
import type { Value } from '../../types/value.js';

/**
 * Encodes a row into a string equal for two rows iff they hold the same representations column by column.
 * Unlike the SQL grouping keys of `types/key.ts`, this tells apart values that are equal but print differently
 * (numeric 2.0 and 2.00, interval '1 day' and '24:00:00', float 0 and -0): a multiset of output rows must keep
 * both, and a retraction always carries the exact representation that was inserted. Needs no column types.
 */
export function rowIdentityKey(row: readonly Value[]): string {
  let key = '';
  for (let columnIdx = 0; columnIdx < row.length; columnIdx++) key += valueIdentityKey(row[columnIdx]);
  return key;
}

/** Self-delimiting encoding of one value: a tag, then a content that cannot run into the next value. */
function valueIdentityKey(value: Value): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return Object.is(value, -0) ? 'd-0;' : `d${value};`;
    case 'bigint':
      return `b${value};`;
    case 'boolean':
      return value ? 'T' : 'F';
    default:
      if (value === null) return 'N';
      if (value instanceof Numeric) return `m${value.raw}e${value.scale};`;
      if (value instanceof Uint8Array) return bytesIdentityKey(value);
      if (Array.isArray(value)) return `a${value.length}:${rowIdentityKey(value as readonly Value[])}`;
      return intervalIdentityKey(value as Interval);
  }
}

function bytesIdentityKey(bytes: Uint8Array): string {
  let key = `x${bytes.length}:`;
  for (let byteIdx = 0; byteIdx < bytes.length; byteIdx++) key += String.fromCharCode(bytes[byteIdx]);
  return key;
}

const intervalIdentityKey = (interval: Interval): string =>
  `i${interval.months},${interval.days},${interval.micros};`;

/** True when two values are the same representation (what `rowIdentityKey` distinguishes); NULL is the same as NULL. */
export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  // One form per value: the same integer is the same number or the same bigint.
  if (a instanceof Numeric) return b instanceof Numeric && a.raw === b.raw && a.scale === b.scale;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && sameBytes(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && sameRow(a as readonly Value[], b as readonly Value[]);
  if (b instanceof Numeric || b instanceof Uint8Array || Array.isArray(b)) return false;
  const left = a as Interval;
  const right = b as Interval;
  return left.months === right.months && left.days === right.days && left.micros === right.micros;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let byteIdx = 0; byteIdx < a.length; byteIdx++) if (a[byteIdx] !== b[byteIdx]) return false;
  return true;
}

/** True when two rows have the same length and the same representation in every column. */
export function sameRow(a: readonly Value[], b: readonly Value[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let columnIdx = 0; columnIdx < a.length; columnIdx++) if (!sameValue(a[columnIdx], b[columnIdx])) return false;
  return true;
}
