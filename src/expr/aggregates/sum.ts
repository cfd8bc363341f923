// sum(): PostgreSQL's overloads and result types (int2/int4 -> int8, int8 -> numeric, float4, float8, numeric, interval).
import type { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateState } from './aggregate.js';
import { FloatMoments } from './float-moments.js';
import { IntegerSum } from './integer-sum.js';
import { IntervalSum } from './interval-sum.js';
import { NumericSum } from './numeric-sum.js';
import { loadPart, savePart } from './saved-state.js';

/** sum(int2), sum(int4): an int8 total. */
class SmallIntegerSumState implements AggregateState {
  private readonly sum = new IntegerSum();

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.sum.addNumber(value as number, weight);
  }

  result(): Value {
    return this.sum.count === 0 ? null : this.sum.totalInt8();
  }

  save(): Value[] {
    return savePart(this.sum);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sum, values);
  }
}

/** sum(int8): a numeric total, since int8 sums may overflow int8. */
class BigIntegerSumState implements AggregateState {
  private readonly sum = new IntegerSum();
  /** The last result and the double total it was made of, as NumericSumState keeps them. */
  private last: Numeric | undefined;
  private lastSmall = NaN;

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.sum.addBigInt(value as bigint, weight);
  }

  result(): Value {
    if (this.sum.count === 0) return null;
    const small = this.sum.smallTotal();
    if (small === this.lastSmall) return this.last!;
    this.lastSmall = small ?? NaN;
    // A total held in the double (a safe integer) makes its numeric without the bigint.
    return (this.last = small !== undefined ? new Numeric(small, 0) : Numeric.fromBigInt(this.sum.total()));
  }

  save(): Value[] {
    return savePart(this.sum);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sum, values);
  }
}

/** sum(numeric): the state is the running sum itself (one object per group). */
class NumericSumState extends NumericSum implements AggregateState {
  /**
   * The last finite result, handed out again while the sum is unchanged (a group's other aggregates changed):
   * no allocation, and the operator sees the identical value it emitted.
   */
  private last: Numeric | undefined;
  /**
   * The total in a double and the scale that `last` was made of (NaN, equal to nothing, when none): kept here
   * because `last` itself is a cold object by the next epoch, not worth a cache miss to compare.
   */
  private lastSmall = NaN;
  private lastScale = 0;

  constructor() {
    super(false);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.add(value as Numeric, weight);
  }

  result(): Value {
    if (this.totalCount() === 0) return null;
    const special = this.specialSum();
    if (special !== undefined) return special;
    const scale = this.finiteScale();
    const small = this.smallTotal();
    if (small === this.lastSmall && scale === this.lastScale) return this.last!;
    this.lastSmall = small ?? NaN;
    this.lastScale = scale;
    return (this.last = this.finiteSum());
  }

  save(): Value[] {
    return savePart(this);
  }

  load(values: readonly Value[]): void {
    loadPart(this, values);
  }
}

class FloatSumState implements AggregateState {
  private readonly moments: FloatMoments;

  constructor(single: boolean) {
    this.moments = new FloatMoments(single ? 'float4pl' : 'float8pl', false);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.moments.apply(value as number, weight);
  }

  result(): Value {
    return this.moments.sum();
  }

  save(): Value[] {
    return savePart(this.moments);
  }

  load(values: readonly Value[]): void {
    loadPart(this.moments, values);
  }
}

class IntervalSumState implements AggregateState {
  private readonly sum = new IntervalSum();

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.sum.add(value as Interval, weight);
  }

  result(): Value {
    return this.sum.count === 0 ? null : this.sum.total();
  }

  save(): Value[] {
    return savePart(this.sum);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sum, values);
  }
}

/** sum(x): NULL over no rows or only NULLs. */
export const sumAggregate: AggregateDefinition = {
  name: 'sum',
  signatures: [
    fixedSignature(['int2'], 'int8', () => new SmallIntegerSumState()),
    fixedSignature(['int4'], 'int8', () => new SmallIntegerSumState()),
    fixedSignature(['int8'], 'numeric', () => new BigIntegerSumState()),
    fixedSignature(['float4'], 'float4', () => new FloatSumState(true)),
    fixedSignature(['float8'], 'float8', () => new FloatSumState(false)),
    fixedSignature(['numeric'], 'numeric', () => new NumericSumState()),
    fixedSignature(['interval'], 'interval', () => new IntervalSumState()),
  ],
};
