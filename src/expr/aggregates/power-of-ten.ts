// powerOfTen: memoized powers of ten as bigints, for aligning NUMERIC scales in aggregate states.
const powers: bigint[] = [1n];

/** 10^exponent (exponent >= 0), computed once per exponent. */
export function powerOfTen(exponent: number): bigint {
  while (powers.length <= exponent) powers.push(powers[powers.length - 1]! * 10n);
  return powers[exponent]!;
}
