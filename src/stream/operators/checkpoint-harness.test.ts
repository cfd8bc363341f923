// Tests of the checkpoint harness itself: it passes a correct operator and catches each kind of broken one.
import { describe, expect, it } from 'vitest';
import type { StatefulOperator, StateWriter } from '../operator-state.js';
import { MapStateStore, runWithCheckpoints } from './checkpoint-harness.test-support.js';
import { Distinct } from './distinct.js';
import type { PortBatch } from './run-epochs.js';

const batch = (...changes: [number, number][]): PortBatch => ({
  port: 0,
  batch: { rows: changes.map(([value]) => [value]), weights: changes.map(([, weight]) => weight) },
});
const epochs: PortBatch[][] = [[batch([1, 1], [2, 1], [3, 2])], [batch([2, -1], [4, 1])], [batch([3, -1])], [batch([3, -1], [1, 1])]];

/** A Distinct whose checkpoints and restores pass through `alter`. */
function altered(alter: {
  writer?: (writer: StateWriter) => StateWriter;
  restore?: (entries: Iterable<readonly [Uint8Array, Uint8Array]>) => Iterable<readonly [Uint8Array, Uint8Array]>;
}): () => StatefulOperator {
  return () => {
    const inner = new Distinct(['int4']);
    return {
      push: (port, changes) => inner.push(port, changes),
      barrier: () => inner.barrier(),
      enableCheckpoints: () => inner.enableCheckpoints(),
      checkpoint: (writer) => inner.checkpoint(alter.writer ? alter.writer(writer) : writer),
      restore: (entries) => inner.restore(alter.restore ? alter.restore(entries) : entries),
    };
  };
}

describe('runWithCheckpoints', () => {
  it('passes a correct operator and reports what each checkpoint wrote', () => {
    const stats = runWithCheckpoints(altered({}), epochs, [0, 1, 2]);
    expect(stats).toEqual([
      { afterEpoch: 0, puts: 3, deletes: 0, entries: 3 },
      { afterEpoch: 1, puts: 1, deletes: 1, entries: 3 },
      { afterEpoch: 2, puts: 1, deletes: 0, entries: 3 },
    ]);
  });

  it('catches checkpoints that leave out deletes', () => {
    const noDeletes = altered({ writer: (writer) => ({ put: (key, bytes) => writer.put(key, bytes), delete: () => undefined }) });
    expect(() => runWithCheckpoints(noDeletes, epochs, [0, 1])).toThrow(/incremental checkpoints against one full checkpoint/);
  });

  it('lets a writer reuse the memory of bytes it handed over (put keeps nothing of them)', () => {
    const scratch = new Uint8Array(64);
    const reusing = altered({
      writer: (writer) => ({
        put: (key, bytes) => {
          scratch.set(bytes);
          writer.put(key, scratch.subarray(0, bytes.length));
          scratch.fill(0xff);
        },
        delete: (key) => writer.delete(key),
      }),
    });
    expect(() => runWithCheckpoints(reusing, epochs, [0, 1])).not.toThrow();
  });

  it('catches a restore that loses state', () => {
    const forgetful = altered({ restore: (entries) => [...entries].slice(1) });
    expect(() => runWithCheckpoints(forgetful, epochs, [0])).toThrow(/after a restore from epoch 0/);
  });

  it('rejects a key deleted after it was put in the same checkpoint, and writes outside a checkpoint', () => {
    const store = new MapStateStore();
    const key = Uint8Array.of(1, 2);
    const putThenDelete: StatefulOperator = {
      ...altered({})(),
      checkpoint: (writer) => {
        writer.put(key, Uint8Array.of(3));
        writer.delete(key);
      },
    };
    expect(() => store.checkpoint(putThenDelete, 0)).toThrow(/put, then deleted in one checkpoint/);
    expect(() => store.put(key, Uint8Array.of(3))).toThrow(/outside a checkpoint/);
  });
});
