// Tests of Distinct: hand-written cases, then algebraic laws against the set of the summed input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Row } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
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
const changeSequence = fc
  .array(
    fc.record({
      row: fc.tuple(fc.option(fc.integer({ min: 0, max: 2 }), { nil: null })),
      pick: fc.option(fc.nat(), { nil: null }),
      cut: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 40 },
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
