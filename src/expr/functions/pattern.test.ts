// LIKE/ILIKE and regular expressions compared with PostgreSQL: wildcards, escapes, flags, replacement, splitting.
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionOracle, fn, i4, label, op, tallyOutcome, txt, unk } from './function-oracle.test-support.js';
import type { Call } from './function-oracle.test-support.js';

const oracle = new FunctionOracle();
afterAll(() => oracle.close());

const like: Call[] = [
  op('~~', txt('hello'), txt('h%')),
  op('~~', txt('hello'), txt('%llo')),
  op('~~', txt('hello'), txt('%ll%')),
  op('~~', txt('hello'), txt('h_llo')),
  op('~~', txt('hello'), txt('hello')),
  op('~~', txt('hello'), txt('H%')),
  op('~~', txt('h%llo'), txt('h\\%%')),
  op('~~', txt('hxllo'), txt('h\\%%')),
  op('~~', txt('a.b'), txt('a.b')),
  op('~~', txt('a+b(c)'), txt('a+b(%)')),
  op('~~', txt(''), txt('')),
  op('~~', txt(''), txt('%')),
  op('~~', txt('x'), txt('')),
  op('~~', txt('😀x'), txt('_x')),
  op('~~', txt('a\nb'), txt('a%b')),
  op('~~', txt('abc'), txt('ab\\')),
  op('~~', txt(null), txt('%')),
  op('~~', unk('abc'), unk('a%')),
  op('!~~', txt('hello'), txt('h%')),
  op('~~*', txt('HeLLo'), txt('h%LO')),
  op('~~*', txt('ÄBC'), txt('äb_')),
  op('!~~*', txt('HeLLo'), txt('x%')),
  op('~~', txt('%%%'), txt('%%%')),
  op('~~', txt('abcabcabd'), txt('%abc%abd')),
];

const regex: Call[] = [
  op('~', txt('hello'), txt('^h.*o$')),
  op('~', txt('hello'), txt('L')),
  op('~*', txt('hello'), txt('L')),
  op('!~', txt('hello'), txt('x')),
  op('!~*', txt('hello'), txt('L')),
  op('~', txt('a\nb'), txt('a.b')),
  op('~', txt('foo bar'), txt('\\mbar')),
  op('~', txt('foobar'), txt('\\ybar')),
  op('~', txt('é'), txt('^\\w$')),
  op('~', txt('abc'), txt('[[:alpha:]]+')),
  op('~', txt('a1'), txt('^[[:alnum:]]+$')),
  op('~', txt('x'), txt('(')),
  op('~', txt('x'), txt('[a')),
  op('~', txt('x'), txt('*')),
  op('~', txt('a]b'), txt('[]]')),
  op('~', txt('a-b'), txt('a\\-b')),
  fn('regexp_match', txt('foobarbequebaz'), txt('bar.*que')),
  fn('regexp_match', txt('foobarbequebaz'), txt('(bar)(beque)')),
  fn('regexp_match', txt('abc'), txt('(x)?b')),
  fn('regexp_match', txt('abc'), txt('x')),
  fn('regexp_match', txt('ABC'), txt('b'), txt('i')),
  fn('regexp_match', txt('abc'), txt('b'), txt('g')),
  fn('regexp_match', txt('abc'), txt('b'), txt('z')),
  fn('regexp_replace', txt('foobarbaz'), txt('b..'), txt('X')),
  fn('regexp_replace', txt('foobarbaz'), txt('b..'), txt('X'), txt('g')),
  fn('regexp_replace', txt('foobarbaz'), txt('B(..)'), txt('<\\1\\&\\\\>'), txt('gi')),
  fn('regexp_replace', txt('aaa'), txt('a'), txt('b'), i4(2)),
  fn('regexp_replace', txt('aaa'), txt('a'), txt('b'), i4(1), i4(2)),
  fn('regexp_replace', txt('aaa'), txt('a'), txt('b'), i4(1), i4(0)),
  fn('regexp_replace', txt('aaa'), txt('a'), txt('b'), i4(0)),
  fn('regexp_replace', txt('abc'), txt('x*'), txt('-'), txt('g')),
  fn('regexp_replace', txt('a😀b'), txt('.'), txt('[\\&]'), txt('g')),
  fn('regexp_replace', txt('Hello World'), txt('o'), txt('0'), unk('g')),
  fn('regexp_split_to_array', txt('hello world  foo'), txt('\\s+')),
  fn('regexp_split_to_array', txt('abc'), txt('')),
  fn('regexp_split_to_array', txt('abc'), txt('x*')),
  fn('regexp_split_to_array', txt(''), txt(',')),
  fn('regexp_split_to_array', txt('a,b,,c'), txt(',')),
  fn('regexp_split_to_array', txt('aXbxc'), txt('x'), txt('i')),
  fn('regexp_like', txt('Hello'), txt('^h'), txt('i')),
  fn('regexp_count', txt('aaa'), txt('a*')),
  fn('regexp_count', txt('abcabc'), txt('b'), i4(3)),
  fn('regexp_instr', txt('abcabc'), txt('b'), i4(1), i4(2)),
  fn('regexp_instr', txt('abcabc'), txt('b'), i4(1), i4(2), i4(1)),
  fn('regexp_instr', txt('abcabc'), txt('(b)(c)'), i4(1), i4(1), i4(0), txt(''), i4(2)),
  fn('regexp_substr', txt('abcabc'), txt('b.'), i4(1), i4(2)),
  fn('regexp_substr', txt('abcabc'), txt('(b)(c)'), i4(1), i4(1), txt(''), i4(2)),
  fn('regexp_substr', txt('abc'), txt('x')),
];

describe('LIKE and ILIKE match PostgreSQL', () => {
  it.each(like.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});

describe('regular expressions match PostgreSQL', () => {
  it.each(regex.map((c) => [label(c), c] as const))('%s', async (_, call) => {
    expect(tallyOutcome(call)).toEqual(await oracle.outcome(call));
  });
});
