// JSON lines part files: one JSON object per row, numbers exact, as Kafka sinks encode rows.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Row } from '../../types/value.js';
import { jsonRowEncoder, type JsonEncoding } from '../format/json-row-encoder.js';
import type { PartEncoder } from './file-sink-encoder.js';

/** `{"col":value,...}\n` per row, in the sink's column order (see `jsonRowEncoder` for the value forms). */
export class JsonLinesEncoder implements PartEncoder {
  readonly extension = 'jsonl';
  private readonly encodeRow: (row: Row) => string;

  constructor(columns: readonly ColumnInfo[], encoding: JsonEncoding) {
    this.encodeRow = jsonRowEncoder(columns, columns.map((_, index) => index), encoding);
  }

  encode(rows: readonly Row[]): Uint8Array {
    const lines = new Array<string>(rows.length + 1);
    for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) lines[rowIdx] = this.encodeRow(rows[rowIdx]!);
    lines[rows.length] = '';
    return Buffer.from(lines.join('\n'), 'utf8');
  }
}
