// The text form in which both PostgreSQL's and Tally's answers are compared.

/** One row as PostgreSQL's text output: each column's text, or null for NULL. */
export type TextRow = (string | null)[];

/** A query answer in text form: column names and rows, in no particular order. */
export interface TextResult {
  readonly columns: readonly string[];
  readonly rows: readonly TextRow[];
}
