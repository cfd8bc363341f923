// FloatMoments: count, sum and sum of squares of float inputs, as PostgreSQL folds them and exactly.
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { ExactFloatSum, ratioToFloat } from './float-expansion.js';
import type { SavedFields, SavedPart } from './saved-state.js';

/**
 * How PostgreSQL folds float inputs in scan order: float8pl / float4pl for sum(), float8_accum (the
 * Youngs-Cramer update of N, Sx, Sxx) for avg() and the variances.
 */
export type FloatFold = 'float8pl' | 'float4pl' | 'float8_accum';

/** Weights up to this are replayed one copy at a time while the input is append-only, as PostgreSQL would. */
const MAX_REPLAYED_WEIGHT = 64;

const isInfinite = (value: number): boolean => value === Infinity || value === -Infinity;

const overflowError = (): SqlError => new SqlError('numeric_value_out_of_range', 'value out of range: overflow');

/**
 * The running moments of float inputs. While the input is append-only the state replays PostgreSQL's own fold,
 * so results equal PostgreSQL's for rows applied in its scan order, last bit included. Once anything is
 * retracted a float fold cannot be undone exactly, so from then on (until the group empties) results come from
 * exact sums, rounded once: order-independent, and within an ulp or so of what PostgreSQL computes.
 */
export class FloatMoments implements SavedPart {
  /** Non-null inputs, NaN and infinities included (PostgreSQL's N). */
  count = 0;
  private appendOnly = true;
  private foldCount = 0;
  private foldSum = 0;
  private foldSxx = 0;
  private foldOverflow = false;
  private readonly exactSum = ExactFloatSum.ofValues();
  private readonly exactSquares: ExactFloatSum | undefined;
  private nanCount = 0;
  private positiveInfinities = 0;
  private negativeInfinities = 0;

  constructor(
    private readonly fold: FloatFold,
    withSquares: boolean,
  ) {
    this.exactSquares = withSquares ? ExactFloatSum.ofSquares() : undefined;
  }

  /** Adds `weight` copies of a non-null value (a retraction when weight < 0). */
  apply(value: number, weight: number): void {
    if (this.appendOnly) {
      if (weight > 0 && weight <= MAX_REPLAYED_WEIGHT) {
        for (let copy = 0; copy < weight; copy++) this.foldOne(value);
      } else this.appendOnly = false;
    }
    this.count += weight;
    if (value - value !== 0) this.countSpecial(value, weight);
    else {
      this.exactSum.add(value, weight);
      this.exactSquares?.addSquare(value, weight);
    }
    if (this.count === 0 && this.isExactlyEmpty()) this.reset();
  }

  /** Both the replayed fold and the exact sums: results after a restart continue from the same one. */
  saveTo(out: Value[]): void {
    out.push(
      this.count,
      this.appendOnly,
      this.foldCount,
      this.foldSum,
      this.foldSxx,
      this.foldOverflow,
      this.nanCount,
      this.positiveInfinities,
      this.negativeInfinities,
    );
    this.exactSum.saveTo(out);
    this.exactSquares?.saveTo(out);
  }

  loadFrom(fields: SavedFields): void {
    this.count = fields.number();
    this.appendOnly = fields.boolean();
    this.foldCount = fields.number();
    this.foldSum = fields.number();
    this.foldSxx = fields.number();
    this.foldOverflow = fields.boolean();
    this.nanCount = fields.number();
    this.positiveInfinities = fields.number();
    this.negativeInfinities = fields.number();
    this.exactSum.loadFrom(fields);
    this.exactSquares?.loadFrom(fields);
  }

  private countSpecial(value: number, weight: number): void {
    if (value === Infinity) this.positiveInfinities += weight;
    else if (value === -Infinity) this.negativeInfinities += weight;
    else this.nanCount += weight;
  }

  private isExactlyEmpty(): boolean {
    return (
      this.nanCount === 0 &&
      this.positiveInfinities === 0 &&
      this.negativeInfinities === 0 &&
      this.exactSum.isZero &&
      (this.exactSquares === undefined || this.exactSquares.isZero)
    );
  }

  private reset(): void {
    this.appendOnly = true;
    this.foldCount = 0;
    this.foldSum = 0;
    this.foldSxx = 0;
    this.foldOverflow = false;
    this.exactSum.clear();
    this.exactSquares?.clear();
  }

  private foldOne(value: number): void {
    const previousCount = this.foldCount++;
    const previousSum = this.foldSum;
    if (this.fold !== 'float8_accum') {
      // float8pl/float4pl: the first input becomes the state; the overflow check is CHECKFLOATVAL's.
      if (previousCount === 0) this.foldSum = value;
      else {
        const sum = this.fold === 'float4pl' ? Math.fround(previousSum + value) : previousSum + value;
        if (isInfinite(sum) && !isInfinite(previousSum) && !isInfinite(value)) this.foldOverflow = true;
        this.foldSum = sum;
      }
      return;
    }
    // float8_accum (PostgreSQL 12+): the Youngs-Cramer update.
    const count = previousCount + 1;
    this.foldSum = previousSum + value;
    if (previousCount > 0) {
      const deviation = value * count - this.foldSum;
      this.foldSxx += (deviation * deviation) / (count * previousCount);
      if (isInfinite(this.foldSum) || isInfinite(this.foldSxx)) {
        if (!isInfinite(previousSum) && !isInfinite(value)) this.foldOverflow = true;
        this.foldSxx = NaN;
      }
    } else if (!Number.isFinite(value)) this.foldSxx = NaN;
  }

  /** NaN or ±Infinity when the inputs hold specials (PostgreSQL's IEEE rules), else undefined. */
  private specialSum(): number | undefined {
    if (this.nanCount > 0 || (this.positiveInfinities > 0 && this.negativeInfinities > 0)) return NaN;
    if (this.positiveInfinities > 0) return Infinity;
    if (this.negativeInfinities > 0) return -Infinity;
    return undefined;
  }

  /** sum(): NULL over no rows. */
  sum(): number | null {
    if (this.count === 0) return null;
    if (this.appendOnly) {
      if (this.foldOverflow) throw overflowError();
      return this.foldSum;
    }
    const special = this.specialSum();
    if (special !== undefined) return special;
    const sum = this.fold === 'float4pl' ? Math.fround(this.exactSum.value()) : this.exactSum.value();
    if (!Number.isFinite(sum)) throw overflowError();
    return sum;
  }

  /** avg() (float8_avg: Sx / N): NULL over no rows. */
  average(): number | null {
    if (this.count === 0) return null;
    if (this.appendOnly) {
      if (this.foldOverflow) throw overflowError();
      return this.foldSum / this.foldCount;
    }
    const special = this.specialSum();
    if (special !== undefined) return special;
    const sum = this.exactSum.value();
    if (!Number.isFinite(sum)) throw overflowError();
    return sum / this.count;
  }

  /**
   * var_samp() (sample) or var_pop(): NULL when N <= 1 (sample) or N = 0; NaN when an input is NaN or
   * infinite, as PostgreSQL's Sxx becomes NaN then.
   */
  variance(sample: boolean): number | null {
    if (this.count <= (sample ? 1 : 0)) return null;
    const divisor = sample ? this.count - 1 : this.count;
    if (this.appendOnly) {
      if (this.foldOverflow) throw overflowError();
      return this.foldSxx / divisor;
    }
    if (this.nanCount > 0 || this.positiveInfinities > 0 || this.negativeInfinities > 0) return NaN;
    return this.exactVariance(divisor);
  }

  /** (N·Σx² − (Σx)²) / (N·divisor) computed exactly from the expansions and rounded once. */
  private exactVariance(divisor: number): number {
    const squares = this.exactSquares;
    if (squares === undefined) throw new Error('FloatMoments built without squares');
    const sum = this.exactSum.toScaledBigInt();
    const sumOfSquares = squares.toScaledBigInt();
    const count = BigInt(this.count);
    const exponent = Math.min(sumOfSquares.exponent, 2 * sum.exponent);
    const numerator =
      count * (sumOfSquares.mantissa << BigInt(sumOfSquares.exponent - exponent)) -
      ((sum.mantissa * sum.mantissa) << BigInt(2 * sum.exponent - exponent));
    if (numerator <= 0n) return 0;
    const variance = ratioToFloat(numerator, count * BigInt(divisor), exponent);
    if (!Number.isFinite(variance)) throw overflowError();
    return variance;
  }
}
