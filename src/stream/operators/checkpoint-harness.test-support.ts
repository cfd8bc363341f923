// Checkpoint tests of stateful operators: an in-memory state store, and runs that checkpoint, restore and continue.
import { expect } from 'vitest';
import type { CheckpointSteps, StatefulOperator, StateWriter } from '../operator-state.js';
import { ChangeSum } from './change-sum.js';
import type { PortBatch } from './run-epochs.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** What one checkpoint wrote, and how many entries the store held after it. */
export interface CheckpointStats {
  readonly afterEpoch: number;
  readonly puts: number;
  readonly deletes: number;
  readonly entries: number;
}

/**
 * The operator state of a checkpoint store, in memory: each checkpoint's puts and deletes apply in call order.
 * Bytes are copied as they are handed over, as the checkpointer packs them (`StateWriter.put` keeps nothing of
 * what it is given). Within one checkpoint a key put may not be deleted afterwards: the outcome would
 * depend on whether the store applies deletes first (as `CheckpointStore.commit` does) or in order.
 */
export class MapStateStore implements StateWriter {
  private readonly entries = new Map<string, readonly [key: Uint8Array, bytes: Uint8Array]>();
  /** Keys put in the current checkpoint. */
  private written: Set<string> | null = null;
  private puts = 0;
  private deletes = 0;

  /** Writes one checkpoint of `operator` and returns what it wrote. */
  checkpoint(operator: StatefulOperator, afterEpoch: number): CheckpointStats {
    this.written = new Set();
    this.puts = 0;
    this.deletes = 0;
    try {
      operator.checkpoint(this);
    } finally {
      this.written = null;
    }
    return { afterEpoch, puts: this.puts, deletes: this.deletes, entries: this.entries.size };
  }

  /**
   * Begins a checkpoint of `operator` in steps (`beginCheckpoint`): writes are taken, from its steps and from the
   * operator itself between them, until the steps say they are done.
   */
  beginSteps(operator: StatefulOperator): CheckpointSteps {
    if (operator.beginCheckpoint === undefined) throw new Error('the operator has no checkpoint steps');
    const written = new Set<string>();
    this.written = written;
    const steps = operator.beginCheckpoint(this);
    return {
      run: (deadline) => {
        const done = steps.run(deadline);
        if (done && this.written === written) this.written = null;
        return done;
      },
    };
  }

  put(key: Uint8Array, bytes: Uint8Array): void {
    if (this.written === null) throw new Error('state written outside a checkpoint');
    const id = hex(key);
    this.written.add(id);
    this.entries.set(id, [new Uint8Array(key), new Uint8Array(bytes)]);
    this.puts++;
  }

  delete(key: Uint8Array): void {
    if (this.written === null) throw new Error('state written outside a checkpoint');
    const id = hex(key);
    if (this.written.has(id)) throw new Error(`key ${id} put, then deleted in one checkpoint`);
    this.entries.delete(id);
    this.deletes++;
  }

  /** Every entry in key byte order, as `restore` receives them. */
  sortedEntries(): [key: Uint8Array, bytes: Uint8Array][] {
    return [...this.entries.values()]
      .map(([key, bytes]): [Uint8Array, Uint8Array] => [key, bytes])
      .sort(([a], [b]) => Buffer.compare(a, b));
  }

  /** The entries as hex text, sorted: equal for two stores iff they hold the same bytes. */
  contents(): string[] {
    return [...this.entries].map(([id, [, bytes]]) => `${id}=${hex(bytes)}`).sort();
  }

  get size(): number {
    return this.entries.size;
  }

  clone(): MapStateStore {
    const copy = new MapStateStore();
    for (const [id, entry] of this.entries) copy.entries.set(id, entry);
    return copy;
  }
}

export interface CheckpointRunOptions {
  /**
   * Called before each epoch of each operator the harness runs, with the epoch's index: set the clock or the
   * watermarks the operators read from it here. Runs of different operators interleave.
   */
  readonly beforeEpoch?: (epochIdx: number) => void;
  /**
   * The stored bytes depend on when checkpoints ran, not only on the state (a DISTINCT aggregate's log seals a
   * chunk when its tail fills): the store is then not compared with one full checkpoint; what an operator
   * restored from it emits, and what its later checkpoints store, still are.
   */
  readonly layoutFollowsHistory?: boolean;
}

/** Pushes one epoch and its barrier through `operator`, and returns the signature of everything it emitted. */
function runEpoch(operator: StatefulOperator, epochs: readonly (readonly PortBatch[])[], epochIdx: number, options: CheckpointRunOptions): string[] {
  options.beforeEpoch?.(epochIdx);
  const output = new ChangeSum();
  for (const { port, batch } of epochs[epochIdx]) output.add(operator.push(port, batch));
  output.add(operator.barrier());
  return output.signature();
}

/**
 * Runs operators made by `makeOp` through `epochs` and checks their checkpoints:
 * - one operator with checkpoints enabled emits, epoch by epoch, what one without them emits;
 * - it checkpoints after each epoch of `checkpointAfter` into a `MapStateStore`, which then holds exactly what a
 *   first checkpoint of a fresh operator run through the same epochs writes (incremental = full), unless
 *   `layoutFollowsHistory`;
 * - for each of those checkpoints, a fresh operator restored from a copy of the store emits, epoch by epoch, what
 *   the original emits over the remaining epochs, and its own later checkpoints leave its copy of the store
 *   equal to the original's.
 * Returns what each checkpoint of the original wrote.
 */
export function runWithCheckpoints(
  makeOp: () => StatefulOperator,
  epochs: readonly (readonly PortBatch[])[],
  checkpointAfter: Iterable<number>,
  options: CheckpointRunOptions = {},
): CheckpointStats[] {
  const checkpointAt = new Set([...checkpointAfter].filter((epochIdx) => epochIdx >= 0 && epochIdx < epochs.length));

  const plain = makeOp();
  const expected = epochs.map((_, epochIdx) => runEpoch(plain, epochs, epochIdx, options));

  const original = makeOp();
  original.enableCheckpoints();
  const store = new MapStateStore();
  const stats: CheckpointStats[] = [];
  const snapshots = new Map<number, MapStateStore>();
  for (let epochIdx = 0; epochIdx < epochs.length; epochIdx++) {
    expect(runEpoch(original, epochs, epochIdx, options), `output of epoch ${epochIdx} with checkpoints enabled`).toEqual(
      expected[epochIdx],
    );
    if (!checkpointAt.has(epochIdx)) continue;
    stats.push(store.checkpoint(original, epochIdx));
    if (!options.layoutFollowsHistory) {
      expect(store.contents(), `state after epoch ${epochIdx}: incremental checkpoints against one full checkpoint`).toEqual(
        fullCheckpoint(makeOp, epochs, epochIdx, options).contents(),
      );
    }
    snapshots.set(epochIdx, store.clone());
  }

  for (const [restoredAfter, snapshot] of snapshots) {
    const restored = makeOp();
    restored.enableCheckpoints();
    restored.restore(snapshot.sortedEntries());
    const restoredStore = snapshot.clone();
    for (let epochIdx = restoredAfter + 1; epochIdx < epochs.length; epochIdx++) {
      expect(runEpoch(restored, epochs, epochIdx, options), `output of epoch ${epochIdx} after a restore from epoch ${restoredAfter}`).toEqual(
        expected[epochIdx],
      );
      if (!checkpointAt.has(epochIdx)) continue;
      restoredStore.checkpoint(restored, epochIdx);
      expect(restoredStore.contents(), `state after epoch ${epochIdx}, restored from epoch ${restoredAfter}`).toEqual(
        snapshots.get(epochIdx)!.contents(),
      );
    }
  }
  return stats;
}

/**
 * Runs an operator made by `makeOp` through `epochs` with one checkpoint begun in steps after epoch `beginAfter`:
 * each later epoch runs before one more step (which writes one batch of entries), so that epochs change state
 * the steps have not written yet. A fresh operator restored from what the steps wrote then emits, over the
 * epochs after `beginAfter`, what an operator without checkpoints emits: the steps wrote the state of the begin.
 */
export function runWithSteppedCheckpoint(
  makeOp: () => StatefulOperator,
  epochs: readonly (readonly PortBatch[])[],
  beginAfter: number,
  /** A whole checkpoint after this epoch first, so that the one in steps writes changes only. */
  earlierAfter: number | undefined,
  options: CheckpointRunOptions = {},
): void {
  const plain = makeOp();
  const expected = epochs.map((_, epochIdx) => runEpoch(plain, epochs, epochIdx, options));
  const original = makeOp();
  original.enableCheckpoints();
  const store = new MapStateStore();
  let steps: CheckpointSteps | undefined;
  let done = false;
  for (let epochIdx = 0; epochIdx < epochs.length; epochIdx++) {
    expect(runEpoch(original, epochs, epochIdx, options), `output of epoch ${epochIdx} with a checkpoint in steps`).toEqual(expected[epochIdx]);
    if (epochIdx === earlierAfter && epochIdx < beginAfter) store.checkpoint(original, epochIdx);
    if (epochIdx === beginAfter) steps = store.beginSteps(original);
    else if (steps !== undefined && !done) done = steps.run(-Infinity);
  }
  if (steps === undefined) return;
  if (!done) steps.run(Infinity);
  const restored = makeOp();
  restored.enableCheckpoints();
  restored.restore(store.sortedEntries());
  for (let epochIdx = beginAfter + 1; epochIdx < epochs.length; epochIdx++) {
    expect(runEpoch(restored, epochs, epochIdx, options), `output of epoch ${epochIdx} after a restore of the checkpoint begun after epoch ${beginAfter}`).toEqual(
      expected[epochIdx],
    );
  }
}

/** The store after the first checkpoint of a fresh operator run through epochs 0..lastEpoch. */
function fullCheckpoint(
  makeOp: () => StatefulOperator,
  epochs: readonly (readonly PortBatch[])[],
  lastEpoch: number,
  options: CheckpointRunOptions,
): MapStateStore {
  const operator = makeOp();
  operator.enableCheckpoints();
  for (let epochIdx = 0; epochIdx <= lastEpoch; epochIdx++) runEpoch(operator, epochs, epochIdx, options);
  const store = new MapStateStore();
  store.checkpoint(operator, lastEpoch);
  return store;
}

/** Epoch indexes picked by `mask` bits (bit i: checkpoint after epoch i), for property tests. */
export function checkpointEpochs(epochCount: number, mask: number): number[] {
  const picked: number[] = [];
  for (let epochIdx = 0; epochIdx < epochCount; epochIdx++) if ((mask >>> (epochIdx % 31)) & 1) picked.push(epochIdx);
  return picked;
}
