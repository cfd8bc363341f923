// Numeric: PostgreSQL's exact decimal (NUMERIC), an immutable bigint scaled by a power of ten.
import { SqlError } from './error.js';
import { decimalDigits, divRoundHalfAway, pow10 } from './pow10.js';
import { numericPower, numericSqrt } from './numeric-math.js';
import { floatToDecimalText } from './float-decimal.js';

/**
 * Scale sentinels of the special values. Keeping NaN and the infinities in the same class (with a negative
 * scale that no finite value has) keeps every call site monomorphic; the finite fast paths test
 * `(a.scale | b.scale) < 0` once.
 */
const NAN_SCALE = -1;
const POSITIVE_INFINITY_SCALE = -2;
const NEGATIVE_INFINITY_SCALE = -3;

/** PostgreSQL's NUMERIC_MIN_SIG_DIGITS, NUMERIC_MAX_DISPLAY_SCALE and DEC_DIGITS (scale rules). */
const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;

const invalidSyntax = (text: string): SqlError =>
  new SqlError('invalid_text_representation', `invalid input syntax for type numeric: "${text}"`);

const divisionByZero = (): SqlError => new SqlError('division_by_zero', 'division by zero');

/** The largest integer a double holds exactly along with all below it (2^53 - 1). */
const SAFE = Number.MAX_SAFE_INTEGER;
/** Powers of ten as doubles, from literals: exact up to 1e22, the largest a double holds exactly. */
export const EXACT_POWERS: readonly number[] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * An exact decimal: value = unscaled / 10^scale with scale >= 0, as PostgreSQL's NUMERIC including its
 * display scale ('2.0' and '2.00' are equal but print differently). NaN and ±Infinity are instances with
 * a negative scale (test them with `isSpecial()`; `unscaled` is 0n for them). Immutable.
 */
export class Numeric {
  /**
   * The unscaled integer: a number while it is a safe integer (|v| <= 2^53 - 1, exact in a double), else a
   * bigint; one form per value, so that equal values at equal scales hold equal fields. Prices, sums and
   * rates are almost all small: their arithmetic then runs in doubles and allocates no bigint (a bigint is a
   * second heap object per value, and each of its operations a call into V8's runtime).
   */
  readonly raw: number | bigint;
  readonly scale: number;
  /** `raw` as a bigint, made the first time a bigint path asks for it. */
  #big: bigint | undefined;

  /** `unscaled` given as a number must be a safe integer. */
  constructor(unscaled: bigint | number, scale: number) {
    this.scale = scale;
    if (typeof unscaled === 'number') {
      // -0 would print and compare as 0 but differ as a field: one form per value.
      this.raw = unscaled + 0;
      this.#big = undefined;
      return;
    }
    // Conversion rounds monotonically: a result within ±(2^53 - 1) means the value converted exactly.
    const approximate = Number(unscaled);
    if (approximate <= SAFE && approximate >= -SAFE) {
      this.raw = approximate;
      this.#big = unscaled;
    } else {
      this.raw = unscaled;
      this.#big = undefined;
    }
  }

  /** The unscaled integer as a bigint (0n for NaN and the infinities). */
  get unscaled(): bigint {
    const raw = this.raw;
    if (typeof raw === 'bigint') return raw;
    return this.#big ?? (this.#big = BigInt(raw));
  }

  static readonly ZERO: Numeric = new Numeric(0n, 0);
  static readonly ONE: Numeric = new Numeric(1n, 0);
  static readonly NAN: Numeric = new Numeric(0n, NAN_SCALE);
  static readonly POSITIVE_INFINITY: Numeric = new Numeric(0n, POSITIVE_INFINITY_SCALE);
  static readonly NEGATIVE_INFINITY: Numeric = new Numeric(0n, NEGATIVE_INFINITY_SCALE);

  /** PostgreSQL numeric input: optional blanks and sign, digits with an optional point, optional exponent. */
  static parse(text: string): Numeric {
    const parsed = parseNumericText(text);
    if (parsed === undefined) throw invalidSyntax(text);
    return parsed;
  }

  /** `parse` of `text.slice(start, end)`, without cutting it out: decoders read values in place. */
  static parseSpan(text: string, start: number, end: number): Numeric {
    const parsed = parseNumericText(text, start, end);
    if (parsed === undefined) throw invalidSyntax(text.slice(start, end));
    return parsed;
  }

  /** Like `parse` but returns undefined instead of throwing (for speculative parsing, e.g. JSON). */
  static tryParse(text: string): Numeric | undefined {
    return parseNumericText(text);
  }

  static fromInt(n: number): Numeric {
    if (!Number.isSafeInteger(n)) throw new Error(`Numeric.fromInt of non-integer ${n}`);
    return new Numeric(n, 0);
  }

  static fromBigInt(b: bigint): Numeric {
    return new Numeric(b, 0);
  }

  /** PostgreSQL float8 -> numeric: the value printed with 15 significant digits (%.15g), then parsed. */
  static fromFloat(f: number): Numeric {
    if (Number.isNaN(f)) return Numeric.NAN;
    if (f === Infinity) return Numeric.POSITIVE_INFINITY;
    if (f === -Infinity) return Numeric.NEGATIVE_INFINITY;
    return Numeric.parse(floatToDecimalText(f, 15));
  }

  /** float4 -> numeric: PostgreSQL prints float4 with 6 significant digits (%.6g) before parsing. */
  static fromFloat4(f: number): Numeric {
    if (Number.isNaN(f)) return Numeric.NAN;
    if (f === Infinity) return Numeric.POSITIVE_INFINITY;
    if (f === -Infinity) return Numeric.NEGATIVE_INFINITY;
    return Numeric.parse(floatToDecimalText(f, 6));
  }

  isSpecial(): boolean {
    return this.scale < 0;
  }

  isNaN(): boolean {
    return this.scale === NAN_SCALE;
  }

  isFinite(): boolean {
    return this.scale >= 0;
  }

  isInfinite(): boolean {
    return this.scale === POSITIVE_INFINITY_SCALE || this.scale === NEGATIVE_INFINITY_SCALE;
  }

  add(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) return specialAdd(this, o);
    const sum = smallSum(this, o.raw, o.scale);
    if (sum !== undefined) return sum;
    if (this.scale === o.scale) return new Numeric(this.unscaled + o.unscaled, this.scale);
    if (this.scale > o.scale) return new Numeric(this.unscaled + o.unscaled * pow10(this.scale - o.scale), this.scale);
    return new Numeric(this.unscaled * pow10(o.scale - this.scale) + o.unscaled, o.scale);
  }

  sub(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) return specialAdd(this, o.neg());
    const raw = o.raw;
    const difference = typeof raw === 'number' ? smallSum(this, -raw, o.scale) : undefined;
    if (difference !== undefined) return difference;
    if (this.scale === o.scale) return new Numeric(this.unscaled - o.unscaled, this.scale);
    if (this.scale > o.scale) return new Numeric(this.unscaled - o.unscaled * pow10(this.scale - o.scale), this.scale);
    return new Numeric(this.unscaled * pow10(o.scale - this.scale) - o.unscaled, o.scale);
  }

  mul(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) return specialMul(this, o);
    const a = this.raw;
    const b = o.raw;
    if (typeof a === 'number' && typeof b === 'number') {
      // A true product within 2^53 is the double product exactly; a larger one rounds to at least 2^53.
      const product = a * b;
      if (product <= SAFE && product >= -SAFE) return new Numeric(product, this.scale + o.scale);
    }
    return new Numeric(this.unscaled * o.unscaled, this.scale + o.scale);
  }

  /** Division with PostgreSQL's result scale (select_div_scale), rounded half away from zero. */
  div(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) return specialDiv(this, o);
    if (o.raw === 0) throw divisionByZero();
    // Conversion rounds monotonically: results within the fast path's bounds mean both converted exactly.
    const quotient = Numeric.divSmall(Number(this.raw), this.scale, Number(o.raw), o.scale);
    if (quotient !== undefined) return quotient;
    // Where divSmall gave up, divToScale's attempt in doubles (same operands, same exponent) would too.
    return this.divBigToScale(o, divisionScale(this, o));
  }

  /**
   * `div` of the finite values a / 10^aScale and b / 10^bScale (b != 0) whose unscaled integers are given as
   * doubles, computed in exact double arithmetic; undefined when they are too large for it (|a| >= 2^52,
   * |b| >= 2^33) or the quotient is (>= 2^85 unscaled): the caller then divides bigints. Aggregates (avg) call
   * it with the running sums they keep in doubles, without building the operands.
   */
  static divSmall(a: number, aScale: number, b: number, bScale: number): Numeric | undefined {
    if (!fitsSmallDivision(a, b)) return undefined;
    const resultScale = smallDivisionScale(a, aScale, b, bScale);
    // Never negative: select_div_scale's result is at least the dividend's scale.
    const unscaled = divideSmall(a, b, bScale + resultScale - aScale);
    return unscaled === undefined ? undefined : new Numeric(unscaled, resultScale);
  }

  /**
   * round(this / o * 10^shift, to), with `to` >= 0 and `shift` >= 0, exactly as PostgreSQL computes it: the
   * quotient at select_div_scale, the exact product, then rounding half away from zero. A rate or an average
   * rounded for display (`round(x::numeric / n * 100, 2)`) otherwise builds a quotient of 16 and more digits, a
   * bigint, for `round` to drop most of them; `divRoundSmall` computes the result in one long division.
   */
  divRound(o: Numeric, shift: number, to: number): Numeric {
    if ((this.scale | o.scale) >= 0 && o.raw !== 0) {
      // Conversion rounds monotonically: results within the fast path's bounds mean both converted exactly.
      const rounded = Numeric.divRoundSmall(Number(this.raw), this.scale, Number(o.raw), o.scale, shift, to);
      if (rounded !== undefined) return rounded;
    }
    const quotient = this.div(o);
    return (shift === 0 ? quotient : quotient.mul(new Numeric(EXACT_POWERS[shift] ?? pow10(shift), 0))).round(to);
  }

  /**
   * `divRound` of the finite values a / 10^aScale and b / 10^bScale (b != 0) whose unscaled integers are given
   * as doubles; undefined where the operands or the quotient are too large for exact double arithmetic, or
   * where the division's own scale leaves fewer digits than `to` (the caller then divides as PostgreSQL
   * writes it). Aggregates (avg) call it with the running sums they keep in doubles.
   *
   * PostgreSQL rounds twice: the quotient q to d = select_div_scale digits, then the product to `to` digits;
   * 10^shift * round(q, d) is round(10^shift * q, d - shift) exactly. With |10^shift * q| * 10^to = Q + R/B
   * (Q, R integers, 0 <= R < B = |b|), one rounding would add 1 when 2R >= B. The first rounding, to
   * m = d - shift - to more digits, can lift R/B to exactly one half when it is below: when
   * round(R * 10^m / B) >= 10^m / 2, that is 10^m * (B - 2R) <= B. Then B >= 10^m, so only divisors of at
   * least 10^m (m below 10, as B < 2^33) can see it.
   */
  static divRoundSmall(a: number, aScale: number, b: number, bScale: number, shift: number, to: number): Numeric | undefined {
    if (!fitsSmallDivision(a, b) || to < 0 || shift < 0) return undefined;
    const extraDigits = smallDivisionScale(a, aScale, b, bScale) - shift - to;
    if (extraDigits < 1) return undefined;
    let exponent = to + shift + bScale - aScale;
    let divisor = Math.abs(b);
    if (exponent < 0) {
      // The dividend has more digits than the result keeps: they scale the divisor instead.
      divisor *= EXACT_POWERS[-exponent] ?? Infinity;
      if (divisor >= SMALL_DIVISOR) return undefined;
      exponent = 0;
    }
    const rest = longDivide(a, divisor, exponent);
    if (rest < 0) return undefined;
    let up = rest * 2 >= divisor;
    if (!up && extraDigits < 10) {
      const power = EXACT_POWERS[extraDigits]!;
      up = power <= divisor && divisor - 2 * rest <= Math.floor(divisor / power);
    }
    if (up) quotientParts[LOW]++;
    return new Numeric(composeQuotient(exponent < LOW_DIGITS ? exponent : LOW_DIGITS, (a < 0) !== (b < 0)), to);
  }

  /** this / o rounded half away from zero to exactly `resultScale` digits (finite, o != 0). */
  divToScale(o: Numeric, resultScale: number): Numeric {
    if (o.raw === 0) throw divisionByZero();
    // v1/v2 = u1*10^s2 / (u2*10^s1); scaled by 10^resultScale.
    const exponent = o.scale + resultScale - this.scale;
    if (exponent >= 0) {
      const a = Number(this.raw);
      const b = Number(o.raw);
      const unscaled = fitsSmallDivision(a, b) ? divideSmall(a, b, exponent) : undefined;
      if (unscaled !== undefined) return new Numeric(unscaled, resultScale);
    }
    return this.divBigToScale(o, resultScale);
  }

  /** `divToScale` in bigints. */
  private divBigToScale(o: Numeric, resultScale: number): Numeric {
    const exponent = o.scale + resultScale - this.scale;
    const numerator = exponent >= 0 ? this.unscaled * pow10(exponent) : this.unscaled;
    const denominator = exponent >= 0 ? o.unscaled : o.unscaled * pow10(-exponent);
    return new Numeric(divRoundHalfAway(numerator, denominator), resultScale);
  }

  /** Integer division truncated toward zero (PostgreSQL div()); scale 0. */
  divTrunc(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) {
      if (o.isFinite() && o.unscaled === 0n && !this.isNaN()) throw divisionByZero();
      const quotient = specialDiv(this, o);
      return quotient.isFinite() ? quotient.trunc() : quotient;
    }
    if (o.unscaled === 0n) throw divisionByZero();
    const [a, b] = aligned(this, o);
    return new Numeric(a / b, 0);
  }

  /** Remainder with the sign of the dividend and scale max(s1, s2), as PostgreSQL's mod_var. */
  mod(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) {
      if (this.isNaN() || o.isNaN()) return Numeric.NAN;
      if (o.isFinite() && o.unscaled === 0n) throw divisionByZero();
      if (this.isInfinite()) return Numeric.NAN;
      return this; // finite % ±Infinity is the dividend
    }
    if (o.unscaled === 0n) throw divisionByZero();
    const [a, b, scale] = alignedWithScale(this, o);
    return new Numeric(a % b, scale);
  }

  neg(): Numeric {
    if (this.scale < 0) {
      if (this.scale === POSITIVE_INFINITY_SCALE) return Numeric.NEGATIVE_INFINITY;
      if (this.scale === NEGATIVE_INFINITY_SCALE) return Numeric.POSITIVE_INFINITY;
      return this;
    }
    return new Numeric(-this.raw, this.scale);
  }

  abs(): Numeric {
    if (this.scale < 0) return this.isNaN() ? this : Numeric.POSITIVE_INFINITY;
    return this.raw < 0 ? this.neg() : this;
  }

  /** round(x, s): half away from zero; a negative s rounds left of the point and gives scale 0. */
  round(scale = 0): Numeric {
    if (this.scale < 0) return this;
    scale = Math.max(-MAX_DISPLAY_SCALE * 2, Math.min(MAX_DISPLAY_SCALE * 2, scale));
    // Immutable: the same value at the same scale is this one.
    if (scale === this.scale) return this;
    if (scale >= 0) {
      const rounded = roundedSmall(this.raw, this.scale, scale);
      if (rounded !== undefined) return rounded;
    }
    if (scale > this.scale) return new Numeric(this.unscaled * pow10(scale - this.scale), scale);
    if (scale >= 0) return new Numeric(roundDigitsAway(this.unscaled, this.scale - scale), scale);
    return new Numeric(roundDigitsAway(this.unscaled, this.scale - scale) * pow10(-scale), 0);
  }

  /** trunc(x, s): toward zero; a negative s truncates left of the point and gives scale 0. */
  trunc(scale = 0): Numeric {
    if (this.scale < 0) return this;
    scale = Math.max(-MAX_DISPLAY_SCALE * 2, Math.min(MAX_DISPLAY_SCALE * 2, scale));
    if (scale >= this.scale) return new Numeric(this.unscaled * pow10(scale - this.scale), scale);
    const truncated = this.unscaled / pow10(this.scale - scale);
    if (scale >= 0) return new Numeric(truncated, scale);
    return new Numeric(truncated * pow10(-scale), 0);
  }

  floor(): Numeric {
    if (this.scale <= 0) return this;
    const divisor = pow10(this.scale);
    let quotient = this.unscaled / divisor;
    if (this.unscaled < 0n && quotient * divisor !== this.unscaled) quotient -= 1n;
    return new Numeric(quotient, 0);
  }

  ceil(): Numeric {
    if (this.scale <= 0) return this;
    const divisor = pow10(this.scale);
    let quotient = this.unscaled / divisor;
    if (this.unscaled > 0n && quotient * divisor !== this.unscaled) quotient += 1n;
    return new Numeric(quotient, 0);
  }

  /** Power with PostgreSQL's result scale (power_var / power_var_int). */
  pow(o: Numeric): Numeric {
    if ((this.scale | o.scale) < 0) return specialPow(this, o);
    const [unscaled, scale] = numericPower(this.unscaled, this.scale, o.unscaled, o.scale);
    return new Numeric(unscaled, scale);
  }

  /** Square root with PostgreSQL's result scale (numeric_sqrt). */
  sqrt(): Numeric {
    if (this.scale < 0) {
      if (this.scale === NEGATIVE_INFINITY_SCALE) throw negativeSqrt();
      return this;
    }
    if (this.unscaled < 0n) throw negativeSqrt();
    const [unscaled, scale] = numericSqrt(this.unscaled, this.scale);
    return new Numeric(unscaled, scale);
  }

  /** -1, 0 or 1 by value (2.0 equals 2.00); NaN is above +Infinity and equal to itself, as in PostgreSQL. */
  compare(o: Numeric): number {
    if ((this.scale | o.scale) < 0) return compareSpecial(this, o);
    const x = this.raw;
    const y = o.raw;
    // One form per value: equal scales compare their integers as they are, a number against a bigint too.
    if (this.scale === o.scale) return x < y ? -1 : x > y ? 1 : 0;
    if (typeof x === 'number' && typeof y === 'number') {
      const shift = this.scale - o.scale;
      // The one at the smaller scale brought to the other's: exact while the product stays a safe integer.
      const left = shift < 0 ? x * EXACT_POWERS[-shift]! : x;
      const right = shift > 0 ? y * EXACT_POWERS[shift]! : y;
      if (left <= SAFE && left >= -SAFE && right <= SAFE && right >= -SAFE) return left < right ? -1 : left > right ? 1 : 0;
    }
    const a = this.unscaled;
    const b = o.unscaled;
    if (this.scale === o.scale) return a < b ? -1 : a > b ? 1 : 0;
    // Different signs decide without aligning.
    if (a < 0n) {
      if (b >= 0n) return -1;
    } else if (b < 0n) return 1;
    else if (a === 0n) return b === 0n ? 0 : -1;
    else if (b === 0n) return 1;
    const aligned = this.scale > o.scale ? b * pow10(this.scale - o.scale) : b;
    const left = this.scale < o.scale ? a * pow10(o.scale - this.scale) : a;
    return left < aligned ? -1 : left > aligned ? 1 : 0;
  }

  equals(o: Numeric): boolean {
    return this.compare(o) === 0;
  }

  /** -1, 0 or 1 (NaN gives NaN as PostgreSQL's sign() does; here it reports 0). */
  sign(): number {
    if (this.scale < 0) return this.scale === POSITIVE_INFINITY_SCALE ? 1 : this.scale === NEGATIVE_INFINITY_SCALE ? -1 : 0;
    return this.raw < 0 ? -1 : this.raw > 0 ? 1 : 0;
  }

  isZero(): boolean {
    return this.scale >= 0 && this.raw === 0;
  }

  /** PostgreSQL's text form, keeping the scale: '2.0', '-0.50', '3', 'NaN', 'Infinity'. */
  toString(): string {
    const raw = this.raw;
    if (this.scale <= 0) {
      if (this.scale === 0) return raw.toString();
      return this.scale === NAN_SCALE ? 'NaN' : this.scale === POSITIVE_INFINITY_SCALE ? 'Infinity' : '-Infinity';
    }
    const negative = raw < 0;
    // A safe integer prints as its digits (doubles switch to exponents only from 10^21).
    let digits = (negative ? -raw : raw).toString();
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const point = digits.length - this.scale;
    const text = digits.slice(0, point) + '.' + digits.slice(point);
    return negative ? '-' + text : text;
  }

  /**
   * The value without trailing fractional zeros ('2.50' -> '2.5', '2.00' -> '2'): equal numerics give equal
   * strings, so it serves as a hash key.
   */
  normalizedString(): string {
    if (this.scale <= 0) return this.toString();
    const text = this.toString();
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    return end === text.length ? text : text.slice(0, end);
  }

  /** This value with trailing fractional zeros removed (smallest scale that keeps the value). */
  normalized(): Numeric {
    if (this.scale <= 0 || this.unscaled % 10n !== 0n) return this;
    let unscaled = this.unscaled;
    let scale = this.scale;
    while (scale > 0 && unscaled % 10n === 0n) {
      unscaled /= 10n;
      scale--;
    }
    return new Numeric(unscaled, scale);
  }

  /** To float8, correctly rounded (PostgreSQL converts through the text form). */
  toNumber(): number {
    if (this.scale < 0) return this.scale === NAN_SCALE ? NaN : this.scale === POSITIVE_INFINITY_SCALE ? Infinity : -Infinity;
    const raw = this.raw;
    // Both operands exact in a double, so one division is correctly rounded.
    if (typeof raw === 'number' && this.scale <= 22) return this.scale === 0 ? raw : raw / EXACT_POWERS[this.scale]!;
    return Number(this.toString());
  }

  /** Rounded half away from zero to an integer, as PostgreSQL's numeric -> int8 cast (range not checked). */
  toBigInt(): bigint {
    if (this.scale < 0) {
      throw new SqlError('feature_not_supported', `cannot convert ${this.toString()} to bigint`);
    }
    if (this.scale === 0) return this.unscaled;
    return roundDigitsAway(this.unscaled, this.scale);
  }

  /** Rounded (half away from zero) or padded to exactly `scale` fractional digits: numeric(p,s) coercion. */
  withScale(scale: number): Numeric {
    if (this.scale < 0 || scale === this.scale) return this;
    if (scale > this.scale) return new Numeric(this.unscaled * pow10(scale - this.scale), scale);
    return new Numeric(roundDigitsAway(this.unscaled, this.scale - scale), scale);
  }

  /** Number of digits before the decimal point (0 for |x| < 1), for numeric(p,s) overflow checks. */
  integerDigits(): number {
    if (this.scale < 0 || this.unscaled === 0n) return 0;
    return Math.max(0, decimalDigits(this.unscaled) - this.scale);
  }
}

/**
 * a + b / 10^bScale (both finite) when both integers are numbers and the sum at the larger scale is a safe
 * integer; else undefined, for the bigint path.
 */
function smallSum(a: Numeric, b: number | bigint, bScale: number): Numeric | undefined {
  const x = a.raw;
  if (typeof x !== 'number' || typeof b !== 'number') return undefined;
  const shift = a.scale - bScale;
  // Each aligned operand and the sum exact while they stay safe integers (a larger true value shows as one).
  const left = shift < 0 ? x * EXACT_POWERS[-shift]! : x;
  const right = shift > 0 ? b * EXACT_POWERS[shift]! : b;
  const sum = left + right;
  // Written so that NaN (a shift beyond the exact powers) fails too.
  if (!(left <= SAFE && left >= -SAFE && right <= SAFE && right >= -SAFE && sum <= SAFE && sum >= -SAFE)) return undefined;
  return new Numeric(sum, shift < 0 ? bScale : a.scale);
}

/** Results of `roundedSmall` whose magnitude stays below this: the double estimate's error is then below 2^-12. */
const ESTIMATED_ROUNDING_BOUND = 1099511627776; // 2^40

/**
 * round(raw / 10^scale, to) for to >= 0 in double arithmetic, as a numeric at scale `to`; undefined when it
 * cannot be sure of the result there (the caller rounds in bigints).
 *
 * A safe integer divided by an exact power of ten splits exactly into quotient and remainder. A bigint (the
 * 16 and more fraction digits of an average) is estimated: Number() and the division each round once, so the
 * estimate is within 2^-52 of the true quotient relatively, under 2^-12 absolutely below 2^40; only a true
 * quotient that close to a half could round the other way, and such estimates go to the bigint path.
 */
function roundedSmall(raw: number | bigint, scale: number, to: number): Numeric | undefined {
  const digits = scale - to;
  if (typeof raw === 'number') {
    if (digits < 0) {
      if (-digits >= EXACT_POWERS.length) return undefined;
      const scaled = raw * EXACT_POWERS[-digits]!;
      return scaled <= SAFE && scaled >= -SAFE ? new Numeric(scaled, to) : undefined;
    }
    // |raw| < 2^53 < 10^16 <= 0.5 * 10^digits: the value rounds to zero.
    if (digits > 16) return new Numeric(0, to);
    const power = EXACT_POWERS[digits]!;
    const remainder = raw % power;
    const quotient = (raw - remainder) / power;
    const twice = remainder < 0 ? -2 * remainder : 2 * remainder;
    return new Numeric(twice < power ? quotient : raw < 0 ? quotient - 1 : quotient + 1, to);
  }
  if (digits <= 0 || digits >= EXACT_POWERS.length) return undefined;
  const estimate = Number(raw) / EXACT_POWERS[digits]!;
  const magnitude = estimate < 0 ? -estimate : estimate;
  if (magnitude >= ESTIMATED_ROUNDING_BOUND) return undefined;
  const whole = Math.floor(magnitude);
  const fraction = magnitude - whole;
  if (fraction > 0.499 && fraction < 0.501) return undefined;
  const rounded = fraction > 0.5 ? whole + 1 : whole;
  return new Numeric(estimate < 0 ? -rounded : rounded, to);
}

/** Both unscaled values at the larger scale. */
function aligned(a: Numeric, b: Numeric): [bigint, bigint] {
  if (a.scale === b.scale) return [a.unscaled, b.unscaled];
  if (a.scale > b.scale) return [a.unscaled, b.unscaled * pow10(a.scale - b.scale)];
  return [a.unscaled * pow10(b.scale - a.scale), b.unscaled];
}

function alignedWithScale(a: Numeric, b: Numeric): [bigint, bigint, number] {
  const [x, y] = aligned(a, b);
  return [x, y, Math.max(a.scale, b.scale)];
}

/** The result of `nbaseDigits`, reused: division runs once per output row and must not allocate for it. */
const nbase = { weight: 0, first: 0 };

/**
 * PostgreSQL's base-10000 weight and leading digit of a value (0 and 0 for zero), into `nbase`: select_div_scale
 * reasons in NBASE digits, so the result scale depends on them.
 */
function nbaseDigits(value: Numeric): void {
  if (value.raw === 0) {
    nbase.weight = 0;
    nbase.first = 0;
    return;
  }
  const approximate = Math.abs(Number(value.raw));
  // Conversion rounds monotonically: a result below 2^53 means the value converted exactly.
  if (approximate <= Number.MAX_SAFE_INTEGER) {
    smallNbaseDigits(approximate, value.scale);
    return;
  }
  const digits = decimalDigits(value.unscaled);
  const exponent = digits - 1 - value.scale; // decimal exponent of the leading digit
  const weight = Math.floor(exponent / 4);
  const groupDigits = exponent - weight * 4 + 1; // digits of the leading NBASE digit, 1..4
  const abs = value.unscaled < 0n ? -value.unscaled : value.unscaled;
  nbase.weight = weight;
  nbase.first =
    digits >= groupDigits ? Number(abs / pow10(digits - groupDigits)) : Number(abs) * 10 ** (groupDigits - digits);
}


/** `nbaseDigits` of abs / 10^scale for an integer 0 < abs < 2^53, in exact double arithmetic. */
function smallNbaseDigits(abs: number, scale: number): void {
  const digits = decimalDigitCount(abs);
  const exponent = digits - 1 - scale;
  const weight = Math.floor(exponent / 4);
  const groupDigits = exponent - weight * 4 + 1;
  nbase.weight = weight;
  if (digits < groupDigits) {
    nbase.first = abs * EXACT_POWERS[groupDigits - digits]!;
    return;
  }
  // The quotient has at most 4 digits; its double may round up to the next integer when the divisor is huge,
  // which the product tells (exact: at most 10^4 * 5^15 < 2^53 times a power of two).
  const divisor = EXACT_POWERS[digits - groupDigits]!;
  let first = Math.floor(abs / divisor);
  if (first * divisor > abs) first--;
  nbase.first = first;
}

/** Decimal digits of an integer 1 <= x < 10^16 (every safe integer), by comparisons. */
function decimalDigitCount(x: number): number {
  if (x < 1e8) {
    if (x < 1e4) return x < 1e2 ? (x < 1e1 ? 1 : 2) : x < 1e3 ? 3 : 4;
    return x < 1e6 ? (x < 1e5 ? 5 : 6) : x < 1e7 ? 7 : 8;
  }
  if (x < 1e12) return x < 1e10 ? (x < 1e9 ? 9 : 10) : x < 1e11 ? 11 : 12;
  return x < 1e14 ? (x < 1e13 ? 13 : 14) : x < 1e15 ? 15 : 16;
}

/** select_div_scale: at least 16 significant digits, never less than either input's scale. */
function divisionScale(a: Numeric, b: Numeric): number {
  nbaseDigits(a);
  const weight1 = nbase.weight;
  const first1 = nbase.first;
  nbaseDigits(b);
  let quotientWeight = weight1 - nbase.weight;
  if (first1 <= nbase.first) quotientWeight--;
  let scale = MIN_SIG_DIGITS - quotientWeight * 4;
  scale = Math.max(scale, a.scale, b.scale, 0);
  return Math.min(scale, MAX_DISPLAY_SCALE);
}

/** `divisionScale` of a / 10^aScale and b / 10^bScale for integers |a|, |b| < 2^53 given as doubles, b != 0. */
function smallDivisionScale(a: number, aScale: number, b: number, bScale: number): number {
  let weight1 = 0;
  let first1 = 0;
  if (a !== 0) {
    smallNbaseDigits(Math.abs(a), aScale);
    weight1 = nbase.weight;
    first1 = nbase.first;
  }
  smallNbaseDigits(Math.abs(b), bScale);
  let quotientWeight = weight1 - nbase.weight;
  if (first1 <= nbase.first) quotientWeight--;
  const scale = Math.max(MIN_SIG_DIGITS - quotientWeight * 4, aScale, bScale, 0);
  return Math.min(scale, MAX_DISPLAY_SCALE);
}

/*
 * Exact integer arithmetic in doubles, for the divisions of small operands that every emitted aggregate row
 * computes (avg, ratios): scaling the dividend up by 10^16 or more before a bigint division leaves 64 bits, where
 * V8's bigint operations allocate and call into the runtime, while doubles do the long division in registers.
 * The bounds keep every intermediate an integer below 2^53, where double arithmetic is exact, and for
 * Math.floor(x / d) they keep x + d below 2^53: then the correctly rounded quotient cannot reach the next
 * integer (that would take (⌊x/d⌋ + 1) * d >= 2^53), so its floor is the integer quotient.
 */

const TWO_POW_32 = 4294967296;
/** Multiplying by it divides by 2^32 exactly. */
const INVERSE_TWO_POW_32 = 1 / TWO_POW_32;
const TWO_POW_31 = 2147483648;
const TWO_POW_49 = 562949953421312;
const TWO_POW_52 = 4503599627370496;
const TWO_POW_53 = 9007199254740992;
/** Dividends below 2^52 and divisors below 2^33, so that a dividend plus the divisor stays below 2^53. */
const SMALL_DIVIDEND = TWO_POW_52;
const SMALL_DIVISOR = 8589934592;

/** Whether `divideSmall` takes integers `a` and `b` (given as doubles): within its bounds, and b != 0. */
function fitsSmallDivision(a: number, b: number): boolean {
  return a < SMALL_DIVIDEND && a > -SMALL_DIVIDEND && b < SMALL_DIVISOR && b > -SMALL_DIVISOR && b !== 0;
}
/** Digits of a quotient's low part: below 10^15, so that it stays exact with a rounding carry added. */
const LOW_DIGITS = 15;
/** 10^k mod 2^32, for the low 32 bits of products by powers of ten. */
const EXACT_POWERS_LOW32 = EXACT_POWERS.map((power) => power % TWO_POW_32);

/**
 * Scratch through which a 64-bit integer passes from two 32-bit halves to a bigint: reading it allocates only
 * the result.
 */
const int64 = new BigInt64Array(1);
const uint64 = new BigUint64Array(int64.buffer);
const int64Halves = new Uint32Array(int64.buffer);
const LOW_HALF = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH_HALF = 1 - LOW_HALF;

/**
 * round(a * 10^exponent / b) half away from zero, for integers |a| < 2^52 and 0 < |b| < 2^33 (exponent >= 0):
 * `longDivide`, then the rounding. Undefined when the quotient's top part reaches 2^53.
 */
function divideSmall(a: number, b: number, exponent: number): number | bigint | undefined {
  const divisor = Math.abs(b);
  const rest = longDivide(a, divisor, exponent);
  if (rest < 0) return undefined;
  if (rest * 2 >= divisor) quotientParts[LOW]++;
  return composeQuotient(exponent < LOW_DIGITS ? exponent : LOW_DIGITS, (a < 0) !== (b < 0));
}

/**
 * floor(|a| * 10^exponent / divisor) for integers |a| < 2^52 and 0 < divisor < 2^33 (exponent >= 0), by long
 * division in doubles, into `quotientParts`: top * 10^lowDigits + low with lowDigits = min(exponent, 15), both
 * parts below 2^53. Returns the remainder, or -1 when the top part reaches 2^53.
 */
function longDivide(a: number, divisor: number, exponent: number): number {
  let rest = Math.abs(a);
  let top = Math.floor(rest / divisor);
  rest -= top * divisor;
  // Digits per step: rest * 10^step < divisor * 10^step <= 10^15 < 2^52, plus the divisor below 2^53.
  const step = Math.max(1, LOW_DIGITS - decimalDigitCount(divisor));
  const lowDigits = exponent < LOW_DIGITS ? exponent : LOW_DIGITS;
  let low = 0;
  for (let digits = exponent; digits > 0; ) {
    // The last `lowDigits` digits go to `low`, the ones before to `top`; no step takes digits of both.
    const toTop = digits > lowDigits;
    const limit = toTop ? digits - lowDigits : digits;
    const taken = limit < step ? limit : step;
    digits -= taken;
    const power = EXACT_POWERS[taken]!;
    const shifted = rest * power;
    const digit = Math.floor(shifted / divisor);
    rest = shifted - digit * divisor;
    if (!toTop) {
      low = low * power + digit;
      continue;
    }
    // Exact while below 2^53; at or above it, rounding is monotonic and the result says so.
    top = top * power + digit;
    if (top >= TWO_POW_53) return -1;
  }
  quotientParts[TOP] = top;
  quotientParts[LOW] = low;
  return rest;
}

/**
 * The parts of a quotient handed from `divideSmall` to `composeQuotient`: doubles passed as arguments to a
 * function that is not inlined are boxed (a heap number each), elements of a Float64Array are not.
 */
const quotientParts = new Float64Array(2);
const TOP = 0;
const LOW = 1;

/**
 * ±(top * 10^lowDigits + low) (`quotientParts`) for integers top < 2^53, lowDigits <= 15, low <= 10^lowDigits:
 * a number when it is a safe integer, as `Numeric.raw` holds it.
 */
function composeQuotient(lowDigits: number, negative: boolean): number | bigint {
  const top = quotientParts[TOP]!;
  const low = quotientParts[LOW]!;
  const shifted = top * EXACT_POWERS[lowDigits]!;
  const approximate = shifted + low;
  // Both sums exact when the results stay below 2^53 (rounding is monotonic, so a larger true sum shows).
  if (approximate < TWO_POW_53) return negative ? -approximate : approximate;
  // The low 32 bits exactly (products modulo 2^32 by Math.imul), the rest by rounding the approximate quotient
  // q: its two roundings and the subtraction are off by at most 1.5 * q * 2^-52, below half a unit of the
  // high part (2^32) while q < 2^82.
  const topLow = top - Math.floor(top * INVERSE_TWO_POW_32) * TWO_POW_32;
  const lowLow = low - Math.floor(low * INVERSE_TWO_POW_32) * TWO_POW_32;
  const lowBits = (Math.imul(topLow, EXACT_POWERS_LOW32[lowDigits]!) + lowLow) >>> 0;
  const highBits = Math.round((approximate - lowBits) * INVERSE_TWO_POW_32);
  if (highBits < TWO_POW_31 || (highBits < TWO_POW_32 && !negative)) {
    // One 64-bit integer read from its halves; a negative one in two's complement.
    if (!negative) {
      int64Halves[LOW_HALF] = lowBits;
      int64Halves[HIGH_HALF] = highBits;
      return highBits < TWO_POW_31 ? int64[0]! : uint64[0]!;
    }
    if (lowBits === 0) {
      // The magnitude is at least 2^53, so the high half is not zero.
      int64Halves[LOW_HALF] = 0;
      int64Halves[HIGH_HALF] = TWO_POW_32 - highBits;
    } else {
      int64Halves[LOW_HALF] = TWO_POW_32 - lowBits;
      int64Halves[HIGH_HALF] = TWO_POW_32 - 1 - highBits;
    }
    return int64[0]!;
  }
  // Below 2^82 (high part below 2^49 with the error bound to spare): the high part shifted is a double exactly.
  if (highBits < TWO_POW_49) {
    const highPart = highBits * TWO_POW_32;
    return negative ? BigInt(-highPart) - BigInt(lowBits) : BigInt(highPart) + BigInt(lowBits);
  }
  const magnitude = BigInt(top) * pow10(lowDigits) + BigInt(low);
  return negative ? -magnitude : magnitude;
}

/**
 * unscaled / 10^digits rounded half away from zero (digits >= 1), as divRoundHalfAway: adding half the divisor
 * before truncating rounds the halves away from zero, in two bigint operations instead of four.
 */
function roundDigitsAway(unscaled: bigint, digits: number): bigint {
  const half = halfUnit(digits);
  return (unscaled < 0n ? unscaled - half : unscaled + half) / pow10(digits);
}

/** 5 * 10^(digits - 1), tabulated for the digits rounding usually drops. */
const HALF_UNITS: bigint[] = [0n];
for (let digits = 1; digits < 64; digits++) HALF_UNITS.push(pow10(digits) / 2n);
const halfUnit = (digits: number): bigint => (digits < HALF_UNITS.length ? HALF_UNITS[digits]! : pow10(digits) / 2n);

/** Sign of an infinity (1 or -1), of a finite value (-1, 0, 1); NaN never reaches here. */
const signOf = (value: Numeric): number => value.sign();

function specialAdd(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN() || b.isNaN()) return Numeric.NAN;
  if (a.isInfinite()) {
    if (b.isInfinite() && b.scale !== a.scale) return Numeric.NAN;
    return a;
  }
  return b;
}

function specialMul(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN() || b.isNaN()) return Numeric.NAN;
  const sign = signOf(a) * signOf(b);
  if (sign === 0) return Numeric.NAN; // infinity times zero
  return sign > 0 ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
}

function specialDiv(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN() || b.isNaN()) return Numeric.NAN;
  if (b.isInfinite()) {
    if (a.isInfinite()) return Numeric.NAN;
    return Numeric.ZERO;
  }
  // a is infinite, b finite
  const sign = signOf(b);
  if (sign === 0) throw divisionByZero();
  return sign * signOf(a) > 0 ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
}

function specialPow(base: Numeric, exponent: Numeric): Numeric {
  // PostgreSQL: 1 ^ anything and anything ^ 0 are 1, even for NaN.
  if (base.isFinite() && base.unscaled === 1n && base.scale === 0) return Numeric.ONE;
  if (base.isFinite() && base.compare(Numeric.ONE) === 0) return Numeric.ONE;
  if (exponent.isFinite() && exponent.unscaled === 0n) return Numeric.ONE;
  if (base.isNaN() || exponent.isNaN()) return Numeric.NAN;
  if (base.isFinite()) {
    // exponent is infinite
    if (base.unscaled === 0n) {
      if (exponent.sign() < 0) {
        throw new SqlError('invalid_argument_for_function', 'zero raised to a negative power is undefined');
      }
      return Numeric.ZERO;
    }
    const absCompare = base.abs().compare(Numeric.ONE);
    if (base.sign() < 0 && absCompare === 0) return Numeric.ONE; // (-1) ^ ±Infinity
    if (exponent.sign() > 0) {
      if (absCompare > 0) return Numeric.POSITIVE_INFINITY;
      return Numeric.ZERO;
    }
    if (absCompare > 0) return Numeric.ZERO;
    return Numeric.POSITIVE_INFINITY;
  }
  // base is infinite
  if (base.sign() > 0) {
    return exponent.sign() > 0 ? Numeric.POSITIVE_INFINITY : Numeric.ZERO;
  }
  if (exponent.sign() < 0) return Numeric.ZERO;
  if (exponent.isInfinite()) return Numeric.POSITIVE_INFINITY;
  // -Infinity ^ finite positive exponent: must be an integer; odd gives -Infinity.
  if (exponent.trunc(exponent.scale).compare(exponent.trunc()) !== 0) {
    throw new SqlError(
      'invalid_argument_for_function',
      'a negative number raised to a non-integer power yields a complex result',
    );
  }
  const integer = exponent.trunc().unscaled;
  return integer % 2n === 0n ? Numeric.POSITIVE_INFINITY : Numeric.NEGATIVE_INFINITY;
}

const negativeSqrt = (): SqlError =>
  new SqlError('invalid_argument_for_function', 'cannot take square root of a negative number');

/** Order with NaN largest, then +Infinity; -Infinity smallest. */
function compareSpecial(a: Numeric, b: Numeric): number {
  const rankA = specialRank(a);
  const rankB = specialRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  if (rankA !== 0) return 0;
  return a.compare(b);
}

const specialRank = (value: Numeric): number =>
  value.scale === NAN_SCALE ? 3 : value.scale === POSITIVE_INFINITY_SCALE ? 2 : value.scale === NEGATIVE_INFINITY_SCALE ? -1 : 0;

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** Digit-by-digit scan of PostgreSQL's numeric input syntax over `text[from, to)`; undefined when it is not a number. */
function parseNumericText(text: string, from = 0, to = text.length): Numeric | undefined {
  let pos = from;
  while (pos < to && isSpace(text.charCodeAt(pos))) pos++;
  let end = to;
  while (end > pos && isSpace(text.charCodeAt(end - 1))) end--;
  if (pos === end) return undefined;
  let negative = false;
  const signCode = text.charCodeAt(pos);
  const signed = signCode === 45 || signCode === 43;
  if (signed) {
    negative = signCode === 45;
    pos++;
  }
  const first = text.charCodeAt(pos);
  if (!(first >= 48 && first <= 57) && first !== 46) return parseSpecialWord(text.slice(pos, end), signed, negative);

  // Accumulate up to 15 digits in a double (exact), then continue in bigint.
  let small = 0;
  let smallDigits = 0;
  let big = 0n;
  let usingBig = false;
  let digitCount = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  for (; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    if (code >= 48 && code <= 57) {
      digitCount++;
      if (seenPoint) fractionDigits++;
      if (!usingBig) {
        small = small * 10 + (code - 48);
        if (++smallDigits === 15) {
          big = BigInt(small);
          usingBig = true;
        }
      } else big = big * 10n + BigInt(code - 48);
    } else if (code === 46 && !seenPoint) {
      seenPoint = true;
    } else break;
  }
  if (digitCount === 0) return undefined;
  let exponent = 0;
  if (pos < end) {
    const code = text.charCodeAt(pos);
    if (code !== 101 && code !== 69) return undefined;
    pos++;
    let exponentNegative = false;
    const expSign = text.charCodeAt(pos);
    if (expSign === 45 || expSign === 43) {
      exponentNegative = expSign === 45;
      pos++;
    }
    if (pos >= end) return undefined;
    for (; pos < end; pos++) {
      const digit = text.charCodeAt(pos) - 48;
      if (digit < 0 || digit > 9) return undefined;
      exponent = exponent * 10 + digit;
      if (exponent > 1e9) exponent = 1e9;
    }
    if (exponentNegative) exponent = -exponent;
  }
  const scale = fractionDigits - exponent;
  // Up to 15 digits, with no exponent to apply, the double is the value.
  if (!usingBig && scale >= 0 && scale <= MAX_SCALE) return new Numeric(negative ? -small : small, scale);
  let unscaled = usingBig ? big : BigInt(small);
  if (negative) unscaled = -unscaled;
  if (scale > MAX_SCALE) throw overflowsFormat();
  if (scale >= 0) {
    if (digitCount - scale > MAX_INTEGER_DIGITS && decimalDigits(unscaled) - scale > MAX_INTEGER_DIGITS) throw overflowsFormat();
    return new Numeric(unscaled, scale);
  }
  if (unscaled === 0n) return Numeric.ZERO;
  if (decimalDigits(unscaled) - scale > MAX_INTEGER_DIGITS) throw overflowsFormat();
  return new Numeric(unscaled * pow10(-scale), 0);
}

/** PostgreSQL's storage limits: 131072 digits before the point, 16383 after. */
const MAX_INTEGER_DIGITS = 131072;
const MAX_SCALE = 16383;

const overflowsFormat = (): SqlError => new SqlError('numeric_value_out_of_range', 'value overflows numeric format');

function parseSpecialWord(word: string, signed: boolean, negative: boolean): Numeric | undefined {
  const lower = word.toLowerCase();
  if (!signed && lower === 'nan') return Numeric.NAN;
  if (lower === 'infinity' || lower === 'inf') return negative ? Numeric.NEGATIVE_INFINITY : Numeric.POSITIVE_INFINITY;
  return undefined;
}
