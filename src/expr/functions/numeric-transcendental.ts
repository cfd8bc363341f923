// ln, log and exp of NUMERIC with PostgreSQL's result scales, on bigint fixed-point arithmetic.
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import { decimalDigits, divRoundHalfAway, pow10 } from '../../types/pow10.js';

/** PostgreSQL's NUMERIC_MIN_SIG_DIGITS, NUMERIC_MAX_DISPLAY_SCALE, NUMERIC_MAX_RESULT_SCALE. */
const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const MAX_RESULT_SCALE = 2000;
/** Digits computed beyond those kept, so that the final rounding is right. */
const GUARD_DIGITS = 12;

const logError = (message: string): SqlError => new SqlError('invalid_argument_for_function', message);
const clampScale = (scale: number): number => Math.min(Math.max(scale, 0), MAX_DISPLAY_SCALE);

/** ln(x) for a positive finite x as a fixed-point bigint with `work` fractional digits. */
function lnFixed(x: Numeric, work: number): bigint {
  const digits = decimalDigits(x.unscaled);
  const exponent = digits - 1 - x.scale; // x = m * 10^exponent with m in [1, 10)
  const one = pow10(work);
  let m = digits - 1 <= work ? x.unscaled * pow10(work - digits + 1) : x.unscaled / pow10(digits - 1 - work);
  // Halve m into [0.75, 1.5) so that the atanh series converges fast.
  let halvings = 0;
  while (m * 4n >= one * 6n) {
    m /= 2n;
    halvings++;
  }
  let result = lnNearOne(m, one);
  if (halvings !== 0) result += ln2(work) * BigInt(halvings);
  if (exponent !== 0) result += ln10(work) * BigInt(exponent);
  return result;
}

/** ln(y / one) = 2 atanh((y - one) / (y + one)) for y near one. */
function lnNearOne(y: bigint, one: bigint): bigint {
  const z = ((y - one) * one) / (y + one);
  const z2 = (z * z) / one;
  let term = z;
  let sum = z;
  for (let k = 3n; term !== 0n; k += 2n) {
    term = (term * z2) / one;
    sum += term / k;
  }
  return sum * 2n;
}

/** atanh(1/n) at scale `work`, for the constants. */
function atanhInverse(n: bigint, work: number): bigint {
  const n2 = n * n;
  let term = pow10(work) / n;
  let sum = term;
  for (let k = 3n; term !== 0n; k += 2n) {
    term /= n2;
    sum += term / k;
  }
  return sum;
}

const ln2Cache = new Map<number, bigint>();
const ln10Cache = new Map<number, bigint>();

function ln2(work: number): bigint {
  let value = ln2Cache.get(work);
  if (value === undefined) {
    value = 2n * atanhInverse(3n, work + 2) / 100n;
    ln2Cache.set(work, value);
  }
  return value;
}

/** ln 10 = 3 ln 2 + ln 1.25 = 3 ln 2 + 2 atanh(1/9). */
function ln10(work: number): bigint {
  let value = ln10Cache.get(work);
  if (value === undefined) {
    value = (6n * atanhInverse(3n, work + 2) + 2n * atanhInverse(9n, work + 2)) / 100n;
    ln10Cache.set(work, value);
  }
  return value;
}

/** The first two base-10000 digits of |x| (as one number), their decimal weight, and whether more digits follow. */
function leadingNbase(x: Numeric): { digits: number; dweight: number } {
  const abs = x.unscaled < 0n ? -x.unscaled : x.unscaled;
  const exponent = decimalDigits(abs) - 1 - x.scale;
  const weight = Math.floor(exponent / 4);
  // Units of 10^-(scale + 8) keep every digit boundary a non-negative power of ten.
  const units = abs * 10n ** 8n;
  const unitScale = x.scale + 8;
  const firstUnit = pow10(4 * weight + unitScale);
  const first = units / firstUnit;
  if (units % firstUnit === 0n) return { digits: Number(first), dweight: weight * 4 };
  const secondUnit = pow10(4 * (weight - 1) + unitScale);
  const firstTwo = units / secondUnit;
  return { digits: Number(firstTwo), dweight: (weight - 1) * 4 };
}

/** PostgreSQL's estimate_ln_dweight: the decimal weight of ln(x), from a few digits of x. */
function estimateLnWeight(x: Numeric): number {
  if (x.unscaled <= 0n) return 0;
  const pointNine = new Numeric(9n, 1);
  const onePointOne = new Numeric(11n, 1);
  if (x.compare(pointNine) >= 0 && x.compare(onePointOne) <= 0) {
    const delta = x.sub(Numeric.ONE);
    if (delta.unscaled === 0n) return 0;
    return decimalDigits(delta.unscaled < 0n ? -delta.unscaled : delta.unscaled) - 1 - delta.scale;
  }
  const { digits, dweight } = leadingNbase(x);
  const lnEstimate = Math.log(digits) + dweight * 2.302585092994046;
  return Math.trunc(Math.log10(Math.abs(lnEstimate)));
}

/** ln_var's argument checks. */
function checkLogArgument(x: Numeric): void {
  const sign = x.sign();
  if (sign === 0 && !x.isNaN()) throw logError('cannot take logarithm of zero');
  if (sign < 0) throw logError('cannot take logarithm of a negative number');
}

/** ln(x) rounded half away from zero to `scale` digits. */
function lnToScale(x: Numeric, scale: number): Numeric {
  const work = scale + GUARD_DIGITS;
  return new Numeric(divRoundHalfAway(lnFixed(x, work), pow10(work - scale)), scale);
}

/** numeric_ln */
export function numericLn(x: Numeric): Numeric {
  checkLogArgument(x);
  if (x.isSpecial()) return x;
  const scale = clampScale(Math.max(MIN_SIG_DIGITS - estimateLnWeight(x), x.scale));
  return lnToScale(x, scale);
}

/** numeric_log(base, x): ln(x) / ln(base), with the intermediate roundings of PostgreSQL's log_var. */
export function numericLog(base: Numeric, x: Numeric): Numeric {
  if (base.isNaN() || x.isNaN()) return Numeric.NAN;
  checkLogArgument(base);
  checkLogArgument(x);
  if (base.isInfinite()) return x.isInfinite() ? Numeric.NAN : Numeric.ZERO;
  if (x.isInfinite()) return Numeric.POSITIVE_INFINITY;
  const lnBaseWeight = estimateLnWeight(base);
  const lnNumWeight = estimateLnWeight(x);
  const resultWeight = lnNumWeight - lnBaseWeight;
  const scale = clampScale(Math.max(MIN_SIG_DIGITS - resultWeight, base.scale, x.scale));
  const lnBase = lnToScale(base, Math.max(scale + resultWeight - lnBaseWeight + 8, 0));
  const lnNum = lnToScale(x, Math.max(scale + resultWeight - lnNumWeight + 8, 0));
  if (lnBase.isZero()) throw new SqlError('division_by_zero', 'division by zero');
  return lnNum.divToScale(lnBase, scale);
}

/** numeric_exp */
export function numericExp(x: Numeric): Numeric {
  if (x.isNaN()) return x;
  if (x.isInfinite()) return x.sign() > 0 ? x : Numeric.ZERO;
  const value = x.toNumber();
  const resultWeight = Math.min(Math.max(value * 0.434294481903252, -MAX_RESULT_SCALE), MAX_RESULT_SCALE);
  const scale = clampScale(Math.max(MIN_SIG_DIGITS - Math.trunc(resultWeight), x.scale));
  if (Math.abs(value) > MAX_RESULT_SCALE * 3) {
    if (value > 0) throw new SqlError('numeric_value_out_of_range', 'value overflows numeric format');
    return new Numeric(0n, scale);
  }
  // exp(x) = 2^k * exp(r) with |r| <= ln(2) / 2.
  const work = scale + Math.max(0, Math.ceil(resultWeight)) + GUARD_DIGITS + 6;
  const one = pow10(work);
  const k = Math.round(value / Math.LN2);
  const xFixed = x.scale <= work ? x.unscaled * pow10(work - x.scale) : x.unscaled / pow10(x.scale - work);
  const r = xFixed - ln2(work) * BigInt(k);
  let term = one;
  let sum = one;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / one / n;
    sum += term;
  }
  // result * 10^scale = sum * 2^k * 10^scale / 10^work
  let numerator = sum * pow10(scale);
  let denominator = one;
  if (k >= 0) numerator <<= BigInt(k);
  else denominator <<= BigInt(-k);
  return new Numeric(divRoundHalfAway(numerator, denominator), scale);
}
