// A source the benchmark pushes rows into, read by the engine at each barrier as a topic would be.
import type { SourceConnector, SourceReader } from '../src/stream/source.js';
import type { Row } from '../src/types/value.js';

/**
 * `connector = 'queue'`: rows pushed by the benchmark, in order, read by the one reader from its position on.
 * Rows already read are dropped; a restart is not supported (the benchmark never restarts).
 */
export class QueueSource implements SourceConnector {
  readonly name = 'queue';
  private rows: Row[] = [];
  private next = 0;
  /** Rows read so far. */
  private read = 0;

  validate(): void {}

  push(rows: readonly Row[]): void {
    for (const row of rows) this.rows.push(row);
  }

  /** Rows pushed and not read yet. */
  get waiting(): number {
    return this.rows.length - this.next;
  }

  async open(): Promise<SourceReader> {
    return {
      poll: async (maxRecords) => {
        const rows = this.rows.slice(this.next, this.next + maxRecords);
        this.next += rows.length;
        this.read += rows.length;
        // Compacts once most of the array has been read, so that a long run does not keep every row.
        if (this.next > 100_000 && this.next * 2 > this.rows.length) {
          this.rows = this.rows.slice(this.next);
          this.next = 0;
        }
        return { changes: { rows, weights: rows.map(() => 1) }, deadLetters: [] };
      },
      position: () => this.read,
      close: async () => undefined,
    };
  }
}
