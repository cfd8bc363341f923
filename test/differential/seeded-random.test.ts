// Tests the seeded random source: deterministic by seed, and draws within their ranges.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

const draws = (seed: number, count: number): number[] => {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => random.next());
};

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between neighbouring seeds', () => {
    expect(draws(42, 20)).toEqual(draws(42, 20));
    expect(draws(1, 20)).not.toEqual(draws(2, 20));
  });

  it('draws within the asked ranges', () => {
    const random = new SeededRandom(7);
    const ints = new Set<number>();
    for (let drawIdx = 0; drawIdx < 2000; drawIdx++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      ints.add(random.int(3, 6));
      expect(random.zipf(5)).toBeLessThan(5);
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('skews zipf draws towards the first index', () => {
    const random = new SeededRandom(9);
    const counts = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let drawIdx = 0; drawIdx < 4000; drawIdx++) counts[random.zipf(counts.length)]!++;
    expect(counts[0]!).toBeGreaterThan(3 * counts[7]!);
  });
});
