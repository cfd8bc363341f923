// Text report of sqllogictest failures and totals, in the spirit of sqllogictest-rs's output.
import type { SltFailure, SltOutcome, SltSkip } from './slt-outcome.js';

const INDENT = '    ';

const location = (file: string, line: number | null): string => (line === null ? file : `${file}:${line}`);

function indentBlock(label: string, text: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  return [`${INDENT}${label} ${first}`, ...rest.map((line) => `${INDENT}${' '.repeat(label.length + 1)}${line}`)];
}

function listLines(label: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [`${INDENT}${label} (no rows)`];
  return [`${INDENT}${label}`, ...lines.map((line) => `${INDENT}${INDENT}${line}`)];
}

/** The lines that describe one failing record: `file:line: what`, then its SQL, expected and actual output. */
export function formatSltFailure(failure: SltFailure): string[] {
  const out = [`${location(failure.file, failure.line)}: ${failure.what}`];
  if (failure.sql !== undefined) out.push(...indentBlock('[SQL]', failure.sql));
  if (failure.expected !== undefined) out.push(...listLines('[Expected]', failure.expected));
  if (failure.actual !== undefined) out.push(...listLines('[Actual]', failure.actual));
  if (failure.error !== undefined) out.push(...indentBlock('[Error]', failure.error));
  return out;
}

/** The line that reports a record that was not run. */
export const formatSltSkip = (skip: SltSkip): string => `${location(skip.file, skip.line)}: skipped: ${skip.reason}`;

/** The closing line: `N passed, M failed`, plus `, K skipped` when records were skipped. */
export function formatSltSummary(outcome: SltOutcome): string {
  const summary = `${outcome.passed} passed, ${outcome.failed} failed`;
  return outcome.skipped > 0 ? `${summary}, ${outcome.skipped} skipped` : summary;
}
