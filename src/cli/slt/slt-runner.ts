// Runs sqllogictest files, each against a fresh in-memory Engine: the body of `tally slt` and of the peer-suite test.
import { Engine } from '../../engine.js';
import { addSltOutcome, emptySltOutcome } from './slt-outcome.js';
import type { SltOutcome } from './slt-outcome.js';
import { parseSltFile, SltParseError } from './slt-parser.js';
import type { SltRecord } from './slt-parser.js';
import { SltRecordRunner } from './slt-record-runner.js';
import type { SltRunOptions } from './slt-record-runner.js';
import { formatSltFailure, formatSltSkip, formatSltSummary } from './slt-report.js';

export type { SltFailure, SltOutcome, SltSkip } from './slt-outcome.js';
export type { SltRunOptions } from './slt-record-runner.js';

/** How long closing an engine may take before the runner moves on (a hung engine must not hang the run). */
const CLOSE_TIMEOUT_MS = 5_000;

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** An outcome of one failure for a file that could not be run at all. */
function fileFailure(file: string, line: number | null, what: string, error?: string): SltOutcome {
  const outcome = emptySltOutcome();
  outcome.failed = 1;
  outcome.failures.push(error === undefined ? { file, line, what } : { file, line, what, error });
  return outcome;
}

async function closeEngine(engine: Engine): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    await Promise.race([engine.close(), timeout]);
  } catch {
    // A failing close says nothing about the file's records, which have all been checked by now.
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one sqllogictest file against a fresh engine, record by record. Never throws: a file that cannot be
 * read or parsed, or an engine that cannot open, is one failed record.
 */
export async function runSltFile(path: string, options: SltRunOptions = {}): Promise<SltOutcome> {
  let records: SltRecord[];
  try {
    records = parseSltFile(path);
  } catch (err) {
    if (err instanceof SltParseError) return fileFailure(err.file, err.line, `parse error: ${err.message}`);
    return fileFailure(path, null, 'could not read file', errorMessage(err));
  }
  let engine: Engine;
  try {
    engine = await Engine.open();
  } catch (err) {
    return fileFailure(path, null, 'could not open an engine', errorMessage(err));
  }
  try {
    return await new SltRecordRunner(engine, options).run(records);
  } finally {
    await closeEngine(engine);
  }
}

/**
 * Runs files in order, printing each failure (`file:line: what`, the SQL, expected and actual) and each skipped
 * record as it goes, and ends with the line `N passed, M failed` (plus `, K skipped`). Counts are of records.
 */
export async function runSltFiles(
  paths: readonly string[],
  out: (line: string) => void,
  options: Pick<SltRunOptions, 'verbose' | 'recordTimeoutMs'> = {},
): Promise<SltOutcome> {
  const total = emptySltOutcome();
  for (const path of paths) {
    const outcome = await runSltFile(path, { ...options, out });
    for (const failure of outcome.failures) {
      for (const line of formatSltFailure(failure)) out(line);
      out('');
    }
    for (const skip of outcome.skips) out(formatSltSkip(skip));
    addSltOutcome(total, outcome);
  }
  out(formatSltSummary(total));
  return total;
}
