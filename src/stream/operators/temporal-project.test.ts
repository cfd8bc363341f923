// Tests of TemporalProject: re-emission as the clock moves, then checkpoints restored mid-stream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import type { PortBatch } from './run-epochs.js';
import { TemporalProject } from './temporal-project.js';

/** The test's clock, µs: operators read it through `now`. */
let clockTime = 0n;
const now = (): bigint => clockTime;
/** `ts > NOW() - 10`, over rows [key, ts]: turns false as time passes. */
const recent = (row: Row): Value => (row[1] as bigint) > clockTime - 10n;
/** `recent` turns false once and stays false: what `plan/temporal-settling.ts` finds for it. */
const recentSettled = (value: Value): boolean => value !== true;
/** NOW() itself: changes at every tick. */
const clockValue = (): Value => clockTime;

const batch = (...changes: (readonly [Row, number])[]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});
const sumOf = (...terms: [Row, number][]): string[] => {
  const sum = new ChangeSum();
  for (const [row, weight] of terms) sum.addRow(row, weight);
  return sum.signature();
};

describe('TemporalProject', () => {
  it('appends the values at the epoch time and re-emits the rows whose values changed', () => {
    clockTime = 100n;
    const project = new TemporalProject([recent], now);
    expect(new ChangeSum().add(project.push(0, batch([[1, 95n], 2], [[2, 105n], 1]).batch)).signature()).toEqual(
      sumOf([[1, 95n, true], 2], [[2, 105n, true], 1]),
    );
    expect(project.barrier()).toBeNull();
    clockTime = 106n;
    expect(new ChangeSum().add(project.barrier()).signature()).toEqual(sumOf([[1, 95n, true], -2], [[1, 95n, false], 2]));
    expect(new ChangeSum().add(project.push(0, batch([[1, 95n], -1]).batch)).signature()).toEqual(sumOf([[1, 95n, false], -1]));
  });

  it('keeps a row only while its values may still change, and retracts a dropped row with the values it was emitted with', () => {
    clockTime = 100n;
    const project = new TemporalProject([recent], now, [recentSettled]);
    const pushed = (...changes: [Row, number][]): string[] => new ChangeSum().add(project.push(0, batch(...changes).batch)).signature();
    // 80 is already old: emitted settled and not kept; 95 is recent and kept.
    expect(pushed([[1, 80n], 1], [[2, 95n], 1])).toEqual(sumOf([[1, 80n, false], 1], [[2, 95n, true], 1]));
    clockTime = 106n;
    expect(new ChangeSum().add(project.barrier()).signature()).toEqual(sumOf([[2, 95n, true], -1], [[2, 95n, false], 1]));
    // Both are settled now: nothing is left to re-evaluate.
    clockTime = 200n;
    expect(project.barrier()).toBeNull();
    expect(pushed([[1, 80n], -1], [[2, 95n], -1])).toEqual(sumOf([[1, 80n, false], -1], [[2, 95n, false], -1]));
    // A clock set back is read as the last time seen: no value turns back.
    clockTime = 50n;
    expect(project.barrier()).toBeNull();
  });

  it('answers as a projection that keeps every row, on any workload', () => {
    fc.assert(
      fc.property(workload, ({ epochs, times }) => {
        const keeping = new TemporalProject([recent, clockValue], now);
        const settling = new TemporalProject([recent], now, [recentSettled]);
        const kept = new ChangeSum();
        const settled = new ChangeSum();
        // Without its second expression (never final), the keeping projection's answer is compared column by column.
        const firstThree = (batchOut: ReturnType<TemporalProject['barrier']>) =>
          batchOut && { rows: batchOut.rows.map((row) => row.slice(0, 3)), weights: batchOut.weights };
        for (let epochIdx = 0; epochIdx < epochs.length; epochIdx++) {
          clockTime = times[epochIdx]!;
          if (epochs[epochIdx]!.length > 0) {
            const input = batch(...epochs[epochIdx]!).batch;
            kept.add(firstThree(keeping.push(0, input)));
            settled.add(settling.push(0, input));
          }
          kept.add(firstThree(keeping.barrier()));
          settled.add(settling.barrier());
          expect(settled.signature()).toEqual(kept.signature());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects the retraction of a row it never saw', () => {
    const project = new TemporalProject([recent], now);
    expect(() => project.push(0, batch([[1, 5n], -1]).batch)).toThrow(/this is a bug/);
  });
});

type Change = readonly [Row, number];

/** Epochs of changes to rows [key, ts] (retractions of present rows only) and the clock of each epoch. */
const workload = fc
  .record({
    ops: fc.array(
      fc.record({
        row: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: 30n })),
        pick: fc.option(fc.nat(), { nil: null }),
        cut: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 20, maxLength: 60 },
    ),
    ticks: fc.array(fc.constantFrom(0n, 0n, 1n, 4n, 15n), { minLength: 40, maxLength: 40 }),
  })
  .map(({ ops, ticks }) => {
    const present: Row[] = [];
    const epochs: Change[][] = [[]];
    for (const op of ops) {
      if (op.pick !== null && present.length > 0) epochs[epochs.length - 1].push([present.splice(op.pick % present.length, 1)[0], -1]);
      else {
        present.push(op.row);
        epochs[epochs.length - 1].push([op.row, op.cut === 3 ? 2 : 1]);
        if (op.cut === 3) present.push(op.row);
      }
      if (op.cut === 0) epochs.push([]);
    }
    const times: bigint[] = [];
    let time = 10n;
    for (let epochIdx = 0; epochIdx < epochs.length; epochIdx++) times.push((time += ticks[epochIdx % ticks.length]));
    return { epochs, times };
  });

const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => (epoch.length > 0 ? [batch(...epoch)] : []));

describe('TemporalProject checkpoints', () => {
  it('a restored projection continues as the original, at the times of the original', () => {
    fc.assert(
      fc.property(workload, fc.nat(), ({ epochs, times }, mask) => {
        const batches = toEpochs(epochs);
        runWithCheckpoints(() => new TemporalProject([recent, clockValue], now), batches, checkpointEpochs(batches.length, mask), {
          beforeEpoch: (epochIdx) => void (clockTime = times[epochIdx]),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('writes the rows whose count or values changed, and the time once it moves', () => {
    const times = [100n, 100n, 103n, 200n];
    const rows: [Row, number][] = Array.from({ length: 10 }, (_, idx): [Row, number] => [[idx, BigInt(85 + idx * 2)], 1]);
    const stats = runWithCheckpoints(
      () => new TemporalProject([recent], now),
      [[batch(...rows)], [batch([[0, 85n], 1])], [], [batch([[9, 103n], -1])]],
      [0, 1, 2, 3],
      { beforeEpoch: (epochIdx) => void (clockTime = times[epochIdx]) },
    );
    // Row i is recent while 85 + 2i > now - 10: at 103 rows 3 and 4 age out, at 200 all others (9 is deleted).
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [11, 0, 11],
      [1, 0, 11],
      [3, 0, 11],
      [5, 1, 10],
    ]);
  });

  it('a restored settling projection continues as the original', () => {
    fc.assert(
      fc.property(workload, fc.nat(), ({ epochs, times }, mask) => {
        const batches = toEpochs(epochs);
        runWithCheckpoints(() => new TemporalProject([recent], now, [recentSettled]), batches, checkpointEpochs(batches.length, mask), {
          beforeEpoch: (epochIdx) => void (clockTime = times[epochIdx]),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('deletes the entries of rows that settled', () => {
    const times = [100n, 103n, 200n];
    const rows: [Row, number][] = Array.from({ length: 10 }, (_, idx): [Row, number] => [[idx, BigInt(85 + idx * 2)], 1]);
    const stats = runWithCheckpoints(() => new TemporalProject([recent], now, [recentSettled]), [[batch(...rows)], [], []], [0, 1, 2], {
      beforeEpoch: (epochIdx) => void (clockTime = times[epochIdx]),
    });
    // At 100 rows 0-2 are already old (not kept); at 103 rows 3 and 4 age out; at 200 all the others.
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [8, 0, 8],
      [1, 2, 6],
      [1, 5, 1],
    ]);
  });

  it('restores input rows and emitted values exactly', () => {
    const times = [50n, 60n, 70n];
    const numeric = (text: string) => Numeric.parse(text);
    runWithCheckpoints(
      () => new TemporalProject([recent, clockValue], now),
      [
        [batch([[numeric('2.0'), 55n, -0], 1], [[numeric('2.00'), 55n, 0], 2], [[NaN, 40n, null], 1])],
        [batch([[numeric('2.00'), 55n, 0], -1])],
        [batch([[numeric('2.0'), 55n, -0], -1], [[NaN, 40n, null], -1])],
      ],
      [0, 1],
      { beforeEpoch: (epochIdx) => void (clockTime = times[epochIdx]) },
    );
  });
});
