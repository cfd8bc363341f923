// Tests of DistinctArgs: a DISTINCT aggregate's state sees each argument tuple once, as first represented.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { DataType } from '../../types/data-type.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { distinctArgsFactory } from './distinct-args.js';

/** A state that records what it is applied, and the multiset it holds. */
class RecordingState implements AggregateState {
  readonly applied: [string, number][] = [];
  readonly firstArgs: Value[] = [];
  readonly held = new Map<string, number>();

  apply(args: readonly Value[], weight: number): void {
    this.firstArgs.push(args[0] ?? null);
    const text = args.map((v) => (v === null ? 'NULL' : String(v))).join(',');
    this.applied.push([text, weight]);
    this.held.set(text, (this.held.get(text) ?? 0) + weight);
    if (this.held.get(text) === 0) this.held.delete(text);
  }

  result(): Value {
    return null;
  }

  save(): Value[] {
    return [...this.held].flat();
  }

  load(values: readonly Value[]): void {
    for (let index = 0; index < values.length; index += 2) this.held.set(values[index] as string, values[index + 1] as number);
  }
}

describe('distinctArgsFactory', () => {
  it('passes each value once while its count is positive, and retracts it when the count drops to zero', () => {
    for (const types of [['varchar'], ['varchar', 'int4']] as DataType[][]) {
      const distinct = distinctArgsFactory(types)(false);
      const state = new RecordingState();
      const args = (value: string): Value[] => (types.length === 1 ? [value] : [value, 1]);
      distinct.add(state, args('a'), 1);
      distinct.add(state, args('a'), 2);
      distinct.add(state, args('b'), 1);
      distinct.add(state, args('a'), -3);
      distinct.add(state, args('c'), -1); // a retraction ahead of its insertion, within a batch
      distinct.add(state, args('c'), 1);
      const suffix = types.length === 1 ? '' : ',1';
      expect(state.applied).toEqual([[`a${suffix}`, 1], [`b${suffix}`, 1], [`a${suffix}`, -1]]);
    }
  });

  it('keeps the representation first seen for values that are equal but print differently', () => {
    const distinct = distinctArgsFactory(['numeric'])(false);
    const state = new RecordingState();
    distinct.add(state, [Numeric.parse('2.0')], 1);
    distinct.add(state, [Numeric.parse('2.00')], 1);
    distinct.add(state, [Numeric.parse('2.00')], -2);
    expect(state.applied).toEqual([['2.0', 1], ['2.0', -1]]);
    const floats = distinctArgsFactory(['float8'])(false);
    const floatState = new RecordingState();
    floats.add(floatState, [-0], 1);
    floats.add(floatState, [0], 1);
    expect(floatState.applied).toEqual([['0', 1]]);
    expect(Object.is(floatState.firstArgs[0], -0)).toBe(true);
  });

  it('leaves the state holding each value of positive count once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }), fc.integer({ min: -2, max: 2 }))), (changes) => {
        const distinct = distinctArgsFactory(['varchar'])(false);
        const state = new RecordingState();
        const counts = new Map<string | null, number>();
        for (const [value, weight] of changes) {
          distinct.add(state, [value], weight);
          counts.set(value, (counts.get(value) ?? 0) + weight);
        }
        // Only meaningful once every count is back at zero or above, as aggregate states require.
        if ([...counts.values()].some((count) => count < 0)) return;
        const expected = [...counts].filter(([, count]) => count > 0).map(([value]) => (value === null ? 'NULL' : value));
        expect([...state.held.keys()].sort()).toEqual(expected.sort());
        expect([...state.held.values()].every((count) => count === 1)).toBe(true);
      }),
    );
  });

  it("keeps each group's counts whole while groups of one aggregate share values, come and go, and replay logs (property)", () => {
    // One factory per aggregate, as HashAgg builds it: its groups number their values in one shared interner,
    // so a group releasing a value (dropped) or counting it down to zero must leave the others' counts as they were.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), group: fc.nat(3), value: fc.nat(6), weight: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ kind: fc.constant('drop' as const), group: fc.nat(3) }),
      fc.record({ kind: fc.constant('replay' as const), group: fc.nat(3), from: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const create = distinctArgsFactory(['varchar']);
        const groups = Array.from({ length: 4 }, () => create(false));
        const models = Array.from({ length: 4 }, () => new Map<string, number>());
        const state = new RecordingState();
        const counts = (group: number): Map<string, number> => {
          const pairs = groups[group]!.pairs();
          const seen = new Map<string, number>();
          for (let index = 0; index < pairs.length; index += 2) seen.set(pairs[index] as string, pairs[index + 1] as number);
          return seen;
        };
        for (const step of ops) {
          if (step.kind === 'add') {
            // Each row brings its own copy of the text, as decoded rows do.
            groups[step.group]!.add(state, [`v${String(step.value)}`], step.weight);
            const model = models[step.group]!;
            const after = (model.get(`v${step.value}`) ?? 0) + step.weight;
            if (after === 0) model.delete(`v${step.value}`);
            else model.set(`v${step.value}`, after);
          } else if (step.kind === 'drop') {
            groups[step.group]!.release();
            expect(groups[step.group]!.size).toBe(0);
            groups[step.group] = create(false);
            models[step.group]!.clear();
          } else {
            // A group restored from another's log: a new group replaying those pairs.
            const pairs = groups[step.from]!.pairs();
            groups[step.group]!.release();
            groups[step.group] = create(false);
            groups[step.group]!.replay(pairs);
            models[step.group] = new Map(models[step.from]!);
          }
          for (let group = 0; group < groups.length; group++) {
            expect(counts(group)).toEqual(models[group]);
            expect(groups[group]!.size).toBe(models[group]!.size);
          }
        }
      }),
    );
  });
});
