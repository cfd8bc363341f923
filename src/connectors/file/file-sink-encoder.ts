// The contents of one part file of a file sink: Parquet or JSON lines, from the rows of one partition.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Row } from '../../types/value.js';
import { JsonLinesEncoder } from './file-sink-json-lines-encoder.js';
import type { FileSinkSettings } from './file-sink-options.js';
import { ParquetEncoder } from './file-sink-parquet-encoder.js';

/** Which batches a part file holds, recorded in Parquet files' key-value metadata. */
export interface PartOrigin {
  readonly sink: string;
  readonly first: number;
  readonly last: number;
}

/** Encodes rows into the bytes of one complete file; made once per writer, called once per file. */
export interface PartEncoder {
  /** The file name extension, without the dot. */
  readonly extension: string;
  /** Throws SqlError when a value cannot be stored (a NaN into a Parquet DECIMAL). */
  encode(rows: readonly Row[], origin: PartOrigin): Uint8Array;
}

export function partEncoderFor(settings: FileSinkSettings, columns: readonly ColumnInfo[]): PartEncoder {
  return settings.encode === 'parquet' ? new ParquetEncoder(columns) : new JsonLinesEncoder(columns, settings.json);
}
