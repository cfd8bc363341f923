// Tests of parseExactJson: number literals kept exact, everything else as JSON.parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { numberText, parseExactJson, stringifyExactJson } from './parse-exact-json.js';

describe('parseExactJson', () => {
  it('keeps 19-digit integers exactly as written', () => {
    const parsed = parseExactJson('{"category_id": 1487580005268456287, "n": -9223372036854775808}') as Record<string, unknown>;
    expect(numberText(parsed['category_id'])).toBe('1487580005268456287');
    expect(numberText(parsed['n'])).toBe('-9223372036854775808');
  });

  it('keeps the scale and exponent of decimals', () => {
    const parsed = parseExactJson('[6.50, 1e3, 0.1, -0.0, 2.5E-3]') as unknown[];
    expect(parsed.map(numberText)).toEqual(['6.50', '1e3', '0.1', '-0.0', '2.5E-3']);
  });

  it('leaves digits inside strings, escaped quotes and backslashes alone', () => {
    const parsed = parseExactJson('{"a": "12 \\"34\\" 56\\\\", "b\\\\": "7", "c": [true, null, 8]}') as Record<string, unknown>;
    expect(parsed['a']).toBe('12 "34" 56\\');
    expect(parsed['b\\']).toBe('7');
    expect(numberText(parsed['a'])).toBeUndefined();
    expect((parsed['c'] as unknown[]).map((v) => numberText(v) ?? v)).toEqual([true, null, '8']);
  });

  it('rejects invalid JSON with the message for the text as given', () => {
    for (const bad of ['{"a": 01}', '{"a": 1.}', '{"a": -}', '{"a": +1}', '{"a": 1', '{"a": "x}', 'nope']) {
      expect(() => parseExactJson(bad), bad).toThrow(SqlError);
    }
    expect(() => parseExactJson('{"a": x}')).toThrow(/^invalid input syntax for type json: .*x/);
    expect(() => parseExactJson('{"a": x}')).not.toThrow(/u0000/);
  });

  it('round-trips through stringifyExactJson to the same JSON value', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(JSON.parse(stringifyExactJson(parseExactJson(text)))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('writes nested numbers back bare and exact', () => {
    expect(stringifyExactJson(parseExactJson('{"x": [12345678901234567890, 1.50]}'))).toBe('{"x":[12345678901234567890,1.50]}');
  });
});
