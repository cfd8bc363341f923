// Tests of OverWindow: hand-written cases, then algebraic laws against each window function computed by its definition.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { OverWindow, type OverWindowConfig } from './over-window.js';
import { compareRowRepresentations } from './representation-order.js';
import { runEpochs, type PortBatch } from './run-epochs.js';
import type { WindowFunctionSpec } from './window-function.js';

const col = (index: number) => (row: Row): Value => row[index];
const constant = (value: Value) => (): Value => value;

/** ORDER BY v ASC NULLS LAST, over rows [partition, v, tag]. */
const byValue = (a: Row, b: Row): number => {
  const x = a[1] as number | null;
  const y = b[1] as number | null;
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return x - y;
};
const unordered = (): number => 0;

/** sum(int4) -> int8. */
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
const countState = (): AggregateState => {
  let count = 0;
  return {
    apply: (_args, weight) => void (count += weight),
    result: () => BigInt(count),
    save: () => [count],
    load: ([saved]) => void (count = saved as number),
  };
};

const FUNCTIONS: WindowFunctionSpec[] = [
  { name: 'row_number', args: [] },
  { name: 'rank', args: [] },
  { name: 'dense_rank', args: [] },
  { name: 'percent_rank', args: [] },
  { name: 'cume_dist', args: [] },
  { name: 'ntile', args: [constant(3)] },
  { name: 'lag', args: [col(1)] },
  { name: 'lag', args: [col(1), constant(2), constant(-1)] },
  { name: 'lead', args: [col(2)] },
  { name: 'first_value', args: [col(2)] },
  { name: 'last_value', args: [col(2)] },
  { name: 'nth_value', args: [col(2), constant(2)] },
  { name: 'sum', args: [col(1)], createState: sumState },
  { name: 'count', args: [], createState: countState, filter: (row) => row[2] === 'a' },
];

const config = (overrides: Partial<OverWindowConfig> = {}): OverWindowConfig => ({
  partitionKeys: [col(0)],
  keyTypes: ['int4'],
  compare: byValue,
  functions: FUNCTIONS,
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

describe('OverWindow', () => {
  it('appends ranks, offsets and running aggregates at the barrier', () => {
    const window = new OverWindow(config({ functions: [FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[6], FUNCTIONS[12]] }));
    expect(window.push(0, batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1], [[1, 5, 'c'], 1], [[2, 1, 'd'], 1]).batch)).toBeNull();
    expect(new ChangeSum().add(window.barrier()).signature()).toEqual(
      sumOf(
        [[1, 3, 'b', 1n, 1n, null, 3n], 1],
        [[1, 5, 'a', 2n, 2n, 3, 13n], 1],
        [[1, 5, 'c', 3n, 2n, 5, 13n], 1],
        [[2, 1, 'd', 1n, 1n, null, 1n], 1],
      ),
    );
  });

  it('emits only the rows whose values changed', () => {
    const window = new OverWindow(config({ functions: [FUNCTIONS[0], FUNCTIONS[12]] }));
    runEpochs(window, [[batch([[1, 1, 'a'], 1], [[1, 2, 'b'], 1])]]);
    window.push(0, batch([[1, 3, 'c'], 1]).batch);
    expect(window.barrier()).toEqual({ rows: [[1, 3, 'c', 3n, 6n]], weights: [1] });
    window.push(0, batch([[1, 1, 'a'], -1]).batch);
    expect(new ChangeSum().add(window.barrier()).signature()).toEqual(
      sumOf(
        [[1, 1, 'a', 1n, 1n], -1],
        [[1, 2, 'b', 2n, 3n], -1],
        [[1, 3, 'c', 3n, 6n], -1],
        [[1, 2, 'b', 1n, 2n], 1],
        [[1, 3, 'c', 2n, 5n], 1],
      ),
    );
  });

  it('treats the whole partition as peers without ORDER BY', () => {
    const window = new OverWindow(config({ compare: unordered, functions: [FUNCTIONS[1], FUNCTIONS[12]] }));
    const output = runEpochs(window, [[batch([[1, 5, 'a'], 1], [[1, 3, 'b'], 1])]]);
    expect(output.signature()).toEqual(sumOf([[1, 5, 'a', 1n, 8n], 1], [[1, 3, 'b', 1n, 8n], 1]));
  });

  it('distributes ntile remainders over the first buckets as PostgreSQL does', () => {
    const window = new OverWindow(config({ functions: [{ name: 'ntile', args: [constant(3)] }] }));
    const rows = [1, 2, 3, 4, 5, 6, 7].map((value): [Row, number] => [[0, value, 'x'], 1]);
    const output = runEpochs(window, [[batch(...rows)]]).toBatch();
    const buckets = output.rows.map((row) => [row[1], row[3]]).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(buckets.map(([, bucket]) => bucket)).toEqual([1, 1, 1, 2, 2, 3, 3]);
  });

  it('rejects a non-positive ntile argument', () => {
    const window = new OverWindow(config({ functions: [{ name: 'ntile', args: [constant(0)] }] }));
    window.push(0, batch([[0, 1, 'x'], 1]).batch);
    expect(() => window.barrier()).toThrow(new SqlError('invalid_argument_for_function', 'argument of ntile must be greater than zero'));
  });

  it('frees a partition whose rows are all deleted', () => {
    const window = new OverWindow(config());
    const output = runEpochs(window, [[batch([[1, 5, 'a'], 2])], [batch([[1, 5, 'a'], -2])]]);
    expect(output.isEmpty).toBe(true);
    expect(window.partitionCount).toBe(0);
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
    { minLength, maxLength: minLength + 40 },
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

const toEpochs = (epochs: Change[][]): PortBatch[][] => epochs.map((epoch) => (epoch.length > 0 ? [batch(...epoch)] : []));

/** The window functions of FUNCTIONS over the summed input, each computed on its own by its definition. */
function reference(changes: readonly Change[], compare: (a: Row, b: Row) => number): ChangeSum {
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
  for (const partition of partitions.values()) {
    partition.sort((a, b) => compare(a, b) || compareRowRepresentations(a, b));
    const count = partition.length;
    const base = Math.floor(count / 3);
    const remainder = count % 3;
    const big = remainder * (base + 1);
    partition.forEach((row, position) => {
      const before = partition.filter((other) => compare(other, row) < 0);
      const frame = partition.filter((other) => compare(other, row) <= 0);
      const rank = before.length + 1;
      const values = frame.map((other) => other[1]).filter((value) => value !== null) as number[];
      output.addRow(
        [
          ...row,
          BigInt(position + 1),
          BigInt(rank),
          BigInt(new Set(before.map((other) => `${other[1]}`)).size + 1),
          count > 1 ? (rank - 1) / (count - 1) : 0,
          frame.length / count,
          position < big ? Math.floor(position / (base + 1)) + 1 : remainder + Math.floor((position - big) / base) + 1,
          position >= 1 ? partition[position - 1][1] : null,
          position >= 2 ? partition[position - 2][1] : -1,
          position + 1 < count ? partition[position + 1][2] : null,
          partition[0][2],
          frame[frame.length - 1][2],
          frame.length >= 2 ? frame[1][2] : null,
          values.length > 0 ? BigInt(values.reduce((a, b) => a + b, 0)) : null,
          BigInt(frame.filter((other) => other[2] === 'a').length),
        ],
        1,
      );
    });
  }
  return output;
}

describe('OverWindow laws', () => {
  for (const [label, compare] of [
    ['ordered', byValue],
    ['unordered', unordered],
  ] as const) {
    it(`${label}: summed output equals the window functions of the summed input`, () => {
      fc.assert(
        fc.property(changeSequence, (epochs) => {
          const output = runEpochs(new OverWindow(config({ compare })), toEpochs(epochs));
          expect(output.signature()).toEqual(reference(epochs.flat(), compare).signature());
        }),
        { numRuns: 200 },
      );
    });

    it(`${label}: changes followed by their negation leave no output and no state`, () => {
      fc.assert(
        fc.property(changeSequence, (epochs) => {
          const window = new OverWindow(config({ compare }));
          const negation = epochs.flat().map(([row, weight]): Change => [row, -weight]).reverse();
          expect(runEpochs(window, toEpochs([...epochs, negation])).isEmpty).toBe(true);
          expect(window.partitionCount).toBe(0);
        }),
      );
    });

    it(`${label}: insertions in any order and batching give the same output`, () => {
      fc.assert(
        fc.property(changeSequence, fc.integer(), (epochs, seed) => {
          const inserted = epochs.flat().filter(([, weight]) => weight > 0);
          const shuffled = fc.sample(fc.shuffledSubarray(inserted, { minLength: inserted.length }), { seed, numRuns: 1 })[0];
          const inOrder = runEpochs(new OverWindow(config({ compare })), toEpochs([inserted]));
          const oneByOne = runEpochs(new OverWindow(config({ compare })), shuffled.map((change) => [batch(change)]));
          expect(oneByOne.signature()).toEqual(inOrder.signature());
        }),
      );
    });
  }
});

describe('OverWindow checkpoints', () => {
  for (const [label, compare] of [
    ['ordered', byValue],
    ['unordered', unordered],
  ] as const) {
    it(`${label}: a restored window continues as the original`, () => {
      fc.assert(
        fc.property(changeSequenceOf(20), fc.nat(), (epochs, mask) => {
          const batches = toEpochs(epochs);
          runWithCheckpoints(() => new OverWindow(config({ compare })), batches, checkpointEpochs(batches.length, mask));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('writes only the rows that changed since the last checkpoint', () => {
    const rows: [Row, number][] = Array.from({ length: 20 }, (_, idx): [Row, number] => [[idx % 2, idx, 'a'], 1]);
    const stats = runWithCheckpoints(
      () => new OverWindow(config()),
      [[batch(...rows)], [batch([[0, 4, 'a'], -1], [[1, 4, 'b'], 1])], []],
      [0, 1, 2],
    );
    expect(stats.map(({ puts, deletes, entries }) => [puts, deletes, entries])).toEqual([
      [20, 0, 20],
      [1, 1, 20],
      [0, 0, 20],
    ]);
  });

  it('restores representations exactly: 2.0 and 2.00, -0 and 0, NaN', () => {
    const numeric = (text: string) => Numeric.parse(text);
    const byNumeric = (a: Row, b: Row): number => (a[1] as Numeric).compare(b[1] as Numeric);
    runWithCheckpoints(
      () => new OverWindow(config({ compare: byNumeric, functions: [FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[6]] })),
      [
        [batch([[1, numeric('2.0'), -0], 1], [[1, numeric('2.00'), 0], 2], [[1, numeric('3'), NaN], 1])],
        [batch([[1, numeric('2.00'), 0], -1])],
        [batch([[1, numeric('2.0'), -0], -1], [[1, numeric('3'), NaN], -1])],
      ],
      [0, 1],
    );
  });
});
