// A counter-based pseudo-random generator: the draws for (seed, row) are the same whenever they are made.
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_53_BIG = 9007199254740992n;

/** A 32-bit avalanche mix (the finalizer of MurmurHash3): nearby inputs give unrelated outputs. */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Random draws that depend only on a seed and a row number, not on how rows were split into polls: the
 * datagen source positions it at each row (`at`) and draws that row's values, so a restart from a
 * checkpointed row count generates the very same rows. mulberry32 after a hashed start; not cryptographic.
 */
export class SeededRandom {
  private state = 0;

  /** Positions the generator at the draws of `row` (a non-negative integer) for `seed`. */
  at(seed: number, row: number): this {
    const low = row >>> 0;
    const high = Math.floor(row / TWO_POW_32) >>> 0;
    this.state = mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ low) + Math.imul(high, 0x27d4eb2f));
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const high = this.uint32() >>> 5;
    const low = this.uint32() >>> 6;
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** A uniform integer in [0, bound) for 0 < bound <= 2^53. */
  below(bound: number): number {
    return Math.floor(this.float() * bound);
  }

  /** A uniform bigint in [0, bound) for any bound > 0 (rejection sampling over 53-bit digits). */
  bigBelow(bound: bigint): bigint {
    if (bound <= TWO_POW_53_BIG) return BigInt(this.below(Number(bound)));
    let digits = 0;
    let span = 1n;
    while (span < bound) {
      span *= TWO_POW_53_BIG;
      digits++;
    }
    const limit = span - (span % bound);
    for (;;) {
      let value = 0n;
      for (let digit = 0; digit < digits; digit++) value = value * TWO_POW_53_BIG + BigInt(this.below(TWO_POW_53));
      if (value < limit) return value % bound;
    }
  }
}
