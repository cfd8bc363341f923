// Checkpoints of HashAgg: random epochs with checkpoints, restored into a fresh operator that must continue identically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAggregate } from '../../expr/aggregate-registry.js';
import type { AggregateOrderKey } from '../../expr/aggregate-registry.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { DataType } from '../../types/data-type.js';
import { Numeric } from '../../types/numeric.js';
import type { Row, Value } from '../../types/value.js';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { ChangeSum } from './change-sum.js';
import { checkpointEpochs, MapStateStore, runWithCheckpoints, runWithSteppedCheckpoint } from './checkpoint-harness.test-support.js';
import { HashAgg, type AggSpec } from './hash-agg.js';
import type { PortBatch } from './run-epochs.js';

/** Input rows: [group key numeric, value numeric, label varchar, flag boolean]. */
const KEY = 0;
const VALUE = 1;
const LABEL = 2;
const FLAG = 3;

const col = (index: number) => (row: Row): Value => row[index] ?? null;
const constant = (value: Value) => (): Value => value;

/** An aggregate call over input columns (or computed arguments), resolved by the real aggregate library. */
function aggregate(
  name: string,
  argTypes: readonly DataType[],
  args: readonly (number | ((row: Row) => Value))[],
  options: { distinct?: boolean; orderBy?: readonly AggregateOrderKey[]; filter?: (row: Row) => Value } = {},
): AggSpec {
  const resolved = resolveAggregate(name, argTypes, { distinct: options.distinct ?? false, orderBy: options.orderBy ?? [], directArgs: [] });
  return {
    createState: resolved.createState,
    args: args.map((arg) => (typeof arg === 'number' ? col(arg) : arg)),
    argColumns: args.map((arg) => (typeof arg === 'number' ? arg : -1)),
    filter: options.filter,
    distinct: options.distinct ?? false,
    distinctTypes: resolved.argTypes,
  };
}

/** Aggregates whose states hold arrival order, representations, distinct counts and a FILTER. */
const AGGREGATES: readonly AggSpec[] = [
  aggregate('count', [], []),
  aggregate('sum', ['numeric'], [VALUE]),
  aggregate('max', ['numeric'], [VALUE]),
  aggregate('string_agg', ['varchar', 'varchar'], [LABEL, constant(',')]),
  aggregate('array_agg', ['numeric'], [VALUE, LABEL], { orderBy: [{ type: 'varchar', descending: true, nullsFirst: false }] }),
  aggregate('count', ['numeric'], [VALUE], { distinct: true }),
  aggregate('count', ['varchar'], [LABEL], { distinct: true }),
  aggregate('string_agg', ['varchar', 'varchar'], [LABEL, constant(';')], { distinct: true }),
  aggregate('sum', ['numeric'], [VALUE], { filter: col(FLAG) }),
  aggregate('mode', [], [VALUE], { orderBy: [{ type: 'numeric', descending: false, nullsFirst: false }] }),
];

/** `distinctChunkPairs` small: the DISTINCT logs seal, compact and drop chunks within short runs. */
const makeAgg = (global: boolean, distinctChunkPairs?: number, output?: readonly ((row: Row) => Value)[]): HashAgg =>
  new HashAgg({
    groupKeyTypes: global ? [] : ['numeric'],
    groupKeys: global ? [] : [col(KEY)],
    groupKeyColumns: global ? [] : [KEY],
    aggs: AGGREGATES,
    global,
    distinctChunkPairs,
    output,
  });
/** What the property runs pass the harness: their DISTINCT logs' chunks follow the checkpoints' history. */
const SMALL_CHUNKS = 2;
const historyLayout = { layoutFollowsHistory: true };

/**
 * A HashAgg that, after the barrier of the epochs in `evictAfter`, evicts the groups whose key is at most the
 * given bound (as WindowClose evicts closed windows). The epoch index comes from the harness's `beforeEpoch`.
 */
class EvictingAgg implements StatefulOperator {
  constructor(
    private readonly agg: HashAgg,
    private readonly evictAfter: ReadonlyMap<number, number>,
    private readonly clock: { epoch: number },
  ) {}

  push(port: number, batch: ChangeBatch): ChangeBatch | null {
    return this.agg.push(port, batch);
  }

  barrier(): ChangeBatch | null {
    const output = this.agg.barrier();
    const bound = this.evictAfter.get(this.clock.epoch);
    if (bound !== undefined) {
      this.agg.evict(([key]) => key !== null && key !== undefined && (key as Numeric).toNumber() <= bound);
    }
    return output;
  }

  enableCheckpoints(): void {
    this.agg.enableCheckpoints();
  }

  checkpoint(writer: StateWriter): void {
    this.agg.checkpoint(writer);
  }

  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void {
    this.agg.restore(entries);
  }
}

/** Equal keys of different representations (1 and 1.0, 2 and 2.00), so a group may come back as another one. */
const KEYS: readonly Value[] = [null, new Numeric(1n, 0), new Numeric(10n, 1), new Numeric(2n, 0), new Numeric(200n, 2), new Numeric(3n, 0)];
const VALUES: readonly Value[] = [null, new Numeric(5n, 0), new Numeric(50n, 1), new Numeric(7n, 1), new Numeric(-3n, 0), Numeric.NAN];
const LABELS: readonly Value[] = [null, 'a', 'b', 'é'];
const FLAGS: readonly Value[] = [null, true, false];

const inputRow = fc
  .tuple(fc.nat(KEYS.length - 1), fc.nat(VALUES.length - 1), fc.nat(LABELS.length - 1), fc.nat(FLAGS.length - 1))
  .map(([key, value, label, flag]): Row => [KEYS[key]!, VALUES[value]!, LABELS[label]!, FLAGS[flag]!]);

type Change = readonly [Row, number];

/**
 * Epochs of batches of valid changes (a deletion removes a row present, in its representation), each batch
 * shuffled so that a deletion may precede the insertion it cancels.
 */
const epochSequence = fc
  .tuple(
    fc.array(fc.record({ row: inputRow, pick: fc.option(fc.nat(), { nil: null, freq: 3 }), cut: fc.nat(5) }), { maxLength: 60 }),
    fc.integer(),
  )
  .map(([ops, seed]) => {
    const present: Row[] = [];
    const epochs: Change[][][] = [[[]]];
    for (const op of ops) {
      let change: Change;
      if (op.pick !== null && present.length > 0) change = [present.splice(op.pick % present.length, 1)[0]!, -1];
      else {
        change = [op.row, 1];
        present.push(op.row);
      }
      if (op.cut === 0) epochs.push([[]]);
      else if (op.cut === 1) epochs[epochs.length - 1]!.push([]);
      const epoch = epochs[epochs.length - 1]!;
      epoch[epoch.length - 1]!.push(change);
    }
    let random = seed >>> 0;
    for (const epoch of epochs) {
      for (const changes of epoch) {
        for (let index = changes.length - 1; index > 0; index--) {
          random = (Math.imul(random, 1664525) + 1013904223) >>> 0;
          const other = random % (index + 1);
          [changes[index], changes[other]] = [changes[other]!, changes[index]!];
        }
      }
    }
    return epochs;
  });

const batch = (changes: readonly Change[]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([row]) => row), weights: changes.map(([, weight]) => weight) },
});
const toEpochs = (epochs: Change[][][]): PortBatch[][] => epochs.map((epoch) => epoch.map(batch));

describe('HashAgg checkpoints', () => {
  for (const global of [false, true]) {
    it(`${global ? 'global' : 'grouped'}: a restored aggregate continues exactly as the original`, () => {
      fc.assert(
        fc.property(epochSequence, fc.nat(), (epochs, mask) => {
          runWithCheckpoints(() => makeAgg(global, SMALL_CHUNKS), toEpochs(epochs), checkpointEpochs(epochs.length, mask), historyLayout);
        }),
        { numRuns: 150 },
      );
    });
  }

  // Checkpoints leave out an emitted row's leading group key columns: all of them, or none when the projection
  // does not begin with the key.
  const projections: readonly [label: string, output: readonly ((row: Row) => Value)[]][] = [
    ['key first', [col(0), col(2), (row) => (row[1] === null ? null : String(row[1]))]],
    ['key later', [col(1), col(0), col(6)]],
  ];
  for (const [label, output] of projections) {
    it(`grouped under a projection (${label}): a restored aggregate continues exactly as the original`, () => {
      fc.assert(
        fc.property(epochSequence, fc.nat(), (epochs, mask) => {
          runWithCheckpoints(() => makeAgg(false, SMALL_CHUNKS, output), toEpochs(epochs), checkpointEpochs(epochs.length, mask), historyLayout);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('a checkpoint in steps writes the groups as they were at its begin, while later epochs change them', () => {
    fc.assert(
      fc.property(epochSequence, fc.nat(), fc.option(fc.nat(), { nil: undefined }), fc.boolean(), (epochs, beginPick, earlierPick, global) => {
        const beginAfter = beginPick % epochs.length;
        const earlierAfter = earlierPick === undefined ? undefined : earlierPick % (beginAfter + 1);
        runWithSteppedCheckpoint(() => makeAgg(global, SMALL_CHUNKS), toEpochs(epochs), beginAfter, earlierAfter);
      }),
      { numRuns: 200 },
    );
  });

  it('grouped with evictions: evicted groups are deleted from the store and may come back', () => {
    fc.assert(
      fc.property(epochSequence, fc.nat(), fc.array(fc.tuple(fc.nat(12), fc.integer({ min: 0, max: 3 }))), (epochs, mask, evictions) => {
        const clock = { epoch: 0 };
        const evictAfter = new Map(evictions);
        runWithCheckpoints(() => new EvictingAgg(makeAgg(false, SMALL_CHUNKS), evictAfter, clock), toEpochs(epochs), checkpointEpochs(epochs.length, mask), {
          ...historyLayout,
          beforeEpoch: (epochIdx) => void (clock.epoch = epochIdx),
        });
      }),
      { numRuns: 150 },
    );
  });

  it('deletes a group that disappears and puts it again, in its new representation, when it comes back', () => {
    const one = new Numeric(1n, 0);
    const oneAgain = new Numeric(10n, 1);
    const row = (key: Value, label: string): Row => [key, new Numeric(5n, 0), label, true];
    const change = (key: Value, label: string, weight: number): PortBatch => batch([[row(key, label), weight]]);
    const epochs = [
      [change(one, 'a', 1)],
      [change(one, 'a', -1)],
      [change(oneAgain, 'b', 1)],
      [change(oneAgain, 'b', -1)],
      [change(one, 'c', 1)],
      [change(one, 'c', -1)],
      [change(one, 'd', 1)],
      [change(one, 'd', -1)],
      [change(one, 'e', 1)],
      [change(one, 'e', -1)],
    ];
    const stats = runWithCheckpoints(() => makeAgg(false), epochs, [0, 1, 2, 4, 6, 9]);
    expect(stats.map(({ afterEpoch, puts, deletes, entries }) => [afterEpoch, puts, deletes, entries])).toEqual([
      [0, 1, 0, 1],
      [1, 0, 1, 0],
      [2, 1, 0, 1],
      // The group of 1.0 went and a group of 1 came: other key bytes.
      [4, 1, 1, 1],
      // The group of 1 went and came back: its key bytes are put, not deleted.
      [6, 1, 0, 1],
      // It went, came back and went again: one delete.
      [9, 0, 1, 0],
    ]);
  });

  it('restores the global group without emitting its first row again', () => {
    const store = new MapStateStore();
    const original = makeAgg(true);
    original.enableCheckpoints();
    expect(new ChangeSum().add(original.barrier()).isEmpty).toBe(false);
    store.checkpoint(original, 0);
    const restored = makeAgg(true);
    restored.enableCheckpoints();
    restored.restore(store.sortedEntries());
    expect(restored.barrier()).toBeNull();
    expect(restored.groupCount).toBe(1);
    // The first checkpoint after a restore writes only what changed.
    expect(store.checkpoint(restored, 1)).toEqual({ afterEpoch: 1, puts: 0, deletes: 0, entries: 1 });
  });

  it('writes only the groups changed since the last checkpoint', () => {
    const store = new MapStateStore();
    const agg = makeAgg(false);
    agg.enableCheckpoints();
    const row = (key: number): Row => [new Numeric(BigInt(key), 0), null, 'a', null];
    agg.push(0, batch([1, 2, 3, 4].map((key): Change => [row(key), 1])).batch);
    agg.barrier();
    expect(store.checkpoint(agg, 0)).toEqual({ afterEpoch: 0, puts: 4, deletes: 0, entries: 4 });
    agg.push(0, batch([[row(2), 1], [row(3), -1]]).batch);
    agg.barrier();
    expect(store.checkpoint(agg, 1)).toEqual({ afterEpoch: 1, puts: 1, deletes: 1, entries: 3 });
    expect(store.checkpoint(agg, 2)).toEqual({ afterEpoch: 2, puts: 0, deletes: 0, entries: 3 });
  });

  it('refuses a checkpoint without enableCheckpoints, and entries of another shape', () => {
    expect(() => new MapStateStore().checkpoint(makeAgg(false), 0)).toThrow(/without enableCheckpoints/);
    const agg = makeAgg(false);
    expect(() => agg.restore([[Uint8Array.of(1, 0), Uint8Array.of(1, 0)]])).toThrow(/could not restore aggregation state/);
  });
});
