// Tests of the failure and summary lines that the slt runner prints.
import { describe, expect, it } from 'vitest';
import { emptySltOutcome } from './slt-outcome.js';
import { formatSltFailure, formatSltSkip, formatSltSummary } from './slt-report.js';

describe('formatSltFailure', () => {
  it('prints the location, SQL, expected and actual lines', () => {
    const lines = formatSltFailure({
      file: 'union.slt', line: 12, what: 'query result mismatch', sql: 'select *\nfrom v', expected: ['1 2 3'], actual: [],
    });
    expect(lines).toEqual([
      'union.slt:12: query result mismatch',
      '    [SQL] select *',
      '          from v',
      '    [Expected]',
      '        1 2 3',
      '    [Actual] (no rows)',
    ]);
  });

  it('prints the error of a failed statement, and a whole-file failure without a line', () => {
    expect(formatSltFailure({ file: 'a.slt', line: 3, what: 'statement failed', sql: 'select x', error: 'column "x" does not exist' })).toEqual([
      'a.slt:3: statement failed',
      '    [SQL] select x',
      '    [Error] column "x" does not exist',
    ]);
    expect(formatSltFailure({ file: 'b.slt', line: null, what: 'could not read file' })).toEqual(['b.slt: could not read file']);
  });
});

describe('formatSltSummary', () => {
  it('counts records, with skipped ones only when there are some', () => {
    const outcome = emptySltOutcome();
    outcome.passed = 7;
    outcome.failed = 2;
    expect(formatSltSummary(outcome)).toBe('7 passed, 2 failed');
    outcome.skipped = 1;
    expect(formatSltSummary(outcome)).toBe('7 passed, 2 failed, 1 skipped');
    expect(formatSltSkip({ file: 'c.slt', line: 4, reason: 'onlyif postgres' })).toBe('c.slt:4: skipped: onlyif postgres');
  });
});
