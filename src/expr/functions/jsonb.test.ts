// jsonb operators and functions compared with PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, fn, i4, label, op, tallyOutcome, txt, typed, unk } from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

const json = (text: string | null) => typed('jsonb', text);
const doc = '{"a": {"b": [10, "x", null, {"c": "d\\"e"}]}, "n": 1.50, "s": "str", "t": true, "z": null, "arr": [1, 2, 3]}';

const cases: Call[] = [
  op('->', json(doc), unk('a')),
  op('->', json(doc), unk('n')),
  op('->', json(doc), unk('missing')),
  op('->>', json(doc), unk('s')),
  op('->>', json(doc), unk('n')),
  op('->>', json(doc), unk('z')),
  op('->>', json(doc), unk('t')),
  op('->>', json(doc), txt('a')),
  op('->', json('[1, [2, 3], "x"]'), i4(1)),
  op('->', json('[1, [2, 3], "x"]'), i4(-1)),
  op('->', json('[1, [2, 3], "x"]'), i4(5)),
  op('->>', json('[1, [2, 3], "x"]'), i4(2)),
  op('->', json('{"a": 1}'), i4(0)),
  op('->', json('[1]'), unk('a')),
  op('#>', json(doc), typed('varchar[]', '{a,b,3,c}')),
  op('#>>', json(doc), typed('varchar[]', '{a,b,3,c}')),
  op('#>', json(doc), typed('varchar[]', '{a,b,-1}')),
  op('#>', json(doc), typed('varchar[]', '{a,b,x}')),
  op('#>>', json(doc), typed('varchar[]', '{}')),
  op('?', json(doc), unk('s')),
  op('?', json(doc), unk('q')),
  op('?', json('["a", "b"]'), unk('b')),
  op('?', json('"a"'), unk('a')),
  op('?|', json(doc), typed('varchar[]', '{q,s}')),
  op('?&', json(doc), typed('varchar[]', '{q,s}')),
  fn('jsonb_typeof', json(doc)),
  fn('jsonb_typeof', json('[1]')),
  fn('jsonb_typeof', json('"x"')),
  fn('jsonb_typeof', json('1.5')),
  fn('jsonb_typeof', json('false')),
  fn('jsonb_typeof', json('null')),
  fn('jsonb_array_length', json('[1, [2], {}]')),
  fn('jsonb_array_length', json('{}')),
  fn('jsonb_array_length', json('3')),
  fn('jsonb_extract_path', json(doc), txt('a'), txt('b'), txt('1')),
  fn('jsonb_extract_path_text', json(doc), unk('a'), unk('b'), unk('1')),
  fn('jsonb_extract_path_text', json(doc), txt('s')),
  op('=', json('{"b": 1, "a": 2}'), json('{"a": 2, "b": 1}')),
  op('||', json('{"b": 1, "a": 2}'), json('{"a": 3, "cc": [1]}')),
  op('||', json('[1, 2]'), json('[3]')),
  op('||', json('[1, 2]'), json('{"a": 1}')),
  op('||', json('"x"'), json('[1]')),
  op('||', json('1'), json('2')),
  op('||', json('{"a": 1}'), unk('{"b": 2}')),
  op('-', json('{"a": 1, "b": 2}'), unk('a')),
  op('-', json('["a", "b", "a", 1]'), txt('a')),
  op('-', json('{"a": 1, "b": 2, "c": 3}'), typed('varchar[]', '{a,c}')),
  op('-', json('[1, 2, 3]'), i4(-1)),
  op('-', json('[1, 2, 3]'), i4(7)),
  op('-', json('{"a": 1}'), i4(0)),
  op('-', json('1'), unk('a')),
  op('@>', json('{"a": 1, "b": {"c": [1, 2, {"d": 1.0}]}}'), json('{"b": {"c": [{"d": 1}]}}')),
  op('@>', json('{"a": 1}'), json('{"a": 1, "b": 2}')),
  op('@>', json('[1, 2, [3]]'), json('[3]')),
  op('@>', json('[1, 2, [3]]'), json('[[3]]')),
  op('@>', json('[1, 2]'), json('2')),
  op('@>', json('{"a": [1, 2]}'), json('{"a": 1}')),
  op('@>', json('"a"'), json('"a"')),
  op('<@', json('{"a": 1}'), json('{"a": 1, "b": 2}')),
  op('@>', json('{"a": 1}'), unk('{}')),
];

describe('jsonb operators and functions match PostgreSQL', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});
