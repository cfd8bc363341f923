// Tokenization as PostgreSQL 15 does it: literals, identifiers, operators, comments, and lexical errors.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import type { Dialect } from './dialect.js';
import { tokenize, truncateIdentifier } from './lexer.js';

const kinds = (sql: string, dialect?: Dialect): string[] =>
  tokenize(sql, dialect).map((token) => `${token.kind}:${token.value}`);

function lexError(sql: string, dialect?: Dialect): { message: string; position?: number } {
  try {
    tokenize(sql, dialect);
  } catch (error) {
    if (error instanceof SqlError) return { message: error.message, position: error.position };
    throw error;
  }
  throw new Error(`no error for ${sql}`);
}

describe('tokenize', () => {
  it('folds unquoted identifiers to lower case and keeps quoted ones', () => {
    expect(kinds('SELECT Foo, "Mixed Case", "a""b", _row_id, café$1')).toEqual([
      'word:select', 'word:foo', 'punct:,', 'quoted:Mixed Case', 'punct:,', 'quoted:a"b', 'punct:,', 'word:_row_id',
      'punct:,', 'word:café$1', 'eof:',
    ]);
  });

  it('records offsets, and puts the end of input after the last token', () => {
    const tokens = tokenize('  select 1 -- done\n');
    expect(tokens.map((token) => [token.start, token.end])).toEqual([[2, 8], [9, 10], [10, 10]]);
  });

  it('keeps number text as written', () => {
    expect(kinds('1 2.50 .5 1e3 1.e5 1E-3 9223372036854775808')).toEqual([
      'number:1', 'number:2.50', 'number:.5', 'number:1e3', 'number:1.e5', 'number:1E-3', 'number:9223372036854775808', 'eof:',
    ]);
  });

  it('reads a second dot as the start of the next token', () => {
    expect(kinds('1.2.3')).toEqual(['number:1.2', 'number:.3', 'eof:']);
  });

  it('rejects numbers and parameters with trailing junk', () => {
    expect(lexError('select 123abc')).toEqual({ message: 'trailing junk after numeric literal at or near "123abc"', position: 7 });
    expect(lexError('select 0x1f').message).toBe('trailing junk after numeric literal at or near "0x1f"');
    expect(lexError('select 1e').message).toBe('trailing junk after numeric literal at or near "1e"');
    expect(lexError('select $1abc')).toEqual({ message: 'trailing junk after parameter at or near "$1abc"', position: 7 });
  });

  it('reads string literals, doubled quotes and newline-separated continuations', () => {
    expect(kinds("'it''s' 'a'\n  'b' -- c\n 'd'")).toEqual(["string:it's", 'string:abd', 'eof:']);
    expect(kinds("'a' 'b'")).toEqual(['string:a', 'string:b', 'eof:']);
    expect(kinds("'a\\n'")).toEqual(['string:a\\n', 'eof:']);
  });

  it('decodes escape strings', () => {
    expect(kinds("E'a\\nb\\t\\'\\\\' e'\\x41\\101\\u0041\\U0001F600' E'\\xC3\\xA9' E'\\q'")).toEqual([
      "string:a\nb\t'\\", 'string:AAA😀', 'string:é', 'string:q', 'eof:',
    ]);
    expect(kinds("E'\\uD83D\\uDE00'")).toEqual(['string:😀', 'eof:']);
  });

  it('rejects bad escapes', () => {
    expect(lexError("select e'\\u00zz'")).toEqual({ message: 'invalid Unicode escape', position: 9 });
    expect(lexError("select e'\\400'").message).toBe('invalid byte sequence for encoding "UTF8": 0x00');
    expect(lexError("select e'\\xff'").message).toBe('invalid byte sequence for encoding "UTF8": 0xff');
    expect(lexError("select e'\\uD83D'").message).toBe('invalid Unicode surrogate pair');
  });

  it('decodes Unicode strings and identifiers', () => {
    expect(kinds("U&'d\\0061t\\+000061' u&\"\\0041b\"")).toEqual(['string:data', 'quoted:Ab', 'eof:']);
    expect(lexError("select U&'\\0000'")).toEqual({ message: 'invalid Unicode escape value', position: 10 });
  });

  it('reads dollar-quoted strings', () => {
    expect(kinds("$$it's$$ $tag$a$$b$tag$ $1")).toEqual(["string:it's", 'string:a$$b', 'parameter:1', 'eof:']);
  });

  it('reports unterminated literals and comments with the rest of the input', () => {
    expect(lexError("select 'abc")).toEqual({ message: `unterminated quoted string at or near "'abc"`, position: 7 });
    expect(lexError("select e'abc\\'")).toEqual({ message: `unterminated quoted string at or near "e'abc\\'"`, position: 7 });
    expect(lexError('select "abc')).toEqual({ message: 'unterminated quoted identifier at or near ""abc"', position: 7 });
    expect(lexError('select $$abc')).toEqual({ message: 'unterminated dollar-quoted string at or near "$$abc"', position: 7 });
    expect(lexError('select 1 /* a /* b */')).toEqual({ message: 'unterminated /* comment at or near "/* a /* b */"', position: 9 });
    expect(lexError('select ""')).toEqual({ message: 'zero-length delimited identifier at or near """"', position: 7 });
  });

  it('skips nested block comments and line comments', () => {
    expect(kinds('a /* x /* y */ z */ b -- c\nd')).toEqual(['word:a', 'word:b', 'word:d', 'eof:']);
  });

  it('splits operators as PostgreSQL does', () => {
    expect(kinds('a*-1 a<=b a!=b a->>b a@-1 a+-b x--c\n')).toEqual([
      'word:a', 'operator:*', 'operator:-', 'number:1', 'word:a', 'operator:<=', 'word:b', 'word:a', 'operator:<>', 'word:b',
      'word:a', 'operator:->>', 'word:b', 'word:a', 'operator:@-', 'number:1', 'word:a', 'operator:+', 'operator:-', 'word:b',
      'word:x', 'eof:',
    ]);
  });

  it('reads punctuation and casts', () => {
    expect(kinds('a::int[1] (b, c); d.e')).toEqual([
      'word:a', 'punct:::', 'word:int', 'punct:[', 'number:1', 'punct:]', 'punct:(', 'word:b', 'punct:,', 'word:c',
      'punct:)', 'punct:;', 'word:d', 'punct:.', 'word:e', 'eof:',
    ]);
  });

  it('truncates identifiers to 63 bytes', () => {
    const long = 'x'.repeat(70);
    expect(kinds(long)).toEqual([`word:${'x'.repeat(63)}`, 'eof:']);
    expect(truncateIdentifier('é'.repeat(40))).toBe('é'.repeat(31));
  });

  describe('in the Flink dialect', () => {
    it('reads backtick identifiers and charset introducers', () => {
      expect(kinds('`dli-demo`.`A``b` _UTF16"Website" _utf8\'x\'', 'flink')).toEqual([
        'quoted:dli-demo', 'punct:.', 'quoted:A`b', 'string:Website', 'string:x', 'eof:',
      ]);
    });

    it('lets double-quoted tokens be empty or long, as strings may be', () => {
      const long = 'y'.repeat(80);
      expect(kinds(`"" "${long}"`, 'flink')).toEqual(['quoted:', `quoted:${long}`, 'eof:']);
    });

    it('treats a backtick as an operator character in PostgreSQL', () => {
      expect(kinds('`a`')).toEqual(['operator:`', 'word:a', 'operator:`', 'eof:']);
    });
  });
});
