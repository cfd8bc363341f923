// The rows of one view as its change stream leaves them: a multiset of row objects, changed per epoch.

/** One row as the HTTP API encodes it: column name to JSON value (numbers exact, as strings where needed). */
export type ViewRow = Readonly<Record<string, unknown>>;

/**
 * Applies a change stream's events: `reset` with a snapshot, `apply` with each epoch's deletes then inserts. A
 * row may occur more than once (a table without a key), so rows are counted, not just kept.
 */
export class ViewRows {
  private readonly counts = new Map<string, { row: ViewRow; count: number }>();

  constructor(rows: readonly ViewRow[]) {
    for (const row of rows) this.add(row);
  }

  apply(deletes: readonly ViewRow[], inserts: readonly ViewRow[]): void {
    for (const row of deletes) this.remove(row);
    for (const row of inserts) this.add(row);
  }

  /** Every row, as many times as it occurs; a new array, so that a render sees a new value. */
  list(): ViewRow[] {
    const rows: ViewRow[] = [];
    for (const { row, count } of this.counts.values()) for (let copy = 0; copy < count; copy++) rows.push(row);
    return rows;
  }

  private add(row: ViewRow): void {
    // Rows of one stream share their column order, so equal rows have equal JSON.
    const key = JSON.stringify(row);
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { row, count: 1 });
  }

  private remove(row: ViewRow): void {
    const key = JSON.stringify(row);
    const entry = this.counts.get(key);
    if (!entry) return;
    if (--entry.count === 0) this.counts.delete(key);
  }
}
