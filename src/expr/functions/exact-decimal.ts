// Exact decimal renderings of doubles, rounding half to even on the binary value as C's printf does.

/** The double as mantissa * 2^exponent with an integer mantissa. */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}

/** round(num / den) with ties to even, for non-negative num and positive den. */
function divideHalfEven(num: bigint, den: bigint): bigint {
  const quotient = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** |x| * 10^power rounded to an integer, half to even. */
function scaledInteger(x: number, power: number): bigint {
  const [mantissa, exponent] = decompose(x);
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (power >= 0) num *= 10n ** BigInt(power);
  else den *= 10n ** BigInt(-power);
  return divideHalfEven(num, den);
}

/** C's `%.{digits}f` of a finite double. */
export function exactFixed(x: number, digits: number): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const text = scaledInteger(x, digits).toString().padStart(digits + 1, '0');
  if (digits === 0) return sign + text;
  return `${sign}${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
}

/** C's `%.{digits}e` of a finite double (no '+' for positive values). */
export function exactExponential(x: number, digits: number): string {
  const sign = x < 0 ? '-' : '';
  let exponent = 0;
  let mantissa = 0n;
  if (x !== 0) {
    exponent = Math.floor(Math.log10(Math.abs(x)));
    const low = 10n ** BigInt(digits);
    const high = low * 10n;
    for (;;) {
      mantissa = scaledInteger(x, digits - exponent);
      if (mantissa >= high) exponent++;
      else if (mantissa < low) exponent--;
      else break;
    }
  }
  const text = mantissa.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text[0]}.${text.slice(1)}`;
  return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
