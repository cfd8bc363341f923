// Tests of how a sink batch splits into deletes by key and upserts.
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../types/numeric.js';
import { splitChanges, type SplitPlan } from './change-split.js';

const upsert: SplitPlan = { type: 'upsert', key: [0, 1], keyTypes: ['varchar', 'numeric'] };

describe('splitChanges', () => {
  it('deletes removed keys, upserts new rows, and deletes the old key of an update that changes it', () => {
    const one = Numeric.parse('1.0');
    const { deletes, upserts } = splitChanges(upsert, [
      { before: null, after: ['a', one, 'x'] },
      { before: ['b', one, 'x'], after: null },
      { before: ['c', one, 'x'], after: ['c', Numeric.parse('1.00'), 'y'] },
      { before: ['d', one, 'x'], after: ['e', one, 'y'] },
      { before: [null, one, 'x'], after: [null, one, 'z'] },
    ]);
    expect(deletes).toEqual([['b', one, 'x'], ['d', one, 'x']]);
    expect(upserts.map((row) => row[2])).toEqual(['x', 'y', 'y', 'z']);
  });

  it('appends every new row of an append-only sink and deletes nothing', () => {
    const plan: SplitPlan = { type: 'append-only', key: [], keyTypes: [] };
    expect(splitChanges(plan, [{ before: null, after: [1] }, { before: null, after: [1] }, { before: [2], after: null }])).toEqual({
      deletes: [],
      upserts: [[1], [1]],
    });
  });
});
