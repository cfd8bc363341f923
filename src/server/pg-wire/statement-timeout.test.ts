import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { formatStatementTimeout, parseStatementTimeout, withStatementTimeout } from './statement-timeout.js';

describe('statement_timeout', () => {
  it("takes milliseconds or PostgreSQL's units, and shows the largest unit that divides the value", () => {
    expect(parseStatementTimeout('0')).toBe(0);
    expect(parseStatementTimeout('1500')).toBe(1500);
    expect(parseStatementTimeout(' 5s ')).toBe(5000);
    expect(parseStatementTimeout('1.5min')).toBe(90_000);
    expect(parseStatementTimeout('2h')).toBe(7_200_000);
    expect(formatStatementTimeout(0)).toBe('0');
    expect(formatStatementTimeout(1500)).toBe('1500ms');
    expect(formatStatementTimeout(90_000)).toBe('90s');
    expect(formatStatementTimeout(7_200_000)).toBe('2h');
    expect(formatStatementTimeout(86_400_000)).toBe('1d');
  });

  it('refuses what PostgreSQL refuses', () => {
    expect(() => parseStatementTimeout('soon')).toThrow('invalid value for parameter "statement_timeout": "soon"');
    expect(() => parseStatementTimeout('5 weeks')).toThrow(SqlError);
    expect(() => parseStatementTimeout('-1')).toThrow(SqlError);
    expect(() => parseStatementTimeout('30d')).toThrow('2592000000 ms is outside the valid range for parameter "statement_timeout" (0 .. 2147483647)');
  });

  it("aborts the statement's signal at the timeout, or when the connection's signal aborts", async () => {
    const timedOut = withStatementTimeout(undefined, 5, (signal) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))));
    await expect(timedOut).rejects.toMatchObject({ condition: 'query_canceled', message: 'canceling statement due to statement timeout' });
    const connection = new AbortController();
    const canceled = withStatementTimeout(connection.signal, 60_000, (signal) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))));
    connection.abort(new SqlError('query_canceled', 'canceling statement due to user request'));
    await expect(canceled).rejects.toMatchObject({ message: 'canceling statement due to user request' });
    // Without a timeout the connection's own signal is passed on.
    await expect(withStatementTimeout(connection.signal, 0, async (signal) => signal)).resolves.toBe(connection.signal);
  });
});
