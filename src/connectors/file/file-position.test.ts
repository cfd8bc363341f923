// Tests of parseFilePosition: checkpointed positions of file sources.
import { describe, expect, it } from 'vitest';
import { parseFilePosition } from './file-position.js';

describe('parseFilePosition', () => {
  it('accepts what position() returns, and nothing for a fresh start', () => {
    expect(parseFilePosition(undefined)).toEqual({ finished: [] });
    const position = { finished: ['a.csv'], current: { file: 'b.csv', offset: 120, line: 3 } };
    expect(parseFilePosition(JSON.parse(JSON.stringify(position)))).toEqual(position);
  });

  it('rejects anything else', () => {
    for (const bad of [3, { finished: 'a' }, { finished: [1] }, { finished: [], current: { file: 'a', offset: -1, line: 0 } }]) {
      expect(() => parseFilePosition(bad)).toThrow('invalid checkpoint position for a file source');
    }
  });
});
