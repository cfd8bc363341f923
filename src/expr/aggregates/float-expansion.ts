// ExactFloatSum: an exact sum of doubles (or of their squares) as non-overlapping partials (Shewchuk; math.fsum).
import type { Value } from '../../types/value.js';
import type { SavedFields, SavedPart } from './saved-state.js';

/** Magnitudes from which values go to the scaled-down expansion, so that no partial sum can overflow. */
const LARGE_VALUE = 2 ** 900;
const LARGE_SQUARE_ROOT = 2 ** 450;
const VALUE_SHIFT = 200;
const SQUARE_SHIFT = 1100;

/**
 * The exact sum of finite doubles (or of their squares), so that retracting a value restores exactly the sum
 * of the rest: a plain double accumulator would keep the rounding error of every value that came and went.
 * Values of huge magnitude are kept apart, scaled down by a power of two (exact), so that no partial sum
 * overflows whatever the order of additions; only the final rounding may exceed the double range.
 */
export class ExactFloatSum implements SavedPart {
  private readonly small = new FloatExpansion();
  /** Huge values, scaled down; made on the first one. */
  private large: FloatExpansion | undefined;

  private constructor(private readonly squares: boolean) {}

  /** A sum of values (add). */
  static ofValues(): ExactFloatSum {
    return new ExactFloatSum(false);
  }

  /** A sum of squares (addSquare). */
  static ofSquares(): ExactFloatSum {
    return new ExactFloatSum(true);
  }

  clear(): void {
    this.small.clear();
    this.large = undefined;
  }

  get isZero(): boolean {
    return this.small.isEmpty && (this.large === undefined || this.large.isEmpty);
  }

  /** Adds `weight` copies of a finite value (a retraction when weight < 0). */
  add(value: number, weight: number): void {
    if (Math.abs(value) < LARGE_VALUE) this.small.add(value, weight);
    else (this.large ??= new FloatExpansion()).add(value * 2 ** -VALUE_SHIFT, weight);
  }

  /** Adds `weight` copies of the square of a finite value, exactly unless the square underflows. */
  addSquare(value: number, weight: number): void {
    if (Math.abs(value) < LARGE_SQUARE_ROOT) this.small.addProduct(value, weight);
    else (this.large ??= new FloatExpansion()).addProduct(value * 2 ** -(SQUARE_SHIFT / 2), weight);
  }

  /** The partials of both expansions (NULL while no huge value came): later additions then round alike. */
  saveTo(out: Value[]): void {
    out.push(this.small.partialsInOrder(), this.large === undefined ? null : this.large.partialsInOrder());
  }

  loadFrom(fields: SavedFields): void {
    this.small.setPartials(fields.numbers());
    const large = fields.optionalNumbers();
    if (large === undefined) this.large = undefined;
    else (this.large = new FloatExpansion()).setPartials(large);
  }

  /** The exact sum rounded once to the nearest double; ±Infinity when it exceeds the double range. */
  value(): number {
    if (this.large === undefined || this.large.isEmpty) return this.small.value();
    const { mantissa, exponent } = this.toScaledBigInt();
    return ratioToFloat(mantissa, 1n, exponent);
  }

  /** The exact sum as mantissa × 2^exponent with an integer mantissa. */
  toScaledBigInt(): { readonly mantissa: bigint; readonly exponent: number } {
    const small = this.small.toScaledBigInt();
    if (this.large === undefined || this.large.isEmpty) return small;
    const large = this.large.toScaledBigInt();
    const largeExponent = large.exponent + (this.squares ? SQUARE_SHIFT : VALUE_SHIFT);
    if (small.mantissa === 0n) return { mantissa: large.mantissa, exponent: largeExponent };
    const exponent = Math.min(small.exponent, largeExponent);
    const mantissa =
      (small.mantissa << BigInt(small.exponent - exponent)) + (large.mantissa << BigInt(largeExponent - exponent));
    return { mantissa, exponent };
  }
}

/** The exact sum of doubles whose partial sums stay in range, as Shewchuk's expansion. */
class FloatExpansion {
  /** Non-overlapping doubles of increasing magnitude summing exactly to the total; seldom more than four. */
  private readonly partials: number[] = [0, 0, 0, 0];
  private length = 0;

  get isEmpty(): boolean {
    return this.length === 0;
  }

  clear(): void {
    this.length = 0;
  }

  /** The partials, smallest magnitude first. */
  partialsInOrder(): number[] {
    return this.partials.slice(0, this.length);
  }

  /** Makes `partials` (as `partialsInOrder` returned them) the expansion. */
  setPartials(partials: readonly number[]): void {
    this.partials.length = Math.max(4, partials.length);
    this.partials.fill(0);
    for (let index = 0; index < partials.length; index++) this.partials[index] = partials[index]!;
    this.length = partials.length;
  }

  /** Adds `weight` copies of a finite double (a retraction when weight < 0). */
  add(value: number, weight: number): void {
    if (weight === 1) this.addExact(value);
    else if (weight === -1) this.addExact(-value);
    else {
      const high = value * weight;
      this.addExact(high);
      this.addExact(productError(value, weight, high));
    }
  }

  /** Adds `weight` copies of value², exactly as long as the square stays a normal double. */
  addProduct(value: number, weight: number): void {
    const square = value * value;
    const error = productError(value, value, square);
    this.add(square, weight);
    if (error !== 0) this.add(error, weight);
  }

  /** Grow-expansion with zero elimination: each partial absorbs what it can, the rounding errors stay exact. */
  private addExact(value: number): void {
    if (value === 0) return;
    const partials = this.partials;
    const length = this.length;
    let x = value;
    let kept = 0;
    for (let index = 0; index < length; index++) {
      let y = partials[index]!;
      if ((x < 0 ? -x : x) < (y < 0 ? -y : y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[kept++] = low;
      x = high;
    }
    if (x !== 0) {
      if (kept === partials.length) partials.push(x);
      else partials[kept] = x;
      kept++;
    }
    this.length = kept;
  }

  /** The exact sum rounded once to the nearest double (ties to even), as math.fsum. */
  value(): number {
    const partials = this.partials;
    let n = this.length;
    if (n === 0) return 0;
    let high = partials[--n]!;
    let low = 0;
    while (n > 0) {
      const x = high;
      const y = partials[--n]!;
      high = x + y;
      low = y - (high - x);
      if (low !== 0) break;
    }
    // A remainder exactly half an ulp may hide a further partial that tips the rounding.
    if (n > 0 && ((low < 0 && partials[n - 1]! < 0) || (low > 0 && partials[n - 1]! > 0))) {
      const y = low * 2;
      const x = high + y;
      if (y === x - high) high = x;
    }
    return high;
  }

  /** The exact sum as mantissa × 2^exponent with an integer mantissa, for exact arithmetic at result time. */
  toScaledBigInt(): { readonly mantissa: bigint; readonly exponent: number } {
    let exponent = 0;
    const parts = this.partials.slice(0, this.length).map(decompose);
    if (parts.length > 0) exponent = Math.min(...parts.map((part) => part.exponent));
    let mantissa = 0n;
    for (const part of parts) mantissa += part.mantissa << BigInt(part.exponent - exponent);
    return { mantissa, exponent };
  }
}

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's split of a double into two 26-bit halves

/** The rounding error of a * b = product (Dekker's two-product); exact unless the operands are huge or tiny. */
function productError(a: number, b: number, product: number): number {
  const aSplit = SPLITTER * a;
  const aHigh = aSplit - (aSplit - a);
  const aLow = a - aHigh;
  const bSplit = SPLITTER * b;
  const bHigh = bSplit - (bSplit - b);
  const bLow = b - bHigh;
  const error = aLow * bLow - (((product - aHigh * bHigh) - aLow * bHigh) - aHigh * bLow);
  return Number.isFinite(error) ? error : 0;
}

const bits = new DataView(new ArrayBuffer(8));

/** A finite double as mantissa × 2^exponent with an integer mantissa. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  bits.setFloat64(0, value);
  const high = bits.getUint32(0);
  const low = bits.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const signed = high >>> 31 === 1 ? -mantissa : mantissa;
  return { mantissa: signed, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** numerator / denominator × 2^exponent rounded to the nearest double (denominator > 0). */
export function ratioToFloat(numerator: bigint, denominator: bigint, exponent: number): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  let num = negative ? -numerator : numerator;
  let den = denominator;
  // Scale so that the quotient has about 66 significant bits, then keep a sticky bit for correct rounding.
  const shift = bitLength(num) - bitLength(den) - 66;
  if (shift > 0) den <<= BigInt(shift);
  else num <<= BigInt(-shift);
  let quotient = num / den;
  if (quotient * den !== num) quotient |= 1n;
  const magnitude = scaleByPowerOfTwo(Number(quotient), exponent + shift);
  return negative ? -magnitude : magnitude;
}

const bitLength = (value: bigint): number => value.toString(2).length;

/** value × 2^exponent without overflowing or underflowing the intermediate powers of two. */
function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let rest = exponent;
  while (rest > 1000) {
    result *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    result *= 2 ** -1000;
    rest += 1000;
  }
  return result * 2 ** rest;
}
