// Comparison of a query's actual result with the expected lines of a sqllogictest record.
import { createHash } from 'node:crypto';
import type { SltSortMode } from './slt-parser.js';

/** The two sides of a comparison, in the normalized (and sorted) form that was compared, for reports. */
export interface SltComparison {
  readonly matches: boolean;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

const WHITESPACE_RUN = /\s+/g;

/**
 * Trims a line and collapses runs of whitespace to one space. sqllogictest-rs compares lines modulo spacing,
 * and the peer files sometimes align columns with two spaces.
 */
export function normalizeLine(line: string): string {
  return line.trim().replace(WHITESPACE_RUN, ' ');
}

/*
 * Spelling equivalences. Tally prints values exactly as PostgreSQL does (that is what pg-wire clients expect),
 * while a peer suite's expected lines hold the peer engine's spelling of the same value. Where the two spell one
 * value differently, the EXPECTED side is rewritten to PostgreSQL's spelling. The list stays short and is
 * limited to spelling: it must never make two different values compare equal.
 *
 * 1. A timestamptz at UTC offset zero: RisingWave prints `2020-01-01 00:00:00+00:00`, PostgreSQL
 *    `2020-01-01 00:00:00+00`. The timestamp holds a space, so the rewrite works on whole lines, matching a
 *    timestamp that stands alone between spaces (an optional ` BC` may follow, as in PostgreSQL).
 */
const UTC_OFFSET_LONG_FORM = /(^|\s)(\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\+00:00(?=\s|$)/g;

/** Normalizes an expected line and rewrites the peer spellings listed above to PostgreSQL's. */
export function normalizeExpectedLine(line: string): string {
  return normalizeLine(line).replace(UTC_OFFSET_LONG_FORM, '$1$2+00');
}

/** The expected form of a result too large to list (sqllogictest's hash-threshold): `N values hashing to <md5>`. */
export function hashValues(values: readonly string[]): string {
  const hash = createHash('md5');
  for (const value of values) hash.update(`${value}\n`);
  return `${values.length} values hashing to ${hash.digest('hex')}`;
}

const byCodeUnits = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

const splitValues = (lines: readonly string[]): string[] => lines.flatMap((line) => (line === '' ? [] : line.split(' ')));

/** The cells that a hash covers, in sqllogictest's order: row by row, after the sort the mode asks for. */
function hashedValues(rows: readonly (readonly string[])[], sortMode: SltSortMode): string[] {
  let normalizedRows = rows.map((cells) => cells.map(normalizeLine));
  if (sortMode === 'rowsort') {
    normalizedRows = normalizedRows
      .map((cells) => ({ cells, line: cells.join(' ') }))
      .sort((left, right) => byCodeUnits(left.line, right.line))
      .map((entry) => entry.cells);
  }
  const values = normalizedRows.flat();
  return sortMode === 'valuesort' ? values.sort(byCodeUnits) : values;
}

function linesEqual(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let lineIdx = 0; lineIdx < left.length; lineIdx++) if (left[lineIdx] !== right[lineIdx]) return false;
  return true;
}

/**
 * Compares a query's actual rows (cells already in text form: `NULL`, `(empty)`, ...) with a record's expected
 * lines. Rows are joined with single spaces and normalized on both sides; `rowsort` sorts the lines of both
 * sides, `valuesort` sorts all values of both sides; with `hashThreshold > 0` a result of more values than that
 * is compared as its hash line. Column types are not checked.
 */
export function compareQueryResult(
  expectedLines: readonly string[],
  actualRows: readonly (readonly string[])[],
  sortMode: SltSortMode,
  hashThreshold: number,
): SltComparison {
  let expected = expectedLines.map(normalizeExpectedLine);
  let actual = actualRows.map((cells) => normalizeLine(cells.join(' ')));
  if (sortMode === 'rowsort') {
    expected.sort(byCodeUnits);
    actual.sort(byCodeUnits);
  } else if (sortMode === 'valuesort') {
    expected = splitValues(expected).sort(byCodeUnits);
    actual = splitValues(actual).sort(byCodeUnits);
  }
  if (hashThreshold > 0) {
    const values = hashedValues(actualRows, sortMode);
    if (values.length > hashThreshold) actual = [hashValues(values)];
  }
  return { matches: linesEqual(expected, actual), expected, actual };
}
