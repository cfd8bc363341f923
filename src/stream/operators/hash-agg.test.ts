// Tests of HashAgg: hand-written cases, then algebraic laws against a from-scratch GROUP BY.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { HashAgg, type AggSpec } from './hash-agg.js';
import { runEpochs, type PortBatch } from './run-epochs.js';

/** count(x) (count(*) with no arguments): rows whose arguments are all non-NULL. */
const countState = (): AggregateState => {
  let count = 0;
  return {
    apply: (args, weight) => {
      if (args.every((arg) => arg !== null)) count += weight;
    },
    result: () => BigInt(count),
    save: () => [count],
    load: ([saved]) => void (count = saved as number),
  };
};

/** sum(int4) -> int8: NULL over no non-NULL value. */
const sumState = (): AggregateState => {
  let sum = 0n;
  let count = 0;
  return {
    apply: ([arg], weight) => {
      if (arg === null) return;
      sum += BigInt(arg as number) * BigInt(weight);
      count += weight;
    },
    result: () => (count === 0 ? null : sum),
    save: () => [sum, count],
    load: ([savedSum, savedCount]) => {
      sum = savedSum as bigint;
      count = savedCount as number;
    },
  };
};

/** A state that reports what it is applied to `record` and holds nothing itself. */
const recordingState = (record: (args: readonly Value[], weight: number) => void): AggregateState => ({
  apply: record,
  result: () => null,
  save: () => [],
  load: () => undefined,
});

const col = (index: number) => (row: Row): Value => row[index];
const countStar: AggSpec = { createState: countState, args: [], distinct: false, distinctTypes: [] };
const sumOf = (index: number): AggSpec => ({ createState: sumState, args: [col(index)], distinct: false, distinctTypes: [] });
const countDistinct = (index: number): AggSpec => ({
  createState: countState,
  args: [col(index)],
  distinct: true,
  distinctTypes: ['int4'],
});
const sumFiltered: AggSpec = { ...sumOf(1), filter: (row) => (row[0] === null ? null : row[0] === 1) };

const batch = (...changes: (readonly [Row, number])[]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});

const groupedAgg = () =>
  new HashAgg({ groupKeyTypes: ['int4'], groupKeys: [col(0)], aggs: [countStar, sumOf(1)], global: false });
const globalAgg = () => new HashAgg({ groupKeyTypes: [], groupKeys: [], aggs: [countStar, sumOf(1)], global: true });

describe('HashAgg', () => {
  it('emits one row per group at the barrier, nothing from push', () => {
    const agg = groupedAgg();
    expect(agg.push(0, batch([[1, 10], 1], [[1, 5], 1], [[2, null], 1]).batch)).toBeNull();
    expect(new ChangeSum().add(agg.barrier()).signature()).toEqual(
      new ChangeSum().addRow([1, 2n, 15n], 1).addRow([2, 1n, null], 1).signature(),
    );
  });

  it('retracts the old row and inserts the new one when a group changes', () => {
    const agg = groupedAgg();
    runEpochs(agg, [[batch([[1, 10], 1])]]);
    agg.push(0, batch([[1, 5], 2]).batch);
    expect(agg.barrier()).toEqual({ rows: [[1, 1n, 10n], [1, 3n, 20n]], weights: [-1, 1] });
  });

  it('emits nothing for a group whose changes cancel within an epoch', () => {
    const agg = groupedAgg();
    runEpochs(agg, [[batch([[1, 10], 1])]]);
    agg.push(0, batch([[1, 7], 1], [[1, 7], -1], [[3, 1], 1], [[3, 1], -1]).batch);
    expect(agg.barrier()).toBeNull();
    expect(agg.groupCount).toBe(1);
  });

  it('emits nothing when the result is unchanged although rows changed', () => {
    const agg = groupedAgg();
    runEpochs(agg, [[batch([[1, 10], 1])]]);
    agg.push(0, batch([[1, 10], -1], [[1, 10], 1]).batch);
    agg.push(0, batch([[1, 4], -1], [[1, 4], 1]).batch);
    expect(agg.barrier()).toBeNull();
  });

  it('emits the rows of its output projection, and nothing when they are unchanged although the aggregates changed', () => {
    const several = (row: Row): Value => (row[1] as bigint) > 1n;
    const agg = new HashAgg({ groupKeyTypes: ['int4'], groupKeys: [col(0)], aggs: [countStar, sumOf(1)], global: false, output: [several, col(0)] });
    agg.push(0, batch([[1, 10], 1], [[2, 5], 1]).batch);
    const first = agg.barrier()!;
    expect(new ChangeSum().add(first).signature()).toEqual(new ChangeSum().addRow([false, 1], 1).addRow([false, 2], 1).signature());
    agg.push(0, batch([[1, 3], 1]).batch);
    const second = agg.barrier()!;
    expect(second).toEqual({ rows: [[false, 1], [true, 1]], weights: [-1, 1] });
    // The retraction is the very row emitted before: view state recognises it without comparing values.
    expect(second.rows[0]).toBe(first.rows[first.rows.findIndex((row) => row[1] === 1)]);
    agg.push(0, batch([[1, 4], 1]).batch);
    expect(agg.barrier()).toBeNull();
  });

  it('retracts and frees a group whose rows are all deleted', () => {
    const agg = groupedAgg();
    runEpochs(agg, [[batch([[1, 10], 1], [[2, 3], 1])]]);
    agg.push(0, batch([[1, 10], -1]).batch);
    expect(agg.barrier()).toEqual({ rows: [[1, 1n, 10n]], weights: [-1] });
    expect(agg.groupCount).toBe(1);
  });

  it('groups NULL keys together', () => {
    const agg = groupedAgg();
    const sum = runEpochs(agg, [[batch([[null, 1], 1], [[null, 2], 1])]]);
    expect(sum.signature()).toEqual(new ChangeSum().addRow([null, 2n, 3n], 1).signature());
  });

  it('gives a global aggregate one row over empty input, emitted at the first barrier', () => {
    const agg = globalAgg();
    expect(agg.barrier()).toEqual({ rows: [[0n, null]], weights: [1] });
    expect(agg.barrier()).toBeNull();
    agg.push(0, batch([[1, 4], 1]).batch);
    expect(agg.barrier()).toEqual({ rows: [[0n, null], [1n, 4n]], weights: [-1, 1] });
    agg.push(0, batch([[1, 4], -1]).batch);
    expect(agg.barrier()).toEqual({ rows: [[1n, 4n], [0n, null]], weights: [-1, 1] });
    expect(agg.groupCount).toBe(1);
  });

  it('applies FILTER only to rows whose filter is true', () => {
    const agg = new HashAgg({ groupKeyTypes: [], groupKeys: [], aggs: [sumFiltered], global: true });
    const sum = runEpochs(agg, [[batch([[1, 10], 1], [[2, 20], 1], [[null, 40], 1], [[1, 5], 1])]]);
    expect(sum.signature()).toEqual(new ChangeSum().addRow([15n], 1).signature());
  });

  it('passes each DISTINCT tuple once while its count is positive', () => {
    const applied: [Value, number][] = [];
    const recording: AggSpec = {
      createState: () => recordingState(([arg], weight) => void applied.push([arg, weight])),
      args: [col(1)],
      distinct: true,
      distinctTypes: ['int4'],
    };
    const agg = new HashAgg({ groupKeyTypes: [], groupKeys: [], aggs: [recording], global: true });
    runEpochs(agg, [[batch([[0, 7], 1], [[0, 7], 2], [[0, 8], 1])], [batch([[0, 7], -2], [[0, 8], -1])], [batch([[0, 7], -1])]]);
    expect(applied).toEqual([[7, 1], [8, 1], [8, -1], [7, -1]]);
  });

  it('reuses one arguments array per aggregate', () => {
    const seen = new Set<readonly Value[]>();
    const spec: AggSpec = {
      createState: () => recordingState((args) => void seen.add(args)),
      args: [col(1)],
      distinct: false,
      distinctTypes: [],
    };
    const agg = new HashAgg({ groupKeyTypes: ['int4'], groupKeys: [col(0)], aggs: [spec], global: false });
    agg.push(0, batch([[1, 1], 1], [[2, 2], 1], [[3, 3], 1]).batch);
    expect(seen.size).toBe(1);
  });
});

// ---------------------------------------------------------------- algebraic laws

type Change = readonly [Row, number];

/** A random sequence of valid changes (deletions only of rows present), cut into batches and epochs. */
const changeSequence = fc
  .array(
    fc.record({
      row: fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), fc.option(fc.integer({ min: -5, max: 5 }), { nil: null })),
      pick: fc.option(fc.nat(), { nil: null }),
      cut: fc.integer({ min: 0, max: 4 }),
    }),
    { maxLength: 40 },
  )
  .map((ops) => {
    const present: Row[] = [];
    const epochs: Change[][][] = [[[]]];
    for (const op of ops) {
      let change: Change;
      if (op.pick !== null && present.length > 0) change = [present.splice(op.pick % present.length, 1)[0], -1];
      else {
        change = [op.row, 1];
        present.push(op.row);
      }
      if (op.cut === 0) epochs.push([[]]);
      else if (op.cut === 1) epochs[epochs.length - 1].push([]);
      const epoch = epochs[epochs.length - 1];
      epoch[epoch.length - 1].push(change);
    }
    return epochs;
  });

const toEpochs = (epochs: Change[][][]): PortBatch[][] => epochs.map((epoch) => epoch.map((changes) => batch(...changes)));
const flatten = (epochs: Change[][][]): Change[] => epochs.flat(2);

/** The aggregate computed from scratch over the summed input: count(*), sum(b), count(DISTINCT b), sum(b) FILTER (a = 1). */
function reference(changes: readonly Change[], global: boolean): ChangeSum {
  const input = new ChangeSum();
  for (const [row, weight] of changes) input.addRow(row, weight);
  const groups = new Map<Value, Row[]>();
  const { rows, weights } = input.toBatch();
  rows.forEach((row, rowIdx) => {
    const key = global ? 'all' : row[0];
    const groupRows = groups.get(key) ?? [];
    for (let copy = 0; copy < weights[rowIdx]; copy++) groupRows.push(row);
    groups.set(key, groupRows);
  });
  if (global && groups.size === 0) groups.set('all', []);
  const output = new ChangeSum();
  for (const [key, groupRows] of groups) {
    const values = groupRows.map((row) => row[1]).filter((value) => value !== null) as number[];
    const filtered = groupRows.filter((row) => row[0] === 1 && row[1] !== null).map((row) => row[1] as number);
    const total = (list: number[]) => (list.length === 0 ? null : BigInt(list.reduce((a, b) => a + b, 0)));
    const aggregates = [BigInt(groupRows.length), total(values), BigInt(new Set(values).size), total(filtered)];
    output.addRow(global ? aggregates : [key, ...aggregates], 1);
  }
  return output;
}

const lawAgg = (global: boolean) =>
  new HashAgg({
    groupKeyTypes: global ? [] : ['int4'],
    groupKeys: global ? [] : [col(0)],
    aggs: [countStar, sumOf(1), countDistinct(1), sumFiltered],
    global,
  });

describe('HashAgg laws', () => {
  for (const global of [false, true]) {
    const label = global ? 'global' : 'grouped';

    it(`${label}: summed output equals the aggregate of the summed input`, () => {
      fc.assert(
        fc.property(changeSequence, (epochs) => {
          const output = runEpochs(lawAgg(global), toEpochs(epochs));
          expect(output.signature()).toEqual(reference(flatten(epochs), global).signature());
        }),
      );
    });

    it(`${label}: a batch followed by its negation leaves no output and no state`, () => {
      fc.assert(
        fc.property(changeSequence, (epochs) => {
          const changes = flatten(epochs);
          const agg = lawAgg(global);
          const negation = changes.map(([row, weight]): Change => [row, -weight]).reverse();
          const output = runEpochs(agg, [...toEpochs(epochs), [batch(...negation)]]);
          expect(output.signature()).toEqual(reference([], global).signature());
          expect(agg.groupCount).toBe(global ? 1 : 0);
        }),
      );
    });

    it(`${label}: insertions in any order and batching give the same output`, () => {
      fc.assert(
        fc.property(changeSequence, fc.integer(), (epochs, seed) => {
          const inserted = flatten(epochs).filter(([, weight]) => weight > 0);
          const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
          const inOrder = runEpochs(lawAgg(global), [[batch(...inserted)]]);
          const oneByOne = runEpochs(lawAgg(global), [[], ...shuffled.map((change) => [batch(change)])]);
          expect(oneByOne.signature()).toEqual(inOrder.signature());
        }),
      );
    });
  }
});
