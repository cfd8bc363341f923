// min() and max() over every type PostgreSQL orders for them, retractable through a counted multiset.
import { comparator } from '../../types/compare.js';
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { AggregateDefinition, AggregateImplementation, AggregateSignature, AggregateState } from './aggregate.js';
import { loadPart, savePart } from './saved-state.js';
import { sameRepresentation } from './value-representation.js';
import { latestRepresentation, ValueMultiset } from './value-multiset.js';

/** The held values in order: retracting the current extreme finds the next one without rescanning input. */
class ExtremeState implements AggregateState {
  private readonly values: ValueMultiset;

  constructor(
    compare: (a: Value, b: Value) => number,
    same: ((a: Value, b: Value) => boolean) | undefined,
    private readonly largest: boolean,
  ) {
    this.values = new ValueMultiset(compare, same);
  }

  apply(args: readonly Value[], weight: number): void {
    const value = args[0];
    if (value !== null) this.values.add(value, weight);
  }

  result(): Value {
    const extreme = this.largest ? this.values.largest() : this.values.smallest();
    return extreme === undefined ? null : latestRepresentation(extreme);
  }

  save(): Value[] {
    return savePart(this.values);
  }

  load(values: readonly Value[]): void {
    loadPart(this.values, values);
  }
}

/** PostgreSQL's min/max overloads for Tally's types (bytea since PostgreSQL 18; no boolean or jsonb). */
const ORDERED_TYPES: readonly DataType[] = [
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'varchar',
  'bytea',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
];

/** Prepares the comparison once per call site; each group's state shares it. */
function build(type: DataType, largest: boolean): AggregateImplementation {
  const compare = comparator(type);
  const same = sameRepresentation(type);
  return { returnType: type, createState: () => new ExtremeState(compare, same, largest) };
}

function signatures(largest: boolean): AggregateSignature[] {
  const concrete = ORDERED_TYPES.map((type): AggregateSignature => ({ parameters: [type], build: () => build(type, largest) }));
  const arrays: AggregateSignature = { parameters: ['anyarray'], build: ([type]) => build(type!, largest) };
  return [...concrete, arrays];
}

export const minMaxAggregates: readonly AggregateDefinition[] = [
  { name: 'min', signatures: signatures(false) },
  { name: 'max', signatures: signatures(true) },
];
