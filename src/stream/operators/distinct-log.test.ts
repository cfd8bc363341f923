// Tests of DistinctLog: DISTINCT counts stored as a log of sealed chunks, restored exactly, written by change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregateState } from '../../expr/aggregate-registry.js';
import { decodeRow, encodeRow, ValueWriter } from '../../storage/value-codec.js';
import type { DataType } from '../../types/data-type.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { distinctArgsFactory, type DistinctArgs } from './distinct-args.js';
import { checkpointDistinct, restoreDistinct, writeStoredLog, type DistinctChunkWriter, type StoredLog } from './distinct-log.js';

/** The chunks of one group's aggregate as a store holds them (encoded), and the bytes written to them. */
class ChunkStore implements DistinctChunkWriter {
  readonly chunks = new Map<number, Uint8Array>();
  bytesWritten = 0;

  put(chunk: number, bytes: Uint8Array): void {
    this.bytesWritten += bytes.length;
    this.chunks.set(chunk, new Uint8Array(bytes));
  }

  delete(chunk: number): void {
    this.chunks.delete(chunk);
  }

  read(chunk: number): readonly Value[] | undefined {
    const bytes = this.chunks.get(chunk);
    return bytes === undefined ? undefined : decodeRow(bytes);
  }
}

/** What a group's entry holds of its log, encoded and decoded as the store would. */
const stored = (log: StoredLog): Value => {
  const writer = new ValueWriter().writeUint(1);
  writeStoredLog(writer, log);
  return decodeRow(writer.copyBytes())[0]!;
};

/** What the state is applied: each tuple's exact representation and the weight. */
const recorder = (applied: string[]): AggregateState => ({
  apply: (args, weight) => void applied.push(`${Buffer.from(encodeRow(args)).toString('hex')}×${weight}`),
  result: () => null,
  save: () => [],
  load: () => undefined,
});

/** The counts of `counts` as comparable text: its pairs, sorted. */
const countsOf = (counts: DistinctArgs): string[] => {
  const pairs = counts.pairs();
  const texts: string[] = [];
  for (let index = 0; index < pairs.length; index += 2) texts.push(Buffer.from(encodeRow([pairs[index]!, pairs[index + 1]!])).toString('hex'));
  return texts.sort();
};

describe('DistinctLog', () => {
  it('restores, from the group entry and the sealed chunks, counts that continue exactly as the original (property)', () => {
    const cases: readonly { types: DataType[]; tuple: fc.Arbitrary<Value[]> }[] = [
      { types: ['varchar'], tuple: fc.option(fc.constantFrom('a', 'b', 'é'), { nil: null }).map((value) => [value]) },
      { types: ['int8'], tuple: fc.option(fc.bigInt({ min: -2n, max: 2n }), { nil: null }).map((value) => [value]) },
      {
        types: ['numeric'],
        tuple: fc.constantFrom(null, Numeric.parse('2'), Numeric.parse('2.0'), Numeric.parse('2.00'), Numeric.NAN).map((value) => [value]),
      },
      { types: ['float8'], tuple: fc.constantFrom(null, 0, -0, NaN, 1.5).map((value) => [value]) },
      {
        types: ['varchar', 'numeric'],
        tuple: fc.tuple(fc.constantFrom('a', null), fc.constantFrom(Numeric.parse('1'), Numeric.parse('1.0'), null)).map((values) => [...values]),
      },
    ];
    for (const { types, tuple } of cases) {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(tuple, fc.integer({ min: -2, max: 3 })), { maxLength: 80 }),
          fc.array(fc.nat(80), { maxLength: 6 }),
          fc.integer({ min: 1, max: 4 }),
          fc.nat(),
          (changes, checkpointsAt, chunkPairs, restoreAtPick) => {
            const create = distinctArgsFactory(types);
            const original = create(true);
            const store = new ChunkStore();
            let entry: Value = null;
            const checkpoints = [...new Set(checkpointsAt.map((at) => at % (changes.length + 1)))].sort((a, b) => a - b);
            if (checkpoints.length === 0) return;
            const restoreAt = checkpoints[restoreAtPick % checkpoints.length]!;
            const applied: string[] = [];
            const continued: string[] = [];
            let restored: DistinctArgs | undefined;
            let restoredStore: ChunkStore | undefined;
            for (let changeIdx = 0; changeIdx <= changes.length; changeIdx++) {
              if (checkpoints.includes(changeIdx)) {
                entry = stored(checkpointDistinct(original, store, chunkPairs));
                if (restored !== undefined) {
                  // Checkpointed alike after the restore, the restored log stores what the original's does.
                  expect(encodeRow([stored(checkpointDistinct(restored, restoredStore!, chunkPairs))])).toEqual(encodeRow([entry]));
                  expect(restoredStore!.chunks).toEqual(store.chunks);
                }
                if (changeIdx === restoreAt) {
                  restored = create(true);
                  restoreDistinct(restored, entry, (chunk) => store.read(chunk));
                  restoredStore = new ChunkStore();
                  for (const [chunk, bytes] of store.chunks) restoredStore.chunks.set(chunk, bytes);
                  expect(countsOf(restored)).toEqual(countsOf(original));
                }
              }
              if (changeIdx === changes.length) break;
              const [args, weight] = changes[changeIdx]!;
              original.add(recorder(applied), args.slice(), weight);
              if (restored !== undefined) restored.add(recorder(continued), args.slice(), weight);
            }
            // After the restore, both saw the same changes and passed the same tuples to their states.
            expect(continued).toEqual(applied.slice(applied.length - continued.length));
            expect(countsOf(restored!)).toEqual(countsOf(original));
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('writes per checkpoint what changed, not the whole set: a growing set costs the same each time', () => {
    const counts = distinctArgsFactory(['varchar'])(true);
    const store = new ChunkStore();
    const state = recorder([]);
    const written: number[] = [];
    for (let checkpoint = 0; checkpoint < 100; checkpoint++) {
      const before = store.bytesWritten;
      for (let value = 0; value < 100; value++) counts.add(state, [`customer-${checkpoint * 100 + value}`], 1);
      const entry = encodeRow([stored(checkpointDistinct(counts, store, 128))]);
      written.push(store.bytesWritten - before + entry.length);
    }
    expect(counts.size).toBe(10_000);
    // 100 new pairs of under 20 bytes each, in the entry's tail or a sealed chunk: never the 10,000 held.
    expect(Math.max(...written)).toBeLessThan((100 + 128) * 20);
    expect(Math.max(...written.slice(-10))).toBeLessThanOrEqual(Math.max(...written.slice(0, 10)) * 1.2);
    // The tail passes 128 pairs every second checkpoint: it is then sealed, 200 pairs a chunk.
    expect(store.chunks.size).toBe(50);
  });

  it('stores as the tail exactly the changes since the last sealed chunk, each encoded once however many checkpoints it waits', () => {
    const counts = distinctArgsFactory(['varchar'])(true);
    const store = new ChunkStore();
    const state = recorder([]);
    const sinceSeal: Value[] = [];
    let changes = 0;
    for (let checkpoint = 0; checkpoint < 12; checkpoint++) {
      // 0 to 4 changes a checkpoint, one in five retracting the value before: a tail of 6 pairs waits several
      // checkpoints, and the set stays large enough for the log not to be compacted.
      for (let change = 0; change < checkpoint % 5; change++, changes++) {
        const retract = changes % 5 === 4;
        const value = `v${retract ? changes - 1 : changes}`;
        const weight = retract ? -1 : 1;
        counts.add(state, [value], weight);
        sinceSeal.push(value, weight);
      }
      const chunksBefore = store.chunks.size;
      const [sealedChunks, , tail] = stored(checkpointDistinct(counts, store, 6)) as [number, number, Value[]];
      if (store.chunks.size > chunksBefore) {
        // Sealed: the new chunk holds the changes, the tail starts over.
        expect(decodeRow(store.chunks.get(sealedChunks - 1)!)).toEqual(sinceSeal);
        sinceSeal.length = 0;
      }
      expect(tail).toEqual(sinceSeal);
    }
    expect(store.chunks.size).toBeGreaterThanOrEqual(2);
  });

  it('compacts a log of churn, so that the stored pairs stay within twice the live tuples and a chunk', () => {
    const counts = distinctArgsFactory(['int8'])(true);
    const store = new ChunkStore();
    const state = recorder([]);
    let entry: readonly Value[] = [];
    for (let round = 0; round < 200; round++) {
      for (let value = 0n; value < 50n; value++) counts.add(state, [value], 1);
      for (let value = 0n; value < 45n; value++) counts.add(state, [value], -1);
      entry = stored(checkpointDistinct(counts, store, 16)) as readonly Value[];
      const [, sealedPairs, tail] = entry as [number, number, Value[]];
      expect(sealedPairs + tail.length / 2).toBeLessThanOrEqual(2 * counts.size + 16);
    }
    // 45..49 stay, each added once a round; the others come and go.
    expect(counts.size).toBe(5);
    expect(store.chunks.size).toBe(0);
    const restored = distinctArgsFactory(['int8'])(true);
    restoreDistinct(restored, entry as Value, (chunk) => store.read(chunk));
    expect(countsOf(restored)).toEqual(countsOf(counts));
  });

  it('refuses a log whose chunk is missing', () => {
    const counts = distinctArgsFactory(['varchar'])(true);
    for (let value = 0; value < 10; value++) counts.add(recorder([]), [`v${value}`], 1);
    const store = new ChunkStore();
    const entry = stored(checkpointDistinct(counts, store, 4));
    store.delete(0);
    expect(() => restoreDistinct(distinctArgsFactory(['varchar'])(true), entry, (chunk) => store.read(chunk))).toThrow(
      'could not restore DISTINCT aggregate state: chunk 0 of 1 is missing',
    );
  });
});
