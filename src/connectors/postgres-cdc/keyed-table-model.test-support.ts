// A model of a keyed table fed by a CDC reader's changes, to compare with the upstream table.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row } from '../../types/value.js';
import { canonicalRow } from './cdc-test-server.test-support.js';

/**
 * The rows of a table with a primary key after a stream of changes. Loosely, as the engine applies a
 * connector's changes: +1 replaces the row of its key, -1 deletes the row of its key. Strictly, for upstream
 * tables with REPLICA IDENTITY FULL (every update and delete carries the whole old row): a -1 must retract the
 * very row stored under its key and a +1 must land on a free key, so that a change lost or delivered twice fails.
 */
export class KeyedTableModel {
  readonly rows = new Map<string, Row>();

  constructor(
    private readonly columns: readonly ColumnInfo[],
    private readonly key: readonly number[],
    private readonly strict: boolean,
  ) {}

  private keyOf(row: Row): string {
    return JSON.stringify(this.key.map((index) => canonicalRow([row[index]!], [this.columns[index]!])));
  }

  apply(batch: ChangeBatch): void {
    for (let index = 0; index < batch.rows.length; index++) {
      const row = batch.rows[index]!;
      const key = this.keyOf(row);
      const stored = this.rows.get(key);
      if (batch.weights[index]! < 0) {
        if (this.strict && (!stored || canonicalRow(stored, this.columns) !== canonicalRow(row, this.columns))) {
          throw new Error(`retraction of a row that is not there: ${canonicalRow(row, this.columns)} (stored: ${stored ? canonicalRow(stored, this.columns) : 'none'})`);
        }
        this.rows.delete(key);
      } else {
        if (this.strict && stored) throw new Error(`insertion over a stored row: ${canonicalRow(row, this.columns)} (stored: ${canonicalRow(stored, this.columns)})`);
        this.rows.set(key, row);
      }
    }
  }
}
