// ExactFloatSum: exact sums of doubles, correctly rounded once, whatever the order and retractions.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactFloatSum, ratioToFloat } from './float-expansion.js';

const Exact = Decimal.clone({ precision: 2500, toExpPos: 9e15, toExpNeg: -9e15 });

/** The exact value of a double as a decimal (every double is a dyadic rational). */
function exactOf(value: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const magnitude = new Exact(mantissa.toString()).times(new Exact(2).pow((biased === 0 ? 1 : biased) - 1075));
  return bits >> 63n === 1n ? magnitude.negated() : magnitude;
}

const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0.1, 0.2, 0.3, 1e308, -1e308, 5e-324),
);

describe('ExactFloatSum', () => {
  it('rounds the exact sum once, and retraction restores the sum of the rest', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 12 }), fc.array(finite, { maxLength: 6 }), (kept, retracted) => {
        const sum = ExactFloatSum.ofValues();
        for (const value of [...retracted, ...kept]) sum.add(value, 1);
        for (const value of retracted) sum.add(value, -1);
        const exact = kept.reduce((total, value) => total.plus(exactOf(value)), new Exact(0));
        expect(sum.value()).toBe(exact.toNumber() + 0);
      }),
      { numRuns: 300 },
    );
  });

  it('sums squares exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e150, max: 1e150, noNaN: true }), { maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (values, weight) => {
        const squares = ExactFloatSum.ofSquares();
        for (const value of values) squares.addSquare(value, weight);
        const exact = values.reduce((total, value) => total.plus(exactOf(value).pow(2).times(weight)), new Exact(0));
        const { mantissa, exponent } = squares.toScaledBigInt();
        const tiny = values.some((value) => value !== 0 && Math.abs(value) < 1e-140);
        if (!tiny) expect(new Exact(mantissa.toString()).times(new Exact(2).pow(exponent)).equals(exact)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a sum beyond the double range as infinite, and recovers when part is retracted', () => {
    const sum = ExactFloatSum.ofValues();
    sum.add(1e308, 2);
    expect(sum.value()).toBe(Infinity);
    sum.add(1e308, -1);
    expect(sum.value()).toBe(1e308);
    sum.add(1e308, -1);
    expect(sum.isZero).toBe(true);
  });

  it('divides big integers into correctly rounded doubles', () => {
    expect(ratioToFloat(1n, 3n, 0)).toBe(1 / 3);
    expect(ratioToFloat(-7n, 2n, 10)).toBe(-3.5 * 1024);
    expect(ratioToFloat(10n ** 400n, 10n ** 399n, -3)).toBe(10 / 8);
  });
});
