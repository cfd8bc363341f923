// Reads the initial snapshot of the upstream table through a cursor, a chunk per poll, in primary key order.
import type pg from 'pg';
import type { SnapshotProgress } from './cdc-position.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { UpstreamTable } from './upstream-table.js';

const CURSOR = 'tally_cdc_snapshot';

/**
 * A cursor over the upstream table's rows as of one snapshot, in its primary key order when it has a primary
 * key (so that a snapshot cut off by a restart resumes after the last key taken). The transaction is REPEATABLE
 * READ and READ ONLY; given a snapshot exported by CREATE_REPLICATION_SLOT it sees exactly the rows before the
 * slot's starting point. Values come as PostgreSQL text, in the order of `columns`.
 */
export class SnapshotCursor {
  private constructor(
    private readonly client: pg.Client,
    /** Where the key columns are among the selected columns, to report the last key taken. */
    private readonly keyIndexes: readonly number[],
  ) {}

  /**
   * Begins the snapshot's transaction on `client` (which it then owns), imports `snapshotName` when given, and
   * opens the cursor over the rows after `progress.after`. `progress.key` must be the table's primary key, or
   * empty to read in no particular order.
   */
  static async open(client: pg.Client, table: UpstreamTable, columns: readonly string[], progress: SnapshotProgress, snapshotName?: string): Promise<SnapshotCursor> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (snapshotName !== undefined) await client.query(`SET TRANSACTION SNAPSHOT '${snapshotName.replace(/'/g, "''")}'`);
    const key = progress.key.map(quoteIdentifier);
    const selected = columns.map(quoteIdentifier).join(', ');
    let sql = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${selected} FROM ${table.qualifiedName}`;
    const values: (string | null)[] = [];
    if (progress.after && key.length > 0) {
      sql += ` WHERE (${key.join(', ')}) > (${key.map((_, index) => `$${index + 1}`).join(', ')})`;
      values.push(...progress.after);
    }
    if (key.length > 0) sql += ` ORDER BY ${key.join(', ')}`;
    await client.query(sql, values);
    return new SnapshotCursor(client, progress.key.map((name) => columns.indexOf(name)));
  }

  /** The next rows, at most `count`; fewer when the snapshot is exhausted. */
  async fetch(count: number): Promise<(string | null)[][]> {
    const result = await this.client.query<(string | null)[]>({ text: `FETCH FORWARD ${Math.max(1, Math.floor(count))} FROM ${CURSOR}`, rowMode: 'array' });
    return result.rows;
  }

  /** The key values of `row`, for the snapshot's progress. */
  keyOf(row: readonly (string | null)[]): (string | null)[] {
    return this.keyIndexes.map((index) => row[index]!);
  }

  /** Ends the transaction (the snapshot is released) and the connection. */
  async close(): Promise<void> {
    await this.client.query('COMMIT').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
