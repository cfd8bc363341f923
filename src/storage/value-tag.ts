// The one-byte tags of the binary value codec: each encoded value starts with one, and its payload follows.

/**
 * Tags are part of the on-disk format of checkpoints: never renumber one, only add new ones (and bump the
 * store's format version if an old reader could misread the new data).
 *
 * Payloads ("uint" is an unsigned LEB128 varint of a safe integer):
 * - NULL, FALSE, TRUE, NUMERIC_NAN, NUMERIC_POSITIVE_INFINITY, NUMERIC_NEGATIVE_INFINITY: none
 * - INT32: zigzag varint of a 32-bit integer that is not -0 (the common number)
 * - FLOAT64: 8 bytes, IEEE 754 little endian (any other number: -0, NaN, fractions, large integers)
 * - INT64: 8 bytes, two's complement little endian (a bigint in the int8 range)
 * - BIGINT_POSITIVE, BIGINT_NEGATIVE: uint byte count, then the magnitude big endian (any other bigint)
 * - STRING: uint byte count, then UTF-8
 * - STRING_UTF16: uint code unit count, then UTF-16 little endian (strings with lone surrogates, which UTF-8
 *   cannot carry)
 * - NUMERIC_POSITIVE, NUMERIC_NEGATIVE: uint scale, uint |unscaled| (below 2^53)
 * - NUMERIC_BIG: uint scale, then the unscaled value as an INT64 or BIGINT_* value
 * - INTERVAL: months, days and micros, each as a complete value
 * - BYTES: uint byte count, then the bytes
 * - ARRAY: uint element count, then each element as a complete value
 */
export const ValueTag = {
  NULL: 0,
  FALSE: 1,
  TRUE: 2,
  INT32: 3,
  FLOAT64: 4,
  INT64: 5,
  BIGINT_POSITIVE: 6,
  BIGINT_NEGATIVE: 7,
  STRING: 8,
  STRING_UTF16: 9,
  NUMERIC_POSITIVE: 10,
  NUMERIC_NEGATIVE: 11,
  NUMERIC_BIG: 12,
  NUMERIC_NAN: 13,
  NUMERIC_POSITIVE_INFINITY: 14,
  NUMERIC_NEGATIVE_INFINITY: 15,
  INTERVAL: 16,
  BYTES: 17,
  ARRAY: 18,
} as const;
