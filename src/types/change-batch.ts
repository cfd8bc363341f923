// Batches of weighted changes: the unit of data on every edge of the dataflow.
import type { Row } from './value.js';

/**
 * A batch of changes: `rows[i]` inserted `weights[i]` times (negative weight: deleted). An update is a
 * deletion of the old row and an insertion of the new one. Append-only streams carry only positive weights.
 */
export interface ChangeBatch {
  readonly rows: Row[];
  readonly weights: number[];
}

export const emptyBatch = (): ChangeBatch => ({ rows: [], weights: [] });

export const isEmptyBatch = (batch: ChangeBatch | null | undefined): boolean => !batch || batch.rows.length === 0;
