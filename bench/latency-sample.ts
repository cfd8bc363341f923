// A growing sample of durations (ms) and its percentiles, for the benchmarks' latency figures.

/** Durations appended one by one without allocating per value; percentiles sort a copy once. */
export class LatencySample {
  private values: Float64Array;
  private size = 0;

  constructor(expected = 1024) {
    this.values = new Float64Array(Math.max(16, expected));
  }

  get count(): number {
    return this.size;
  }

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  /** The nearest-rank percentiles `ps` (0 < p ≤ 100), the mean and the largest value; NaN when empty. */
  summary(ps: readonly number[]): { percentiles: number[]; mean: number; max: number } {
    if (this.size === 0) return { percentiles: ps.map(() => NaN), mean: NaN, max: NaN };
    const sorted = this.values.slice(0, this.size).sort();
    let total = 0;
    for (const v of sorted) total += v;
    const percentiles = ps.map((p) => sorted[Math.min(this.size - 1, Math.max(0, Math.ceil((p / 100) * this.size) - 1))]!);
    return { percentiles, mean: total / this.size, max: sorted[this.size - 1]! };
  }
}
