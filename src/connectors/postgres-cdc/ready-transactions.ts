// Committed transactions waiting for polls, and the WAL positions a postgres-cdc reader stands at.
import type { DeadLetter, SourceBatch } from '../../stream/source.js';
import type { Row } from '../../types/value.js';
import type { CommittedTransaction } from './transaction-assembler.js';

/**
 * The queue between the replication stream (which fills it as transactions commit) and polls (which take
 * whole transactions from its front). It keeps two positions: `handedTo`, the end of the last transaction
 * taken (the reader's position), and `streamedTo`, before which everything is taken or queued (where a new
 * stream starts). A transaction with no change to the table, or a keepalive saying the server has sent
 * everything before some LSN, moves the positions without queueing anything.
 */
export class ReadyTransactions {
  private readonly queue: CommittedTransaction[] = [];
  /** Rows waiting. */
  rows = 0;
  handedTo: bigint;
  streamedTo: bigint;

  constructor(start: bigint) {
    this.handedTo = start;
    this.streamedTo = start;
  }

  /** Queues a committed transaction; one the queue already has (it ends at or before `streamedTo`) is ignored. */
  push(txn: CommittedTransaction): void {
    if (txn.endLsn <= this.streamedTo) return;
    if (txn.rows.length === 0 && txn.deadLetters.length === 0) {
      this.passedTo(txn.endLsn);
      return;
    }
    this.queue.push(txn);
    this.rows += txn.rows.length;
    this.streamedTo = txn.endLsn;
  }

  /** Nothing for the table lies before `lsn` that is not taken or queued: the last transaction waiting, or else the position, may move up to it. */
  passedTo(lsn: bigint): void {
    if (lsn <= this.streamedTo) return;
    this.streamedTo = lsn;
    const last = this.queue[this.queue.length - 1];
    if (last) last.endLsn = lsn;
    else this.handedTo = lsn;
  }

  /** Whole transactions from the front: the first one always, more while the rows stay within `maxRecords`. */
  take(maxRecords: number): SourceBatch {
    let rows: Row[] = [];
    let weights: number[] = [];
    let deadLetters: DeadLetter[] = [];
    let taken = 0;
    while (taken < this.queue.length) {
      const txn = this.queue[taken]!;
      if (rows.length > 0 && rows.length + txn.rows.length > maxRecords) break;
      if (taken === 0) {
        ({ rows, weights, deadLetters } = txn);
      } else {
        for (let rowIdx = 0; rowIdx < txn.rows.length; rowIdx++) {
          rows.push(txn.rows[rowIdx]!);
          weights.push(txn.weights[rowIdx]!);
        }
        for (const letter of txn.deadLetters) deadLetters.push(letter);
      }
      this.rows -= txn.rows.length;
      this.handedTo = txn.endLsn;
      taken++;
    }
    this.queue.splice(0, taken);
    return { changes: { rows, weights }, deadLetters };
  }
}
