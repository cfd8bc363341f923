// Arithmetic operators compared with PostgreSQL: result types, values, overflow and division errors.
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, f4, f8, i2, i4, i8, label, num, op, prefix, tallyOutcome, unk } from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

const cases: Call[] = [
  op('+', i4(1), i4(2)),
  op('+', i4(2147483647), i4(1)),
  op('-', i4(-2147483648), i4(1)),
  op('*', i4(65536), i4(65536)),
  op('*', i4(-5), i4(0)),
  op('/', i4(7), i4(2)),
  op('/', i4(-7), i4(2)),
  op('/', i4(1), i4(0)),
  op('/', i4(-2147483648), i4(-1)),
  op('%', i4(-7), i4(2)),
  op('%', i4(-2147483648), i4(-1)),
  op('%', i4(7), i4(0)),
  op('+', i2(32767), i2(1)),
  op('+', i2(1), i4(2)),
  op('+', i4(1), i8(2)),
  op('*', i8('9223372036854775807'), i8(2)),
  op('/', i8('-9223372036854775808'), i8(-1)),
  op('%', i8(-7), i8(3)),
  op('+', i4(1), num('1.5')),
  op('+', num('1.5'), f8(1)),
  op('+', i4(1), unk('2')),
  op('+', unk('1.5'), num('2')),
  op('+', unk('1'), unk('2')),
  op('/', num('1'), num('3')),
  op('/', num('10'), num('4')),
  op('/', num('1.000'), num('3')),
  op('/', num('1'), num('0')),
  op('%', num('7.5'), num('2')),
  op('^', num('2.0'), num('0.5')),
  op('^', i4(2), i4(3)),
  op('^', f8(0), f8(-1)),
  op('^', f8(-8), f8(1.0 / 3)),
  op('/', f8(1), f8(0)),
  op('/', f8(0), f8(0)),
  op('*', f8(1e300), f8(1e300)),
  op('*', f8(1e-300), f8(1e-300)),
  op('+', f8('Infinity'), f8(1)),
  op('+', f4(1.1), f4(2.2)),
  op('*', f4(3e38), f4(10)),
  op('+', f4(1.5), f8(1)),
  op('/', f8(1), f8(3)),
  op('&', i4(12), i4(10)),
  op('|', i4(12), i4(10)),
  op('#', i4(12), i4(10)),
  op('<<', i4(1), i4(31)),
  op('<<', i2(1), i4(15)),
  op('>>', i8(-16), i4(2)),
  prefix('-', i4(-2147483648)),
  prefix('-', num('0.50')),
  prefix('@', i4(-5)),
  prefix('@', f8(-1.5)),
  prefix('|/', f8(16)),
  prefix('|/', f8(-1)),
  prefix('||/', f8(27)),
  prefix('~', i4(5)),
  prefix('-', i8('-9223372036854775808')),
];

/** Where PGlite (PostgreSQL 18) differs from PostgreSQL 15, the expected outcome is PostgreSQL 15's, checked by hand. */
const postgres15: [Call, { text: string; type: string }][] = [
  // PostgreSQL 16 shortened the scale of numeric powers with integral exponents.
  [op('^', num('2'), num('10')), { text: '1024.0000000000000000', type: 'numeric' }],
];

describe('arithmetic operators match PostgreSQL 15 where PGlite differs', () => {
  it.each(postgres15.map(([c, expected]) => [label(c), c, expected] as const))('%s', (_, call, expected) => {
    expect(tallyOutcome(call)).toEqual(expected);
  });
});

describe('arithmetic operators match PostgreSQL', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});
