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
  restore(entries: Iterable<readonly [key: Uint8Array, bytes: Uint8Array]>): void;
}

export function isStateful(op: Operator): op is StatefulOperator {
  return typeof (op as Partial<StatefulOperator>).checkpoint === 'function';
}
