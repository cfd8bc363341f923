// DistinctArgs: what a DISTINCT aggregate has seen in one group, so that its state sees each argument tuple once.
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { DataType } from '../../types/data-type.js';
import { keyPartConverter, type KeyPart } from '../../types/key.js';
import { KeyMap } from '../../types/key-map.js';
import type { Value } from '../../types/value.js';
import { corruptState } from './state-entry.js';

/**
 * The counts of one group's distinct argument tuples for one DISTINCT aggregate. `add` passes a tuple to the
 * state (weight 1) when its count becomes positive and retracts it (weight -1) when the count drops to zero or
 * below, always as the representation first seen (2.0 stays 2.0 when 2.00 arrives later). Counts may go
 * transiently negative within a batch, as aggregate states allow.
 */
export interface DistinctArgs {
  add(state: AggregateState, args: Value[], weight: number): void;
  /** The tuples held with their counts, as Values for a checkpoint (the aggregate state is saved apart). */
  save(): Value[];
  /** Restores into a fresh DistinctArgs (made by the same factory) what `save` returned. */
  load(values: readonly Value[]): void;
}

const malformed = (): Error => corruptState('DISTINCT aggregate', 'malformed argument counts');

/** Builds, once per aggregate call, the factory of each group's DistinctArgs for arguments of `types`. */
export function distinctArgsFactory(types: readonly DataType[]): () => DistinctArgs {
  if (types.length === 1 && isOwnRepresentative(types[0]!)) return () => new SingleValueCounts();
  const columns = types.map((_, columnIdx) => columnIdx);
  return () => new TupleCounts(new KeyMap<DistinctTuple>(types, columns));
}

/**
 * Types whose equal values are identical (strings, integers, timestamps; not floats, where 0 = -0, nor numeric,
 * where 2.0 = 2.00): a count per value needs no copy of the first representation.
 */
function isOwnRepresentative(type: DataType): boolean {
  return keyPartConverter(type) === undefined && type !== 'float4' && type !== 'float8';
}

/**
 * One argument of a type whose values are their own keys and representations: a count per value. Values held
 * exactly once, nearly all of them in practice (a customer's orders in one hour), sit in a set, so that a new
 * value costs one hash insertion; other counts (2 and up, or negative within a batch) sit in a map.
 */
class SingleValueCounts implements DistinctArgs {
  private readonly once = new Set<KeyPart>();
  private readonly counts = new Map<KeyPart, number>();

  add(state: AggregateState, args: Value[], weight: number): void {
    const value = args[0] as KeyPart;
    const once = this.once;
    const counted = this.counts.size > 0 ? this.counts.get(value) : undefined;
    if (counted === undefined && weight === 1) {
      const size = once.size;
      once.add(value);
      if (once.size !== size) state.apply(args, 1);
      else this.setCount(value, 1, 2);
      return;
    }
    const before = counted ?? (once.has(value) ? 1 : 0);
    const after = before + weight;
    if (before <= 0 && after > 0) state.apply(args, 1);
    else if (before > 0 && after <= 0) state.apply(args, -1);
    this.setCount(value, before, after);
  }

  /** The values held once, then the other counts as value-count pairs. */
  save(): Value[] {
    const counts: Value[] = [];
    for (const [value, count] of this.counts) counts.push(value, count);
    return [[...this.once], counts];
  }

  load(values: readonly Value[]): void {
    const [once, counts] = values;
    if (values.length !== 2 || !Array.isArray(once) || !Array.isArray(counts) || counts.length % 2 !== 0) throw malformed();
    for (const value of once as readonly Value[]) this.once.add(value as KeyPart);
    for (let index = 0; index < counts.length; index += 2) {
      const count = (counts as readonly Value[])[index + 1];
      if (typeof count !== 'number') throw malformed();
      this.counts.set((counts as readonly Value[])[index] as KeyPart, count);
    }
  }

  /** Moves `value` from where a count of `before` is kept to where `after` is. */
  private setCount(value: KeyPart, before: number, after: number): void {
    if (before === 1) this.once.delete(value);
    else if (before !== 0) this.counts.delete(value);
    if (after === 1) this.once.add(value);
    else if (after !== 0) this.counts.set(value, after);
  }
}

/** A distinct argument tuple: the representation first seen, and its count. */
interface DistinctTuple {
  readonly args: Value[];
  count: number;
}

/** Any arguments: tuples under SQL equality, each with the representation first seen. */
class TupleCounts implements DistinctArgs {
  constructor(private readonly tuples: KeyMap<DistinctTuple>) {}

  add(state: AggregateState, args: Value[], weight: number): void {
    const tuple = this.tuples.get(args);
    if (tuple === undefined) {
      this.tuples.set(args, { args: args.slice(), count: weight });
      if (weight > 0) state.apply(args, 1);
      return;
    }
    const before = tuple.count;
    const after = before + weight;
    if (before <= 0 && after > 0) state.apply(tuple.args, 1);
    else if (before > 0 && after <= 0) state.apply(tuple.args, -1);
    if (after === 0) this.tuples.delete(args);
    else tuple.count = after;
  }

  /** Each tuple as first represented, then its count. */
  save(): Value[] {
    const saved: Value[] = [];
    for (const tuple of this.tuples.values()) saved.push(tuple.args, tuple.count);
    return saved;
  }

  load(values: readonly Value[]): void {
    if (values.length % 2 !== 0) throw malformed();
    for (let index = 0; index < values.length; index += 2) {
      const args = values[index];
      const count = values[index + 1];
      if (!Array.isArray(args) || typeof count !== 'number') throw malformed();
      this.tuples.set(args as readonly Value[], { args: (args as readonly Value[]).slice(), count });
    }
  }
}
