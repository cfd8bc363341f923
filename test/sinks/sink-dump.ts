// The text form in which the sink crash test compares views, PostgreSQL's answers and target tables.
import type { ColumnInfo } from '../../src/catalog/catalog.js';
import { formatValue, parseValue } from '../../src/types/text-format.js';
import type { TextRow } from '../differential/text-result.js';

/**
 * How a target stores numbers: `exact` keeps a numeric's scale (PostgreSQL's unconstrained numeric), `padded` widens
 * it to the column's fixed scale (MySQL has no unconstrained DECIMAL: the sink creates DECIMAL(65,30)), so that
 * only the value can be compared.
 */
export type NumericForm = 'exact' | 'padded';

/** A decimal's text without the zeros a wider scale adds: `12.500` → `12.5`, `3.000` → `3`. */
function withoutTrailingZeros(text: string): string {
  if (!text.includes('.') || /[eE]/.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Rows of text (as a view dump, PostgreSQL's answer or a target table gives them) in one canonical form: each
 * value parsed as its column's type and printed again; numerics without trailing zeros when `numeric` is padded.
 */
export function canonicalTextRows(rows: readonly TextRow[], columns: readonly ColumnInfo[], numeric: NumericForm): TextRow[] {
  return rows.map((row) =>
    row.map((text, index) => {
      if (text === null) return null;
      const column = columns[index]!;
      const printed = formatValue(column.type, parseValue(column.type, text));
      return printed !== null && numeric === 'padded' && column.type === 'numeric' ? withoutTrailingZeros(printed) : printed;
    }),
  );
}
