// The pieces every operator's checkpoint entries share: signed counts in the value codec, and decoding checks.
import type { StateWriter } from '../../storage/state-writer.js';
import type { ValueReader, ValueWriter } from '../../storage/value-codec.js';
import type { Value } from '../../types/value.js';

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

/**
 * Writes the entries of a state keyed by one value (DISTINCT's and set operations' counts): every entry the first
 * time (`storeHoldsState` false), afterwards the changed ones — a put while `live`, a delete once it is not (an
 * entry that emptied left the live map at its barrier; a later one of its key replaced it in `changed`).
 */
export function writeKeyedEntries<Entry extends { readonly key: Value }>(
  stateWriter: StateWriter,
  writer: ValueWriter,
  all: Iterable<Entry>,
  changed: Iterable<Entry>,
  storeHoldsState: boolean,
  live: (entry: Entry) => boolean,
  value: (entry: Entry) => Uint8Array,
): void {
  for (const entry of storeHoldsState ? changed : all) {
    const key = writer.reset().writeValue(entry.key).copyBytes();
    if (live(entry)) stateWriter.put(key, value(entry));
    else stateWriter.delete(key);
  }
}
