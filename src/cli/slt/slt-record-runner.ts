// Runs parsed sqllogictest records, one by one, against one engine session and checks each against its file.
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { compareQueryResult } from './slt-compare.js';
import { emptySltOutcome } from './slt-outcome.js';
import type { SltFailure, SltOutcome } from './slt-outcome.js';
import type { SltCondition, SltExpectedError, SltRecord, SltSortMode } from './slt-parser.js';

/** One statement's result, as `Engine.execute` returns it. */
export type SltStatementResult =
  | { readonly kind: 'command'; readonly tag: string }
  | {
      readonly kind: 'rows';
      readonly tag: string;
      readonly columns: readonly { readonly name: string; readonly type: DataType }[];
      readonly rows: readonly (readonly Value[])[];
    };

/** The part of `Engine` that the runner uses; tests pass a fake. */
export interface SltEngine {
  /** `signal` aborts when the record times out: a query still running stops instead of going on behind the next. */
  execute(sql: string, options?: { signal?: AbortSignal }): Promise<readonly SltStatementResult[]>;
}

export interface SltRunOptions {
  /** Print every record's result (`file:line: ok`), not only failures. */
  readonly verbose?: boolean;
  /** Where verbose lines go; stdout by default. */
  readonly out?: (line: string) => void;
  /** A record that takes longer fails, and the rest of the file is skipped; default 20 s. */
  readonly recordTimeoutMs?: number;
}

/** The label that `skipif`/`onlyif` test: records for other engines (`onlyif postgres`) are skipped. */
export const TALLY_LABEL = 'tally';
const DEFAULT_RECORD_TIMEOUT_MS = 20_000;
/** Lines of an internal error's stack shown in reports, enough to find the throwing function. */
const STACK_LINES_SHOWN = 6;

type Execution =
  | { readonly kind: 'ok'; readonly results: readonly SltStatementResult[] }
  /** A SqlError: the engine rejected the SQL or the data, as a user error. The message includes detail and hint. */
  | { readonly kind: 'sql-error'; readonly message: string }
  /** Anything else thrown: a bug in the engine. */
  | { readonly kind: 'internal-error'; readonly message: string }
  | { readonly kind: 'timeout' };

class RecordTimeout {}

type ThrownExecution = Extract<Execution, { kind: 'sql-error' | 'internal-error' }>;

function describeThrown(err: unknown): ThrownExecution {
  if (err instanceof SqlError) {
    const parts = [err.message];
    if (err.detail !== undefined) parts.push(`DETAIL: ${err.detail}`);
    if (err.hint !== undefined) parts.push(`HINT: ${err.hint}`);
    return { kind: 'sql-error', message: parts.join('\n') };
  }
  if (err instanceof Error) {
    const stack = (err.stack ?? `${err.name}: ${err.message}`).split('\n').slice(0, STACK_LINES_SHOWN).join('\n');
    return { kind: 'internal-error', message: stack };
  }
  return { kind: 'internal-error', message: String(err) };
}

async function execute(engine: SltEngine, sql: string, timeoutMs: number): Promise<Execution> {
  let timer: NodeJS.Timeout | undefined;
  const stop = new AbortController();
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      stop.abort();
      reject(new RecordTimeout());
    }, timeoutMs);
    timer.unref();
  });
  try {
    return { kind: 'ok', results: await Promise.race([engine.execute(sql, { signal: stop.signal }), timeout]) };
  } catch (err) {
    return err instanceof RecordTimeout ? { kind: 'timeout' } : describeThrown(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a record is skipped under its conditions, or null to run it. */
function conditionSkipReason(conditions: readonly SltCondition[]): string | null {
  for (const condition of conditions) {
    if (condition.kind === 'skipif' && condition.label === TALLY_LABEL) return `skipif ${condition.label}`;
    if (condition.kind === 'onlyif' && condition.label !== TALLY_LABEL) return `onlyif ${condition.label}`;
  }
  return null;
}

const describeExpectedError = (error: SltExpectedError): string[] => {
  switch (error.kind) {
    case 'any': return ['an error'];
    case 'regex': return [`an error matching /${error.source}/`];
    case 'block': return ['an error (the peer wording is not compared):', ...error.text.split('\n')];
  }
};

/** Formats one cell as sqllogictest expects it: PostgreSQL's text form, `NULL`, `(empty)` for an empty string. */
function formatCell(type: DataType, value: Value): string {
  const text = formatValue(type, value);
  if (text === null) return 'NULL';
  return text === '' ? '(empty)' : text;
}

/** Splits `INSERT 0 3` / `UPDATE 2` into its row count; null when the tag has none. */
function tagRowCount(result: SltStatementResult): number | null {
  if (result.kind === 'rows') return result.rows.length;
  const count = /(\d+)$/.exec(result.tag);
  return count ? Number(count[1]) : null;
}

/** Runs records in order on one engine. Skips and failures carry the record's file and line. */
export class SltRecordRunner {
  private readonly outcome = emptySltOutcome();
  private sortMode: SltSortMode = 'nosort';
  private hashThreshold = 0;
  private readonly timeoutMs: number;
  private readonly out: (line: string) => void;

  constructor(private readonly engine: SltEngine, private readonly options: SltRunOptions = {}) {
    this.timeoutMs = options.recordTimeoutMs ?? DEFAULT_RECORD_TIMEOUT_MS;
    this.out = options.out ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** Runs all records (stopping at `halt`) and returns what happened. Call once. */
  async run(records: readonly SltRecord[]): Promise<SltOutcome> {
    for (let recordIdx = 0; recordIdx < records.length; recordIdx++) {
      const record = records[recordIdx];
      if (record.kind === 'halt') break;
      const timedOut = await this.runRecord(record);
      if (timedOut) {
        this.skipRest(records.slice(recordIdx + 1), 'not run: an earlier record timed out');
        break;
      }
    }
    return this.outcome;
  }

  /** Returns true when the record timed out, after which the engine's state is unknown. */
  private async runRecord(record: SltRecord): Promise<boolean> {
    switch (record.kind) {
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, record.durationMs));
        return false;
      case 'hash-threshold':
        this.hashThreshold = record.threshold;
        return false;
      case 'sortmode':
        this.sortMode = record.sortMode;
        return false;
      case 'include':
      case 'halt':
        return false;
      case 'system':
        this.skip(record.file, record.line, 'system commands are not run by the tally runner');
        return false;
      case 'statement':
      case 'query': {
        const skipReason = conditionSkipReason(record.conditions);
        if (skipReason !== null) {
          this.skip(record.file, record.line, skipReason);
          return false;
        }
        const execution = await execute(this.engine, record.sql, this.timeoutMs);
        const failure = record.kind === 'statement' ? this.checkStatement(record, execution) : this.checkQuery(record, execution);
        if (failure === null) this.pass(record.file, record.line);
        else this.fail(failure);
        return execution.kind === 'timeout';
      }
    }
  }

  private checkStatement(record: Extract<SltRecord, { kind: 'statement' }>, execution: Execution): SltFailure | null {
    const base = { file: record.file, line: record.line, sql: record.sql };
    const expect = record.expect;
    if (expect.kind === 'error') return this.checkError(base, expect.error, execution, 'statement');
    const unexpected = this.unexpectedError(base, execution, 'statement');
    if (unexpected !== null || execution.kind !== 'ok' || expect.kind === 'ok') return unexpected;
    const last = execution.results.at(-1);
    const count = last === undefined ? null : tagRowCount(last);
    if (count === expect.count) return null;
    return { ...base, what: 'statement row count mismatch', expected: [String(expect.count)], actual: [String(count)] };
  }

  private checkQuery(record: Extract<SltRecord, { kind: 'query' }>, execution: Execution): SltFailure | null {
    const base = { file: record.file, line: record.line, sql: record.sql };
    const expect = record.expect;
    if (expect.kind === 'error') return this.checkError(base, expect.error, execution, 'query');
    const unexpected = this.unexpectedError(base, execution, 'query');
    if (unexpected !== null || execution.kind !== 'ok') return unexpected;
    const last = execution.results.at(-1);
    if (last === undefined || last.kind !== 'rows') {
      return { ...base, what: `query returned no result set (${last === undefined ? 'no statement' : `command tag "${last.tag}"`})` };
    }
    let actualRows: string[][];
    try {
      actualRows = last.rows.map((row) => last.columns.map((column, columnIdx) => formatCell(column.type, row[columnIdx])));
    } catch (err) {
      return { ...base, what: 'could not format the result', error: describeThrown(err).message };
    }
    const comparison = compareQueryResult(expect.lines, actualRows, expect.sortMode ?? this.sortMode, this.hashThreshold);
    if (comparison.matches) return null;
    return { ...base, what: 'query result mismatch', expected: comparison.expected, actual: comparison.actual };
  }

  /** The failure of a record expected to succeed, or null when it succeeded. */
  private unexpectedError(base: Pick<SltFailure, 'file' | 'line' | 'sql'>, execution: Execution, noun: string): SltFailure | null {
    switch (execution.kind) {
      case 'ok': return null;
      case 'sql-error': return { ...base, what: `${noun} failed`, error: execution.message };
      case 'internal-error': return { ...base, what: `${noun} failed with an internal error`, error: execution.message };
      case 'timeout': return { ...base, what: `${noun} timed out after ${this.timeoutMs} ms` };
    }
  }

  /**
   * The failure of a record expected to fail, or null when it failed as expected. An internal error (an engine
   * bug) never counts as the expected failure: the peer expects a proper rejection.
   */
  private checkError(base: Pick<SltFailure, 'file' | 'line' | 'sql'>, expected: SltExpectedError, execution: Execution, noun: string): SltFailure | null {
    const expectedLines = describeExpectedError(expected);
    switch (execution.kind) {
      case 'ok':
        return { ...base, what: `${noun} is expected to fail, but succeeded`, expected: expectedLines };
      case 'timeout':
        return { ...base, what: `${noun} timed out after ${this.timeoutMs} ms`, expected: expectedLines };
      case 'internal-error':
        return { ...base, what: `${noun} failed with an internal error`, expected: expectedLines, error: execution.message };
      case 'sql-error':
        if (expected.kind !== 'regex' || expected.pattern.test(execution.message)) return null;
        return { ...base, what: `${noun} error message mismatch`, expected: expectedLines, error: execution.message };
    }
  }

  private pass(file: string, line: number): void {
    this.outcome.passed++;
    if (this.options.verbose) this.out(`${file}:${line}: ok`);
  }

  private fail(failure: SltFailure): void {
    this.outcome.failed++;
    this.outcome.failures.push(failure);
    if (this.options.verbose) this.out(`${failure.file}:${failure.line}: FAILED: ${failure.what}`);
  }

  private skip(file: string, line: number, reason: string): void {
    this.outcome.skipped++;
    this.outcome.skips.push({ file, line, reason });
    if (this.options.verbose) this.out(`${file}:${line}: skipped: ${reason}`);
  }

  private skipRest(records: readonly SltRecord[], reason: string): void {
    for (const record of records) {
      if (record.kind === 'statement' || record.kind === 'query' || record.kind === 'system') this.skip(record.file, record.line, reason);
    }
  }
}
