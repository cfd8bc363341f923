// Powers of ten as bigint, memoized: aligning decimal scales must not recompute 10n ** k on the hot path.

const PRECOMPUTED = 64;
const table: bigint[] = [];
for (let exponent = 0, power = 1n; exponent < PRECOMPUTED; exponent++, power *= 10n) table.push(power);

/** 10^exponent as a bigint (exponent >= 0); the first 64 are a table lookup, larger ones are cached on use. */
export function pow10(exponent: number): bigint {
  const cached = table[exponent];
  if (cached !== undefined) return cached;
  if (exponent < 0) throw new Error(`pow10 of negative exponent ${exponent}`);
  while (table.length <= exponent) table.push(table[table.length - 1]! * 10n);
  return table[exponent]!;
}

/** Quotient of num / den rounded half away from zero (den != 0), as PostgreSQL's round_var does. */
export function divRoundHalfAway(num: bigint, den: bigint): bigint {
  const quotient = num / den;
  const remainder = num % den;
  if (remainder === 0n) return quotient;
  const twice = remainder < 0n ? -remainder * 2n : remainder * 2n;
  const absDen = den < 0n ? -den : den;
  if (twice < absDen) return quotient;
  return (num < 0n) !== (den < 0n) ? quotient - 1n : quotient + 1n;
}

/** Number of decimal digits of |value| (1 for zero). */
export function decimalDigits(value: bigint): number {
  const abs = value < 0n ? -value : value;
  if (abs < 10000000000000000n) {
    const n = Number(abs);
    let digits = 1;
    for (let bound = 10; n >= bound; bound *= 10) digits++;
    return digits;
  }
  return abs.toString().length;
}
