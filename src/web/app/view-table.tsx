// A table of a view's rows: one figure per cell, rows in the order the panel chooses.
import { FigureCell, rowKey } from './figure.js';
import type { FigureKind } from './format.js';
import type { ViewRow } from './view-rows.js';

export interface TableColumn {
  readonly column: string;
  readonly label: string;
  readonly kind: FigureKind;
}

export interface ViewTableProps {
  readonly view: string;
  readonly rows: readonly ViewRow[];
  readonly keyColumns: readonly string[];
  readonly columns: readonly TableColumn[];
  /** Orders the rows (default: as they came). */
  readonly compare?: (a: ViewRow, b: ViewRow) => number;
  /** A class for a row (flagging). */
  readonly rowClass?: (row: ViewRow) => string | undefined;
  /** Scrolls past this height instead of growing the card. */
  readonly scroll?: boolean;
}

export function ViewTable({ view, rows, keyColumns, columns, compare, rowClass, scroll }: ViewTableProps) {
  const ordered = compare ? [...rows].sort(compare) : rows;
  const table = (
    <table>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.column} class={column.kind === 'text' ? undefined : 'num'}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ordered.map((row, rowIdx) => (
          <tr key={`${rowKey(row, keyColumns)}#${rowIdx}`} class={rowClass?.(row)}>
            {columns.map((column) => (
              <FigureCell key={column.column} view={view} row={row} keyColumns={keyColumns} column={column.column} kind={column.kind} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return scroll ? <div class="scroll">{table}</div> : table;
}

/** Descending by a numeric column (NULLs last), then by `tie` ascending: the leaderboards' order. */
export const byDescending =
  (column: string, tie: string) =>
  (a: ViewRow, b: ViewRow): number =>
    numberOf(b[column]) - numberOf(a[column]) || String(a[tie]).localeCompare(String(b[tie]));

const numberOf = (value: unknown): number => (value === null || value === undefined ? -Infinity : Number(value));
