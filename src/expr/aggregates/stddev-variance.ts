// stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop: numeric for integer and numeric input, float8 for floats.
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { fixedSignature } from './aggregate.js';
import type { AggregateDefinition, AggregateSignature, AggregateState } from './aggregate.js';
import { FloatMoments } from './float-moments.js';
import { NumericSum } from './numeric-sum.js';
import { powerOfTen } from './power-of-ten.js';
import { loadPart, savePart } from './saved-state.js';

/** Which statistic: sample or population, variance or its square root. */
interface Statistic {
  readonly sample: boolean;
  readonly root: boolean;
}

/** Integer and numeric input: exact sums of x and x², finished as PostgreSQL's numeric_stddev_internal. */
class NumericVarianceState implements AggregateState {
  private readonly sums = new NumericSum(true);

  constructor(
    private readonly statistic: Statistic,
    private readonly input: 'integer' | 'bigint' | 'numeric',
  ) {}

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value === null) return;
    if (this.input === 'numeric') this.sums.add(value as Numeric, weight);
    else this.sums.addFinite(this.input === 'bigint' ? (value as bigint) : BigInt(value as number), 0, weight);
  }

  result(): Value {
    const total = this.sums.totalCount();
    if (total === 0 || (this.statistic.sample && total <= 1)) return null;
    if (this.sums.specialSum() !== undefined) return Numeric.NAN;
    const count = BigInt(this.sums.count);
    const sum = this.sums.finiteSum();
    const squares = this.sums.finiteSquares();
    // N·Σx² − (Σx)², at twice the inputs' largest scale.
    const numerator = count * squares.unscaled - sum.unscaled * sum.unscaled;
    if (numerator <= 0n) return Numeric.ZERO;
    const denominator = count * (this.statistic.sample ? count - 1n : count);
    const variance = new Numeric(numerator, squares.scale).div(Numeric.fromBigInt(denominator));
    return this.statistic.root ? squareRootAtScale(variance) : variance;
  }

  save(): Value[] {
    return savePart(this.sums);
  }

  load(values: readonly Value[]): void {
    loadPart(this.sums, values);
  }
}

/** sqrt_var at the scale of its (positive) argument, rounded half up as PostgreSQL rounds it. */
function squareRootAtScale(value: Numeric): Numeric {
  // sqrt(u / 10^s) · 10^s = sqrt(u · 10^s); one more digit (·100 under the root) decides the rounding.
  const root = integerSquareRoot(value.unscaled * powerOfTen(value.scale + 2));
  return new Numeric((root + 5n) / 10n, value.scale);
}

/** floor(sqrt(n)) for n >= 0, by Newton's iteration from an estimate above the root. */
function integerSquareRoot(n: bigint): bigint {
  if (n < 2n) return n;
  let estimate = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const next = (estimate + n / estimate) >> 1n;
    if (next >= estimate) return estimate;
    estimate = next;
  }
}

/** Float input: float8_accum's N, Sx, Sxx; the result is float8. */
class FloatVarianceState implements AggregateState {
  private readonly moments = new FloatMoments('float8_accum', true);

  constructor(private readonly statistic: Statistic) {}

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.moments.apply(value as number, weight);
  }

  result(): Value {
    const variance = this.moments.variance(this.statistic.sample);
    return variance === null || !this.statistic.root ? variance : Math.sqrt(variance);
  }

  save(): Value[] {
    return savePart(this.moments);
  }

  load(values: readonly Value[]): void {
    loadPart(this.moments, values);
  }
}

function signatures(statistic: Statistic): AggregateSignature[] {
  return [
    fixedSignature(['int2'], 'numeric', () => new NumericVarianceState(statistic, 'integer')),
    fixedSignature(['int4'], 'numeric', () => new NumericVarianceState(statistic, 'integer')),
    fixedSignature(['int8'], 'numeric', () => new NumericVarianceState(statistic, 'bigint')),
    fixedSignature(['float4'], 'float8', () => new FloatVarianceState(statistic)),
    fixedSignature(['float8'], 'float8', () => new FloatVarianceState(statistic)),
    fixedSignature(['numeric'], 'numeric', () => new NumericVarianceState(statistic, 'numeric')),
  ];
}

const SAMPLE_ROOT = signatures({ sample: true, root: true });
const SAMPLE_VARIANCE = signatures({ sample: true, root: false });

/** The six statistics; stddev and variance are PostgreSQL's historical names for the sample ones. */
export const stddevVarianceAggregates: readonly AggregateDefinition[] = [
  { name: 'stddev', signatures: SAMPLE_ROOT },
  { name: 'stddev_samp', signatures: SAMPLE_ROOT },
  { name: 'stddev_pop', signatures: signatures({ sample: false, root: true }) },
  { name: 'variance', signatures: SAMPLE_VARIANCE },
  { name: 'var_samp', signatures: SAMPLE_VARIANCE },
  { name: 'var_pop', signatures: signatures({ sample: false, root: false }) },
];
