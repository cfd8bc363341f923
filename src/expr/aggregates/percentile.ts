// percentile_cont and percentile_disc: ordered-set aggregates over the WITHIN GROUP key, scalar or array fractions.
import { arrayOf, elementType } from '../../types/data-type.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import type {
  AggregateDefinition,
  AggregateImplementation,
  AggregateOptions,
  AggregateSignature,
  AggregateState,
  ParameterType,
} from './aggregate.js';
import { formatFloatG } from './format-float-g.js';
import { loadPart, savePart } from './saved-state.js';
import { directedComparator } from './sort-order.js';
import { sameRepresentation } from './value-representation.js';
import { ValueMultiset } from './value-multiset.js';

/** Reads one picked value of the sorted multiset for a fraction: continuous (interpolating) or discrete. */
type Pick = (values: ValueMultiset, fraction: number) => Value;

/** percentile_disc: the first value whose position in the sort order reaches fraction × N. */
const discrete: Pick = (values, fraction) => {
  const row = Math.ceil(fraction * values.size);
  return values.atRank(row > 1 ? row - 1 : 0);
};

/** percentile_cont: interpolation between the values at floor and ceil of fraction × (N − 1). */
const continuous =
  (lerp: (low: Value, high: Value, proportion: number) => Value): Pick =>
  (values, fraction) => {
    const position = fraction * (values.size - 1);
    const firstRow = Math.floor(position);
    const secondRow = Math.ceil(position);
    const first = values.atRank(firstRow);
    if (firstRow === secondRow) return first;
    return lerp(first, values.atRank(secondRow), position - firstRow);
  };

/** float8_lerp and interval_lerp of PostgreSQL's orderedsetaggs.c. */
const floatLerp = (low: Value, high: Value, proportion: number): Value =>
  (low as number) + proportion * ((high as number) - (low as number));
const intervalLerp = (low: Value, high: Value, proportion: number): Value =>
  (high as Interval).sub(low as Interval).mul(proportion).add(low as Interval);

/** The multiset of non-NULL keys, read through `pick` for each fraction. */
class PercentileState implements AggregateState {
  private readonly values: ValueMultiset;

  constructor(
    compare: (a: Value, b: Value) => number,
    same: ((a: Value, b: Value) => boolean) | undefined,
    private readonly pick: Pick,
    private readonly fractions: number | readonly (number | null)[] | null,
  ) {
    this.values = new ValueMultiset(compare, same);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.values.add(value, weight);
  }

  result(): Value {
    const fractions = this.fractions;
    if (fractions === null || this.values.size === 0) return null;
    if (typeof fractions === 'number') return this.pick(this.values, fractions);
    return fractions.map((fraction) => (fraction === null ? null : this.pick(this.values, checkedFraction(fraction))));
  }

  save(): Value[] {
    return savePart(this.values);
  }

  load(values: readonly Value[]): void {
    loadPart(this.values, values);
  }
}

/** A direct argument as a float8 fraction (the binder may leave a numeric literal uncast). */
function fractionOf(value: Value): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Numeric) return value.toNumber();
  throw new SqlError('datatype_mismatch', 'percentile fraction must be of type double precision');
}

function checkedFraction(fraction: number): number {
  if (fraction >= 0 && fraction <= 1) return fraction;
  throw new SqlError('numeric_value_out_of_range', `percentile value ${formatFloatG(fraction)} is not between 0 and 1`);
}

/**
 * Builds a percentile over keys of `keyType`. A scalar fraction is checked at plan time (PostgreSQL checks it
 * before looking at the rows); an array's elements only when there are rows, as PostgreSQL does.
 */
function buildPercentile(
  keyType: DataType,
  options: AggregateOptions,
  pick: Pick,
  multiple: boolean,
): AggregateImplementation {
  const key = options.orderBy[0]!;
  if (options.directArgs.length !== 1) {
    throw new SqlError('feature_not_supported', 'the percentile fraction must be a constant');
  }
  const compare = directedComparator({ ...key, type: keyType });
  const same = sameRepresentation(keyType);
  const direct = options.directArgs[0]!;
  let fractions: number | readonly (number | null)[] | null;
  if (multiple) fractions = direct === null ? null : (direct as readonly Value[]).map(fractionOf);
  else {
    const fraction = fractionOf(direct);
    fractions = fraction === null ? null : checkedFraction(fraction);
  }
  return {
    returnType: multiple ? arrayOf(elementType(keyType)) : keyType,
    createState: () => new PercentileState(compare, same, pick, fractions),
  };
}

const percentileSignature = (fraction: ParameterType, key: ParameterType, pick: Pick): AggregateSignature => ({
  parameters: [fraction, key],
  build: ([keyType], options) => buildPercentile(keyType!, options, pick, fraction === 'float8[]'),
});

const CONTINUOUS_FLOAT = continuous(floatLerp);
const CONTINUOUS_INTERVAL = continuous(intervalLerp);

/** Ordered-set aggregates: the parameters are the direct argument, then the WITHIN GROUP key. */
export const percentileAggregates: readonly AggregateDefinition[] = [
  {
    name: 'percentile_cont',
    orderedSet: true,
    ordered: true,
    signatures: [
      percentileSignature('float8', 'float8', CONTINUOUS_FLOAT),
      percentileSignature('float8', 'interval', CONTINUOUS_INTERVAL),
      percentileSignature('float8[]', 'float8', CONTINUOUS_FLOAT),
      percentileSignature('float8[]', 'interval', CONTINUOUS_INTERVAL),
    ],
  },
  {
    name: 'percentile_disc',
    orderedSet: true,
    ordered: true,
    signatures: [percentileSignature('float8', 'anyelement', discrete), percentileSignature('float8[]', 'anyelement', discrete)],
  },
];
