// Tests of DistinctArgs: a DISTINCT aggregate's state sees each argument tuple once, as first represented.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { DataType } from '../../types/data-type.js';
import { decodeRow, encodeRow } from '../../storage/value-codec.js';
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
      const distinct = distinctArgsFactory(types)();
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
    const distinct = distinctArgsFactory(['numeric'])();
    const state = new RecordingState();
    distinct.add(state, [Numeric.parse('2.0')], 1);
    distinct.add(state, [Numeric.parse('2.00')], 1);
    distinct.add(state, [Numeric.parse('2.00')], -2);
    expect(state.applied).toEqual([['2.0', 1], ['2.0', -1]]);
    const floats = distinctArgsFactory(['float8'])();
    const floatState = new RecordingState();
    floats.add(floatState, [-0], 1);
    floats.add(floatState, [0], 1);
    expect(floatState.applied).toEqual([['0', 1]]);
    expect(Object.is(floatState.firstArgs[0], -0)).toBe(true);
  });

  it('leaves the state holding each value of positive count once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }), fc.integer({ min: -2, max: 2 }))), (changes) => {
        const distinct = distinctArgsFactory(['varchar'])();
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

  it('continues after save and load exactly as before, transient negative counts included (property)', () => {
    const cases: readonly { types: DataType[]; tuple: fc.Arbitrary<Value[]> }[] = [
      { types: ['varchar'], tuple: fc.option(fc.constantFrom('a', 'b', 'é'), { nil: null }).map((value) => [value]) },
      { types: ['int8'], tuple: fc.option(fc.bigInt({ min: -2n, max: 2n }), { nil: null }).map((value) => [value]) },
      {
        types: ['numeric'],
        tuple: fc.constantFrom(null, Numeric.parse('2'), Numeric.parse('2.0'), Numeric.parse('2.00'), Numeric.NAN).map((value) => [value]),
      },
      { types: ['float8'], tuple: fc.constantFrom(null, 0, -0, NaN, 1.5).map((value) => [value]) },
      {
        types: ['varchar', 'numeric'],
        tuple: fc.tuple(fc.constantFrom('a', null), fc.constantFrom(Numeric.parse('1'), Numeric.parse('1.0'), null)).map((values) => [...values]),
      },
    ];
    /** What the state is applied: each tuple's exact representation and the weight. */
    const recorder = (applied: string[]): AggregateState => ({
      apply: (args, weight) => void applied.push(`${Buffer.from(encodeRow(args)).toString('hex')}×${weight}`),
      result: () => null,
      save: () => [],
      load: () => undefined,
    });
    const savedBytes = (distinct: { save(): Value[] }): string => Buffer.from(encodeRow(distinct.save())).toString('hex');
    for (const { types, tuple } of cases) {
      fc.assert(
        fc.property(fc.array(fc.tuple(tuple, fc.integer({ min: -2, max: 3 }))), fc.nat(), (changes, saveAt) => {
          const create = distinctArgsFactory(types);
          const original = create();
          const originalApplied: string[] = [];
          const cut = saveAt % (changes.length + 1);
          for (const [args, weight] of changes.slice(0, cut)) original.add(recorder(originalApplied), args.slice(), weight);
          const copy = create();
          copy.load(decodeRow(encodeRow(original.save())));
          expect(savedBytes(copy)).toBe(savedBytes(original));
          const afterOriginal: string[] = [];
          const afterCopy: string[] = [];
          for (const [args, weight] of changes.slice(cut)) {
            original.add(recorder(afterOriginal), args.slice(), weight);
            copy.add(recorder(afterCopy), args.slice(), weight);
          }
          expect(afterCopy).toEqual(afterOriginal);
          expect(savedBytes(copy)).toBe(savedBytes(original));
        }),
        { numRuns: 80 },
      );
    }
  });
});
