// Parquet part files: one row group per 100,000 rows, Snappy-compressed, exact column types.
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Row } from '../../types/value.js';
import type { PartEncoder, PartOrigin } from './file-sink-encoder.js';
import { parquetColumn, type ParquetColumn } from './file-sink-parquet-columns.js';

const ROW_GROUP_ROWS = 100_000;
const CREATED_BY = 'tally';

/** Encodes a partition's rows into a whole Parquet file, columns as `parquetColumn` maps them. */
export class ParquetEncoder implements PartEncoder {
  readonly extension = 'parquet';
  private readonly columns: readonly ParquetColumn[];
  private readonly schema: SchemaElement[];

  constructor(columns: readonly ColumnInfo[]) {
    this.columns = columns.map(parquetColumn);
    this.schema = [{ name: 'root', num_children: columns.length }, ...this.columns.map((c) => c.element)];
  }

  encode(rows: readonly Row[], origin: PartOrigin): Uint8Array {
    const columnData: ColumnSource[] = this.columns.map((column, columnIdx) => {
      const data = new Array<unknown>(rows.length);
      const convert = column.convert;
      for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
        const value = rows[rowIdx]![columnIdx] ?? null;
        data[rowIdx] = value === null ? null : convert(value);
      }
      return { name: column.element.name, data };
    });
    const buffer = parquetWriteBuffer({
      columnData,
      schema: this.schema,
      rowGroupSize: ROW_GROUP_ROWS,
      createdBy: CREATED_BY,
      kvMetadata: [
        { key: 'tally.sink', value: origin.sink },
        { key: 'tally.batches', value: `${origin.first}-${origin.last}` },
      ],
    });
    return new Uint8Array(buffer);
  }
}
