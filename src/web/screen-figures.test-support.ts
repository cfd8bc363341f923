// What the dashboard shows, read from the page, and how it should read: the browser tests compare the screen with
// the views through these.
import { Decimal } from 'decimal.js';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { isoOf, type ShownAs, type ShownView } from './dashboard-fixture.test-support.js';

/** Bounds a wait for the screen to catch up; only a failure waits this long. */
export const SETTLE_MS = 30_000;

/** An element as the page's code sees it (the test's own types have no DOM). */
export interface WithDataset {
  readonly dataset: Readonly<Record<string, string | undefined>>;
}

/** One figure on screen: where it says it comes from, its value as the API sent it, and its text. */
export interface ScreenFigure {
  readonly view: string;
  readonly key: string;
  readonly column: string;
  readonly value: string | null;
  readonly text: string;
}

/** Every figure on the page. */
export async function screenFigures(page: Page): Promise<ScreenFigure[]> {
  return page.$$eval('[data-view][data-column]', (elements) =>
    elements.map((element) => {
      const data = (element as unknown as WithDataset).dataset;
      return { view: data.view!, key: data.key!, column: data.column!, value: data.value ?? null, text: element.textContent ?? '' };
    }),
  );
}

/** Each shown column of each row exactly once, with the row's value and the text the format asks for; nothing else. */
export function compareView(view: ShownView, rows: readonly Record<string, unknown>[], figures: readonly ScreenFigure[]): string[] {
  const problems: string[] = [];
  const expected = new Map(rows.map((row) => [view.keyColumns.map((column) => String(row[column])).join('|'), row]));
  for (const [key, row] of expected) {
    for (const [column, shown] of Object.entries(view.shown)) {
      const matches = figures.filter((figure) => figure.key === key && figure.column === column);
      const where = `${view.name} [${key}] ${column}`;
      if (matches.length !== 1) {
        problems.push(`${where}: ${matches.length} figures on screen`);
        continue;
      }
      const value = row[column] === null ? null : String(row[column]);
      if (matches[0]!.value !== value) problems.push(`${where}: data-value ${matches[0]!.value}, view ${value}`);
      const text = expectedText(shown, row[column]);
      if (matches[0]!.text !== text) problems.push(`${where}: shows "${matches[0]!.text}", expected "${text}"`);
    }
  }
  for (const figure of figures) {
    if (!expected.has(figure.key)) problems.push(`${view.name}: row [${figure.key}] is on screen but not in the view`);
    else if (!(figure.column in view.shown)) problems.push(`${view.name}: column ${figure.column} is on screen but not expected`);
  }
  return problems;
}

/** The dashboard's formats, written independently of its code: decimal.js rounds half away from zero. */
function expectedText(shown: ShownAs, value: unknown): string {
  if (value === null) return shown === 'flag' ? '' : '—';
  const text = String(value);
  const time = new Date(isoOf(text));
  switch (shown) {
    case 'money':
    case 'decimal':
      return grouped(new Decimal(text).toFixed(2));
    case 'count':
      return grouped(new Decimal(text).toFixed(0));
    case 'rate':
      return `${new Decimal(text).times(100).toFixed(1)}%`;
    case 'percent':
      return `${new Decimal(text).toFixed(1)}%`;
    case 'text':
      return text;
    case 'day':
      // A DATE as it is; a day's TIMESTAMPTZ (date_trunc) as its UTC date.
      return text.length <= 10 ? text : time.toISOString().slice(0, 10);
    case 'minute':
      return time.toISOString().slice(11, 16);
    case 'hour':
      return time.toISOString().slice(0, 16).replace('T', ' ');
    case 'second':
      return time.toISOString().slice(11, 19);
    case 'flag':
      return value === true ? 'underperforming' : '';
  }
}

const grouped = (text: string): string => new Intl.NumberFormat('en-US', { minimumFractionDigits: text.split('.')[1]?.length ?? 0, maximumFractionDigits: text.split('.')[1]?.length ?? 0 }).format(text as unknown as number);

/** Polls `problems` until it returns none; fails with the last list if the screen does not catch up. */
export async function settle(problems: () => Promise<string[]>, ms = SETTLE_MS): Promise<void> {
  const deadline = Date.now() + ms;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await problems();
    if (last.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(last.slice(0, 20)).toEqual([]);
}
