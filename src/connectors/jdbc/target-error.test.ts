// Tests of how target errors are told apart and masked.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { errorReason, targetError } from './target-error.js';

describe('targetError', () => {
  it('turns refusals of the target into SqlErrors and outages into Errors, passwords masked', () => {
    const pgNotNull = Object.assign(new Error('null value in column "x" violates not-null constraint'), { code: '23502', severity: 'ERROR' });
    const refused = targetError(pgNotNull, 'could not write sink "s"', []);
    expect(refused).toBeInstanceOf(SqlError);
    expect((refused as SqlError).condition).toBe('not_null_violation');
    expect(refused.message).toBe('could not write sink "s": null value in column "x" violates not-null constraint');

    const pgCheck = Object.assign(new Error('new row violates check constraint "c"'), { code: '23514', severity: 'ERROR' });
    expect((targetError(pgCheck, 'w', []) as SqlError).condition).toBe('data_exception');

    const mysqlTooLong = Object.assign(new Error("Data too long for column 'note' at row 1"), { errno: 1406, sqlState: '22001', code: 'ER_DATA_TOO_LONG' });
    expect((targetError(mysqlTooLong, 'w', []) as SqlError).condition).toBe('string_data_right_truncation');

    const refusedConnection = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const outage = targetError(refusedConnection, 'could not connect to PostgreSQL at db:5432 with password=hunter22', ['hunter22']);
    expect(outage).not.toBeInstanceOf(SqlError);
    expect(outage.message).toBe('could not connect to PostgreSQL at db:5432 with password=***: connect ECONNREFUSED 127.0.0.1:5432');

    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
    expect(targetError(shutdown, 'w', [])).not.toBeInstanceOf(SqlError);

    const own = new SqlError('undefined_table', 'target table "t" is missing for hunter22', { detail: 'password=hunter22', hint: 'h' });
    const passed = targetError(own, 'w', ['hunter22']) as SqlError;
    expect([passed.condition, passed.message, passed.detail, passed.hint]).toEqual(['undefined_table', 'target table "t" is missing for ***', 'password=***', 'h']);
  });

  it("reads the causes of an AggregateError (a host's several addresses)", () => {
    const err = Object.assign(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''), { code: 'ECONNREFUSED' });
    expect(errorReason(err)).toBe('ECONNREFUSED: connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
    expect(errorReason('plain')).toBe('plain');
    expect(errorReason(new Error('Connection terminated unexpectedly.'))).toBe('connection terminated unexpectedly');
  });
});
