// Tests of WindowClose: final rows emitted once the watermark passes, late rows dropped, checkpoints restored mid-stream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { HashAgg, type AggSpec } from './hash-agg.js';
import { runEpochs, type PortBatch } from './run-epochs.js';
import { WindowClose } from './window-close.js';

/** count(*) -> int8. */
const countState = (): AggregateState => {
  let count = 0;
  return {
    apply: (_args, weight) => void (count += weight),
    result: () => BigInt(count),
    save: () => [count],
    load: ([saved]) => void (count = saved as number),
  };
};

/** min(numeric) over a multiset, keeping each representation: 2.0 and 2.00 both count. */
const minState = (): AggregateState => {
  const counts = new Map<string, [Numeric, number]>();
  return {
    apply: ([arg], weight) => {
      if (arg === null) return;
      const key = (arg as Numeric).toString();
      const entry = counts.get(key) ?? [arg as Numeric, 0];
      entry[1] += weight;
      if (entry[1] === 0) counts.delete(key);
      else counts.set(key, entry);
    },
    result: () => {
      let min: Numeric | null = null;
      for (const [value] of counts.values()) if (min === null || value.compare(min) < 0) min = value;
      return min;
    },
    save: () => [...counts.values()].flatMap(([value, count]) => [value, count]),
    load: (saved) => {
      for (let idx = 0; idx < saved.length; idx += 2) {
        const value = saved[idx] as Numeric;
        counts.set(value.toString(), [value, saved[idx + 1] as number]);
      }
    },
  };
};

const col = (index: number) => (row: Row): Value => row[index];
const countStar: AggSpec = { createState: countState, args: [], distinct: false, distinctTypes: [] };
const minOf: AggSpec = { createState: minState, args: [col(1)], distinct: false, distinctTypes: [] };

/** The watermark the operators read: windows starting before it are closed. */
let watermark: bigint | null = null;

/** SELECT window_start, count(*), min(v) FROM rows [window_start, v] GROUP BY 1 EMIT ON WINDOW CLOSE. */
const windowClose = (): WindowClose =>
  new WindowClose(new HashAgg({ groupKeyTypes: ['timestamp'], groupKeys: [col(0)], aggs: [countStar, minOf], global: false }), {
    keyTypes: ['timestamp'],
    keyIndex: 0,
    keyOfInput: col(0),
    closedBefore: () => watermark,
  });

const batch = (...changes: (readonly [Row, number])[]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});
const sumOf = (...terms: [Row, number][]): string[] => {
  const sum = new ChangeSum();
  for (const [row, weight] of terms) sum.addRow(row, weight);
  return sum.signature();
};
const numeric = (text: string) => Numeric.parse(text);

describe('WindowClose', () => {
  it('emits each window once, final, when the watermark passes it, and drops late rows', () => {
    watermark = null;
    const close = windowClose();
    expect(runEpochs(close, [[batch([[0n, numeric('3')], 1], [[10n, numeric('1')], 1])]]).isEmpty).toBe(true);
    watermark = 10n;
    const first = runEpochs(close, [[batch([[0n, numeric('2')], 1])]]);
    expect(first.signature()).toEqual(sumOf([[0n, 2n, numeric('2')], 1]));
    const late = runEpochs(close, [[batch([[0n, numeric('1')], 1], [[10n, numeric('0.5')], 1])]]);
    expect(late.isEmpty).toBe(true);
    expect(close.lateRows).toBe(1);
    watermark = 20n;
    expect(runEpochs(close, [[]]).signature()).toEqual(sumOf([[10n, 2n, numeric('0.5')], 1]));
  });
});

type Change = readonly [Row, number];

/** Epochs of changes to rows [window_start, v] (retractions of present rows only) and each epoch's watermark. */
const workload = fc
  .record({
    ops: fc.array(
      fc.record({
        row: fc.tuple(fc.constantFrom(0n, 10n, 20n, 30n, 40n), fc.constantFrom('1', '1.0', '2', '-3.50')),
        pick: fc.option(fc.nat(), { nil: null }),
        cut: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 20, maxLength: 60 },
    ),
    marks: fc.array(fc.constantFrom(0n, 0n, 5n, 10n), { minLength: 40, maxLength: 40 }),
    firstMark: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ ops, marks, firstMark }) => {
    const present: Row[] = [];
    const epochs: Change[][] = [[]];
    for (const op of ops) {
      if (op.pick !== null && present.length > 0) epochs[epochs.length - 1].push([present.splice(op.pick % present.length, 1)[0], -1]);
      else {
        const row: Row = [op.row[0], numeric(op.row[1])];
        present.push(row);
        epochs[epochs.length - 1].push([row, 1]);
      }
      if (op.cut === 0) epochs.push([]);
    }
    const watermarks: (bigint | null)[] = [];
    let mark = 0n;
    for (let epochIdx = 0; epochIdx < epochs.length; epochIdx++) {
      watermarks.push(epochIdx < firstMark ? null : (mark += marks[epochIdx % marks.length]));
    }
    return { epochs, watermarks };
  });

const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => (epoch.length > 0 ? [batch(...epoch)] : []));

describe('WindowClose checkpoints', () => {
  it('a restored window close continues as the original, aggregate included', () => {
    fc.assert(
      fc.property(workload, fc.nat(), ({ epochs, watermarks }, mask) => {
        const batches = toEpochs(epochs);
        runWithCheckpoints(windowClose, batches, checkpointEpochs(batches.length, mask), {
          beforeEpoch: (epochIdx) => void (watermark = watermarks[epochIdx]),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('restores held-back rows, the accepted bound and the late row count', () => {
    const watermarks = [null, 10n, 10n, 30n];
    const stats = runWithCheckpoints(
      windowClose,
      [
        [batch([[0n, numeric('2.0')], 1], [[10n, numeric('2.00')], 1], [[20n, numeric('1')], 1])],
        [batch([[10n, numeric('2.00')], -1], [[10n, numeric('2.0')], 1])],
        [batch([[0n, numeric('5')], 1], [[20n, numeric('1')], -1])],
        [batch([[20n, numeric('7')], 1])],
      ],
      [0, 1, 2, 3],
      { beforeEpoch: (epochIdx) => void (watermark = watermarks[epochIdx]) },
    );
    expect(stats.map(({ entries }) => entries)).toEqual([
      // 3 groups, 3 held-back rows, the counters.
      7,
      // Window 0 closed: its group and row are gone.
      5,
      // Window 20 emptied: its group and held-back row are gone.
      3,
      // Window 10 closed, window 20 came back and closed too.
      1,
    ]);
  });
});
