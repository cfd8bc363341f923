// Result rows on the wire: RowDescription fields and DataRow values, each column in text or binary format.
import type { ResultColumn } from '../../engine/statement-result.js';
import type { DataType } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import type { FieldDescription } from './backend-messages.js';
import { binaryEncoder } from './binary-format.js';
import type { MessageWriter } from './message-writer.js';
import { wireType } from './type-oids.js';
import { WireError } from './wire-error.js';

const TEXT_FORMAT = 0;

/** Writes one non-null value of a column as a DataRow field (length and bytes). */
export type FieldWriter = (w: MessageWriter, value: Value) => void;

/**
 * Each column's format from Bind's result format codes: none means all text, one applies to every column,
 * otherwise one per column.
 */
export function resultFormats(codes: readonly number[], columnCount: number): number[] {
  if (codes.length === 0) return new Array<number>(columnCount).fill(TEXT_FORMAT);
  if (codes.length === 1) return new Array<number>(columnCount).fill(codes[0]!);
  if (codes.length !== columnCount) {
    throw new WireError('08P01', `bind message has ${codes.length} result formats but query has ${columnCount} columns`);
  }
  return [...codes];
}

export function fieldDescriptions(columns: readonly ResultColumn[], formats: readonly number[]): FieldDescription[] {
  return columns.map((column, index) => {
    const { oid, size } = wireType(column.type);
    return { name: column.name, typeOid: oid, typeSize: size, format: formats[index] ?? TEXT_FORMAT };
  });
}

export function fieldWriters(columns: readonly ResultColumn[], formats: readonly number[]): FieldWriter[] {
  return columns.map((column, index) => (formats[index] === TEXT_FORMAT ? textWriter(column.type) : binaryWriter(column.type)));
}

function textWriter(type: DataType): FieldWriter {
  return (w, value) => void w.lengthPrefixedString(formatValue(type, value)!);
}

function binaryWriter(type: DataType): FieldWriter {
  const encode = binaryEncoder(type);
  return (w, value) => {
    const at = w.beginLength();
    encode(w, value);
    w.endLength(at);
  };
}

/** Writes DataRow messages for `rows[from..to)`. */
export function writeDataRows(w: MessageWriter, rows: readonly (readonly Value[])[], from: number, to: number, writers: readonly FieldWriter[]): void {
  const width = writers.length;
  for (let rowIdx = from; rowIdx < to; rowIdx++) {
    const row = rows[rowIdx]!;
    w.begin('D').int16(width);
    for (let columnIdx = 0; columnIdx < width; columnIdx++) {
      const value = row[columnIdx] ?? null;
      if (value === null) w.int32(-1);
      else writers[columnIdx]!(w, value);
    }
    w.end();
  }
}
