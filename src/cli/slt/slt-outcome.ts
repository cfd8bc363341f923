// The result of running sqllogictest records: counts, failures and skips, mergeable across files.

/** One record that did not behave as its file expects. */
export interface SltFailure {
  readonly file: string;
  /** 1-based line of the record's header; null when the whole file failed (it could not be read, say). */
  readonly line: number | null;
  /** What went wrong, in a few words: `query result mismatch`, `statement failed`, ... */
  readonly what: string;
  readonly sql?: string;
  /** Expected lines (or the expected error), in the form that was compared. */
  readonly expected?: readonly string[];
  /** Actual lines, in the form that was compared. */
  readonly actual?: readonly string[];
  /** The actual error, when the record failed with one. */
  readonly error?: string;
}

/** One record that was not run, and why. */
export interface SltSkip {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** Counts of records (statements, queries, system commands) by result. */
export interface SltOutcome {
  passed: number;
  failed: number;
  skipped: number;
  failures: SltFailure[];
  skips: SltSkip[];
}

export const emptySltOutcome = (): SltOutcome => ({ passed: 0, failed: 0, skipped: 0, failures: [], skips: [] });

/** Adds `part` into `total` (mutating and returning `total`). */
export function addSltOutcome(total: SltOutcome, part: SltOutcome): SltOutcome {
  total.passed += part.passed;
  total.failed += part.failed;
  total.skipped += part.skipped;
  total.failures.push(...part.failures);
  total.skips.push(...part.skips);
  return total;
}
