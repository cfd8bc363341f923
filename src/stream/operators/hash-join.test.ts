// Tests of HashJoin: hand-written cases, then algebraic laws against a nested-loop join of the summed inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { HashJoin, type HashJoinConfig, type JoinType } from './hash-join.js';
import { runEpochs, type PortBatch } from './run-epochs.js';

const col = (index: number) => (row: Row): Value => row[index];
/** ON l.a = r.c [AND l.b <= r.d]: NULL when b or d is NULL. */
const lessOrEqual = (joined: Row): Value =>
  joined[1] === null || joined[3] === null ? null : (joined[1] as number) <= (joined[3] as number);

const config = (joinType: JoinType, withCondition = false): HashJoinConfig => ({
  joinType,
  leftKeys: [col(0)],
  rightKeys: [col(0)],
  keyTypes: ['int4'],
  leftWidth: 2,
  rightWidth: 2,
  condition: withCondition ? lessOrEqual : undefined,
});

const on = (port: number, ...changes: [Row, number][]): PortBatch => ({
  port,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});
const sumOf = (...terms: [Row, number][]): string[] => {
  const sum = new ChangeSum();
  for (const [row, weight] of terms) sum.addRow(row, weight);
  return sum.signature();
};

describe('HashJoin', () => {
  it('joins a change with the other side and emits from push', () => {
    const join = new HashJoin(config('inner'));
    expect(join.push(0, on(0, [[1, 'a'], 1]).batch)).toBeNull();
    expect(join.push(1, on(1, [[1, 'x'], 2], [[2, 'y'], 1]).batch)).toEqual({ rows: [[1, 'a', 1, 'x']], weights: [2] });
    expect(join.push(0, on(0, [[1, 'b'], -1]).batch)).toEqual({ rows: [[1, 'b', 1, 'x']], weights: [-2] });
    expect(join.barrier()).toBeNull();
  });

  it('pads an unmatched left row and retracts the padding on its first match', () => {
    const join = new HashJoin(config('left'));
    const output = new ChangeSum();
    output.add(join.push(0, on(0, [[1, 'a'], 1]).batch));
    expect(output.signature()).toEqual(sumOf([[1, 'a', null, null], 1]));
    output.add(join.push(1, on(1, [[1, 'x'], 1]).batch));
    expect(output.signature()).toEqual(sumOf([[1, 'a', 1, 'x'], 1]));
    output.add(join.push(1, on(1, [[1, 'x'], -1]).batch));
    expect(output.signature()).toEqual(sumOf([[1, 'a', null, null], 1]));
  });

  it('decides padding with the residual condition', () => {
    const join = new HashJoin(config('full', true));
    const output = runEpochs(join, [[on(0, [[1, 5], 1], [[1, 9], 1]), on(1, [[1, 7], 1], [[1, null], 1])]]);
    expect(output.signature()).toEqual(
      sumOf([[1, 5, 1, 7], 1], [[1, 9, null, null], 1], [[null, null, 1, null], 1]),
    );
  });

  it('never matches NULL keys, but pads them in outer joins', () => {
    const join = new HashJoin(config('full'));
    const output = runEpochs(join, [[on(0, [[null, 'a'], 1]), on(1, [[null, 'x'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[null, 'a', null, null], 1], [[null, null, null, 'x'], 1]));
  });

  it('emits a semi join row once per copy while it has a match', () => {
    const join = new HashJoin(config('semi'));
    const output = new ChangeSum();
    output.add(join.push(0, on(0, [[1, 'a'], 2]).batch));
    expect(output.isEmpty).toBe(true);
    output.add(join.push(1, on(1, [[1, 'x'], 1], [[1, 'y'], 3]).batch));
    expect(output.signature()).toEqual(sumOf([[1, 'a'], 2]));
    output.add(join.push(1, on(1, [[1, 'x'], -1]).batch));
    expect(output.signature()).toEqual(sumOf([[1, 'a'], 2]));
    output.add(join.push(1, on(1, [[1, 'y'], -3]).batch));
    expect(output.isEmpty).toBe(true);
  });

  it('emits an anti join row while it has no match, NULL keys included', () => {
    const join = new HashJoin(config('anti'));
    const output = runEpochs(join, [[on(0, [[1, 'a'], 1], [[2, 'b'], 1], [[null, 'c'], 1]), on(1, [[1, 'x'], 1], [[null, 'y'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[2, 'b'], 1], [[null, 'c'], 1]));
  });

  it('matches on several keys', () => {
    const join = new HashJoin({ ...config('inner'), leftKeys: [col(0), col(1)], rightKeys: [col(1), col(0)], keyTypes: ['int4', 'int4'] });
    const output = runEpochs(join, [[on(0, [[1, 2], 1], [[2, 1], 1]), on(1, [[2, 1], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 2, 2, 1], 1]));
  });

  it('never mutates input rows', () => {
    const left: Row = [1, 5];
    const right: Row = [1, 7];
    const join = new HashJoin(config('full', true));
    runEpochs(join, [[on(0, [left, 1]), on(1, [right, 1])], [on(0, [left, -1])]]);
    expect(left).toEqual([1, 5]);
    expect(right).toEqual([1, 7]);
  });
});

// ---------------------------------------------------------------- algebraic laws

type Change = readonly [number, Row, number];

const value = fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 });
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
      if (op.pick !== null && rows.length > 0) {
        epochs[epochs.length - 1].push([op.port, rows.splice(op.pick % rows.length, 1)[0], -1]);
      } else {
        rows.push(op.row);
        epochs[epochs.length - 1].push([op.port, op.row, op.cut === 4 ? 2 : 1]);
        if (op.cut === 4) rows.push(op.row);
      }
      if (op.cut === 0) epochs.push([]);
    }
    return epochs;
  });
const changeSequence = changeSequenceOf(0);

/** One batch per change, as ports alternate. */
const toEpochs = (epochs: Change[][]): PortBatch[][] =>
  epochs.map((epoch) => epoch.map(([port, row, weight]) => on(port, [row, weight])));

/** The join of the summed inputs, computed by nested loops. */
function reference(changes: readonly Change[], joinType: JoinType, withCondition: boolean): ChangeSum {
  const sides = [new ChangeSum(), new ChangeSum()];
  for (const [port, row, weight] of changes) sides[port].addRow(row, weight);
  const left = sides[0].toBatch();
  const right = sides[1].toBatch();
  const matches = (l: Row, r: Row) =>
    l[0] !== null && l[0] === r[0] && (!withCondition || lessOrEqual([...l, ...r]) === true);
  const output = new ChangeSum();
  const pairs = joinType !== 'semi' && joinType !== 'anti';
  left.rows.forEach((l, leftIdx) => {
    let matched = false;
    right.rows.forEach((r, rightIdx) => {
      if (!matches(l, r)) return;
      matched = true;
      if (pairs) output.addRow([...l, ...r], left.weights[leftIdx] * right.weights[rightIdx]);
    });
    if (!matched && (joinType === 'left' || joinType === 'full')) output.addRow([...l, null, null], left.weights[leftIdx]);
    if (matched === (joinType === 'semi') && (joinType === 'semi' || joinType === 'anti')) {
      output.addRow(l, left.weights[leftIdx]);
    }
  });
  if (joinType === 'right' || joinType === 'full') {
    right.rows.forEach((r, rightIdx) => {
      if (!left.rows.some((l) => matches(l, r))) output.addRow([null, null, ...r], right.weights[rightIdx]);
    });
  }
  return output;
}

describe('HashJoin laws', () => {
  const joinTypes: JoinType[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
  for (const joinType of joinTypes) {
    for (const withCondition of [false, true]) {
      const label = `${joinType}${withCondition ? ' with a residual condition' : ''}`;

      it(`${label}: summed output equals the join of the summed inputs`, () => {
        fc.assert(
          fc.property(changeSequence, (epochs) => {
            const output = runEpochs(new HashJoin(config(joinType, withCondition)), toEpochs(epochs));
            expect(output.signature()).toEqual(reference(epochs.flat(), joinType, withCondition).signature());
          }),
          { numRuns: 60 },
        );
      });

      it(`${label}: changes followed by their negation cancel out`, () => {
        fc.assert(
          fc.property(changeSequence, (epochs) => {
            const changes = epochs.flat();
            const negation = changes.map(([port, row, weight]): Change => [port, row, -weight]).reverse();
            const output = runEpochs(new HashJoin(config(joinType, withCondition)), toEpochs([...epochs, negation]));
            expect(output.isEmpty).toBe(true);
          }),
          { numRuns: 60 },
        );
      });

      it(`${label}: insertions in any order give the same output`, () => {
        fc.assert(
          fc.property(changeSequence, fc.integer(), (epochs, seed) => {
            const inserted = epochs.flat().filter(([, , weight]) => weight > 0);
            const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
            const inOrder = runEpochs(new HashJoin(config(joinType, withCondition)), toEpochs([inserted]));
            const reordered = runEpochs(new HashJoin(config(joinType, withCondition)), toEpochs([shuffled]));
            expect(reordered.signature()).toEqual(inOrder.signature());
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});

describe('HashJoin checkpoints', () => {
  const joinTypes: JoinType[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
  for (const joinType of joinTypes) {
    for (const withCondition of [false, true]) {
      it(`${joinType}${withCondition ? ' with a residual condition' : ''}: a restored join continues as the original`, () => {
        fc.assert(
          fc.property(changeSequenceOf(20), fc.nat(), (epochs, mask) => {
            const batches = toEpochs(epochs);
            runWithCheckpoints(() => new HashJoin(config(joinType, withCondition)), batches, checkpointEpochs(batches.length, mask));
          }),
          { numRuns: 40 },
        );
      });
    }
  }

  it('writes only the rows that changed since the last checkpoint', () => {
    const rows: [Row, number][] = Array.from({ length: 50 }, (_, idx): [Row, number] => [[idx % 5, idx], 1]);
    const stats = runWithCheckpoints(
      () => new HashJoin(config('full', true)),
      [[on(0, ...rows), on(1, ...rows)], [on(1, [[1, 6], -1], [[1, 99], 2])], [], [on(0, [[2, 7], -1])]],
      [0, 1, 2, 3],
    );
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [100, 0, 100],
      [1, 1, 100],
      [0, 0, 100],
      [0, 1, 99],
    ]);
  });

  it('restores representations exactly: 2.0 and 2.00, -0 and 0, NaN', () => {
    const numeric = (text: string) => Numeric.parse(text);
    const numericJoin = (): HashJoin =>
      new HashJoin({ ...config('full'), keyTypes: ['numeric'], condition: undefined });
    const floatJoin = (): HashJoin => new HashJoin({ ...config('left'), keyTypes: ['float8'], condition: undefined });
    runWithCheckpoints(
      numericJoin,
      [
        [on(0, [[numeric('2.0'), 'a'], 1], [[numeric('2.00'), 'a'], 2]), on(1, [[numeric('2'), 'x'], 1])],
        [on(0, [[numeric('2.0'), 'a'], -1])],
        [on(1, [[numeric('2'), 'x'], -1]), on(0, [[numeric('2.00'), 'a'], -2])],
      ],
      [0, 1],
    );
    runWithCheckpoints(
      floatJoin,
      [
        [on(0, [[-0, 'a'], 1], [[0, 'a'], 1], [[NaN, 'n'], 1]), on(1, [[0, 'x'], 1], [[NaN, 'y'], 1])],
        [on(1, [[0, 'x'], -1]), on(0, [[-0, 'a'], -1])],
        [on(1, [[NaN, 'y'], -1], [[-0, 'z'], 1])],
      ],
      [0, 1],
    );
  });
});
