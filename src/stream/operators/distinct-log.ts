// DistinctLog: a DISTINCT aggregate's counts kept in the checkpoint store as a log of changes, in sealed chunks.
import { encodeRow, ValueWriter } from '../../storage/value-codec.js';
import type { Value } from '../../types/value.js';
import type { DistinctArgs } from './distinct-args.js';
import { corruptState } from './state-entry.js';

/**
 * Pairs a chunk is sealed at. A checkpoint rewrites the unsealed tail of every changed group (inside the group's
 * own entry), and writes a chunk entry once per this many changes: small enough that the tail stays a small part
 * of the entry, large enough that chunk entries (each an LMDB put, about as dear as a few kilobytes of value) stay
 * few.
 */
export const DISTINCT_CHUNK_PAIRS = 64;

/**
 * The (tuple, weight) changes of one group's DISTINCT counts since the last sealed chunk. Stored, a group's
 * counts are the sum of its sealed chunks, in order, then of its tail: what a checkpoint writes is the tail, and
 * a new chunk when the tail has grown to `DISTINCT_CHUNK_PAIRS`, so that its cost follows the changes, not the
 * size of the set (rewriting each changed group's whole set made every commit grow over a window).
 * Retractions are logged too; when the chunks hold more than twice the live tuples, a checkpoint rewrites them
 * from the counts (compaction), which keeps the stored log, and the cost of a restore, within a constant factor
 * of the state.
 *
 * The tail is rewritten by every checkpoint until it is sealed, a pair about three times over: each checkpoint
 * encodes only the changes since the one before and keeps the bytes, which the next checkpoints and the sealed
 * chunk reuse as they are.
 */
export class DistinctLog {
  /** Changes since the last checkpoint: tuple, weight, tuple, weight ..., oldest first, after `encodedTail`'s. */
  tail: Value[] = [];
  /** The older changes not in a sealed chunk, encoded one value after another (`ValueWriter.writeValues`). */
  encodedTail: Uint8Array = EMPTY;
  /** Values (two per pair) in `encodedTail`. */
  encodedValues = 0;
  /** Sealed chunks stored, numbered 0 to `sealedChunks` - 1. */
  sealedChunks = 0;
  /** Pairs in those chunks. */
  sealedPairs = 0;
}

/** Where a checkpoint puts and deletes one group's sealed chunks of one DISTINCT aggregate. */
export interface DistinctChunkWriter {
  /** Stores chunk `chunk`: its pairs' values as one encoded row (`encodeRow` of them), read before `put` returns. */
  put(chunk: number, row: Uint8Array): void;
  delete(chunk: number): void;
}

/** What a group's own entry keeps of its DISTINCT log: written by `writeStoredLog`, read by `restoreDistinct`. */
export interface StoredLog {
  readonly sealedChunks: number;
  readonly sealedPairs: number;
  /** The tail's values, encoded, and how many there are. */
  readonly tailValues: number;
  readonly tail: Uint8Array;
}

/** Encodes the tails and sealed chunks: one checkpoint call at a time, and none re-enters. */
const scratch = new ValueWriter();

/**
 * Writes the chunks that `counts`' log sealed since the last checkpoint (or rewrites them all, compacted) and
 * returns what the group's own entry keeps of it.
 */
export function checkpointDistinct(counts: DistinctArgs, chunks: DistinctChunkWriter, chunkPairs = DISTINCT_CHUNK_PAIRS): StoredLog {
  const log = counts.log;
  if (log === undefined) throw new Error('a DISTINCT aggregate asked for a checkpoint without its log (this is a bug)');
  const tailPairs = (log.encodedValues + log.tail.length) / 2;
  if (log.sealedPairs + tailPairs > 2 * counts.size + chunkPairs) {
    const pairs = counts.pairs();
    const full = Math.floor(pairs.length / 2 / chunkPairs);
    const chunkValues = 2 * chunkPairs;
    for (let chunk = 0; chunk < full; chunk++) chunks.put(chunk, encodeRow(pairs.slice(chunk * chunkValues, (chunk + 1) * chunkValues)));
    for (let chunk = full; chunk < log.sealedChunks; chunk++) chunks.delete(chunk);
    log.encodedTail = scratch.reset().writeValues(pairs, full * chunkValues).copyBytes(false);
    log.encodedValues = pairs.length - full * chunkValues;
    log.tail = [];
    log.sealedChunks = full;
    log.sealedPairs = full * chunkPairs;
  } else {
    if (log.tail.length > 0) {
      log.encodedTail = scratch.reset().writeRaw(log.encodedTail).writeValues(log.tail).copyBytes(false);
      log.encodedValues += log.tail.length;
      log.tail = [];
    }
    if (tailPairs >= chunkPairs) {
      chunks.put(log.sealedChunks, scratch.reset().writeUint(log.encodedValues).writeRaw(log.encodedTail).viewBytes());
      log.sealedChunks++;
      log.sealedPairs += tailPairs;
      log.encodedTail = EMPTY;
      log.encodedValues = 0;
    }
  }
  return { sealedChunks: log.sealedChunks, sealedPairs: log.sealedPairs, tailValues: log.encodedValues, tail: log.encodedTail };
}

/** Writes `stored` as one value, the array [sealed chunks, pairs in them, [tail's values]]. */
export function writeStoredLog(writer: ValueWriter, stored: StoredLog): void {
  writer.writeArrayHeader(3).writeValue(stored.sealedChunks).writeValue(stored.sealedPairs).writeArrayHeader(stored.tailValues).writeRaw(stored.tail);
}

/**
 * Rebuilds `counts` (fresh) from the value `writeStoredLog` wrote and the sealed chunks (`chunk(number)`, the
 * pairs stored under it), leaving its log as stored.
 */
export function restoreDistinct(counts: DistinctArgs, saved: Value, chunk: (chunk: number) => readonly Value[] | undefined): void {
  if (!Array.isArray(saved) || saved.length !== 3) throw malformed();
  const [sealedChunks, sealedPairs, tail] = saved as readonly Value[];
  if (typeof sealedChunks !== 'number' || typeof sealedPairs !== 'number' || !Array.isArray(tail)) throw malformed();
  for (let chunkNo = 0; chunkNo < sealedChunks; chunkNo++) {
    const pairs = chunk(chunkNo);
    if (pairs === undefined) throw corruptState('DISTINCT aggregate', `chunk ${chunkNo} of ${sealedChunks} is missing`);
    counts.replay(pairs);
  }
  counts.replay(tail as readonly Value[]);
  const log = counts.log;
  if (log !== undefined) {
    log.sealedChunks = sealedChunks;
    log.sealedPairs = sealedPairs;
    log.tail = (tail as readonly Value[]).slice();
  }
}

const malformed = (): Error => corruptState('DISTINCT aggregate', 'a malformed log');

const EMPTY = new Uint8Array(0);
