// Comparison operators, num_nulls/num_nonnulls and array functions compared with PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import {
  FunctionOracle, bool, bytea, date, f4, f8, fn, i2, i4, i8, iv, label, num, op, tallyOutcome, time, ts, tstz, txt, typed, unk,
} from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

const ops = ['=', '<>', '<', '<=', '>', '>='];

const pairs: Call['args'][] = [
  [i4(1), i8(2)],
  [i2(3), i4(3)],
  [i4(2), num('2.0')],
  [num('2.50'), num('2.5')],
  [num('NaN'), num('Infinity')],
  [f8('NaN'), f8('NaN')],
  [f8('NaN'), f8(1)],
  [f8(-0), f8(0)],
  [f4(0.1), f8(0.1)],
  [num('0.1'), f8(0.1)],
  [i4(5), unk('5')],
  [txt('a'), txt('b')],
  [txt('\uffff'), txt('😀')],
  [txt('abc'), txt('ab')],
  [unk('x'), unk('y')],
  [bool('f'), bool('t')],
  [date('2020-01-01'), ts('2020-01-01 00:00:01')],
  [ts('2020-01-01 00:00'), tstz('2020-01-01 00:00+00')],
  [date('2020-01-02'), tstz('2020-01-01 23:00-05')],
  [tstz('2020-01-01 12:00+00'), unk('2020-01-01 13:00+01')],
  [iv('24 hours'), iv('1 day')],
  [iv('1 mon'), iv('30 days')],
  [iv('1 mon'), iv('29 days 25 hours')],
  [time('10:00'), time('09:59:59.999999')],
  [bytea('\\x01'), bytea('\\x0100')],
  [typed('int4[]', '{1,2}'), typed('int4[]', '{1,2,3}')],
  [typed('int4[]', '{1,NULL}'), typed('int4[]', '{1,NULL}')],
  [typed('varchar[]', '{b}'), typed('varchar[]', '{a,z}')],
  [i4(1), txt('1')],
  [i4(null), i4(1)],
];

const comparisons: Call[] = pairs.flatMap(([a, b]) => ops.map((o) => op(o, a!, b!)));

const others: Call[] = [
  fn('num_nulls', i4(1), txt(null), unk(null), date('2020-01-01')),
  fn('num_nonnulls', i4(1), txt(null), unk(null)),
  fn('num_nulls'),
  fn('string_to_array', txt('a,b,,c'), txt(',')),
  fn('string_to_array', txt('a,b,,c'), txt(','), txt('')),
  fn('string_to_array', txt('abc'), txt(null)),
  fn('string_to_array', txt('abc'), txt('')),
  fn('string_to_array', txt(''), txt(',')),
  fn('string_to_array', txt(null), txt(',')),
  fn('array_to_string', typed('int4[]', '{1,NULL,3}'), txt(',')),
  fn('array_to_string', typed('int4[]', '{1,NULL,3}'), txt(','), txt('*')),
  fn('array_to_string', typed('varchar[]', '{"a b",c}'), txt('|')),
  fn('array_length', typed('int4[]', '{1,2,3}'), i4(1)),
  fn('array_length', typed('int4[]', '{}'), i4(1)),
  fn('array_length', typed('int4[]', '{1}'), i4(2)),
  fn('cardinality', typed('int4[]', '{1,2,3}')),
  fn('cardinality', unk('{1,2,3}')),
  fn('array_to_string', unk('{1,2}'), unk(',')),
  fn('array_append', unk(null), unk(null)),
  fn('quote_nullable', unk(null)),
  fn('array_upper', typed('int4[]', '{1,2,3}'), i4(1)),
  fn('array_lower', typed('int4[]', '{1,2,3}'), i4(1)),
  fn('array_append', typed('int4[]', '{1,2}'), i4(3)),
  fn('array_append', typed('int4[]', null), i4(3)),
  fn('array_prepend', i4(0), typed('int4[]', '{1}')),
  fn('array_cat', typed('int4[]', '{1}'), typed('int8[]', '{2}')),
  fn('array_position', typed('varchar[]', '{a,b,c,b}'), txt('b')),
  fn('array_position', typed('varchar[]', '{a,b,c,b}'), txt('b'), i4(3)),
  fn('array_position', typed('int4[]', '{1,NULL}'), i4(null)),
  fn('array_remove', typed('int4[]', '{1,2,1,NULL}'), i4(1)),
  op('@>', typed('int4[]', '{1,2,3}'), typed('int4[]', '{3,1}')),
  op('<@', typed('int4[]', '{1,4}'), typed('int4[]', '{1,2,3}')),
  op('&&', typed('int4[]', '{1,4}'), typed('int4[]', '{4,5}')),
];

/** pg_typeof returns regtype in PostgreSQL, text in Tally: only the text is compared. */
const typeofCases: Call[] = [fn('pg_typeof', i4(1)), fn('pg_typeof', unk('a')), fn('pg_typeof', typed('varchar[]', '{a}')), fn('pg_typeof', tstz(null))];

describe('comparison operators match PostgreSQL', () => {
  it.each(comparisons.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});

describe('null counting, array functions and pg_typeof match PostgreSQL', () => {
  it.each(others.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});

describe('pg_typeof names types as PostgreSQL', () => {
  it.each(typeofCases.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    const expected = await oracle.outcome(call);
    expect(tallyOutcome(call)).toEqual({ ...expected, type: 'text' });
  });
});
