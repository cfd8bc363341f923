// Tests of Expand (grouping sets).
import { describe, expect, it } from 'vitest';
import { Expand } from './expand.js';

describe('Expand', () => {
  it('emits one copy per grouping set with the other columns NULL and the set index', () => {
    // ROLLUP (a, b) over rows [a, b, x]: sets (a, b, x), (a, x), (x).
    const expand = new Expand([[0, 1, 2], [0, 2], [2]], 3);
    expect(expand.push(0, { rows: [['a', 'b', 5]], weights: [-2] })).toEqual({
      rows: [
        ['a', 'b', 5, 0n],
        ['a', null, 5, 1n],
        [null, null, 5, 2n],
      ],
      weights: [-2, -2, -2],
    });
    expect(expand.push(0, { rows: [], weights: [] })).toBeNull();
    expect(expand.barrier()).toBeNull();
  });
});
