// IntegerSum: an exact running sum of weighted integers that stays in a double until it nears 2^53.
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import type { SavedFields, SavedPart } from './saved-state.js';

const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);
const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

/**
 * The exact sum of weighted integers and how many values it holds. The common case (every partial sum within
 * ±2^53) touches only doubles, so applying a value allocates nothing; the rest spills into a bigint.
 */
export class IntegerSum implements SavedPart {
  /** Values applied minus values retracted. */
  count = 0;
  protected small = 0;
  protected big = 0n;

  /** Adds `weight` copies of a safe integer, such as an int2/int4 value (a retraction when weight < 0). */
  addNumber(value: number, weight: number): void {
    this.count += weight;
    const delta = weight === 1 ? value : value * weight;
    const next = this.small + delta;
    if (next <= SAFE && next >= -SAFE && delta <= SAFE && delta >= -SAFE) this.small = next;
    else this.spill(BigInt(value) * BigInt(weight));
  }

  /** Adds `weight` copies of an int8 value. */
  addBigInt(value: bigint, weight: number): void {
    // Conversion rounds monotonically, so a result within ±(2^53 − 1) means the value converted exactly.
    const approximate = Number(value);
    if (approximate <= SAFE && approximate >= -SAFE) this.addNumber(approximate, weight);
    else {
      this.count += weight;
      this.spill(value * BigInt(weight));
    }
  }

  private spill(delta: bigint): void {
    this.big += BigInt(this.small) + delta;
    this.small = 0;
  }

  /** Multiplies the sum by an integer factor (NumericSum raising its scale). */
  multiply(factor: bigint): void {
    this.settle(this.total() * factor);
  }

  /** Divides the sum by an integer that divides it exactly (NumericSum lowering its scale). */
  divideExactly(divisor: bigint): void {
    this.settle(this.total() / divisor);
  }

  /** Makes `total` the sum, back in the double while it fits, so that adding to it stays allocation-free. */
  private settle(total: bigint): void {
    if (total <= SAFE_BIG && total >= -SAFE_BIG) {
      this.small = Number(total);
      this.big = 0n;
    } else {
      this.small = 0;
      this.big = total;
    }
  }

  /** The exact sum. */
  total(): bigint {
    return this.big === 0n ? BigInt(this.small) : this.big + BigInt(this.small);
  }

  /** The sum when the double holds it all (the common case), so that callers need no bigint; else undefined. */
  smallTotal(): number | undefined {
    return this.big === 0n ? this.small : undefined;
  }

  /**
   * The sum, read at `scale` (total / 10^scale), divided by the count as numeric division gives it (count > 0).
   * The sum usually sits in a double: divided there, without building the sum and the count as numerics.
   */
  average(scale: number): Numeric {
    const small = this.smallTotal();
    const average = small === undefined ? undefined : Numeric.divSmall(small, scale, this.count, 0);
    return average ?? new Numeric(this.total(), scale).div(Numeric.fromInt(this.count));
  }

  /** round(average(scale), to) for to >= 0, in one long division where the sum sits in a double. */
  roundedAverage(scale: number, to: number): Numeric {
    const small = this.smallTotal();
    const rounded = small === undefined ? undefined : Numeric.divRoundSmall(small, scale, this.count, 0, 0, to);
    return rounded ?? this.average(scale).round(to);
  }

  /** The sum as an int8 value, failing as PostgreSQL's int8 arithmetic does when it leaves the int8 range. */
  totalInt8(): bigint {
    const total = this.total();
    if (total < INT64_MIN || total > INT64_MAX) throw new SqlError('numeric_value_out_of_range', 'bigint out of range');
    return total;
  }

  /** The count and the sum as split between the double and the bigint, so that later spills happen alike. */
  saveTo(out: Value[]): void {
    out.push(this.count, this.small, this.big);
  }

  loadFrom(fields: SavedFields): void {
    this.count = fields.number();
    this.small = fields.number();
    this.big = fields.bigint();
  }
}
