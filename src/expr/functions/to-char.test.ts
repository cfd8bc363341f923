// to_char of numbers compared with PostgreSQL: digit patterns, signs, fill mode, overflow, roman, ordinals, EEEE.
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, f4, f8, fn, i4, i8, label, num, tallyOutcome, txt } from './function-oracle.test-support.js';
import type { Arg, Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

const templates = [
  '9,999.99', '9.99', 'FM9.99', '9999', 'FM9999', 'S9999', '9999S', '0000.0', '999', '999PR', '999MI', '9G999G999D99',
  'RN', 'FMRN', 'rn', '99th', 'FM99TH', '9.99EEEE', 'L99', '99V9', 'FMS99.9', 'FM0.9', 'SG999', 'PL999', '999.999',
  'FM999.999', '0.00', '09', 'FM099.90', '"Total: "999', '9 9 9', 'MI9,999', '00000', 'FMS0.00',
];

const values: Arg[] = [num('1234.5'), num('-0.5'), num('0'), num('12'), num('-12.345'), num('0.05'), num('123456'), i4(3), i4(-21), i8('4000'), f8(2.5), f8(0.1), f8(-1234.5678), f4(1.25)];

const cases: Call[] = values.flatMap((v) => templates.map((t) => fn('to_char', v, txt(t))));

describe('numeric to_char matches PostgreSQL', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});
