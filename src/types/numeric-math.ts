// NUMERIC power and square root with PostgreSQL's result scales, on bigint fixed-point arithmetic.
import { SqlError } from './error.js';
import { decimalDigits, divRoundHalfAway, pow10 } from './pow10.js';

/** PostgreSQL's NUMERIC_MIN_SIG_DIGITS and NUMERIC_MAX_DISPLAY_SCALE. */
const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
/** Extra digits carried by the approximate (ln/exp) path beyond the digits the result needs. */
const GUARD_DIGITS = 24;
/** Above this many digits an exact integer power is too costly; the ln/exp path is used instead. */
const EXACT_POWER_DIGIT_LIMIT = 20000;

const overflow = (): SqlError => new SqlError('numeric_value_out_of_range', 'value overflows numeric format');

const clampScale = (scale: number): number => Math.min(Math.max(scale, 0), MAX_DISPLAY_SCALE);

/** Base-10000 digits (most significant first) and weight of a nonzero value, as PostgreSQL stores it. */
function nbaseDigits(unscaled: bigint, scale: number): { digits: number[]; weight: number } {
  const abs = unscaled < 0n ? -unscaled : unscaled;
  const text = abs.toString();
  const exponent = text.length - 1 - scale;
  const weight = Math.floor(exponent / 4);
  const leading = exponent - weight * 4 + 1; // decimal digits in the first NBASE digit
  const digits: number[] = [];
  let pos = 0;
  let take = leading;
  while (pos < text.length) {
    const chunk = text.slice(pos, pos + take).padEnd(take, '0');
    digits.push(Number(chunk));
    pos += take;
    take = 4;
  }
  while (digits.length > 1 && digits[digits.length - 1] === 0) digits.pop();
  return { digits, weight };
}

/** power_var_int's estimate of log10(|base| ^ exponent), computed from the leading NBASE digits as PostgreSQL does. */
function estimateLog10(unscaled: bigint, scale: number, exponent: number): number {
  if (unscaled === 0n) return 0;
  const { digits, weight } = nbaseDigits(unscaled, scale);
  let mantissa = digits[0]!;
  let power = weight * 4;
  for (let index = 1; index < digits.length && index * 4 < 16; index++) {
    mantissa = mantissa * 10000 + digits[index]!;
    power -= 4;
  }
  return exponent * (Math.log10(mantissa) + power);
}

/** base ^ exponent with PostgreSQL's result scale; returns [unscaled, scale]. Both inputs finite. */
export function numericPower(
  baseUnscaled: bigint,
  baseScale: number,
  exponentUnscaled: bigint,
  exponentScale: number,
): [bigint, number] {
  if (baseUnscaled === 0n && exponentUnscaled < 0n) {
    throw new SqlError('invalid_argument_for_function', 'zero raised to a negative power is undefined');
  }
  const exponentDivisor = pow10(exponentScale);
  if (exponentUnscaled % exponentDivisor === 0n) {
    const integerExponent = exponentUnscaled / exponentDivisor;
    if (integerExponent >= -2147483648n && integerExponent <= 2147483647n) {
      return integerPower(baseUnscaled, baseScale, Number(integerExponent));
    }
  }
  if (baseUnscaled === 0n) return [0n, MIN_SIG_DIGITS];
  if (baseUnscaled < 0n) {
    throw new SqlError(
      'invalid_argument_for_function',
      'a negative number raised to a non-integer power yields a complex result',
    );
  }
  return generalPower(baseUnscaled, baseScale, exponentUnscaled, exponentScale, true);
}

/**
 * PostgreSQL 15's power_var_int: an integral exponent gets scale max(16, base scale) whatever the size of the
 * result (PostgreSQL 16 changed this). Exact when affordable, rounded half away from zero.
 */
function integerPower(baseUnscaled: bigint, baseScale: number, exponent: number): [bigint, number] {
  const resultScale = clampScale(Math.max(MIN_SIG_DIGITS, baseScale));
  if (exponent === 0) return [pow10(resultScale), resultScale];
  if (baseUnscaled === 0n) return [0n, resultScale];
  const estimate = estimateLog10(baseUnscaled, baseScale, exponent);
  if (estimate > 3 * 32767 * 4) throw overflow();
  if (estimate + 1 < -resultScale || estimate + 1 < -MAX_DISPLAY_SCALE) return [0n, resultScale];
  const magnitude = Math.abs(exponent);
  if (decimalDigits(baseUnscaled) * magnitude > EXACT_POWER_DIGIT_LIMIT) {
    const negative = baseUnscaled < 0n && magnitude % 2 === 1;
    const [unscaled, scale] = generalPower(
      baseUnscaled < 0n ? -baseUnscaled : baseUnscaled,
      baseScale,
      BigInt(exponent),
      0,
      false,
      resultScale,
    );
    return [negative ? -unscaled : unscaled, scale];
  }
  // base^n = u^n / 10^(s*n)
  const numerator = baseUnscaled ** BigInt(magnitude);
  const denominatorScale = baseScale * magnitude;
  if (exponent > 0) {
    if (denominatorScale <= resultScale) return [numerator * pow10(resultScale - denominatorScale), resultScale];
    return [divRoundHalfAway(numerator, pow10(denominatorScale - resultScale)), resultScale];
  }
  // 1 / base^n = 10^(s*n) / u^n
  return [divRoundHalfAway(pow10(denominatorScale + resultScale), numerator), resultScale];
}

/** exp(exponent * ln(base)) for base > 0 (power_var's general path). */
function generalPower(
  baseUnscaled: bigint,
  baseScale: number,
  exponentUnscaled: bigint,
  exponentScale: number,
  chooseScale: boolean,
  givenScale = 0,
): [bigint, number] {
  const base = Number(baseUnscaled) / 10 ** baseScale;
  const exponentValue = Number(exponentUnscaled) / 10 ** exponentScale;
  const lnBase = Number.isFinite(base) && base > 0 ? Math.log(base) : approximateLn(baseUnscaled, baseScale);
  const lnResult = lnBase * exponentValue;
  // power_var's overflow test; integral exponents (chooseScale false) were range-checked by the caller.
  if (chooseScale && Math.abs(lnResult) > MAX_DISPLAY_SCALE * 3.01) {
    if (lnResult > 0) throw overflow();
    return [0n, MAX_DISPLAY_SCALE];
  }
  const log10Result = lnResult * 0.434294481903252;
  const resultScale = chooseScale
    ? clampScale(Math.max(MIN_SIG_DIGITS - Math.trunc(log10Result), baseScale, exponentScale))
    : givenScale;
  const integerDigits = Math.max(0, Math.ceil(log10Result));
  const exponentIntegerDigits = Math.max(1, Math.ceil(Math.log10(Math.abs(exponentValue) + 1)));
  const work = resultScale + integerDigits + exponentIntegerDigits + GUARD_DIGITS;
  const lnFixed = fixedLn(baseUnscaled, baseScale, work);
  const product = (lnFixed * exponentUnscaled) / pow10(exponentScale); // still at scale `work`
  const result = fixedExp(product, work);
  return [divRoundHalfAway(result, pow10(work - resultScale)), resultScale];
}

/** ln of a positive value too large or small for a double, from its digit count. */
function approximateLn(unscaled: bigint, scale: number): number {
  const text = unscaled.toString();
  const leading = Number('0.' + text.slice(0, 17));
  return Math.log(leading) + (text.length - scale) * Math.LN10;
}

/** floor(sqrt(value)) for value >= 0. */
export function isqrt(value: bigint): bigint {
  if (value < 2n) return value;
  const approx = Math.sqrt(Number(value));
  let x: bigint;
  if (Number.isFinite(approx) && approx < 2 ** 52) x = BigInt(Math.floor(approx)) + 1n;
  else x = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  // Newton's iteration from above converges monotonically down to floor(sqrt(value)).
  for (;;) {
    const next = (x + value / x) >> 1n;
    if (next >= x) break;
    x = next;
  }
  while (x * x > value) x--;
  while ((x + 1n) * (x + 1n) <= value) x++;
  return x;
}

/** numeric_sqrt: at least 16 significant digits, never less than the input's scale; [unscaled, scale]. */
export function numericSqrt(unscaled: bigint, scale: number): [bigint, number] {
  const weight = unscaled === 0n ? 0 : nbaseDigits(unscaled, scale).weight;
  // C integer division truncates toward zero.
  const resultWeight = Math.trunc(((weight + 1) * 4) / 2) - 1;
  const resultScale = clampScale(Math.max(MIN_SIG_DIGITS - resultWeight, scale));
  if (unscaled === 0n) return [0n, resultScale];
  // floor(sqrt(v) * 10^(r+1)) then round the last digit: correct rounding half away from zero.
  const root = isqrt(unscaled * pow10(2 * resultScale + 2 - scale));
  return [(root + 5n) / 10n, resultScale];
}

/** ln(unscaled / 10^scale) as a fixed-point bigint at scale `work` (value > 0). */
function fixedLn(unscaled: bigint, scale: number, work: number): bigint {
  // Bring the value into [0.1, 1) * 10^k, so that only ln of a moderate number is needed.
  const digits = decimalDigits(unscaled);
  const decimalExponent = digits - scale; // value = 0.ddd * 10^decimalExponent
  const shifted = digits <= work ? unscaled * pow10(work - digits) : unscaled / pow10(digits - work);
  let result = lnNearOne(shifted, work);
  if (decimalExponent !== 0) result += lnTen(work) * BigInt(decimalExponent);
  return result;
}

const lnTenCache = new Map<number, bigint>();

function lnTen(work: number): bigint {
  let cached = lnTenCache.get(work);
  if (cached === undefined) {
    // ln 10 = -ln 0.1
    cached = -lnNearOne(pow10(work - 1), work);
    lnTenCache.set(work, cached);
  }
  return cached;
}

/**
 * ln(x / 10^work) for x in (0, 10^work]: repeated square roots bring the argument near 1, then the series
 * ln y = 2 atanh((y-1)/(y+1)) converges quickly.
 */
function lnNearOne(x: bigint, work: number): bigint {
  const extra = 12;
  const scale = work + extra;
  const one = pow10(scale);
  let y = x * pow10(extra);
  const threshold = one / 100n;
  let doublings = 0;
  while (y - one > threshold || one - y > threshold) {
    y = isqrt(y * one);
    doublings++;
  }
  const z = ((y - one) * one) / (y + one);
  const zSquared = (z * z) / one;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * zSquared) / one;
  }
  const ln = (2n * sum) << BigInt(doublings);
  return ln / pow10(extra);
}

/** exp(x / 10^work) as a fixed-point bigint at scale `work`: halve the argument below 0.01, sum the Taylor series, square back. */
function fixedExp(x: bigint, work: number): bigint {
  const magnitude = Math.abs(Number(x / pow10(work))) + 1;
  const halvings = Math.max(0, Math.ceil(Math.log2(magnitude * 100)));
  // Each squaring doubles the relative error: carry log10(2) digits more per halving.
  const extra = 12 + Math.ceil(halvings * 0.31);
  const one = pow10(work + extra);
  const z = (x * pow10(extra)) >> BigInt(halvings);
  let sum = one;
  let term = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * z) / one / k;
    sum += term;
  }
  for (let index = 0; index < halvings; index++) sum = (sum * sum) / one;
  return sum / pow10(extra);
}
