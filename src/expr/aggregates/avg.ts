// avg(): PostgreSQL's overloads (integers and numeric -> numeric, floats -> float8, interval -> interval).
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

/** avg of int2/int4/int8: the exact sum divided by the count in numeric (select_div_scale: 1.5000000000000000). */
class IntegerAverageState implements AggregateState {
  private readonly sum = new IntegerSum();

  constructor(private readonly big: boolean) {}

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value === null) return;
    if (this.big) this.sum.addBigInt(value as bigint, weight);
    else this.sum.addNumber(value as number, weight);
  }

  result(): Value {
    return this.sum.count === 0 ? null : this.sum.average(0);
  }

  roundedResult(scale: number): Value {
    return this.sum.count === 0 ? null : this.sum.roundedAverage(0, scale);
  }

  save(): Value[] {
    return savePart(this.sum);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sum, values);
  }
}

/** avg(numeric): the state is the running sum itself (one object per group). */
class NumericAverageState extends NumericSum implements AggregateState {
  constructor() {
    super(false);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.add(value as Numeric, weight);
  }

  result(): Value {
    if (this.totalCount() === 0) return null;
    return this.specialSum() ?? this.finiteAverage();
  }

  roundedResult(scale: number): Value {
    if (this.totalCount() === 0) return null;
    // round() keeps NaN and the infinities as they are.
    return this.specialSum() ?? this.finiteRoundedAverage(scale);
  }

  save(): Value[] {
    return savePart(this);
  }

  load(values: readonly Value[]): void {
    loadPart(this, values);
  }
}

/** avg of float4/float8: float8_accum then Sx / N. */
class FloatAverageState implements AggregateState {
  private readonly moments = new FloatMoments('float8_accum', false);

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.moments.apply(value as number, weight);
  }

  result(): Value {
    return this.moments.average();
  }

  save(): Value[] {
    return savePart(this.moments);
  }

  load(values: readonly Value[]): void {
    loadPart(this.moments, values);
  }
}

/** avg of interval: the field-wise sum divided by N with interval_div's cascading. */
class IntervalAverageState implements AggregateState {
  private readonly sum = new IntervalSum();

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.sum.add(value as Interval, weight);
  }

  result(): Value {
    return this.sum.count === 0 ? null : this.sum.total().div(this.sum.count);
  }

  save(): Value[] {
    return savePart(this.sum);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sum, values);
  }
}

/** avg(x): NULL over no rows or only NULLs. */
export const avgAggregate: AggregateDefinition = {
  name: 'avg',
  signatures: [
    fixedSignature(['int2'], 'numeric', () => new IntegerAverageState(false)),
    fixedSignature(['int4'], 'numeric', () => new IntegerAverageState(false)),
    fixedSignature(['int8'], 'numeric', () => new IntegerAverageState(true)),
    fixedSignature(['float4'], 'float8', () => new FloatAverageState()),
    fixedSignature(['float8'], 'float8', () => new FloatAverageState()),
    fixedSignature(['numeric'], 'numeric', () => new NumericAverageState()),
    fixedSignature(['interval'], 'interval', () => new IntervalAverageState()),
  ],
};
