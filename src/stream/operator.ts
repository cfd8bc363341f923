// The contract every dataflow operator implements.
import type { ChangeBatch } from '../types/change-batch.js';
import type { Row, Value } from '../types/value.js';

/**
 * A running operator of a dataflow graph. The runtime pushes every batch of an epoch through `push`, then
 * calls `barrier` once at the end of the epoch, in topological order, so that an operator's barrier output
 * reaches its consumers before their own barrier. Operators never mutate the rows they receive.
 */
export interface Operator {
  /**
   * Applies the changes arriving on input `port` (0 for single-input operators) and returns the changes to
   * send downstream now, or null for none.
   */
  push(port: number, batch: ChangeBatch): ChangeBatch | null;
  /** Ends the epoch; returns changes that the operator emits only at epoch ends (aggregates), or null. */
  barrier(): ChangeBatch | null;
  /**
   * The rows the operator has emitted and not retracted, when its own state holds each of them once (an
   * aggregate's rows, one per group). A view fed by such an operator alone reads its rows from here and keeps
   * no copy of them (`view-rows.ts`), in memory or in checkpoints.
   */
  emittedRows?(): Row[];
  /** Makes `emittedRows` give the rows in a view's scan order from now on (an updated row last). */
  keepScanOrder?(): void;
  /** `ViewRows.lookup` over the emitted rows. */
  lookupEmitted?(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined;
}
