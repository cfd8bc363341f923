// NumericSum: the exact sum (and optionally sum of squares) of weighted NUMERIC values, with PostgreSQL's scale.
import { EXACT_POWERS, Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { IntegerSum } from './integer-sum.js';
import { powerOfTen } from './power-of-ten.js';
import type { SavedFields } from './saved-state.js';

const SAFE = Number.MAX_SAFE_INTEGER;
/** Fields saved by a sum of finite values held in the double: count, sum, scale, counts per scale. */
const COMPACT_FIELDS = 4;
/** Scales whose counts are fields of the state (0 to 3). */
const INLINE_SCALES = 4;

/**
 * The running sums of NUMERIC inputs, kept as integers at the largest scale seen. PostgreSQL gives a sum the
 * largest display scale among its inputs; after retractions that is the largest scale among the values still
 * held, so the state counts values per scale. NaN and the infinities are counted apart, as PostgreSQL 14+
 * does (its N counts finite values only, which is the inherited `count`).
 *
 * It is the integer sum of the unscaled values (a subclass, not a member) and the aggregate states of sum()
 * and avg() extend it in turn: a group's state is one object, not a chain of three, which counts when every
 * input row updates states of groups scattered in memory.
 */
export class NumericSum extends IntegerSum {
  nanCount = 0;
  positiveInfinities = 0;
  negativeInfinities = 0;
  private squares = 0n;
  /** The scale of `sum` (`squares` is at twice this scale). */
  private scale = 0;
  /**
   * Values held per scale. Scales up to 3 (money's) are fields of this object, so that adding a value touches no
   * other object: a group's states are scattered in memory and each one more is a cache miss per row.
   */
  private scaleCount0 = 0;
  private scaleCount1 = 0;
  private scaleCount2 = 0;
  private scaleCount3 = 0;
  /** Values held per scale above 3, from scale 4; allocated on first use. */
  private higherScaleCounts: number[] | undefined;
  /** One more than the largest scale the state was raised to (at least 1): the length of the saved counts. */
  private scaleSpan = 1;

  constructor(private readonly withSquares: boolean) {
    super();
  }

  /** Adds `weight` copies of a non-null value (a retraction when weight < 0). */
  add(value: Numeric, weight: number): void {
    const scale = value.scale;
    if (scale >= 0) {
      const raw = value.raw;
      if (typeof raw === 'number' && !this.withSquares) this.addSmall(raw, scale, weight);
      else this.addFinite(value.unscaled, scale, weight);
    } else if (value.isNaN()) this.nanCount += weight;
    else if (value.sign() > 0) this.positiveInfinities += weight;
    else this.negativeInfinities += weight;
  }

  /** `addFinite` without squares of an unscaled value that is a safe integer, given as a number. */
  private addSmall(unscaled: number, scale: number, weight: number): void {
    if (scale > this.scale) this.raiseScale(scale);
    this.countScale(scale, weight);
    this.addAligned(unscaled, scale, weight);
  }

  /**
   * Adds a safe integer at `scale` (at most the sum's) to the integer sum. The integer sum keeps small totals in a
   * double: the common case allocates no bigint.
   */
  private addAligned(unscaled: number, scale: number, weight: number): void {
    if (scale === this.scale) {
      this.addNumber(unscaled, weight);
      return;
    }
    // Aligning a coarser value (2.5 into a sum of cents) in a double is exact while the product stays within
    // 2^53: a correctly rounded product of two exact integers below that bound is the product itself.
    const shift = this.scale - scale;
    const aligned = shift < EXACT_POWERS.length ? unscaled * EXACT_POWERS[shift]! : Infinity;
    if (aligned <= SAFE && aligned >= -SAFE) this.addNumber(aligned, weight);
    else this.addBigInt(BigInt(unscaled) * powerOfTen(shift), weight);
  }

  /** Adds `weight` copies of the finite value unscaled / 10^scale (integers: scale 0). */
  addFinite(unscaledValue: bigint, scale: number, weight: number): void {
    if (scale > this.scale) this.raiseScale(scale);
    this.countScale(scale, weight);
    if (this.withSquares) {
      const unscaled = scale === this.scale ? unscaledValue : unscaledValue * powerOfTen(this.scale - scale);
      this.addBigInt(unscaled, weight);
      this.squares += unscaled * unscaled * BigInt(weight);
      return;
    }
    // Conversion rounds monotonically: a result within ±(2^53 - 1) means the value converted exactly.
    const small = Number(unscaledValue);
    if (small <= SAFE && small >= -SAFE) this.addAligned(small, scale, weight);
    else this.addBigInt(scale === this.scale ? unscaledValue : unscaledValue * powerOfTen(this.scale - scale), weight);
  }

  /** Values held, finite or not (PostgreSQL's NA_TOTAL_COUNT). */
  totalCount(): number {
    return this.count + this.nanCount + this.positiveInfinities + this.negativeInfinities;
  }

  /** NaN or ±Infinity when the inputs hold specials, as numeric addition defines them; else undefined. */
  specialSum(): Numeric | undefined {
    if (this.nanCount > 0 || (this.positiveInfinities > 0 && this.negativeInfinities > 0)) return Numeric.NAN;
    if (this.positiveInfinities > 0) return Numeric.POSITIVE_INFINITY;
    if (this.negativeInfinities > 0) return Numeric.NEGATIVE_INFINITY;
    return undefined;
  }

  /** The sum of the finite values at the largest scale among them. */
  finiteSum(): Numeric {
    this.lowerScale();
    return new Numeric(this.smallTotal() ?? this.total(), this.scale);
  }

  /** The scale of `finiteSum()`. */
  finiteScale(): number {
    this.lowerScale();
    return this.scale;
  }

  /** The average of the finite values, `finiteSum() / count` as numeric division gives it (count > 0). */
  finiteAverage(): Numeric {
    this.lowerScale();
    return this.average(this.scale);
  }

  /** round(finiteAverage(), to) for to >= 0 (see IntegerSum.roundedAverage). */
  finiteRoundedAverage(to: number): Numeric {
    this.lowerScale();
    return this.roundedAverage(this.scale, to);
  }

  /** The sum of squares of the finite values, at twice the scale of `finiteSum()`. */
  finiteSquares(): Numeric {
    this.lowerScale();
    return new Numeric(this.squares, this.scale * 2);
  }

  private raiseScale(scale: number): void {
    const factor = powerOfTen(scale - this.scale);
    this.multiply(factor);
    if (this.withSquares) this.squares *= factor * factor;
    if (scale >= this.scaleSpan) this.scaleSpan = scale + 1;
    this.scale = scale;
  }

  private countScale(scale: number, weight: number): void {
    switch (scale) {
      case 0: this.scaleCount0 += weight; return;
      case 1: this.scaleCount1 += weight; return;
      case 2: this.scaleCount2 += weight; return;
      case 3: this.scaleCount3 += weight; return;
    }
    const higher = (this.higherScaleCounts ??= []);
    while (higher.length <= scale - INLINE_SCALES) higher.push(0);
    higher[scale - INLINE_SCALES]! += weight;
  }

  private scaleCount(scale: number): number {
    switch (scale) {
      case 0: return this.scaleCount0;
      case 1: return this.scaleCount1;
      case 2: return this.scaleCount2;
      case 3: return this.scaleCount3;
    }
    return this.higherScaleCounts?.[scale - INLINE_SCALES] ?? 0;
  }

  /**
   * The integer sum's fields, the special counts, the squares, and the current scale with the counts per scale;
   * the common state, a sum of finite values held in the double alone, saves only its count, sum, scale and
   * counts per scale (a group's entry is rewritten at every checkpoint it changes in: fewer values, less to
   * encode). The sum saves its fields last, after any of its owner's, so that `loadFrom` tells the forms apart by
   * how many are left.
   */
  override saveTo(out: Value[]): void {
    const scaleCounts: number[] = [];
    for (let scale = 0; scale < this.scaleSpan; scale++) scaleCounts.push(this.scaleCount(scale));
    if (this.big === 0n && this.squares === 0n && this.nanCount === 0 && this.positiveInfinities === 0 && this.negativeInfinities === 0) {
      out.push(this.count, this.small, this.scale, scaleCounts);
      return;
    }
    super.saveTo(out);
    out.push(this.nanCount, this.positiveInfinities, this.negativeInfinities, this.squares, this.scale, scaleCounts);
  }

  override loadFrom(fields: SavedFields): void {
    if (fields.remaining === COMPACT_FIELDS) {
      this.count = fields.number();
      this.small = fields.number();
      this.big = 0n;
      this.nanCount = this.positiveInfinities = this.negativeInfinities = 0;
      this.squares = 0n;
    } else {
      super.loadFrom(fields);
      this.nanCount = fields.number();
      this.positiveInfinities = fields.number();
      this.negativeInfinities = fields.number();
      this.squares = fields.bigint();
    }
    this.scale = fields.number();
    const scaleCounts = fields.numbers();
    this.scaleCount0 = this.scaleCount1 = this.scaleCount2 = this.scaleCount3 = 0;
    this.higherScaleCounts = undefined;
    scaleCounts.forEach((count, scale) => this.countScale(scale, count));
    this.scaleSpan = Math.max(1, scaleCounts.length);
  }

  /** Drops the scale to the largest one still held: the retracted finer digits have cancelled out exactly. */
  private lowerScale(): void {
    let scale = this.scale;
    while (scale > 0 && this.scaleCount(scale) <= 0) scale--;
    if (scale === this.scale) return;
    const factor = powerOfTen(this.scale - scale);
    this.divideExactly(factor);
    if (this.withSquares) this.squares /= factor * factor;
    this.scale = scale;
  }
}
