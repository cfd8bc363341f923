// DistinctArgs: what a DISTINCT aggregate has seen in one group, so that its state sees each argument tuple once.
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { DataType } from '../../types/data-type.js';
import { keyPartConverter, type KeyPart } from '../../types/key.js';
import { KeyMap } from '../../types/key-map.js';
import { IdCounts } from '../../types/id-counts.js';
import { PartInterner } from '../../types/part-interner.js';
import type { Value } from '../../types/value.js';
import { DistinctLog } from './distinct-log.js';
import { corruptState } from './state-entry.js';

/**
 * The counts of one group's distinct argument tuples for one DISTINCT aggregate. `add` passes a tuple to the
 * state (weight 1) when its count becomes positive and retracts it (weight -1) when the count drops to zero or
 * below, always as the representation first seen (2.0 stays 2.0 when 2.00 arrives later). Counts may go
 * transiently negative within a batch, as aggregate states allow.
 *
 * With checkpoints on, every change is also noted in a `DistinctLog`, so that a checkpoint writes what changed
 * rather than the whole set (see distinct-log.ts). A tuple is the value itself for one argument, else the
 * arguments array.
 */
export interface DistinctArgs {
  add(state: AggregateState, args: Value[], weight: number): void;
  /** The changes not yet in a sealed chunk of the checkpoint store; undefined while checkpoints are off. */
  readonly log: DistinctLog | undefined;
  /** How many tuples have a count other than zero. */
  readonly size: number;
  /** The counts as (tuple, count) pairs, each tuple as first represented: the shortest log of this state. */
  pairs(): Value[];
  /** Applies logged (tuple, weight) pairs to the counts, in order, passing nothing to an aggregate state. */
  replay(pairs: readonly Value[]): void;
  /** Gives back what the counts share with other groups' (the group is dropped); they are empty after. */
  release(): void;
}

const malformed = (): Error => corruptState('DISTINCT aggregate', 'malformed argument counts');

/**
 * Builds, once per aggregate call, the factory of each group's DistinctArgs for arguments of `types`; `logged`
 * when checkpoints are on.
 */
export function distinctArgsFactory(types: readonly DataType[]): (logged: boolean) => DistinctArgs {
  if (types.length === 1 && isOwnRepresentative(types[0]!)) {
    const interner = new PartInterner();
    return (logged) => new SingleValueCounts(interner, logged ? new DistinctLog() : undefined);
  }
  const columns = types.map((_, columnIdx) => columnIdx);
  return (logged) => new TupleCounts(new KeyMap<DistinctTuple>(types, columns), logged ? new DistinctLog() : undefined);
}

/**
 * Types whose equal values are identical (strings, integers, timestamps; not floats, where 0 = -0, nor numeric,
 * where 2.0 = 2.00): a count per value needs no copy of the first representation.
 */
function isOwnRepresentative(type: DataType): boolean {
  return keyPartConverter(type) === undefined && type !== 'float4' && type !== 'float8';
}

/**
 * One argument of a type whose values are their own keys and representations: a count per value, the values
 * numbered by an interner shared by every group of the aggregate (see part-interner.ts), the counts in a table
 * of those numbers (id-counts.ts).
 */
class SingleValueCounts implements DistinctArgs {
  private counts = new IdCounts();

  constructor(
    private readonly interner: PartInterner,
    readonly log: DistinctLog | undefined,
  ) {}

  add(state: AggregateState, args: Value[], weight: number): void {
    const before = this.change(args[0] as KeyPart, weight);
    const after = before + weight;
    if (before <= 0 && after > 0) state.apply(args, 1);
    else if (before > 0 && after <= 0) state.apply(args, -1);
  }

  /** Adds `delta` to the count of `value` (logged as the interned part) and returns the count before. */
  private change(value: KeyPart, delta: number): number {
    const id = this.interner.idOf(value);
    // The interned part, not the row's own copy: a log tail kept until the next checkpoint holds no row's string.
    this.log?.tail.push(this.interner.part(id), delta);
    return this.count(id, delta);
  }

  /** Adds `delta` to the count of `id`, which the counts hold while it is not zero; returns the count before. */
  private count(id: number, delta: number): number {
    const interner = this.interner;
    const before = this.counts.change(id, delta);
    if (before === 0) {
      if (delta !== 0) interner.hold(id);
      else interner.forgetUnheld(id);
    } else if (before + delta === 0) {
      interner.release(id);
    }
    return before;
  }

  get size(): number {
    return this.counts.size;
  }

  pairs(): Value[] {
    const pairs: Value[] = [];
    this.counts.forEach((id, count) => pairs.push(this.interner.part(id), count));
    return pairs;
  }

  replay(pairs: readonly Value[]): void {
    if (pairs.length % 2 !== 0) throw malformed();
    for (let index = 0; index < pairs.length; index += 2) this.count(this.interner.idOf(pairs[index] as KeyPart), countAt(pairs, index + 1));
  }

  release(): void {
    this.counts.forEach((id) => this.interner.release(id));
    this.counts = new IdCounts();
  }
}

/** A distinct argument tuple: the representation first seen, and its count. */
interface DistinctTuple {
  readonly args: Value[];
  count: number;
}

/** Any arguments: tuples under SQL equality, each with the representation first seen. */
class TupleCounts implements DistinctArgs {
  constructor(
    private readonly tuples: KeyMap<DistinctTuple>,
    readonly log: DistinctLog | undefined,
  ) {}

  add(state: AggregateState, args: Value[], weight: number): void {
    const tuple = this.tuples.get(args);
    if (tuple === undefined) {
      const held = args.slice();
      this.tuples.set(args, { args: held, count: weight });
      this.log?.tail.push(held, weight);
      if (weight > 0) state.apply(args, 1);
      return;
    }
    // Logged as first represented, so that a replay keeps that representation.
    this.log?.tail.push(tuple.args, weight);
    const before = tuple.count;
    const after = before + weight;
    if (before <= 0 && after > 0) state.apply(tuple.args, 1);
    else if (before > 0 && after <= 0) state.apply(tuple.args, -1);
    if (after === 0) this.tuples.delete(args);
    else tuple.count = after;
  }

  get size(): number {
    return this.tuples.size;
  }

  /** Its tuples share nothing with other groups: it only empties itself. */
  release(): void {
    this.tuples.clear();
  }

  pairs(): Value[] {
    const pairs: Value[] = [];
    for (const tuple of this.tuples.values()) pairs.push(tuple.args, tuple.count);
    return pairs;
  }

  replay(pairs: readonly Value[]): void {
    if (pairs.length % 2 !== 0) throw malformed();
    for (let index = 0; index < pairs.length; index += 2) {
      const args = pairs[index];
      const weight = countAt(pairs, index + 1);
      if (!Array.isArray(args)) throw malformed();
      const tuple = this.tuples.get(args as readonly Value[]);
      if (tuple === undefined) this.tuples.set(args as readonly Value[], { args: (args as readonly Value[]).slice(), count: weight });
      else if (tuple.count + weight === 0) this.tuples.delete(args as readonly Value[]);
      else tuple.count += weight;
    }
  }
}

/** The weight of a logged pair, checked. */
function countAt(pairs: readonly Value[], index: number): number {
  const count = pairs[index];
  if (typeof count !== 'number' || !Number.isSafeInteger(count)) throw malformed();
  return count;
}
