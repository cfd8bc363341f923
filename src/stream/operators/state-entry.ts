// The pieces every operator's checkpoint entries share: signed counts in the value codec, and decoding checks.
import type { ValueReader, ValueWriter } from '../../storage/value-codec.js';

/**
 * Writes a multiplicity, which may be negative (a stream can retract before it inserts): as a value, so that
 * small counts take one or two bytes.
 */
export function writeCount(writer: ValueWriter, count: number): ValueWriter {
  return writer.writeValue(count);
}

/** Reads what `writeCount` wrote; `operator` names the state in the error. */
export function readCount(reader: ValueReader, operator: string): number {
  const count = reader.readValue();
  if (typeof count !== 'number' || !Number.isSafeInteger(count)) throw corruptState(operator, 'a count that is not an integer');
  return count;
}

/** Throws unless every byte of the entry has been read. */
export function expectEnd(reader: ValueReader, operator: string): void {
  if (!reader.done) throw corruptState(operator, 'trailing bytes in an entry');
}

export const corruptState = (operator: string, detail: string): Error =>
  new Error(`could not restore ${operator} state: ${detail}`);

export const checkpointsNotEnabled = (operator: string): Error =>
  new Error(`${operator} asked for a checkpoint without enableCheckpoints (this is a bug)`);
