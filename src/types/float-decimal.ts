// C printf's %.<p>g digits of a double, as PostgreSQL uses when casting float4/float8 to numeric.

/**
 * The double rounded to `precision` significant digits, as text in exponent form with trailing zeros of the
 * mantissa removed ('1.5e+0', '1.23456789012344e+15'). Matches glibc's %.<p>g: exact ties round half to even,
 * where JavaScript's toExponential rounds them up. Finite values only.
 */
export function floatToDecimalText(value: number, precision: number): string {
  return stripMantissaZeros(exponentialHalfEven(value, precision - 1));
}

/**
 * value.toExponential(fractionDigits), except that exact ties round half to even (as glibc's printf and
 * Ryu do) where JavaScript rounds them up. Finite values only.
 */
export function exponentialHalfEven(value: number, fractionDigits: number): string {
  const text = value.toExponential(fractionDigits);
  const longer = value.toExponential(fractionDigits + 1);
  // A tie is only possible when the value has exactly fractionDigits+2 significant digits ending in 5.
  const longerExponentAt = longer.indexOf('e');
  if (longer.charCodeAt(longerExponentAt - 1) === 53 && isExactDecimal(value, longer)) {
    const mantissa = longer.slice(0, longerExponentAt - 1);
    const lastKept = mantissa.charCodeAt(mantissa.length - 1);
    // Even kept digit: round down (truncate the 5) instead of JavaScript's rounding up.
    if (lastKept === 46) {
      const digit = mantissa.charCodeAt(mantissa.length - 2) - 48;
      if (digit % 2 === 0) return mantissa.slice(0, -1) + longer.slice(longerExponentAt);
    } else if ((lastKept - 48) % 2 === 0) return mantissa + longer.slice(longerExponentAt);
  }
  return text;
}

function stripMantissaZeros(text: string): string {
  const exponentAt = text.indexOf('e');
  let end = exponentAt;
  if (text.indexOf('.') < 0 || end < 0) return text;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end) + text.slice(exponentAt);
}

const view = new DataView(new ArrayBuffer(8));

/** Whether the double is exactly the decimal written in `text` ('d.ddde±x'). */
function isExactDecimal(value: number, text: string): boolean {
  if (Number(text) !== value) return false;
  const exponentAt = text.indexOf('e');
  const mantissa = text.slice(0, exponentAt).replace('.', '').replace('-', '');
  const fractionDigits = Math.max(0, text.slice(0, exponentAt).replace('-', '').length - 2);
  const decimalExponent = Number(text.slice(exponentAt + 1)) - fractionDigits;
  const digits = BigInt(mantissa);
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  let significand = bits & 0xfffffffffffffn;
  if (biasedExponent !== 0) significand |= 0x10000000000000n;
  const binaryExponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  // significand * 2^binaryExponent == digits * 10^decimalExponent, in integers.
  let left = significand;
  let right = digits;
  if (binaryExponent >= 0) left <<= BigInt(binaryExponent);
  else right <<= BigInt(-binaryExponent);
  if (decimalExponent >= 0) right *= 10n ** BigInt(decimalExponent);
  else left *= 10n ** BigInt(-decimalExponent);
  return left === right;
}
