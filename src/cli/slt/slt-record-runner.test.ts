// Tests of record-by-record checking against a scripted engine.
import { describe, expect, it, vi } from 'vitest';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { parseSlt } from './slt-parser.js';
import { SltRecordRunner } from './slt-record-runner.js';
import type { SltEngine, SltStatementResult } from './slt-record-runner.js';

// The runner's own logic is under test, not PostgreSQL's text forms: a stand-in formatter keeps it independent.
vi.mock('../../types/text-format.js', () => ({
  formatValue: (_type: string, value: Value): string | null =>
    value === null ? null : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value),
}));

type Answer = readonly SltStatementResult[] | Error | 'hang';

/** An engine that answers each SQL text from a script; unknown SQL succeeds as a command. */
class ScriptedEngine implements SltEngine {
  readonly executed: string[] = [];
  /** The signal each statement was run with aborted (the runner stopped it). */
  readonly stopped: string[] = [];
  constructor(private readonly answers: Readonly<Record<string, Answer>>) {}

  async execute(sql: string, options: { signal?: AbortSignal } = {}): Promise<readonly SltStatementResult[]> {
    this.executed.push(sql);
    options.signal?.addEventListener('abort', () => this.stopped.push(sql));
    const answer = this.answers[sql] ?? [{ kind: 'command', tag: 'OK' }];
    if (answer === 'hang') return new Promise(() => {});
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

const rows = (...values: Value[][]): SltStatementResult[] => [
  { kind: 'rows', tag: `SELECT ${values.length}`, columns: [{ name: 'a', type: 'int4' }, { name: 'b', type: 'varchar' }], rows: values },
];

async function run(text: string, answers: Readonly<Record<string, Answer>>, recordTimeoutMs?: number) {
  const engine = new ScriptedEngine(answers);
  const outcome = await new SltRecordRunner(engine, { recordTimeoutMs }).run(parseSlt(text, 'x.slt'));
  return { outcome, executed: engine.executed, stopped: engine.stopped };
}

describe('SltRecordRunner', () => {
  it('passes statements that succeed and fails, with the error, those that throw', async () => {
    const { outcome } = await run('statement ok\ncreate table t (v int)\n\nstatement ok\nselect x\n', {
      'select x': new SqlError('undefined_column', 'column "x" does not exist'),
    });
    expect(outcome).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
    expect(outcome.failures).toEqual([{ file: 'x.slt', line: 4, sql: 'select x', what: 'statement failed', error: 'column "x" does not exist' }]);
  });

  it('checks expected errors against the message, searching with the regex', async () => {
    const text = [
      'statement error does not exist', 'select x', '',
      'statement error division', 'select x', '',
      'statement error', 'select 1', '',
      'query error', 'select crash', '',
      'statement error', 'select y', '----', 'db error: peer wording', '', '',
    ].join('\n');
    const { outcome } = await run(text, {
      'select x': new SqlError('undefined_column', 'column "x" does not exist'),
      'select y': new SqlError('undefined_column', 'column "y" does not exist'),
      'select crash': new TypeError('cannot read properties of undefined'),
    });
    expect(outcome).toMatchObject({ passed: 2, failed: 3 });
    expect(outcome.failures.map((failure) => [failure.line, failure.what])).toEqual([
      [4, 'statement error message mismatch'],
      [7, 'statement is expected to fail, but succeeded'],
      [10, 'query failed with an internal error'],
    ]);
    expect(outcome.failures[0].expected).toEqual(['an error matching /division/']);
    expect(outcome.failures[2].error).toMatch(/^TypeError: cannot read properties of undefined/);
  });

  it('compares query rows, with NULL and (empty) for null and empty strings', async () => {
    const text = ['query IT', 'select a, b', '----', '1 NULL', '2  (empty)', '', 'query IT', 'select c', '----', '1 x', ''].join('\n');
    const { outcome } = await run(text, { 'select a, b': rows([1, null], [2, '']), 'select c': rows([1, 'y']) });
    expect(outcome).toMatchObject({ passed: 1, failed: 1 });
    expect(outcome.failures[0]).toEqual({ file: 'x.slt', line: 7, sql: 'select c', what: 'query result mismatch', expected: ['1 x'], actual: ['1 y'] });
  });

  it('compares the last result of a multi-statement text, and fails a query that returns no rows', async () => {
    const text = ['query I', 'insert into t values (1); select a, b', '----', '1 t', '', 'query I', 'flush', '----', ''].join('\n');
    const { outcome, executed } = await run(text, {
      'insert into t values (1); select a, b': [{ kind: 'command', tag: 'INSERT 0 1' }, ...rows([1, true])],
      flush: [{ kind: 'command', tag: 'FLUSH' }],
    });
    expect(executed).toEqual(['insert into t values (1); select a, b', 'flush']);
    expect(outcome.failures.map((failure) => failure.what)).toEqual(['query returned no result set (command tag "FLUSH")']);
  });

  it('applies control sortmode to queries without their own sort mode', async () => {
    const text = ['query I', 'select a, b', '----', '1 a', '2 b', '', 'control sortmode rowsort', '', 'query I', 'select a, b', '----', '1 a', '2 b', ''].join('\n');
    const { outcome } = await run(text, { 'select a, b': rows([2, 'b'], [1, 'a']) });
    expect(outcome).toMatchObject({ passed: 1, failed: 1 });
    expect(outcome.failures[0].line).toBe(1);
  });

  it('checks statement counts against the command tag', async () => {
    const text = ['statement count 2', 'insert into t values (1), (2)', '', 'statement count 3', 'delete from t', ''].join('\n');
    const { outcome } = await run(text, {
      'insert into t values (1), (2)': [{ kind: 'command', tag: 'INSERT 0 2' }],
      'delete from t': [{ kind: 'command', tag: 'DELETE 2' }],
    });
    expect(outcome).toMatchObject({ passed: 1, failed: 1 });
    expect(outcome.failures[0]).toMatchObject({ what: 'statement row count mismatch', expected: ['3'], actual: ['2'] });
  });

  it('skips records for other engines and system commands, with reasons, and stops at halt', async () => {
    const text = [
      'skipif tally', 'statement ok', 'select 1', '',
      'onlyif postgres', 'statement ok', 'select 2', '',
      'onlyif tally', 'statement ok', 'select 3', '',
      'system ok', 'echo hi', '',
      'halt', '',
      'statement ok', 'select 4', '',
    ].join('\n');
    const { outcome, executed } = await run(text, {});
    expect(executed).toEqual(['select 3']);
    expect(outcome).toMatchObject({ passed: 1, failed: 0, skipped: 3 });
    expect(outcome.skips.map((skip) => [skip.line, skip.reason])).toEqual([
      [2, 'skipif tally'],
      [6, 'onlyif postgres'],
      [13, 'system commands are not run by the tally runner'],
    ]);
  });

  it('fails a record that hangs and skips the rest of the file', async () => {
    const text = ['statement ok', 'select hang', '', 'statement ok', 'select 1', '', 'query I', 'select 2', '----', '2', ''].join('\n');
    const { outcome, executed, stopped } = await run(text, { 'select hang': 'hang' }, 50);
    expect(executed).toEqual(['select hang']);
    // The statement is told to stop: a paced query would otherwise go on working.
    expect(stopped).toEqual(['select hang']);
    expect(outcome).toMatchObject({ passed: 0, failed: 1, skipped: 2 });
    expect(outcome.failures[0].what).toBe('statement timed out after 50 ms');
    expect(outcome.skips[0].reason).toBe('not run: an earlier record timed out');
  });
});
