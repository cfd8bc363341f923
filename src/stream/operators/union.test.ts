// Tests of Union.
import { describe, expect, it } from 'vitest';
import { Union } from './union.js';

describe('Union', () => {
  it('forwards the batches of every input', () => {
    const union = new Union(2);
    const left = { rows: [[1]], weights: [1] };
    const right = { rows: [[1]], weights: [-1] };
    expect(union.push(0, left)).toBe(left);
    expect(union.push(1, right)).toBe(right);
    expect(union.push(1, { rows: [], weights: [] })).toBeNull();
    expect(union.barrier()).toBeNull();
    expect(() => union.push(2, left)).toThrow(/this is a bug/);
  });
});
