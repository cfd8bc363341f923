import { describe, expect, it } from 'vitest';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { Row, Value } from '../../types/value.js';
import { compileAccumulate, compileWriteResults, type AccumulatedGroup } from './agg-accumulate.js';
import type { DistinctArgs } from './distinct-args.js';

/** A state that records what it was given. */
class Recorder implements AggregateState {
  readonly applied: [Value[], number][] = [];
  constructor(private readonly value: Value = null) {}
  apply(args: readonly Value[], weight: number): void {
    this.applied.push([args.slice(), weight]);
  }
  result(): Value {
    return this.value;
  }
  save(): Value[] {
    return [];
  }
  load(): void {}
}

describe('compileAccumulate', () => {
  it('reads plain columns in place, computes the others, and skips an aggregate whose filter is not true', () => {
    const accumulate = compileAccumulate([
      { args: [], argColumns: [], distinct: false },
      { args: [() => null], argColumns: [1], distinct: false },
      { args: [(row: Row) => (row[0] as number) * 10, () => null], argColumns: [-1, 2], distinct: false },
      { args: [() => null], argColumns: [0], filter: (row: Row) => ((row[0] as number) > 1 ? true : null), distinct: false },
    ]);
    const states = [new Recorder(), new Recorder(), new Recorder(), new Recorder()];
    const group: AccumulatedGroup = { states, distinctArgs: states.map(() => undefined) };
    accumulate(group, [1, 'a', undefined as unknown as Value], 1);
    accumulate(group, [2, 'b', 'x'], -1);
    expect(states[0]!.applied).toEqual([[[], 1], [[], -1]]);
    expect(states[1]!.applied).toEqual([[['a'], 1], [['b'], -1]]);
    // A missing trailing column reads as NULL, as the interpreted loop read it.
    expect(states[2]!.applied).toEqual([[[10, null], 1], [[20, 'x'], -1]]);
    expect(states[3]!.applied).toEqual([[[2], -1]]);
  });

  it('hands a DISTINCT aggregate to the group’s distinct counts with its state', () => {
    const accumulate = compileAccumulate([{ args: [() => null], argColumns: [0], distinct: true }]);
    const seen: [AggregateState, Value[], number][] = [];
    const counts = { add: (state: AggregateState, args: readonly Value[], weight: number) => seen.push([state, args.slice(), weight]) };
    const state = new Recorder();
    accumulate({ states: [state], distinctArgs: [counts as unknown as DistinctArgs] }, ['c1'], 1);
    expect(seen).toEqual([[state, ['c1'], 1]]);
    expect(state.applied).toEqual([]);
  });
});

describe('compileWriteResults', () => {
  it('writes each result after the offset', () => {
    const write = compileWriteResults([{}, {}]);
    const row: Value[] = ['k', null, null];
    write({ states: [new Recorder(5), new Recorder('s')], distinctArgs: [undefined, undefined] }, row, 1);
    expect(row).toEqual(['k', 5, 's']);
  });

  it("reads an aggregate with roundTo through its state's roundedResult", () => {
    const write = compileWriteResults([{ roundTo: 2 }, {}]);
    const rounding = Object.assign(new Recorder('full'), { roundedResult: (scale: number) => `rounded to ${scale}` });
    const row: Value[] = [null, null];
    write({ states: [rounding, new Recorder(7)], distinctArgs: [undefined, undefined] }, row, 0);
    expect(row).toEqual(['rounded to 2', 7]);
  });
});
