// Tests of Distinct: hand-written cases, then algebraic laws against the set of the summed input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { Distinct } from './distinct.js';
import { runEpochs, type PortBatch } from './run-epochs.js';

const batch = (...changes: (readonly [Row, number])[]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});

describe('Distinct', () => {
  it('emits each row once while present, at the barrier', () => {
    const distinct = new Distinct(['int4', 'varchar']);
    expect(distinct.push(0, batch([[1, 'a'], 2], [[null, null], 1], [[null, null], 1]).batch)).toBeNull();
    expect(new ChangeSum().add(distinct.barrier()).signature()).toEqual(
      new ChangeSum().addRow([1, 'a'], 1).addRow([null, null], 1).signature(),
    );
    distinct.push(0, batch([[1, 'a'], -1]).batch);
    expect(distinct.barrier()).toBeNull();
    distinct.push(0, batch([[1, 'a'], -1]).batch);
    expect(distinct.barrier()).toEqual({ rows: [[1, 'a']], weights: [-1] });
    expect(distinct.size).toBe(1);
  });

  it('emits nothing for a row inserted and deleted in one epoch', () => {
    const distinct = new Distinct(['int4']);
    distinct.push(0, batch([[1], 1]).batch);
    distinct.push(0, batch([[1], -1]).batch);
    expect(distinct.barrier()).toBeNull();
    expect(distinct.size).toBe(0);
  });
});

type Change = readonly [Row, number];
/** Epochs of changes, each retraction of a row present; checkpoint tests ask for longer runs. */
const changeSequenceOf = (minLength: number) => fc
  .array(
    fc.record({
      row: fc.tuple(fc.option(fc.integer({ min: 0, max: 2 }), { nil: null })),
      pick: fc.option(fc.nat(), { nil: null }),
      cut: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength, maxLength: minLength + 40 },
  )
  .map((ops) => {
    const present: Row[] = [];
    const epochs: Change[][] = [[]];
    for (const op of ops) {
      if (op.pick !== null && present.length > 0) epochs[epochs.length - 1].push([present.splice(op.pick % present.length, 1)[0], -1]);
      else {
        present.push(op.row);
        epochs[epochs.length - 1].push([op.row, 1]);
      }
      if (op.cut === 0) epochs.push([]);
    }
    return epochs;
  });
const changeSequence = changeSequenceOf(0);
const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => (epoch.length > 0 ? [batch(...epoch)] : []));

describe('Distinct laws', () => {
  it('summed output is the set of rows with a positive count', () => {
    fc.assert(
      fc.property(changeSequence, (epochs) => {
        const input = new ChangeSum();
        for (const [row, weight] of epochs.flat()) input.addRow(row, weight);
        const expected = new ChangeSum();
        for (const row of input.toBatch().rows) expected.addRow(row, 1);
        expect(runEpochs(new Distinct(['int4']), toEpochs(epochs)).signature()).toEqual(expected.signature());
      }),
    );
  });

  it('changes followed by their negation leave no output and no state', () => {
    fc.assert(
      fc.property(changeSequence, (epochs) => {
        const distinct = new Distinct(['int4']);
        const negation = epochs.flat().map(([row, weight]): Change => [row, -weight]).reverse();
        expect(runEpochs(distinct, toEpochs([...epochs, negation])).isEmpty).toBe(true);
        expect(distinct.size).toBe(0);
      }),
    );
  });

  it('insertions in any order give the same output', () => {
    fc.assert(
      fc.property(changeSequence, fc.integer(), (epochs, seed) => {
        const inserted = epochs.flat().filter(([, weight]) => weight > 0);
        const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
        const inOrder = runEpochs(new Distinct(['int4']), toEpochs([inserted]));
        const oneByOne = runEpochs(new Distinct(['int4']), shuffled.map((change) => [batch(change)]));
        expect(oneByOne.signature()).toEqual(inOrder.signature());
      }),
    );
  });
});

describe('Distinct checkpoints', () => {
  it('a restored distinct continues as the original', () => {
    fc.assert(
      fc.property(changeSequenceOf(20), fc.nat(), (epochs, mask) => {
        const batches = toEpochs(epochs);
        runWithCheckpoints(() => new Distinct(['int4']), batches, checkpointEpochs(batches.length, mask));
      }),
      { numRuns: 150 },
    );
  });

  it('writes only the rows that changed since the last checkpoint', () => {
    const rows: [Row, number][] = Array.from({ length: 20 }, (_, idx): [Row, number] => [[idx % 8], 1]);
    const stats = runWithCheckpoints(
      () => new Distinct(['int4']),
      [[batch(...rows)], [batch([[1], -1], [[9], 1])], [], [batch([[2], -3], [[3], -2], [[3], 2])]],
      [0, 1, 2, 3],
    );
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [8, 0, 8],
      [2, 0, 9],
      [0, 0, 9],
      [1, 1, 8],
    ]);
  });

  it('keeps the representative and negative counts exactly across a restore', () => {
    const numeric = (text: string) => Numeric.parse(text);
    const day = new Interval(0, 1, 0n);
    const hours = new Interval(0, 0, 86_400_000_000n);
    runWithCheckpoints(
      () => new Distinct(['numeric', 'interval', 'float8']),
      [
        [batch([[numeric('2.0'), day, -0], 1], [[numeric('2.00'), hours, 0], 1], [[numeric('5'), day, NaN], -1])],
        [batch([[numeric('2.0'), day, -0], -1], [[numeric('5'), day, NaN], 1])],
        [batch([[numeric('2.00'), hours, 0], -1], [[numeric('5'), day, NaN], 1])],
        [batch([[numeric('2.000'), hours, -0], 1])],
      ],
      [0, 1, 2],
    );
  });
});
