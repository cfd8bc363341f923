import { describe, expect, it } from 'vitest';
import { formatValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { pgoutput } from './pgoutput-encoder.test-support.js';
import { decodePgoutput } from './pgoutput-message.js';
import { TransactionAssembler, type CommittedTransaction } from './transaction-assembler.js';

const cols = columns(['id', 'int4'], ['amount', 'numeric', { precision: 10, scale: 2 }], ['note', 'varchar']);
const table = { schema: 'public', name: 'orders', displayName: '"public.orders"', qualifiedName: '"public"."orders"' };
/** Upstream column order differs from the Tally table's, and has a column Tally does not read. */
const upstream = [
  { name: 'note', isKey: false, typeOid: 25, typeModifier: -1 },
  { name: 'extra', isKey: false, typeOid: 25, typeModifier: -1 },
  { name: 'id', isKey: true, typeOid: 23, typeModifier: -1 },
  { name: 'amount', isKey: false, typeOid: 1700, typeModifier: -1 },
];

const print = (rows: readonly Row[]): string[] => rows.map((row) => row.map((value, index) => formatValue(cols[index]!.type, value) ?? 'NULL').join(' '));

/** Feeds encoded messages through the decoder into an assembler; returns the transactions completed. */
function feed(assembler: TransactionAssembler, messages: readonly Buffer[]): CommittedTransaction[] {
  const done: CommittedTransaction[] = [];
  for (const message of messages) {
    const txn = assembler.accept(decodePgoutput(message));
    if (txn) done.push(txn);
  }
  return done;
}

describe('transaction assembler', () => {
  it('maps columns by name and turns inserts, updates and deletes into weighted rows', () => {
    const assembler = new TransactionAssembler(cols, table);
    const [txn, ...rest] = feed(assembler, [
      pgoutput.begin(0x100n, 1),
      pgoutput.relation(7, 'public', 'orders', upstream),
      pgoutput.insert(7, ['first', 'x', '1', '10.5']),
      pgoutput.update(7, ['second', 'x', '1', '11']),
      pgoutput.update(7, ['moved', 'x', '2', '11'], { kind: 'key', values: [null, null, '1', null] }),
      pgoutput.delete(7, 'key', [null, null, '2', null]),
      pgoutput.commit(0x100n, 0x130n),
    ]);
    expect(rest).toEqual([]);
    expect(txn!.endLsn).toBe(0x130n);
    expect(print(txn!.rows)).toEqual(['1 10.50 first', '1 11.00 second', '1 NULL NULL', '2 11.00 moved', '2 NULL NULL']);
    expect(txn!.weights).toEqual([1, 1, -1, 1, -1]);
    expect(txn!.deadLetters).toEqual([]);
  });

  it('holds changes until the commit, and skips other relations of the publication', () => {
    const assembler = new TransactionAssembler(cols, table);
    expect(feed(assembler, [
      pgoutput.begin(0x10n, 1),
      pgoutput.relation(8, 'public', 'customers', upstream),
      pgoutput.relation(7, 'public', 'orders', upstream),
      pgoutput.insert(8, ['other', 'x', '9', '1']),
      pgoutput.insert(7, ['mine', 'x', '1', '1']),
    ])).toEqual([]);
    expect(assembler.inTransaction).toBe(true);
    expect(assembler.openRows).toBe(1);
    const [txn] = feed(assembler, [pgoutput.commit(0x10n, 0x20n)]);
    expect(print(txn!.rows)).toEqual(['1 1.00 mine']);
    expect(assembler.inTransaction).toBe(false);
  });

  it('drops a transaction cut off by a lost connection', () => {
    const assembler = new TransactionAssembler(cols, table);
    feed(assembler, [pgoutput.begin(0x10n, 1), pgoutput.relation(7, 'public', 'orders', upstream), pgoutput.insert(7, ['a', 'x', '1', '1'])]);
    assembler.reset();
    const [txn] = feed(assembler, [pgoutput.begin(0x10n, 1), pgoutput.insert(7, ['b', 'x', '2', '1']), pgoutput.commit(0x10n, 0x20n)]);
    expect(print(txn!.rows)).toEqual(['2 1.00 b']);
  });

  it('follows a relation whose columns changed', () => {
    const assembler = new TransactionAssembler(cols, table);
    const reordered = [upstream[2]!, upstream[3]!, upstream[0]!];
    const [first, second] = feed(assembler, [
      pgoutput.begin(0x10n, 1), pgoutput.relation(7, 'public', 'orders', upstream), pgoutput.insert(7, ['a', 'x', '1', '1']), pgoutput.commit(0x10n, 0x20n),
      pgoutput.begin(0x30n, 2), pgoutput.relation(7, 'public', 'orders', reordered), pgoutput.insert(7, ['2', '2', 'b']), pgoutput.commit(0x30n, 0x40n),
    ]);
    expect(print(first!.rows)).toEqual(['1 1.00 a']);
    expect(print(second!.rows)).toEqual(['2 2.00 b']);
  });

  it('fills unchanged TOASTed values from a full old row, and makes a dead letter without one', () => {
    const assembler = new TransactionAssembler(cols, table);
    const [txn] = feed(assembler, [
      pgoutput.begin(0xabn, 1),
      pgoutput.relation(7, 'public', 'orders', upstream, 'f'),
      pgoutput.update(7, [undefined, 'x', '1', '2'], { kind: 'full', values: ['long text', 'x', '1', '1'] }),
      pgoutput.update(7, [undefined, 'x', '1', '3']),
      pgoutput.commit(0xabn, 0xc0n),
    ]);
    expect(print(txn!.rows)).toEqual(['1 1.00 long text', '1 2.00 long text']);
    expect(txn!.weights).toEqual([-1, 1]);
    expect(txn!.deadLetters).toEqual([{
      offset: 'lsn 0/AB change 2',
      payload: '{"op":"u","after":{"extra":"x","id":"1","amount":"3"}}',
      error: 'the unchanged value of column "note" was not sent by upstream table "public.orders"',
    }]);
  });

  it('makes dead letters of values that do not convert, of missing columns, and of truncates; the rest applies', () => {
    const assembler = new TransactionAssembler(cols, table);
    const [txn] = feed(assembler, [
      pgoutput.begin(0x1_0000_0000n, 1),
      pgoutput.relation(7, 'public', 'orders', upstream),
      pgoutput.insert(7, ['ok', 'x', '1', '1']),
      pgoutput.insert(7, ['bad', 'x', 'one', '1']),
      pgoutput.insert(7, ['big', 'x', '3', '123456789.123']),
      pgoutput.truncate([7, 9]),
      pgoutput.relation(7, 'public', 'orders', upstream.slice(0, 3)),
      pgoutput.insert(7, ['gone', 'x', '4']),
      pgoutput.commit(0x1_0000_0000n, 0x1_0000_0100n),
    ]);
    expect(print(txn!.rows)).toEqual(['1 1.00 ok']);
    expect(txn!.deadLetters.map((letter) => [letter.offset, letter.error])).toEqual([
      ['lsn 1/0 change 2', 'invalid input syntax for type integer: "one"'],
      ['lsn 1/0 change 3', expect.stringContaining('numeric field overflow')],
      ['lsn 1/0 change 4', 'TRUNCATE of upstream table "public.orders" was not applied: the table keeps its rows; drop and create it again to take a new snapshot'],
      ['lsn 1/0 change 5', 'column "amount" is not replicated by upstream table "public.orders"'],
    ]);
    expect(JSON.parse(txn!.deadLetters[0]!.payload)).toEqual({ op: 'c', after: { note: 'bad', extra: 'x', id: 'one', amount: '1' } });
  });
});
