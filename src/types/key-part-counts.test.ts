import { describe, expect, it } from 'vitest';
import type { KeyPart } from './key.js';
import { KeyPartCounts, keyPartHash } from './key-part-counts.js';

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

function contents(counts: KeyPartCounts): Map<KeyPart, number> {
  const seen = new Map<KeyPart, number>();
  counts.forEach((part, count) => {
    expect(seen.has(part)).toBe(false);
    seen.set(part, count);
  });
  return seen;
}

describe('KeyPartCounts', () => {
  it('agrees with a Map under random changes, removals included', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seeded(seed);
      // Few distinct parts of every kind, so that counts return to zero often and removals shift runs back.
      const universe: KeyPart[] = [null, true, false, 0, -1, 2 ** 40, 1700000000000000n, -5n, '', 'a', 'é', 'customer-17'];
      // Small tables (few parts) wrap their runs around the end often; larger ones make longer runs.
      const more = seed * seed * 2;
      for (let i = 0; i < more; i++) universe.push(`c${i}`, i * 1024, BigInt(i) << 32n);
      const counts = new KeyPartCounts();
      const model = new Map<KeyPart, number>();
      for (let step = 0; step < 20_000; step++) {
        const part = universe[Math.floor(random() * universe.length)]!;
        const delta = Math.floor(random() * 5) - 2;
        const before = model.get(part) ?? 0;
        expect(counts.change(part, delta)).toBe(before);
        if (before + delta === 0) model.delete(part);
        else model.set(part, before + delta);
        if (step % 997 === 0) {
          expect(counts.size).toBe(model.size);
          expect(contents(counts)).toEqual(model);
          for (const p of universe) expect(counts.get(p)).toBe(model.get(p) ?? 0);
        }
      }
      expect(contents(counts)).toEqual(model);
    }
  });

  it('finds every part after removals from runs of probed slots, wrapping around the table', () => {
    // Half full at most: 5,000 parts make many runs of several slots, some across the table's end.
    const parts = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `c${i}` : i * 2 ** 32));
    const counts = new KeyPartCounts();
    for (const part of parts) counts.change(part, 1);
    for (let i = 0; i < parts.length; i += 3) expect(counts.change(parts[i]!, -1)).toBe(1);
    for (let i = 0; i < parts.length; i++) expect(counts.get(parts[i]!)).toBe(i % 3 === 0 ? 0 : 1);
    expect(counts.size).toBe(parts.length - Math.ceil(parts.length / 3));
  });

  it('keeps a run that wraps around the end of the table findable when a part before the end is removed', () => {
    // A new table has 8 slots: A's home is slot 6; B's and C's are slot 7, so C wraps to slot 0.
    const withHome = (home: number, after = -1): number => {
      let part = after + 1;
      while ((keyPartHash(part) & 7) !== home) part++;
      return part;
    };
    const a = withHome(6);
    const b = withHome(7);
    const c = withHome(7, b);
    const counts = new KeyPartCounts();
    for (const part of [a, b, c]) counts.change(part, 1);
    counts.change(a, -1);
    expect([counts.get(a), counts.get(b), counts.get(c)]).toEqual([0, 1, 1]);
  });

  it('keeps counts past 2^31 and negative counts, and ignores a zero change of an absent part', () => {
    const counts = new KeyPartCounts();
    counts.change('x', 2 ** 31);
    counts.change('x', 2 ** 31);
    expect(counts.get('x')).toBe(2 ** 32);
    expect(counts.change('y', -3)).toBe(0);
    expect(counts.get('y')).toBe(-3);
    expect(counts.change('z', 0)).toBe(0);
    expect(counts.size).toBe(2);
  });

  it('hashes equal parts alike and never to 0', () => {
    expect(keyPartHash('c1' + String(2))).toBe(keyPartHash('c12'));
    expect(keyPartHash(10n ** 18n)).toBe(keyPartHash(BigInt('1000000000000000000')));
    for (const part of [0, '', null, false, 0n, -0]) expect(keyPartHash(part)).not.toBe(0);
    expect(keyPartHash(0)).toBe(keyPartHash(-0));
  });
});
