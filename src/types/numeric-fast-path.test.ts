// The double-arithmetic fast paths of Numeric division and rounding against the bigint algorithm they shortcut.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from './numeric.js';
import { divRoundHalfAway, pow10 } from './pow10.js';

/** PostgreSQL's base-10000 weight and leading digit (select_div_scale's inputs), from the decimal digits. */
function referenceNbase(value: Numeric): [weight: number, first: number] {
  if (value.unscaled === 0n) return [0, 0];
  const digits = (value.unscaled < 0n ? -value.unscaled : value.unscaled).toString();
  const exponent = digits.length - 1 - value.scale;
  const weight = Math.floor(exponent / 4);
  const groupDigits = exponent - weight * 4 + 1;
  return [weight, Number(digits.slice(0, groupDigits).padEnd(groupDigits, '0'))];
}

/** Numeric division as the general path computes it: select_div_scale, then one bigint division. */
function referenceDiv(a: Numeric, b: Numeric): Numeric {
  const [weight1, first1] = referenceNbase(a);
  const [weight2, first2] = referenceNbase(b);
  const quotientWeight = weight1 - weight2 - (first1 <= first2 ? 1 : 0);
  const scale = Math.min(1000, Math.max(16 - quotientWeight * 4, a.scale, b.scale, 0));
  return referenceDivToScale(a, b, scale);
}

function referenceDivToScale(a: Numeric, b: Numeric, scale: number): Numeric {
  const exponent = b.scale + scale - a.scale;
  const numerator = exponent >= 0 ? a.unscaled * pow10(exponent) : a.unscaled;
  const denominator = exponent >= 0 ? b.unscaled : b.unscaled * pow10(-exponent);
  return new Numeric(divRoundHalfAway(numerator, denominator), scale);
}

function referenceRound(x: Numeric, scale: number): Numeric {
  if (scale >= x.scale) return new Numeric(x.unscaled * pow10(scale - x.scale), scale);
  const rounded = divRoundHalfAway(x.unscaled, pow10(x.scale - scale));
  return scale >= 0 ? new Numeric(rounded, scale) : new Numeric(rounded * pow10(-scale), 0);
}

const same = (actual: Numeric, expected: Numeric): boolean =>
  actual.unscaled === expected.unscaled && actual.scale === expected.scale;

const show = (value: Numeric): string => `${value.unscaled}e-${value.scale}`;

/** Integers around each bound of the fast paths (2^21, 2^31..2^33, 2^52, 2^53, 2^63, 2^64, 2^85) and beyond. */
const boundaries = [0n, 1n, 5n, 21n, 31n, 32n, 33n, 52n, 53n, 63n, 64n, 85n, 96n].map((bits) => 1n << bits);
const unscaledArbitrary = fc
  .oneof(
    fc.bigInt({ min: -1000n, max: 1000n }),
    fc.bigInt({ min: -(1n << 33n), max: 1n << 33n }),
    fc.bigInt({ min: -(1n << 53n), max: 1n << 53n }),
    fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    fc.tuple(fc.constantFrom(...boundaries), fc.integer({ min: -3, max: 3 }), fc.boolean())
      .map(([bound, offset, negative]) => (negative ? -1n : 1n) * (bound + BigInt(offset))),
    // Exact halves at some digit: 5, 15, 250, 1235, ... times a power of ten.
    fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 19 }))
      .map(([odd, digits]) => (odd * 2n + 1n) * 5n * pow10(digits)),
  );
const numericArbitrary = fc
  .tuple(unscaledArbitrary, fc.integer({ min: 0, max: 20 }))
  .map(([unscaled, scale]) => new Numeric(unscaled, scale));
const nonZeroArbitrary = numericArbitrary.filter((value) => value.unscaled !== 0n);

describe('Numeric division fast path', () => {
  it('gives the result of the bigint algorithm, scale and digits', () => {
    fc.assert(
      fc.property(numericArbitrary, nonZeroArbitrary, (a, b) => {
        const expected = referenceDiv(a, b);
        const actual = a.div(b);
        expect(same(actual, expected), `${show(a)} / ${show(b)}: ${show(actual)} != ${show(expected)}`).toBe(true);
      }),
      { numRuns: 20000, seed: 1 },
    );
  });

  it('divSmall agrees with div wherever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(numericArbitrary, nonZeroArbitrary, (a, b) => {
        const quotient = Numeric.divSmall(Number(a.unscaled), a.scale, Number(b.unscaled), b.scale);
        if (quotient === undefined) return;
        answered++;
        expect(same(quotient, referenceDiv(a, b)), `${show(a)} / ${show(b)}`).toBe(true);
      }),
      { numRuns: 20000, seed: 2 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it('divides averages and ratios like those of aggregates exactly', () => {
    for (let count = 1; count <= 300; count++) {
      for (let cents = -2000; cents <= 2000; cents += 23) {
        const sum = new Numeric(BigInt(cents * 977), 2);
        const divisor = Numeric.fromInt(count);
        expect(same(sum.div(divisor), referenceDiv(sum, divisor)), `${show(sum)} / ${count}`).toBe(true);
        const part = Numeric.fromInt(cents % (count + 1));
        expect(same(part.div(divisor), referenceDiv(part, divisor)), `${show(part)} / ${count}`).toBe(true);
      }
    }
  });

  it('carries the rounding increment across the 32-bit limbs', () => {
    let found = 0;
    for (const target of [1n << 32n, 1n << 53n, 1n << 63n, 1n << 64n, 1n << 84n]) {
      for (let exponent = 0; exponent <= 30; exponent++) {
        for (let divisor = 2n; divisor <= 300n; divisor++) {
          // The smallest dividend whose quotient rounds up to the target (round half away).
          const unit = pow10(exponent);
          const dividend = ((2n * target - 1n) * divisor + 2n * unit - 1n) / (2n * unit);
          if (dividend >= 1n << 52n || (dividend * unit) / divisor !== target - 1n) continue;
          found++;
          for (const sign of [1n, -1n]) {
            const a = new Numeric(sign * dividend, 0);
            const b = new Numeric(divisor, 0);
            expect(a.divToScale(b, exponent).unscaled, `${a} / ${b} to ${exponent}`).toBe(sign * target);
          }
        }
      }
    }
    expect(found).toBeGreaterThan(20);
    // Quotients just below 2^64 that round up to it (found by searching: the dividend must stay below 2^52).
    for (const [dividend, divisor] of [[87505819862456n, 47437n], [175011639724912n, 94874n], [525034919174736n, 284622n]]) {
      for (const sign of [1n, -1n]) {
        const a = new Numeric(sign * dividend!, 0);
        expect(a.divToScale(new Numeric(divisor!, 0), 10).unscaled, `${a} / ${divisor}`).toBe(sign * (1n << 64n));
      }
    }
  });

  it('divToScale agrees at every scale, including ones below the operands', () => {
    fc.assert(
      fc.property(numericArbitrary, nonZeroArbitrary, fc.integer({ min: 0, max: 40 }), (a, b, scale) => {
        expect(same(a.divToScale(b, scale), referenceDivToScale(a, b, scale)), `${show(a)} / ${show(b)} to ${scale}`).toBe(true);
      }),
      { numRuns: 20000, seed: 3 },
    );
  });
});

/** round(a / b * 10^shift, to) as PostgreSQL writes it out: the quotient, the product, the rounding. */
function referenceDivRound(a: Numeric, b: Numeric, shift: number, to: number): Numeric {
  const quotient = referenceDiv(a, b);
  return referenceRound(new Numeric(quotient.unscaled * pow10(shift), quotient.scale), to);
}

describe('Numeric fused division and rounding', () => {
  it('divRound gives round(a / b * 10^shift, to) of the bigint algorithm', () => {
    fc.assert(
      fc.property(numericArbitrary, nonZeroArbitrary, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 22 }), (a, b, shift, to) => {
        const expected = referenceDivRound(a, b, shift, to);
        const actual = a.divRound(b, shift, to);
        expect(same(actual, expected), `round(${show(a)} / ${show(b)} * 10^${shift}, ${to}): ${show(actual)} != ${show(expected)}`).toBe(true);
      }),
      { numRuns: 30000, seed: 8 },
    );
  });

  it("rounds up where the quotient's own rounding lifts it to a half, as PostgreSQL's two roundings do", () => {
    // Keeping all but one or two of the quotient's digits: a remainder within half a unit of the division
    // scale below a half becomes exactly a half, which then rounds away from zero.
    let lifted = 0;
    for (let a = 1; a <= 400; a++) {
      for (let b = 7; b <= 160; b += 3) {
        const dividend = new Numeric(a, 0);
        const divisor = new Numeric(b, 0);
        const scale = referenceDiv(dividend, divisor).scale;
        for (const shift of [0, 2]) {
          for (const to of [scale - shift - 1, scale - shift - 2]) {
            const expected = referenceDivRound(dividend, divisor, shift, to);
            const single = new Numeric(divRoundHalfAway(BigInt(a) * pow10(to + shift), BigInt(b)), to);
            if (!same(single, expected)) lifted++;
            for (const sign of [1, -1]) {
              const signed = new Numeric(sign * a, 0);
              const want = referenceDivRound(signed, divisor, shift, to);
              expect(same(signed.divRound(divisor, shift, to), want), `round(${sign * a} / ${b} * 10^${shift}, ${to})`).toBe(true);
            }
          }
        }
      }
    }
    // The cases this test is for occur: one rounding would have differed from PostgreSQL's two.
    expect(lifted).toBeGreaterThan(10);
  });

  it('divRoundSmall, as averages call it, agrees with divRound', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        fc.integer({ min: 0, max: 20 }),
        (sum, scale, count, to) => {
          const expected = referenceDivRound(new Numeric(sum, scale), new Numeric(count, 0), 0, to);
          const actual = Numeric.divRoundSmall(sum, scale, count, 0, 0, to);
          if (actual === undefined) return;
          answered++;
          expect(same(actual, expected), `round(${sum}e-${scale} / ${count}, ${to})`).toBe(true);
        },
      ),
      { numRuns: 20000, seed: 9 },
    );
    // It answers all but the cases beyond its bounds (mostly a scale `to` the quotient's own does not exceed).
    expect(answered).toBeGreaterThan(10000);
  });

  it('keeps division by zero an error, and NaN and the infinities as division gives them', () => {
    expect(() => Numeric.parse('1').divRound(Numeric.ZERO, 2, 2)).toThrow('division by zero');
    expect(Numeric.NAN.divRound(Numeric.parse('3'), 2, 2).isNaN()).toBe(true);
    expect(Numeric.POSITIVE_INFINITY.divRound(Numeric.parse('-3'), 0, 2)).toBe(Numeric.NEGATIVE_INFINITY);
    expect(Numeric.parse('5').divRound(Numeric.POSITIVE_INFINITY, 0, 2).toString()).toBe('0.00');
  });
});

describe('Numeric rounding fast path', () => {
  it('round gives the result of the bigint algorithm at every scale', () => {
    fc.assert(
      fc.property(numericArbitrary, fc.integer({ min: -25, max: 25 }), (x, scale) => {
        const expected = referenceRound(x, scale);
        const actual = x.round(scale);
        expect(same(actual, expected), `round(${show(x)}, ${scale}): ${show(actual)} != ${show(expected)}`).toBe(true);
      }),
      { numRuns: 30000, seed: 4 },
    );
  });

  it('rounds exact halves away from zero on both sides of 2^53 and 2^63', () => {
    for (const bound of [1n << 53n, 1n << 63n, 1n << 64n]) {
      for (let digits = 1; digits <= 21; digits++) {
        const unit = pow10(digits);
        // The halves nearest the bound, and their neighbours one unit in the last place either side.
        const base = (bound / unit) * unit + unit / 2n;
        for (const offset of [-unit, 0n, unit, -unit - 1n, -unit + 1n, -1n, 1n]) {
          for (const sign of [1n, -1n]) {
            const x = new Numeric(sign * (base + offset), digits + 2);
            expect(same(x.round(2), referenceRound(x, 2)), `round(${show(x)}, 2)`).toBe(true);
            expect(x.withScale(2).unscaled).toBe(referenceRound(x, 2).unscaled);
            expect(new Numeric(x.unscaled, digits).toBigInt()).toBe(divRoundHalfAway(x.unscaled, unit));
          }
        }
      }
    }
  });

  it('rounds values next to a half correctly at every magnitude (the double estimate must not decide those)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 25n }),
        fc.integer({ min: 1, max: 18 }),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        (units, digits, offset, negative) => {
          const unit = pow10(digits);
          const magnitude = units * unit + unit / 2n + BigInt(offset);
          if (magnitude < 0n) return;
          const x = new Numeric(negative ? -magnitude : magnitude, digits);
          expect(same(x.round(0), referenceRound(x, 0)), `round(${show(x)})`).toBe(true);
        },
      ),
      { numRuns: 30000, seed: 6 },
    );
  });

  it('withScale and toBigInt agree with the bigint algorithm', () => {
    fc.assert(
      fc.property(numericArbitrary, fc.integer({ min: 0, max: 25 }), (x, scale) => {
        expect(same(x.withScale(scale), referenceRound(x, scale)), `${show(x)} to ${scale}`).toBe(true);
        expect(x.toBigInt()).toBe(x.scale === 0 ? x.unscaled : divRoundHalfAway(x.unscaled, pow10(x.scale)));
      }),
      { numRuns: 20000, seed: 5 },
    );
  });

  it('keeps NaN and the infinities', () => {
    for (const special of [Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.NEGATIVE_INFINITY]) {
      expect(special.round(2)).toBe(special);
      expect(special.div(new Numeric(3n, 0)).isSpecial()).toBe(true);
    }
  });
});
