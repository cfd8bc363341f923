import { describe, expect, it } from 'vitest';
import { ReadyTransactions } from './ready-transactions.js';
import type { CommittedTransaction } from './transaction-assembler.js';

/** A transaction of `count` +1 rows numbered from `first`, ending at `endLsn`. */
function txn(endLsn: bigint, first: number, count: number): CommittedTransaction {
  const rows = Array.from({ length: count }, (_, index) => [first + index]);
  return { endLsn, rows, weights: rows.map(() => 1), deadLetters: [] };
}

describe('ready transactions', () => {
  it('hands out whole transactions: the first always, more while they fit', () => {
    const ready = new ReadyTransactions(100n);
    ready.push(txn(110n, 1, 3));
    ready.push(txn(120n, 4, 5));
    ready.push(txn(130n, 9, 1));
    expect(ready.rows).toBe(9);
    expect(ready.take(2).changes.rows).toEqual([[1], [2], [3]]);
    expect(ready.handedTo).toBe(110n);
    expect(ready.take(6).changes.rows).toEqual([[4], [5], [6], [7], [8], [9]]);
    expect(ready.handedTo).toBe(130n);
    expect(ready.rows).toBe(0);
    expect(ready.take(6).changes.rows).toEqual([]);
    expect(ready.handedTo).toBe(130n);
  });

  it('moves positions past transactions and WAL with nothing for the table', () => {
    const ready = new ReadyTransactions(100n);
    ready.push(txn(110n, 1, 0));
    expect([ready.handedTo, ready.streamedTo]).toEqual([110n, 110n]);
    ready.push(txn(120n, 1, 2));
    ready.passedTo(150n);
    // The position stays before the waiting transaction until it is taken, then moves past the empty WAL too.
    expect([ready.handedTo, ready.streamedTo]).toEqual([110n, 150n]);
    ready.take(10);
    expect(ready.handedTo).toBe(150n);
    ready.passedTo(140n);
    expect(ready.handedTo).toBe(150n);
  });

  it('ignores a transaction it already has', () => {
    const ready = new ReadyTransactions(100n);
    ready.push(txn(120n, 1, 2));
    ready.push(txn(120n, 1, 2));
    ready.push(txn(90n, 5, 1));
    expect(ready.take(100).changes.rows).toEqual([[1], [2]]);
  });

  it('hands out transactions that carry only dead letters', () => {
    const ready = new ReadyTransactions(0n);
    ready.push({ endLsn: 5n, rows: [], weights: [], deadLetters: [{ offset: 'o', payload: 'p', error: 'e' }] });
    const batch = ready.take(10);
    expect(batch.deadLetters).toHaveLength(1);
    expect(ready.handedTo).toBe(5n);
  });
});
