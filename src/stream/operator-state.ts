// The contract between stateful operators and checkpoints: state saved as keyed byte entries, restored at start.
import type { StateWriter } from '../storage/state-writer.js';
import type { Operator } from './operator.js';

export type { StateWriter } from '../storage/state-writer.js';

/**
 * An operator whose state survives restarts. The runtime calls `enableCheckpoints` once, before the first push,
 * when the engine keeps checkpoints (without a data directory operators track nothing and pay nothing for it).
 * `checkpoint` runs between epochs, after a barrier, and writes the entries changed since the previous
 * checkpoint (all of them the first time), so that the store then holds exactly the operator's state.
 * After a restart, `restore` receives every entry of the last committed checkpoint, in key byte order, before
 * any push or barrier; the operator is then exactly as it was after that checkpoint's barrier and emits nothing
 * for what it restored (its output is already in the restored state downstream).
 */
export interface StatefulOperator extends Operator {
  enableCheckpoints(): void;
  checkpoint(writer: StateWriter): void;
  /**
   * Optional, for operators with much state: `checkpoint` in steps. Takes what changed since the last checkpoint,
   * as `checkpoint` would, and returns the steps that write it; pushes and barriers may run between steps, and
   * the steps still write the state as it was here (the operator writes an entry itself before changing it).
   */
  beginCheckpoint?(writer: StateWriter): CheckpointSteps;
  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void;
}

/** The writing of a checkpoint begun by `beginCheckpoint`, a piece at a time. */
export interface CheckpointSteps {
  /** Writes entries until `deadline` (a `performance.now()` time) has passed; returns true once all are written. */
  run(deadline: number): boolean;
}

/** Steps with nothing left to write. */
export const NO_STEPS: CheckpointSteps = { run: () => true };

/**
 * Steps that call `write(index)` for index 0 to `count` - 1, in order, looking at the clock after each `batch`
 * of them; `done` runs when a run finds them all written.
 */
export function stepsOver(count: number, batch: number, write: (index: number) => void, done?: () => void): CheckpointSteps {
  let next = 0;
  return {
    run: (deadline) => {
      while (next < count) {
        const end = Math.min(count, next + batch);
        for (; next < end; next++) write(next);
        if (next < count && performance.now() >= deadline) return false;
      }
      done?.();
      return true;
    },
  };
}

export function isStateful(op: Operator): op is StatefulOperator {
  return typeof (op as Partial<StatefulOperator>).checkpoint === 'function';
}
