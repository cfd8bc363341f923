// Union: the stateless operator that merges several inputs into one stream (UNION ALL).
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Operator } from '../operator.js';

/** Forwards every batch of each of its `inputCount` ports unchanged: the sum of multisets is UNION ALL. */
export class Union implements Operator {
  constructor(readonly inputCount: number) {}

  push(port: number, batch: ChangeBatch): ChangeBatch | null {
    if (port < 0 || port >= this.inputCount) throw new Error(`union has no input port ${port}; this is a bug`);
    return batch.rows.length === 0 ? null : batch;
  }

  barrier(): ChangeBatch | null {
    return null;
  }
}
