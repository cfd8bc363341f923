// The generator's random draws: one seeded sequence, so that a seed and a clock determine every record.
import { SeededRandom } from '../../connectors/datagen/seeded-random.js';

/** A value and its relative weight, for `RandomDraws.weighted`. */
export type Weighted<T> = readonly [value: T, weight: number];

/** Draws made in sequence from one seed; the same calls in the same order give the same values. */
export class RandomDraws {
  private readonly random: SeededRandom;

  /** `stream` separates independent sequences of one seed (the products' fixed attributes, say). */
  constructor(seed: number, stream = 0) {
    this.random = new SeededRandom().at(seed, stream);
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.random.float();
  }

  chance(probability: number): boolean {
    return this.random.float() < probability;
  }

  /** A uniform integer in [min, max], both included. */
  intBetween(min: number, max: number): number {
    return min + this.random.below(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.random.below(items.length)]!;
  }

  weighted<T>(choices: readonly Weighted<T>[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.random.float() * total;
    for (const [value, weight] of choices) {
      if (point < weight) return value;
      point -= weight;
    }
    return choices[choices.length - 1]![0];
  }

  /** A normal draw (Box–Muller). */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.random.float();
    const v = this.random.float();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.random.uint32().toString(16).padStart(8, '0');
    return text.slice(0, length);
  }

  /** A version-4-shaped UUID (as REES46's user_session). */
  uuid(): string {
    const digits = this.hex(32);
    return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-a${digits.slice(17, 20)}-${digits.slice(20)}`;
  }
}
