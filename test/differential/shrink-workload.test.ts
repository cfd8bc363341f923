// Tests the workload shrinker with failure checks that look at the statements only.
import { describe, expect, it } from 'vitest';
import { shrinkWorkload } from './shrink-workload.js';
import type { Workload } from './workload-generator.js';

const workload = (batches: string[][], viewsAfterBatch = 0): Workload => ({
  seed: 1,
  size: 'small',
  ddl: [],
  tables: [],
  batches,
  viewsAfterBatch,
});

const has = (candidate: Workload, sql: string): boolean => candidate.batches.some((batch) => batch.includes(sql));

describe('shrinkWorkload', () => {
  it('keeps only the statements the failure needs, in their batches', async () => {
    const original = workload([['a1', 'a2', 'X'], ['b1', 'Y', 'b2'], ['c1']], 1);
    const shrunk = await shrinkWorkload(original, async (candidate) => has(candidate, 'X') && has(candidate, 'Y'));
    expect(shrunk.batches).toEqual([['X', 'Y']]);
    expect(shrunk.viewsAfterBatch).toBe(0);
  });

  it('keeps the views created after the data when the failure needs a backfill', async () => {
    const original = workload([['a1', 'X'], ['b1']], 1);
    const shrunk = await shrinkWorkload(original, async (candidate) => candidate.viewsAfterBatch === 1 && has(candidate, 'X'));
    expect(shrunk).toMatchObject({ batches: [['X']], viewsAfterBatch: 1 });
  });

  it('splits multi-row inserts and drops empty batches', async () => {
    const original = workload([['INSERT INTO t (a, b) VALUES (1, 2), (3, 4), (5, 6)'], ['z']]);
    const shrunk = await shrinkWorkload(original, async (candidate) => has(candidate, 'INSERT INTO t (a, b) VALUES (3, 4)'));
    expect(shrunk.batches).toEqual([['INSERT INTO t (a, b) VALUES (3, 4)']]);
  });

  it('stops after the budget', async () => {
    let calls = 0;
    const original = workload([Array.from({ length: 50 }, (_, idx) => `s${idx}`)]);
    await shrinkWorkload(original, async () => ++calls > 0 && false, 7);
    expect(calls).toBe(7);
  });
});
