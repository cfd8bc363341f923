// Double precision exp, ln and power on generated inputs compared with PostgreSQL's libm results.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, f8, fn, tallyOutcome } from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

/**
 * PostgreSQL's libm (glibc, or musl in PGlite) is within about 0.51 units in the last place, and Tally rounds a
 * ~106-bit result, so the two differ only on rare near-halfway inputs (JS's Math functions differ on ~10%).
 */
const MAX_MISMATCH_RATE = 0.01;

const doubles = (min: number, max: number, seed: number): number[] =>
  fc.sample(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { numRuns: 300, seed });

const families: [string, (x: number) => Call, number[]][] = [
  ['exp', (x) => fn('exp', f8(x)), doubles(-700, 700, 11)],
  ['ln', (x) => fn('ln', f8(x)), [...doubles(1e-300, 1e300, 12), ...doubles(0.5, 2, 13)]],
  ['power', (x) => fn('power', f8(x), f8(1.37)), doubles(1e-100, 1e100, 14)],
  ['power (integer exponent)', (x) => fn('power', f8(-1.0001), f8(Math.round(x))), doubles(-5000, 5000, 15)],
];

describe('float exp, ln and power match PostgreSQL', () => {
  it.each(families)('%s', async (_, makeCall, inputs) => {
    const mismatches: string[] = [];
    for (const x of inputs) {
      const call = makeCall(x);
      const ours = tallyOutcome(call);
      const theirs = await oracle.outcome(call);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(`${x}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
    }
    expect(mismatches.length / inputs.length, mismatches.join('\n')).toBeLessThanOrEqual(MAX_MISMATCH_RATE);
  });
});
