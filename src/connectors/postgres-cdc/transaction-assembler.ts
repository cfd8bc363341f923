// Turns a pgoutput message stream into whole committed transactions of one table's changes.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { DeadLetter } from '../../stream/source.js';
import type { Row } from '../../types/value.js';
import { errorMessage } from '../format/record-decoder.js';
import { changePayload } from './change-payload.js';
import { formatLsn } from './lsn.js';
import type { PgoutputMessage, RelationMessage, TupleValue } from './pgoutput-message.js';
import { TupleRows } from './tuple-rows.js';
import type { UpstreamTable } from './upstream-table.js';

/** The changes of one upstream transaction to the followed table, complete: handed to polls only whole. */
export interface CommittedTransaction {
  /**
   * The end of the commit record: a stream restarted here sends only later transactions. The reader moves it
   * up past later transactions that changed nothing of the table.
   */
  endLsn: bigint;
  readonly rows: Row[];
  readonly weights: number[];
  readonly deadLetters: DeadLetter[];
}

/**
 * Follows one upstream table in the stream of a publication: Relation messages say which relation id is the
 * table (and its column order, which can change), Begin ... Commit delimit transactions. Inserts become +1
 * rows; updates -1 old (when the server sends the old key or row) and +1 new; deletes -1 rows holding at least
 * the key columns, which is what the engine needs to delete by key. A TRUNCATE of the table becomes a dead
 * letter: the engine has no change that empties a table, and the rows are kept. A change that does not convert
 * becomes a dead letter located as `lsn <commit LSN> change <n>`; the rest of its transaction still applies.
 */
export class TransactionAssembler {
  /** TupleRows for the followed table's relation id; other relations of the publication are skipped. */
  private readonly relations = new Map<number, TupleRows>();
  private open: { finalLsn: bigint; changes: number; rows: Row[]; weights: number[]; deadLetters: DeadLetter[] } | undefined;

  constructor(
    private readonly columns: readonly ColumnInfo[],
    private readonly table: Pick<UpstreamTable, 'schema' | 'name' | 'displayName' | 'qualifiedName'>,
  ) {}

  /** Whether a transaction has begun and not yet committed. */
  get inTransaction(): boolean {
    return this.open !== undefined;
  }

  /** Rows of the transaction under way: it is held whole until its commit. */
  get openRows(): number {
    return this.open?.rows.length ?? 0;
  }

  /** Drops a transaction cut off by a lost connection: the server sends it again from its beginning. */
  reset(): void {
    this.open = undefined;
  }

  /** Takes one message in stream order; returns the transaction that a Commit completes. */
  accept(message: PgoutputMessage): CommittedTransaction | undefined {
    switch (message.kind) {
      case 'begin':
        this.open = { finalLsn: message.finalLsn, changes: 0, rows: [], weights: [], deadLetters: [] };
        return undefined;
      case 'commit': {
        const done = this.open;
        this.open = undefined;
        return done && { endLsn: message.endLsn, rows: done.rows, weights: done.weights, deadLetters: done.deadLetters };
      }
      case 'relation':
        this.relation(message);
        return undefined;
      case 'insert': {
        const rows = this.relations.get(message.relationId);
        if (rows) this.change(rows, 'c', undefined, message.newTuple);
        return undefined;
      }
      case 'update': {
        const rows = this.relations.get(message.relationId);
        if (rows) this.change(rows, 'u', message.old?.tuple, message.newTuple, message.old?.kind === 'full');
        return undefined;
      }
      case 'delete': {
        const rows = this.relations.get(message.relationId);
        if (rows) this.change(rows, 'd', message.old.tuple, undefined);
        return undefined;
      }
      case 'truncate':
        if (message.relationIds.some((id) => this.relations.has(id))) this.truncated();
        return undefined;
      case 'ignored':
        return undefined;
    }
  }

  private relation(message: RelationMessage): void {
    if (message.schema !== this.table.schema || message.table !== this.table.name) {
      this.relations.delete(message.relationId);
      return;
    }
    this.relations.set(message.relationId, new TupleRows(this.columns, message.columns.map((c) => c.name), this.table));
  }

  /**
   * Appends a change's -1 and +1 rows. With `beforeIsFull`, TOASTed values an update did not resend are taken
   * from the old row. A change that fails to convert adds nothing but a dead letter: never half a change.
   */
  private change(rows: TupleRows, op: string, before: TupleValue[] | undefined, after: TupleValue[] | undefined, beforeIsFull = false): void {
    const open = this.open;
    if (!open) return;
    const index = ++open.changes;
    try {
      const oldRow = before && rows.row(before);
      const newRow = after && rows.row(after, beforeIsFull ? before : undefined);
      if (oldRow) {
        open.rows.push(oldRow);
        open.weights.push(-1);
      }
      if (newRow) {
        open.rows.push(newRow);
        open.weights.push(1);
      }
    } catch (err) {
      open.deadLetters.push({
        offset: `lsn ${formatLsn(open.finalLsn)} change ${index}`,
        payload: changePayload(op, rows.upstreamNames, before, after),
        error: errorMessage(err),
      });
    }
  }

  private truncated(): void {
    const open = this.open;
    if (!open) return;
    const index = ++open.changes;
    open.deadLetters.push({
      offset: `lsn ${formatLsn(open.finalLsn)} change ${index}`,
      payload: JSON.stringify({ op: 't', table: `${this.table.schema}.${this.table.name}` }),
      error: `TRUNCATE of upstream table ${this.table.displayName} was not applied: the table keeps its rows; drop and create it again to take a new snapshot`,
    });
  }
}
