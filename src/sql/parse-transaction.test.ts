import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { parseScript, parseStatement } from './parse-script.js';
import { printStatement } from './print-statement.js';

describe('transaction statements', () => {
  it.each([
    ['BEGIN', 'begin', false],
    ['begin work', 'begin', false],
    ['BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY', 'begin', false],
    ['begin isolation level read committed read write not deferrable', 'begin', false],
    ['START TRANSACTION', 'start', false],
    ['start transaction isolation level serializable, deferrable', 'start', false],
    ['COMMIT', 'commit', false],
    ['commit work and no chain', 'commit', false],
    ['END TRANSACTION', 'commit', false],
    ['commit and chain', 'commit', true],
    ['ROLLBACK', 'rollback', false],
    ['abort', 'rollback', false],
    ['rollback transaction and chain', 'rollback', true],
  ])('parses %s', (sql, action, chain) => {
    const statement = parseStatement(sql);
    expect(statement).toMatchObject({ kind: 'transaction', action, chain, span: { start: 0, end: sql.length } });
    expect(parseStatement(printStatement(statement))).toEqual({ ...statement, span: expect.anything() });
  });

  it('splits a script at transaction statements', () => {
    const kinds = parseScript('BEGIN; INSERT INTO t VALUES (1); COMMIT;').map((s) => s.statement.kind);
    expect(kinds).toEqual(['transaction', 'insert', 'transaction']);
  });

  it.each([
    ['START', 'syntax error at end of input', 5],
    ['BEGIN READ', 'syntax error at end of input', 10],
    ['BEGIN READ ONLY,', 'syntax error at end of input', 16],
    ['COMMIT AND', 'syntax error at end of input', 10],
    ['BEGIN ISOLATION LEVEL READ SOMETIMES', 'syntax error at or near "SOMETIMES"', 27],
    ['ROLLBACK TO SAVEPOINT a', 'ROLLBACK TO SAVEPOINT is not supported', 9],
  ])('rejects %s', (sql, message, position) => {
    let error: unknown;
    try {
      parseStatement(sql);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ message, position });
  });
});
