// Tally rows from upstream tuples in PostgreSQL's text form, converted with the text input of each column's type.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { isArrayType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { parseValue } from '../../types/text-format.js';
import { coerceToModifier } from '../../types/type-modifier.js';
import type { Row, Value } from '../../types/value.js';
import type { TupleValue } from './pgoutput-message.js';
import type { UpstreamTable } from './upstream-table.js';

type TextParser = (text: string) => Value;

/** Text input for a column, fitted to its type modifier as an INSERT would (as the CSV decoder does). */
function textParser(column: ColumnInfo): TextParser {
  const type = column.type;
  const coerce = column.modifier && !isArrayType(type) ? coerceToModifier(type, column.modifier, 'assignment') : undefined;
  return coerce ? (text) => coerce(parseValue(type, text)) : (text) => parseValue(type, text);
}

/**
 * Converts the tuples of one upstream relation (values in the upstream's column order) into rows of the Tally
 * table (its column order), built once per Relation message. Exact: numeric keeps its digits and scale,
 * timestamptz its microseconds, because values go through Tally's text input like CSV fields do.
 */
export class TupleRows {
  /** For each Tally column, its position in upstream tuples, or -1 when the upstream relation lacks it. */
  private readonly sourceIndex: readonly number[];
  private readonly parsers: readonly TextParser[];

  constructor(
    private readonly columns: readonly ColumnInfo[],
    /** The upstream relation's column names, in its order. */
    readonly upstreamNames: readonly string[],
    /** The upstream table's names, for messages. */
    private readonly table: Pick<UpstreamTable, 'displayName' | 'qualifiedName'>,
  ) {
    this.sourceIndex = columns.map((column) => upstreamNames.indexOf(column.name));
    this.parsers = columns.map(textParser);
  }

  /**
   * The row of `tuple`. A TOASTed value the server did not resend (unchanged by an update) is taken from
   * `before` (the old row, with REPLICA IDENTITY FULL). Throws SqlError for a value that does not convert, a
   * column the upstream does not send, or an unchanged TOASTed value with no old row to take it from.
   */
  row(tuple: readonly TupleValue[], before?: readonly TupleValue[]): Row {
    const width = this.columns.length;
    const row: Row = new Array<Value>(width);
    for (let columnIdx = 0; columnIdx < width; columnIdx++) {
      const sourceIdx = this.sourceIndex[columnIdx]!;
      if (sourceIdx < 0) throw this.notReplicated(columnIdx);
      let text = tuple[sourceIdx];
      if (text === undefined) text = before?.[sourceIdx];
      if (text === undefined) throw this.unchangedToast(columnIdx);
      row[columnIdx] = text === null ? null : this.parsers[columnIdx]!(text);
    }
    return row;
  }

  private notReplicated(columnIdx: number): SqlError {
    return new SqlError('undefined_column', `column "${this.columns[columnIdx]!.name}" is not replicated by upstream table ${this.table.displayName}`, {
      hint: 'The upstream table or its publication no longer has this column.',
    });
  }

  private unchangedToast(columnIdx: number): SqlError {
    return new SqlError('feature_not_supported', `the unchanged value of column "${this.columns[columnIdx]!.name}" was not sent by upstream table ${this.table.displayName}`, {
      detail: 'PostgreSQL does not resend large (TOASTed) values that an update left unchanged.',
      hint: `Run ALTER TABLE ${this.table.qualifiedName} REPLICA IDENTITY FULL upstream so that updates carry the old row.`,
    });
  }
}
