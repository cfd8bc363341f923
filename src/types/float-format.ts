// float8 and float4 text output as PostgreSQL 12+: shortest round-trip digits, printf-style exponents.
import { exponentialHalfEven } from './float-decimal.js';

/**
 * Formats shortest digits with PostgreSQL's layout: plain notation when the decimal exponent is in
 * [-4, threshold), else 'd.ddde+XX' with at least two exponent digits.
 */
function layout(digits: string, exponent: number, negative: boolean, threshold: number): string {
  let text: string;
  if (exponent >= -4 && exponent < threshold) {
    if (exponent < 0) text = '0.' + '0'.repeat(-exponent - 1) + digits;
    else if (digits.length <= exponent + 1) text = digits + '0'.repeat(exponent + 1 - digits.length);
    else text = digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  } else {
    const mantissa = digits.length === 1 ? digits : digits[0] + '.' + digits.slice(1);
    const absExponent = Math.abs(exponent);
    text = mantissa + (exponent < 0 ? 'e-' : 'e+') + (absExponent < 10 ? '0' + absExponent : String(absExponent));
  }
  return negative ? '-' + text : text;
}

/** Splits JavaScript's exponential form ('1.2345e+17') into digits '12345' and exponent 17. */
function splitExponential(text: string): [string, number] {
  const exponentAt = text.indexOf('e');
  const mantissa = text.slice(0, exponentAt);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  return [digits, Number(text.slice(exponentAt + 1))];
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return undefined;
}

/** PostgreSQL float8 output: '0.1', '1e+100', '1.2345678901234568e+17', 'Infinity', 'NaN', '-0'. */
export function formatFloat8(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15 && value !== 0) return String(value);
  const fixed = special(value);
  if (fixed !== undefined) return fixed;
  const negative = value < 0;
  const abs = Math.abs(value);
  // toExponential() without an argument yields the shortest digits that round-trip, as Ryu does...
  let text = abs.toExponential();
  // ...except that PostgreSQL's Ryu (built without STRICTLY_SHORTEST) never picks a decimal lying exactly on
  // a rounding boundary. Only integers above 2^53 have boundaries short enough to be candidates.
  if (abs >= 9007199254740992) {
    for (let fractionDigits = text.indexOf('e') - 2; isExcludedBoundary(abs, text) && fractionDigits < 17; fractionDigits++) {
      text = exponentialHalfEven(abs, fractionDigits + 1);
    }
  }
  const [digits, exponent] = splitExponential(text);
  return layout(stripZeros(digits), exponent, negative, 15);
}

const float8View = new DataView(new ArrayBuffer(8));

/** Whether the decimal `text` is exactly halfway between the double `abs` (>= 2^53) and a neighbour. */
function isExcludedBoundary(abs: number, text: string): boolean {
  float8View.setFloat64(0, abs);
  const bits = float8View.getBigUint64(0);
  const significand = (bits & 0xfffffffffffffn) | 0x10000000000000n;
  const binaryExponent = Number(bits >> 52n) - 1075; // abs = significand * 2^binaryExponent, exponent >= 1
  const exponentAt = text.indexOf('e');
  const mantissa = text.slice(0, exponentAt);
  const fractionDigits = Math.max(0, mantissa.length - 2);
  const decimalExponent = Number(text.slice(exponentAt + 1)) - fractionDigits;
  if (decimalExponent < 0) return false;
  // Everything times four keeps the midpoints (odd multiples of 2^(e-1)) integral.
  const candidate = (BigInt(mantissa.replace('.', '')) * 10n ** BigInt(decimalExponent)) << 2n;
  const upper = (2n * significand + 1n) << BigInt(binaryExponent + 1);
  if (candidate === upper) return true;
  // Below a power of two the lower neighbour is half as far: its midpoint is a quarter step away.
  const lower = significand === 0x10000000000000n ? (4n * significand - 1n) << BigInt(binaryExponent) : (2n * significand - 1n) << BigInt(binaryExponent + 1);
  return candidate === lower;
}

/** PostgreSQL float4 output: the shortest digits that round-trip through float4 ('0.1', '1.234567e+06'). */
export function formatFloat4(value: number): string {
  const fixed = special(value);
  if (fixed !== undefined) return fixed;
  const negative = value < 0;
  const abs = Math.abs(value);
  const [lowerMidpoint, upperMidpoint] = float4Midpoints(abs);
  let text = abs.toExponential(8);
  for (let fractionDigits = 0; fractionDigits <= 8; fractionDigits++) {
    const candidate = exponentialHalfEven(abs, fractionDigits);
    const candidateValue = Number(candidate);
    if (Math.fround(candidateValue) !== abs) continue;
    // PostgreSQL's Ryu (no STRICTLY_SHORTEST) excludes both rounding boundaries.
    if (candidateValue === upperMidpoint || candidateValue === lowerMidpoint) continue;
    text = candidate;
    break;
  }
  const [digits, exponent] = splitExponential(text);
  return layout(stripZeros(digits), exponent, negative, 6);
}

const float4View = new DataView(new ArrayBuffer(4));

/** The halfway points to the neighbouring float4 values (exact in a double). */
function float4Midpoints(abs: number): [number, number] {
  float4View.setFloat32(0, abs);
  const bits = float4View.getUint32(0);
  float4View.setUint32(0, bits + 1);
  const next = float4View.getFloat32(0);
  float4View.setUint32(0, bits - 1);
  const previous = bits === 0 ? 0 : float4View.getFloat32(0);
  return [(abs + previous) / 2, (abs + next) / 2];
}

function stripZeros(digits: string): string {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}
