// Tests of SetOp: EXCEPT/INTERSECT [ALL] by hand, then algebraic laws against counts of the summed inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { runEpochs, type PortBatch } from './run-epochs.js';
import { SetOp, type SetOpConfig } from './set-op.js';

const config = (kind: SetOpConfig['kind'], all: boolean): SetOpConfig => ({ kind, all, rowTypes: ['int4', 'int4'] });
const on = (port: number, ...changes: [Row, number][]): PortBatch => ({
  port,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});
const sumOf = (...terms: [Row, number][]): string[] => {
  const sum = new ChangeSum();
  for (const [row, weight] of terms) sum.addRow(row, weight);
  return sum.signature();
};

describe('SetOp', () => {
  const left = on(0, [[1, 1], 3], [[2, null], 1], [[3, 3], 1]);
  const right = on(1, [[1, 1], 1], [[2, null], 2]);

  it('computes EXCEPT ALL as max(l - r, 0)', () => {
    expect(runEpochs(new SetOp(config('except', true)), [[left, right]]).signature()).toEqual(
      sumOf([[1, 1], 2], [[3, 3], 1]),
    );
  });

  it('computes EXCEPT on distinct rows, NULLs equal', () => {
    expect(runEpochs(new SetOp(config('except', false)), [[left, right]]).signature()).toEqual(sumOf([[3, 3], 1]));
  });

  it('computes INTERSECT ALL as min(l, r)', () => {
    expect(runEpochs(new SetOp(config('intersect', true)), [[left, right]]).signature()).toEqual(
      sumOf([[1, 1], 1], [[2, null], 1]),
    );
  });

  it('computes INTERSECT on distinct rows', () => {
    expect(runEpochs(new SetOp(config('intersect', false)), [[left, right]]).signature()).toEqual(
      sumOf([[1, 1], 1], [[2, null], 1]),
    );
  });

  it('emits changes of multiplicity at the barrier only', () => {
    const setOp = new SetOp(config('except', true));
    expect(setOp.push(0, left.batch)).toBeNull();
    runEpochs(setOp, [[]]);
    setOp.push(1, on(1, [[1, 1], 1]).batch);
    expect(setOp.barrier()).toEqual({ rows: [[1, 1]], weights: [-1] });
    setOp.push(1, on(1, [[3, 3], 1], [[3, 3], -1]).batch);
    expect(setOp.barrier()).toBeNull();
  });
});

// ---------------------------------------------------------------- algebraic laws

type Change = readonly [number, Row, number];

const value = fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 4 });
/** Epochs of changes, each retraction of a row present; checkpoint tests ask for longer runs. */
const changeSequenceOf = (minLength: number) => fc
  .array(
    fc.record({
      port: fc.integer({ min: 0, max: 1 }),
      row: fc.tuple(value, value),
      pick: fc.option(fc.nat(), { nil: null }),
      cut: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength, maxLength: minLength + 40 },
  )
  .map((ops) => {
    const present: Row[][] = [[], []];
    const epochs: Change[][] = [[]];
    for (const op of ops) {
      const rows = present[op.port];
      if (op.pick !== null && rows.length > 0) epochs[epochs.length - 1].push([op.port, rows.splice(op.pick % rows.length, 1)[0], -1]);
      else {
        rows.push(op.row);
        epochs[epochs.length - 1].push([op.port, op.row, 1]);
      }
      if (op.cut === 0) epochs.push([]);
    }
    return epochs;
  });
const changeSequence = changeSequenceOf(0);

const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => epoch.map(([port, row, weight]) => on(port, [row, weight])));

function reference(changes: readonly Change[], setOp: SetOpConfig): ChangeSum {
  const sides = [new ChangeSum(), new ChangeSum()];
  for (const [port, row, weight] of changes) sides[port].addRow(row, weight);
  const rightCounts = new Map<string, number>();
  const right = sides[1].toBatch();
  right.rows.forEach((row, rowIdx) => rightCounts.set(JSON.stringify(row), right.weights[rowIdx]));
  const output = new ChangeSum();
  const left = sides[0].toBatch();
  left.rows.forEach((row, rowIdx) => {
    const l = left.weights[rowIdx];
    const r = rightCounts.get(JSON.stringify(row)) ?? 0;
    const count =
      setOp.kind === 'except' ? (setOp.all ? Math.max(l - r, 0) : r === 0 ? 1 : 0) : setOp.all ? Math.min(l, r) : r > 0 ? 1 : 0;
    output.addRow(row, count);
  });
  return output;
}

describe('SetOp laws', () => {
  for (const kind of ['except', 'intersect'] as const) {
    for (const all of [false, true]) {
      const setOp = config(kind, all);
      const label = `${kind}${all ? ' all' : ''}`;

      it(`${label}: summed output equals the set operation on the summed inputs`, () => {
        fc.assert(
          fc.property(changeSequence, (epochs) => {
            expect(runEpochs(new SetOp(setOp), toEpochs(epochs)).signature()).toEqual(reference(epochs.flat(), setOp).signature());
          }),
        );
      });

      it(`${label}: changes followed by their negation leave no output and no state`, () => {
        fc.assert(
          fc.property(changeSequence, (epochs) => {
            const operator = new SetOp(setOp);
            const negation = epochs.flat().map(([port, row, weight]): Change => [port, row, -weight]).reverse();
            expect(runEpochs(operator, toEpochs([...epochs, negation])).isEmpty).toBe(true);
            expect(operator.size).toBe(0);
          }),
        );
      });

      it(`${label}: insertions in any order give the same output`, () => {
        fc.assert(
          fc.property(changeSequence, fc.integer(), (epochs, seed) => {
            const inserted = epochs.flat().filter(([, , weight]) => weight > 0);
            const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
            const inOrder = runEpochs(new SetOp(setOp), toEpochs([inserted]));
            const oneByOne = runEpochs(new SetOp(setOp), toEpochs(shuffled.map((change) => [change])));
            expect(oneByOne.signature()).toEqual(inOrder.signature());
          }),
        );
      });
    }
  }
});

describe('SetOp checkpoints', () => {
  for (const kind of ['except', 'intersect'] as const) {
    for (const all of [false, true]) {
      it(`${kind}${all ? ' all' : ''}: a restored set operation continues as the original`, () => {
        fc.assert(
          fc.property(changeSequenceOf(20), fc.nat(), (epochs, mask) => {
            const batches = toEpochs(epochs);
            runWithCheckpoints(() => new SetOp(config(kind, all)), batches, checkpointEpochs(batches.length, mask));
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('writes only the rows that changed since the last checkpoint', () => {
    const stats = runWithCheckpoints(
      () => new SetOp(config('except', true)),
      [[on(0, [[1, 1], 3], [[2, 2], 1], [[3, 3], 1]), on(1, [[1, 1], 1])], [on(1, [[2, 2], 1])], [], [on(0, [[3, 3], -1])]],
      [0, 1, 2, 3],
    );
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [3, 0, 3],
      [1, 0, 3],
      [0, 0, 3],
      [0, 1, 2],
    ]);
  });

  it('keeps representatives and negative counts exactly across a restore', () => {
    const numeric = (text: string) => Numeric.parse(text);
    runWithCheckpoints(
      () => new SetOp({ kind: 'intersect', all: true, rowTypes: ['numeric', 'float8'] }),
      [
        [on(0, [[numeric('2.0'), -0], 2]), on(1, [[numeric('2.00'), 0], 1], [[numeric('7'), NaN], -1])],
        [on(1, [[numeric('2.00'), 0], 1], [[numeric('7'), NaN], 1]), on(0, [[numeric('7'), NaN], 1])],
        [on(0, [[numeric('2.0'), -0], -1]), on(1, [[numeric('7'), NaN], 1])],
        [on(0, [[numeric('2.0'), -0], -1]), on(1, [[numeric('2.00'), 0], -2])],
      ],
      [0, 1, 2],
    );
  });
});
