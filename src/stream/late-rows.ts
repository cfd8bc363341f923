// Rows that event time refused: changes for windows or sessions the watermark had already closed.

/** Told of a late row by the operator that drops it: the row, its weight and why it is late. */
export type LateRowListener = (row: readonly unknown[], weight: number, reason: string) => void;

/** A late row as its view reports it: the row in PostgreSQL text (`(a,b,...)`), its weight and the reason. */
export interface LateRow {
  readonly payload: string;
  readonly weight: number;
  readonly reason: string;
}
