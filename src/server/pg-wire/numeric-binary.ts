// NUMERIC in PostgreSQL's binary format (numeric_send / numeric_recv): base-10000 digits with a weight.
import { Numeric } from '../../types/numeric.js';
import type { MessageWriter } from './message-writer.js';
import { WireError } from './wire-error.js';

const SIGN_POSITIVE = 0x0000;
const SIGN_NEGATIVE = 0x4000;
const SIGN_NAN = 0xc000;
const SIGN_POSITIVE_INFINITY = 0xd000;
const SIGN_NEGATIVE_INFINITY = 0xf000;
const DIGITS_PER_GROUP = 4;
const INFINITY_DISPLAY_SCALE = 32;

/** Writes `value` as ndigits, weight, sign, dscale and its base-10000 digits (leading and trailing zero digits dropped). */
export function writeNumeric(w: MessageWriter, value: Numeric): void {
  if (value.isSpecial()) {
    if (value.isNaN()) {
      w.int16(0).int16(0).int16(SIGN_NAN).int16(0);
      return;
    }
    // numeric_send reads the display scale of ±Infinity from header bits it does not set, and gets 32.
    w.int16(0).int16(0).int16(value.sign() > 0 ? SIGN_POSITIVE_INFINITY : SIGN_NEGATIVE_INFINITY).int16(INFINITY_DISPLAY_SCALE);
    return;
  }
  const negative = value.unscaled < 0n;
  const scale = value.scale;
  // Padding the fraction to whole groups aligns the groups on the decimal point.
  const pad = (DIGITS_PER_GROUP - (scale % DIGITS_PER_GROUP)) % DIGITS_PER_GROUP;
  const fractionGroups = (scale + pad) / DIGITS_PER_GROUP;
  const groups = base10000Groups((negative ? -value.unscaled : value.unscaled) * POWERS_OF_TEN[pad]!);
  let lowest = 0;
  while (lowest < groups.length && groups[lowest] === 0) lowest++;
  const count = groups.length - lowest;
  const weight = count === 0 ? 0 : groups.length - 1 - fractionGroups;
  w.int16(count).int16(weight).int16(negative ? SIGN_NEGATIVE : SIGN_POSITIVE).int16(scale);
  for (let index = groups.length - 1; index >= lowest; index--) w.int16(groups[index]!);
}

const POWERS_OF_TEN = [1n, 10n, 100n, 1000n];
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The base-10000 digits of a non-negative integer, least significant first (none for zero). */
function base10000Groups(magnitude: bigint): number[] {
  const groups: number[] = [];
  if (magnitude <= MAX_SAFE) {
    // Most values fit a double exactly; number arithmetic is much cheaper than bigint's.
    let rest = Number(magnitude);
    while (rest > 0) {
      groups.push(rest % 10000);
      rest = Math.floor(rest / 10000);
    }
    return groups;
  }
  let rest = magnitude;
  while (rest > 0n) {
    groups.push(Number(rest % 10000n));
    rest /= 10000n;
  }
  return groups;
}

/** Reads a binary NUMERIC; the result has the display scale the sender gave (dscale). */
export function readNumeric(bytes: Buffer): Numeric {
  if (bytes.length < 8) throw invalidNumeric();
  const count = bytes.readUInt16BE(0);
  const weight = bytes.readInt16BE(2);
  const sign = bytes.readUInt16BE(4);
  const displayScale = bytes.readUInt16BE(6);
  if (bytes.length !== 8 + count * 2) throw invalidNumeric();
  switch (sign) {
    case SIGN_NAN: return Numeric.NAN;
    case SIGN_POSITIVE_INFINITY: return Numeric.POSITIVE_INFINITY;
    case SIGN_NEGATIVE_INFINITY: return Numeric.NEGATIVE_INFINITY;
    case SIGN_POSITIVE:
    case SIGN_NEGATIVE: break;
    default: throw invalidNumeric();
  }
  let unscaled = 0n;
  for (let index = 0; index < count; index++) {
    const digit = bytes.readUInt16BE(8 + index * 2);
    if (digit >= 10000) throw invalidNumeric();
    unscaled = unscaled * 10000n + BigInt(digit);
  }
  if (sign === SIGN_NEGATIVE) unscaled = -unscaled;
  // The digits read so far are the value times 10^exponent.
  const exponent = DIGITS_PER_GROUP * (count - 1 - weight);
  const exact = exponent >= 0 ? new Numeric(unscaled, exponent) : new Numeric(unscaled * 10n ** BigInt(-exponent), 0);
  return count === 0 ? new Numeric(0n, displayScale) : exact.withScale(displayScale);
}

const invalidNumeric = (): WireError => new WireError('22P03', 'invalid external "numeric" value');
