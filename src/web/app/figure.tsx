// A figure on screen with the attributes that tie it to its view, row and column (tests compare them).
import { formatFigure, type FigureKind } from './format.js';
import type { ViewRow } from './view-rows.js';

/** The key of `row` on screen: its key columns' values joined with "|" ("" for a one-row view). */
export const rowKey = (row: ViewRow, keyColumns: readonly string[]): string => keyColumns.map((column) => String(row[column])).join('|');

/**
 * `data-view`, `data-key`, `data-column` say where the figure comes from; `data-value` holds the value as the
 * API sent it (absent for NULL), so that the screen can be checked against the view.
 */
export function figureAttributes(view: string, key: string, column: string, value: unknown): Record<string, string | undefined> {
  return {
    'data-view': view,
    'data-key': key,
    'data-column': column,
    'data-value': value === null || value === undefined ? undefined : String(value),
  };
}

export interface FigureProps {
  readonly view: string;
  readonly row: ViewRow;
  readonly keyColumns: readonly string[];
  readonly column: string;
  readonly kind: FigureKind;
  readonly class?: string;
}

/** One value as a span. */
export function Figure({ view, row, keyColumns, column, kind, class: className }: FigureProps) {
  return (
    <span class={className} {...figureAttributes(view, rowKey(row, keyColumns), column, row[column])}>
      {formatFigure(kind, row[column])}
    </span>
  );
}

const TEXT_KINDS: ReadonlySet<FigureKind> = new Set(['text', 'minute', 'hour', 'second', 'day', 'flag']);

/** One value as a table cell; numbers right-aligned. */
export function FigureCell(props: FigureProps) {
  const { view, row, keyColumns, column, kind } = props;
  return (
    <td class={TEXT_KINDS.has(kind) ? undefined : 'num'} {...figureAttributes(view, rowKey(row, keyColumns), column, row[column])}>
      {kind === 'flag' && row[column] === true ? <span class="flag">{formatFigure(kind, row[column])}</span> : formatFigure(kind, row[column])}
    </td>
  );
}
