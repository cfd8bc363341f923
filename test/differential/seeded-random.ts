// A small deterministic pseudo-random generator (mulberry32) with the draws the workload generator needs.

/**
 * Deterministic random source: the same seed always yields the same sequence, on every machine, so that a
 * failing differential workload can be replayed from its seed alone.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that neighbouring seeds (1, 2, 3, ...) start far apart.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element chosen by weight: `weighted([['a', 3], ['b', 1]])` returns 'a' three times as often as 'b'. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let point = this.next() * total;
    for (const [item, weight] of choices) {
      point -= weight;
      if (point < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }

  /**
   * An index in [0, count) with Zipf-like skew: index 0 is the most popular, index k about 1/(k+1)^exponent as
   * popular. Models the few big merchants and the long tail of small ones.
   */
  zipf(count: number, exponent = 1.1): number {
    let total = 0;
    for (let rank = 1; rank <= count; rank++) total += 1 / rank ** exponent;
    let point = this.next() * total;
    for (let rank = 1; rank <= count; rank++) {
      point -= 1 / rank ** exponent;
      if (point < 0) return rank - 1;
    }
    return count - 1;
  }
}
