import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { jsonArrayRecords, jsonLinesRecords } from './ingest-records.js';

describe('jsonArrayRecords', () => {
  it('splits an array into element texts with their lines', () => {
    const body = '[\n  {"a": 1, "b": [1, {"c": "]"}]},\n  {"s": "a, \\"quoted\\" } string"}, {"x": null}\n,\n{"n": 12345678901234567890.50}\n]\n';
    expect(jsonArrayRecords(body)).toEqual([
      { text: '{"a": 1, "b": [1, {"c": "]"}]}', line: 2 },
      { text: '{"s": "a, \\"quoted\\" } string"}', line: 3 },
      { text: '{"x": null}', line: 3 },
      { text: '{"n": 12345678901234567890.50}', line: 5 },
    ]);
  });

  it('takes a single object as one record, and an empty array as none', () => {
    expect(jsonArrayRecords('\n {"a": 1} \n')).toEqual([{ text: '{"a": 1}', line: 2 }]);
    expect(jsonArrayRecords(' [ \n ] ')).toEqual([]);
  });

  it('leaves malformed elements to the decoder, with their lines', () => {
    expect(jsonArrayRecords('[{"a": 1},\n{"a": },\n42]')).toEqual([
      { text: '{"a": 1}', line: 1 },
      { text: '{"a": }', line: 2 },
      { text: '42', line: 3 },
    ]);
  });

  it.each([
    ['"text"', 'invalid JSON in request body: the body must be a JSON array of objects, or one object at line 1'],
    ['[{"a": 1}', 'invalid JSON in request body: unexpected end of input at line 1'],
    ['[{"a": "open}]', 'invalid JSON in request body: a string does not close at line 1'],
    ['[{"a": 1},\n]', 'invalid JSON in request body: an element is missing at line 2'],
    ['[,{"a": 1}]', 'invalid JSON in request body: an element is missing at line 1'],
    ['[{"a": 1}] x', 'invalid JSON in request body: unexpected text after the array at line 1'],
    ['[{"a": 1}}]', 'invalid JSON in request body: unexpected "}" at line 1'],
  ])('refuses %j', (body, message) => {
    expect(() => jsonArrayRecords(body)).toThrow(new SqlError('invalid_text_representation', message));
  });
});

describe('jsonLinesRecords', () => {
  it('gives the non-blank lines with their numbers', () => {
    expect(jsonLinesRecords('{"a":1}\r\n\n  \n{"a":2}\n{"a":\n')).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: '{"a":2}', line: 4 },
      { text: '{"a":', line: 5 },
    ]);
    expect(jsonLinesRecords('')).toEqual([]);
  });
});
