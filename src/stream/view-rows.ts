// ViewRows: what readers of a materialized view see; HeldRows: a view's rows held by the operator that emits them.
import type { ChangeBatch } from '../types/change-batch.js';
import type { Row, Value } from '../types/value.js';
import type { Operator } from './operator.js';

/** The rows of a view as queries, lookups and row counts read them between epochs. */
export interface ViewRows {
  /** The rows, each repeated by its multiplicity, in scan order. */
  rows(): Row[];
  /**
   * The rows whose stream key columns in `columns` equal `probe`'s there, in scan order; undefined when the view
   * cannot look them up, and the caller scans.
   */
  lookup(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined;
  /** Number of rows, counting multiplicities. */
  readonly size: number;
  /** Takes an epoch's output changes. */
  apply(batch: ChangeBatch): void;
}

/** An operator whose own state holds each row it emitted and did not retract, once (an aggregate's groups). */
export type RowHolder = Operator & Required<Pick<Operator, 'emittedRows' | 'keepScanOrder' | 'lookupEmitted'>>;

export const isRowHolder = (op: Operator): op is RowHolder =>
  op.emittedRows !== undefined && op.keepScanOrder !== undefined && op.lookupEmitted !== undefined;

/**
 * The rows of a view fed by one operator that holds them already: read from that operator's state, so that the
 * view keeps no second copy (a keyed entry per row, updated at every change) in memory or in checkpoints.
 */
export class HeldRows implements ViewRows {
  private total: number;

  constructor(private readonly holder: RowHolder) {
    holder.keepScanOrder();
    this.total = holder.emittedRows().length;
  }

  rows(): Row[] {
    return this.holder.emittedRows();
  }

  lookup(columns: ReadonlySet<number>, probe: readonly Value[]): Row[] | undefined {
    return this.holder.lookupEmitted(columns, probe);
  }

  get size(): number {
    return this.total;
  }

  /** The rows themselves are the holder's: only their count is kept here. */
  apply(batch: ChangeBatch): void {
    const weights = batch.weights;
    for (let rowIdx = 0; rowIdx < weights.length; rowIdx++) this.total += weights[rowIdx]!;
  }
}
