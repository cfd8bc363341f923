// Tests of TopN: hand-written cases, then algebraic laws against sorting each partition from scratch.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { compareRowRepresentations } from './representation-order.js';
import { runEpochs, type PortBatch } from './run-epochs.js';
import { TopN, type RankKind, type TopNConfig } from './top-n.js';

/** ORDER BY v ASC NULLS LAST, over rows [partition, v, tag]. */
const byValue = (a: Row, b: Row): number => {
  const x = a[1] as number | null;
  const y = b[1] as number | null;
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return x - y;
};

const config = (overrides: Partial<TopNConfig> = {}): TopNConfig => ({
  partitionKeys: [(row: Row): Value => row[0]],
  keyTypes: ['int4'],
  compare: byValue,
  offset: 0,
  limit: 2,
  withTies: false,
  ...overrides,
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

describe('TopN', () => {
  it('keeps the first rows of each partition and emits at the barrier', () => {
    const topN = new TopN(config());
    expect(topN.push(0, batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1], [[1, 9, 'c'], 1], [[2, 1, 'd'], 1]).batch)).toBeNull();
    expect(new ChangeSum().add(topN.barrier()).signature()).toEqual(
      sumOf([[1, 3, 'b'], 1], [[1, 5, 'a'], 1], [[2, 1, 'd'], 1]),
    );
  });

  it('emits a row entering and the row it pushes out', () => {
    const topN = new TopN(config());
    runEpochs(topN, [[batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1], [[1, 9, 'c'], 1])]]);
    topN.push(0, batch([[1, 4, 'e'], 1]).batch);
    expect(new ChangeSum().add(topN.barrier()).signature()).toEqual(sumOf([[1, 4, 'e'], 1], [[1, 5, 'a'], -1]));
    topN.push(0, batch([[1, 3, 'b'], -1]).batch);
    expect(new ChangeSum().add(topN.barrier()).signature()).toEqual(sumOf([[1, 3, 'b'], -1], [[1, 5, 'a'], 1]));
  });

  it('does nothing for changes after the output', () => {
    const topN = new TopN(config());
    runEpochs(topN, [[batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1], [[1, 9, 'c'], 1])]]);
    topN.push(0, batch([[1, 10, 'x'], 1], [[1, 9, 'c'], -1]).batch);
    expect(topN.barrier()).toBeNull();
  });

  it('keeps duplicates as separate rows', () => {
    const topN = new TopN(config({ limit: 3 }));
    const output = runEpochs(topN, [[batch([[1, 5, 'a'], 3], [[1, 7, 'b'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 5, 'a'], 3]));
  });

  it('applies OFFSET', () => {
    const topN = new TopN(config({ offset: 1, limit: 1 }));
    const output = runEpochs(topN, [[batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1], [[1, 9, 'c'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 5, 'a'], 1]));
  });

  it('includes ties of the last row WITH TIES', () => {
    const topN = new TopN(config({ limit: 1, withTies: true }));
    const output = runEpochs(topN, [[batch([[1, 3, 'a'], 1], [[1, 3, 'b'], 1], [[1, 4, 'c'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 3, 'a'], 1], [[1, 3, 'b'], 1]));
  });

  it('admits a new row tied with the last kept one that sorts after it', () => {
    for (const overrides of [{ withTies: true }, { rank: 'rank' as const }]) {
      const topN = new TopN(config({ limit: 1, ...overrides }));
      const output = runEpochs(topN, [[batch([[1, 3, 'a'], 1], [[1, 4, 'a'], 1])], [batch([[1, 3, 'b'], 1])]]);
      const suffix = overrides.rank === undefined ? [] : [1n];
      expect(output.signature()).toEqual(sumOf([[1, 3, 'a', ...suffix], 1], [[1, 3, 'b', ...suffix], 1]));
    }
  });

  it('appends ranks and re-emits rows whose rank changes', () => {
    const topN = new TopN(config({ limit: 2, rank: 'rank' }));
    const output = runEpochs(topN, [[batch([[1, 3, 'a'], 1], [[1, 3, 'b'], 1], [[1, 4, 'c'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 3, 'a', 1n], 1], [[1, 3, 'b', 1n], 1]));
    topN.push(0, batch([[1, 3, 'a'], -1]).batch);
    expect(new ChangeSum().add(topN.barrier()).signature()).toEqual(sumOf([[1, 3, 'a', 1n], -1], [[1, 4, 'c', 2n], 1]));
  });

  it('keeps one row per partition for DISTINCT ON', () => {
    const topN = new TopN(config({ limit: 1 }));
    const output = runEpochs(topN, [[batch([[1, 3, 'a'], 1], [[2, 8, 'b'], 1], [[1, 2, 'c'], 1])], [batch([[2, 8, 'b'], -1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 2, 'c'], 1]));
    expect(topN.partitionCount).toBe(1);
  });

  it('rejects the deletion of a row it does not hold', () => {
    const topN = new TopN(config());
    expect(() => topN.push(0, batch([[1, 3, 'a'], -1]).batch)).toThrow(/this is a bug/);
  });

  it('handles partitions larger than one chunk', () => {
    const topN = new TopN(config({ partitionKeys: [], keyTypes: [], limit: 3 }));
    const rows: Row[] = Array.from({ length: 3000 }, (_, idx) => [0, (idx * 7919) % 3001, `r${idx}`]);
    runEpochs(topN, [[batch(...rows.map((row): [Row, number] => [row, 1]))]]);
    const smallest = [...rows].sort(byValue).slice(0, 4);
    topN.push(0, batch([smallest[0], -1]).batch);
    expect(new ChangeSum().add(topN.barrier()).signature()).toEqual(sumOf([smallest[0], -1], [smallest[3], 1]));
  });
});

// ---------------------------------------------------------------- algebraic laws

type Change = readonly [Row, number];

/** Epochs of changes, each retraction of a row present; checkpoint tests ask for longer runs. */
const changeSequenceOf = (minLength: number) => fc
  .array(
    fc.record({
      row: fc.tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 5 }),
        fc.constantFrom('a', 'b'),
      ),
      pick: fc.option(fc.nat(), { nil: null }),
      cut: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength, maxLength: minLength + 50 },
  )
  .map((ops) => {
    const present: Row[] = [];
    const epochs: Change[][] = [[]];
    for (const op of ops) {
      if (op.pick !== null && present.length > 0) {
        epochs[epochs.length - 1].push([present.splice(op.pick % present.length, 1)[0], -1]);
      } else {
        present.push(op.row);
        epochs[epochs.length - 1].push([op.row, 1]);
      }
      if (op.cut === 0) epochs.push([]);
    }
    return epochs;
  });
const changeSequence = changeSequenceOf(0);

const settings = fc.record({
  offset: fc.integer({ min: 0, max: 2 }),
  limit: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(Infinity)),
  withTies: fc.boolean(),
  rank: fc.constantFrom<RankKind | undefined>(undefined, 'row_number', 'rank', 'dense_rank'),
});

const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => (epoch.length > 0 ? [batch(...epoch)] : []));

/** TopN of the summed input, computed by sorting each partition. */
function reference(changes: readonly Change[], topN: TopNConfig): ChangeSum {
  const input = new ChangeSum();
  for (const [row, weight] of changes) input.addRow(row, weight);
  const partitions = new Map<Value, Row[]>();
  const { rows, weights } = input.toBatch();
  rows.forEach((row, rowIdx) => {
    const partition = partitions.get(row[0]) ?? [];
    for (let copy = 0; copy < weights[rowIdx]; copy++) partition.push(row);
    partitions.set(row[0], partition);
  });
  const output = new ChangeSum();
  const { offset, limit, withTies, rank } = topN;
  for (const partition of partitions.values()) {
    partition.sort((a, b) => byValue(a, b) || compareRowRepresentations(a, b));
    if (rank !== undefined) {
      partition.forEach((row, position) => {
        const before = partition.filter((other) => byValue(other, row) < 0);
        const value =
          rank === 'row_number'
            ? position + 1
            : rank === 'rank'
              ? before.length + 1
              : new Set(before.map((other) => other[1])).size + 1;
        if (value > offset && value <= offset + limit) output.addRow([...row, BigInt(value)], 1);
      });
      continue;
    }
    let end = Math.min(offset + limit, partition.length);
    if (withTies && end > offset) while (end < partition.length && byValue(partition[end], partition[end - 1]) === 0) end++;
    for (let position = offset; position < end; position++) output.addRow(partition[position], 1);
  }
  return output;
}

describe('TopN laws', () => {
  it('summed output equals the top-n of the summed input', () => {
    fc.assert(
      fc.property(changeSequence, settings, (epochs, overrides) => {
        const topN = config(overrides);
        const output = runEpochs(new TopN(topN), toEpochs(epochs));
        expect(output.signature()).toEqual(reference(epochs.flat(), topN).signature());
      }),
      { numRuns: 300 },
    );
  });

  it('changes followed by their negation leave no output and no state', () => {
    fc.assert(
      fc.property(changeSequence, settings, (epochs, overrides) => {
        const topN = new TopN(config(overrides));
        const negation = epochs.flat().map(([row, weight]): Change => [row, -weight]).reverse();
        const output = runEpochs(topN, toEpochs([...epochs, negation]));
        expect(output.isEmpty).toBe(true);
        expect(topN.partitionCount).toBe(0);
      }),
    );
  });

  it('insertions in any order and batching give the same output', () => {
    fc.assert(
      fc.property(changeSequence, settings, fc.integer(), (epochs, overrides, seed) => {
        const inserted = epochs.flat().filter(([, weight]) => weight > 0);
        const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
        const inOrder = runEpochs(new TopN(config(overrides)), toEpochs([inserted]));
        const oneByOne = runEpochs(new TopN(config(overrides)), shuffled.map((change) => [batch(change)]));
        expect(oneByOne.signature()).toEqual(inOrder.signature());
      }),
    );
  });
});

describe('TopN checkpoints', () => {
  it('a restored top-n continues as the original', () => {
    fc.assert(
      fc.property(changeSequenceOf(20), settings, fc.nat(), (epochs, overrides, mask) => {
        const batches = toEpochs(epochs);
        runWithCheckpoints(() => new TopN(config(overrides)), batches, checkpointEpochs(batches.length, mask));
      }),
      { numRuns: 150 },
    );
  });

  it('writes one entry per distinct row, and only the rows that changed', () => {
    const rows: [Row, number][] = Array.from({ length: 30 }, (_, idx): [Row, number] => [[idx % 2, idx % 10, 'r'], 1]);
    const stats = runWithCheckpoints(
      () => new TopN(config({ limit: 3 })),
      [[batch(...rows)], [batch([[0, 4, 'r'], -1], [[1, 5, 'x'], 2])], [], [batch([[0, 2, 'r'], -3])]],
      [0, 1, 2, 3],
    );
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [10, 0, 10],
      [2, 0, 11],
      [0, 0, 11],
      [0, 1, 10],
    ]);
  });

  it('restores representations exactly: a retraction after the restore finds the row it retracts', () => {
    const numeric = (text: string) => Numeric.parse(text);
    // ORDER BY the numeric value: 2.0 and 2.00 tie and are told apart by representation.
    const byNumeric = (a: Row, b: Row): number => (a[1] as Numeric).compare(b[1] as Numeric);
    runWithCheckpoints(
      () => new TopN(config({ compare: byNumeric, limit: 2, rank: 'rank' })),
      [
        [batch([[1, numeric('2.0'), -0], 1], [[1, numeric('2.00'), 0], 2], [[1, numeric('3'), NaN], 1])],
        [batch([[1, numeric('2.00'), 0], -1])],
        [batch([[1, numeric('2.0'), -0], -1])],
        [batch([[1, numeric('2.00'), 0], -1], [[1, numeric('3'), NaN], -1])],
      ],
      [0, 1, 2],
    );
  });
});
