// A source reading rows from a list in memory that tests append to; its position is the index of the next row.
import type { SourceConnector, SourceReader } from '../../src/stream/source.js';
import type { Row } from '../../src/types/value.js';

/** `connector = 'list'`: every reader reads `records` from its position on, as a topic with one partition. */
export class ListSource implements SourceConnector {
  readonly name = 'list';
  readonly records: Row[] = [];

  validate(): void {}

  async open(_spec: unknown, position: unknown): Promise<SourceReader> {
    let next = typeof position === 'number' ? position : 0;
    return {
      poll: async (maxRecords) => {
        const rows = this.records.slice(next, next + maxRecords);
        next += rows.length;
        return { changes: { rows, weights: rows.map(() => 1) }, deadLetters: [] };
      },
      position: () => next,
      close: async () => undefined,
    };
  }
}
