// Skewed popularity: rank k of n is drawn with probability proportional to 1 / k^exponent.

/** Draws ranks 0..n-1 by Zipf's law; a few merchants, sellers and products get most of the traffic. */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    exponent: number,
  ) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / Math.pow(rank + 1, exponent);
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < size; rank++) this.cumulative[rank]! /= total;
  }

  /** The rank for a uniform draw `u` in [0, 1). */
  rank(u: number): number {
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > u) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The share of draws that give `rank`. */
  probability(rank: number): number {
    return this.cumulative[rank]! - (rank === 0 ? 0 : this.cumulative[rank - 1]!);
  }
}
