import { describe, expect, it } from 'vitest';
import { IdCounts } from './id-counts.js';

/** mulberry32, so that a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function contents(counts: IdCounts): Map<number, number> {
  const seen = new Map<number, number>();
  counts.forEach((id, count) => {
    expect(seen.has(id)).toBe(false);
    seen.set(id, count);
  });
  return seen;
}

/** The home slot `IdCounts` gives `id` in a table of `slots` (its hashing, restated so that tests can place ids). */
const homeOf = (id: number, slots: number): number => Math.imul(id + 1, 0x9e3779b1) >>> (32 - Math.log2(slots));

describe('IdCounts', () => {
  it('agrees with a Map under random changes, removals included', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seeded(seed);
      // Few distinct ids, so that counts return to zero often and removals shift runs back; small tables wrap
      // their runs around the end often, larger ones make longer runs. Ids are dense from 0, as an interner's.
      const universe = 12 + seed * seed * 6;
      const counts = new IdCounts();
      const model = new Map<number, number>();
      for (let step = 0; step < 20_000; step++) {
        const id = Math.floor(random() * universe);
        const delta = Math.floor(random() * 5) - 2;
        const before = model.get(id) ?? 0;
        expect(counts.change(id, delta)).toBe(before);
        if (before + delta === 0) model.delete(id);
        else model.set(id, before + delta);
        if (step % 997 === 0) {
          expect(counts.size).toBe(model.size);
          expect(contents(counts)).toEqual(model);
          for (let other = 0; other < universe; other++) expect(counts.get(other)).toBe(model.get(other) ?? 0);
        }
      }
      expect(contents(counts)).toEqual(model);
    }
  });

  it('finds every id after removals from runs of probed slots, wrapping around the table', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 100_000);
    const counts = new IdCounts();
    for (const id of ids) counts.change(id, 1);
    for (let i = 0; i < ids.length; i += 3) expect(counts.change(ids[i]!, -1)).toBe(1);
    for (let i = 0; i < ids.length; i++) expect(counts.get(ids[i]!)).toBe(i % 3 === 0 ? 0 : 1);
    expect(counts.size).toBe(ids.length - Math.ceil(ids.length / 3));
  });

  it('keeps a run that wraps around the end of the table findable when an id before the end is removed', () => {
    // A new table has 8 slots: A's home is slot 6; B's and C's are slot 7, so C wraps to slot 0.
    const withHome = (home: number, after = -1): number => {
      let id = after + 1;
      while (homeOf(id, 8) !== home) id++;
      return id;
    };
    const a = withHome(6);
    const b = withHome(7);
    const c = withHome(7, b);
    const counts = new IdCounts();
    for (const id of [a, b, c]) counts.change(id, 1);
    counts.change(a, -1);
    expect([counts.get(a), counts.get(b), counts.get(c)]).toEqual([0, 1, 1]);
  });

  it('keeps counts past 2^31 and negative counts, and ignores a zero change of an absent id', () => {
    const counts = new IdCounts();
    counts.change(0, 2 ** 31);
    counts.change(0, 2 ** 31);
    expect(counts.get(0)).toBe(2 ** 32);
    expect(counts.change(1, -3)).toBe(0);
    expect(counts.get(1)).toBe(-3);
    expect(counts.change(2, 0)).toBe(0);
    expect(counts.size).toBe(2);
    expect(contents(counts)).toEqual(new Map([[0, 2 ** 32], [1, -3]]));
  });
});
