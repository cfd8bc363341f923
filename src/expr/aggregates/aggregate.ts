// The contracts between the aggregate library and its callers (the HashAgg operator and the binder).
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';

/**
 * The running state of one aggregate for one group. The HashAgg operator makes one per group and feeds it every
 * change of the group's input; states never see rows of other groups.
 */
export interface AggregateState {
  /**
   * Adds (weight > 0) or retracts (weight < 0) |weight| copies of one input row's arguments. `args` holds the
   * evaluated aggregate arguments followed by the ORDER BY / WITHIN GROUP key values; the caller reuses the
   * array between calls, so states copy out what they keep. NULL arguments are passed and skipped as
   * PostgreSQL does. Within a batch a retraction may arrive before its insertion; states tolerate counts that
   * are transiently negative, provided every count is back at zero or above when `result()` is called.
   */
  apply(args: readonly Value[], weight: number): void;
  /** The aggregate's current value, equal to what PostgreSQL returns for the multiset applied so far. */
  result(): Value;
  /**
   * Optional: round(result(), scale) for scale >= 0, as numeric round gives it, without building the result's
   * full digits. HashAgg calls it instead of `result()` where its projection reads the result only that way
   * (`round(avg(total), 2)`): an average is otherwise a quotient of 16 and more digits, a bigint, that the
   * projection rounds away at once.
   */
  roundedResult?(scale: number): Value;
  /**
   * Everything `result()` and later `apply()` calls depend on, as Values (nested arrays allowed), for a
   * checkpoint: the caller encodes them. Arrival order and transiently negative counts are kept, so that a
   * state loaded from them and fed the same changes gives results of identical representation. Called between
   * epochs; does not change the state.
   */
  save(): Value[];
  /** Restores what `save` returned into a fresh state (from `createState()`), before anything is applied. */
  load(values: readonly Value[]): void;
}

/** An aggregate call bound to argument types: what the binder and the HashAgg operator need. */
export interface ResolvedAggregate {
  readonly name: string;
  /**
   * Types the arguments must have (the binder casts to them), then the ORDER BY key types, uncast. For an
   * ordered-set aggregate: just the WITHIN GROUP key's type (percentile_cont casts it to float8 or interval).
   */
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  /** A fresh, empty state (the aggregate over no rows); called once per group. */
  createState(): AggregateState;
  /**
   * True if the result depends on the ORDER BY (or WITHIN GROUP) keys, or without them on the arrival order:
   * string_agg, array_agg, first_value, last_value and the ordered-set aggregates.
   */
  readonly ordered: boolean;
}

/** One key of an aggregate's ORDER BY, or the WITHIN GROUP key of an ordered-set aggregate. */
export interface AggregateOrderKey {
  readonly type: DataType;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** The parts of an aggregate call other than its arguments. */
export interface AggregateOptions {
  /** DISTINCT is deduplicated by the caller (the HashAgg operator); informational here. */
  readonly distinct: boolean;
  /** Aggregate ORDER BY keys, or the WITHIN GROUP key of an ordered-set aggregate. */
  readonly orderBy: readonly AggregateOrderKey[];
  /** Constant direct arguments of ordered-set aggregates: percentile_cont(0.5) gives [0.5]. */
  readonly directArgs: readonly Value[];
}

/** A parameter of an aggregate signature: a concrete type or one of PostgreSQL's polymorphic pseudo-types. */
export type ParameterType = DataType | 'any' | 'anyelement' | 'anynonarray' | 'anyarray';

/** What a signature builds once the argument types are settled. */
export interface AggregateImplementation {
  readonly returnType: DataType;
  readonly createState: () => AggregateState;
}

/**
 * One signature of an aggregate, like a row of PostgreSQL's pg_proc. For ordered-set aggregates the parameters
 * are the direct arguments followed by the WITHIN GROUP key.
 */
export interface AggregateSignature {
  readonly parameters: readonly ParameterType[];
  /**
   * Builds the aggregate for argument types with the polymorphic parameters replaced by actual types (for
   * ordered-set aggregates: just the WITHIN GROUP key type). Called once per aggregate call at plan time.
   */
  build(argTypes: readonly DataType[], options: AggregateOptions): AggregateImplementation;
}

/** A named aggregate and its overloads. */
export interface AggregateDefinition {
  readonly name: string;
  readonly signatures: readonly AggregateSignature[];
  /** Ordered-set aggregates (percentile_cont ... WITHIN GROUP) take their input from the WITHIN GROUP key. */
  readonly orderedSet?: boolean;
  /** True if the result depends on the ORDER BY keys. */
  readonly ordered?: boolean;
}

/** A signature whose return type and state do not depend on the call, as most overloads. */
export const fixedSignature = (
  parameters: readonly ParameterType[],
  returnType: DataType,
  createState: () => AggregateState,
): AggregateSignature => ({ parameters, build: () => ({ returnType, createState }) });
