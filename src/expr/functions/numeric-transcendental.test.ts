// ln, log and exp of numeric on generated values compared with PostgreSQL: digits and result scales.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, fn, num, tallyOutcome } from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

/** Decimal texts over many magnitudes and scales, e.g. '0.000123', '98765.4321', '1.0500'. */
const decimalText = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.integer({ min: 0, max: 25 }))
  .map(([unscaled, scale]) => {
    const digits = unscaled.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  });

const exponentText = fc.tuple(fc.integer({ min: -2000000, max: 2000000 }), fc.integer({ min: 0, max: 5 })).map(([unscaled, scale]) => {
  const negative = unscaled < 0;
  const digits = Math.abs(unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
});

const samples = <T>(arb: fc.Arbitrary<T>, count: number, seed: number): T[] => fc.sample(arb, { numRuns: count, seed });

const cases: Call[] = [
  ...samples(decimalText, 60, 1).map((x) => fn('ln', num(x))),
  ...samples(decimalText, 40, 2).map((x) => fn('log', num(x))),
  ...samples(fc.tuple(decimalText, decimalText), 40, 3).map(([b, x]) => fn('log', num(b), num(x))),
  ...samples(exponentText, 60, 4).map((x) => fn('exp', num(String(Number(x) / 1000)))),
  fn('ln', num('1')),
  fn('ln', num('0.9')),
  fn('ln', num('1.1')),
  fn('ln', num('1.0000001')),
  fn('exp', num('0')),
  fn('exp', num('-0.5')),
  fn('log', num('10'), num('100')),
];

describe('numeric logarithms and exponentials match PostgreSQL', () => {
  it.each(cases.map((c, index) => [`${index}: ${c.name}(${c.args.map((a) => a.text).join(', ')})`, c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});
