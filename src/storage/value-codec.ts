// The binary row codec of checkpoints: encodeRow and decodeRow over a shared ValueWriter and ValueReader.
import type { Row, Value } from '../types/value.js';
import { ValueReader } from './value-reader.js';
import { ValueWriter } from './value-writer.js';

export { ValueReader } from './value-reader.js';
export { ValueWriter } from './value-writer.js';

/** Shared by the one-shot functions: JavaScript runs one call at a time, and none of them re-enters. */
const sharedWriter = new ValueWriter();
const sharedReader = new ValueReader();

/**
 * A row's bytes, exactly sized and owned by the caller (a checkpoint delta keeps them until the commit). The
 * encoding preserves every value exactly: its kind, -0, NaN, a numeric's scale (2.0 and 2.00 stay apart),
 * bigints of any size, strings of any content.
 */
export function encodeRow(row: readonly Value[]): Uint8Array {
  return sharedWriter.reset().writeRow(row).copyBytes();
}

/** The row that `encodeRow` encoded into `bytes`; throws on bytes that are not exactly one encoded row. */
export function decodeRow(bytes: Uint8Array): Row {
  const row = sharedReader.reset(bytes).readRow();
  if (!sharedReader.done) throw new Error('could not decode stored row: trailing bytes');
  return row;
}
