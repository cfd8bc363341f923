// runEpochs: drives one operator through epochs as the runtime does, summing what it emits (for tests and tools).
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Operator } from '../operator.js';
import { ChangeSum } from './change-sum.js';

/** One batch arriving on an input port. */
export interface PortBatch {
  readonly port: number;
  readonly batch: ChangeBatch;
}

/**
 * Pushes each epoch's batches in order, then calls `barrier`, and adds every emitted batch to `output` (a new sum
 * by default), which it returns.
 */
export function runEpochs(
  operator: Operator,
  epochs: readonly (readonly PortBatch[])[],
  output: ChangeSum = new ChangeSum(),
): ChangeSum {
  for (const epoch of epochs) {
    for (const { port, batch } of epoch) output.add(operator.push(port, batch));
    output.add(operator.barrier());
  }
  return output;
}
