// Multiset comparison of two text results, and its rendering as a short, readable diff.
import type { TextRow } from './text-result.js';

/** Rows PostgreSQL has that Tally lacks (`missing`) and rows Tally has in excess (`extra`), with multiplicity. */
export interface RowDiff {
  readonly missing: readonly TextRow[];
  readonly extra: readonly TextRow[];
}

/** Compares two row lists as multisets: order does not matter, duplicates do. */
export function diffRows(expected: readonly TextRow[], actual: readonly TextRow[]): RowDiff {
  // Row key → (row, expected count minus actual count).
  const balance = new Map<string, { row: TextRow; count: number }>();
  for (const row of expected) {
    const key = JSON.stringify(row);
    const entry = balance.get(key);
    if (entry) entry.count++;
    else balance.set(key, { row, count: 1 });
  }
  for (const row of actual) {
    const key = JSON.stringify(row);
    const entry = balance.get(key);
    if (entry) entry.count--;
    else balance.set(key, { row, count: -1 });
  }
  const missing: TextRow[] = [];
  const extra: TextRow[] = [];
  for (const { row, count } of balance.values()) {
    for (let copy = 0; copy < count; copy++) missing.push(row);
    for (let copy = 0; copy < -count; copy++) extra.push(row);
  }
  return { missing, extra };
}

export const isEmptyDiff = (diff: RowDiff): boolean => diff.missing.length === 0 && diff.extra.length === 0;

/** A row as psql shows it: values separated by " | ", NULL spelled out, the empty string as ''. */
export function formatRow(row: readonly (string | null)[]): string {
  return row.map((value) => (value === null ? 'NULL' : value === '' ? "''" : value)).join(' | ');
}

/**
 * The diff as lines, "-" for rows only PostgreSQL has and "+" for rows only Tally has, sorted so that a wrong
 * row and its right version usually sit next to each other. At most `limit` lines, then a count of the rest.
 */
export function formatRowDiff(diff: RowDiff, limit = 24): string[] {
  const lines = [
    ...diff.missing.map((row) => ({ text: formatRow(row), mark: '-' })),
    ...diff.extra.map((row) => ({ text: formatRow(row), mark: '+' })),
  ];
  lines.sort((left, right) => (left.text < right.text ? -1 : left.text > right.text ? 1 : left.mark < right.mark ? -1 : 1));
  const shown = lines.slice(0, limit).map((line) => `${line.mark} ${line.text}`);
  if (lines.length > limit) shown.push(`… and ${lines.length - limit} more`);
  return shown;
}

/** Beyond this many wrong rows per side, near twins are not searched (the search is quadratic). */
const MAX_ROWS_TO_PAIR = 200;

/**
 * A hint for wrong rows that have a near twin on the other side (at least half of the columns equal): how
 * many such pairs there are and which columns differ in them, e.g. `13 rows differ only in: aov (13)`.
 * Null when no row has a twin.
 */
export function describeNearTwins(diff: RowDiff, columns: readonly string[]): string | null {
  const extras = diff.extra.slice(0, MAX_ROWS_TO_PAIR);
  const paired = new Set<number>();
  const differing = new Map<number, number>();
  let pairs = 0;
  for (const missing of diff.missing.slice(0, MAX_ROWS_TO_PAIR)) {
    let bestIdx = -1;
    let bestEqual = Math.ceil(missing.length / 2) - 1;
    extras.forEach((extra, extraIdx) => {
      if (paired.has(extraIdx) || extra.length !== missing.length) return;
      let equal = 0;
      for (let columnIdx = 0; columnIdx < missing.length; columnIdx++) if (extra[columnIdx] === missing[columnIdx]) equal++;
      if (equal > bestEqual) {
        bestEqual = equal;
        bestIdx = extraIdx;
      }
    });
    if (bestIdx < 0) continue;
    paired.add(bestIdx);
    pairs++;
    const twin = extras[bestIdx]!;
    missing.forEach((value, columnIdx) => {
      if (twin[columnIdx] !== value) differing.set(columnIdx, (differing.get(columnIdx) ?? 0) + 1);
    });
  }
  if (pairs === 0) return null;
  const columnsText = [...differing]
    .sort(([left], [right]) => left - right)
    .map(([columnIdx, count]) => `${columns[columnIdx] ?? `column ${columnIdx + 1}`} (${count})`)
    .join(', ');
  return `${pairs} Tally ${pairs === 1 ? 'row differs' : 'rows differ'} from a PostgreSQL row only in: ${columnsText}`;
}
