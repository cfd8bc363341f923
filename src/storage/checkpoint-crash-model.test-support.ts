// The checkpoints of the crash test: epoch E's delta, and the state it leaves, both functions of E alone.
import { createHash } from 'node:crypto';
import type { CheckpointDelta } from './checkpoint-delta.js';
import { stateKey, stateKeyPrefix } from './state-key.js';

export const CRASH_PREFIX = stateKeyPrefix('crash', 1);
const KEY_COUNT = 3000;
/** One entry per epoch is large, so that a commit spans many pages and a kill often lands inside one. */
const BIG_VALUE_BYTES = 256 * 1024;
const BIG_KEY = stateKey(CRASH_PREFIX, Buffer.from('big'));

const keyOf = (index: number): Uint8Array => stateKey(CRASH_PREFIX, Buffer.from(`k${String(index).padStart(5, '0')}`));

/** Present in epoch E's state: every key but a fifth, a different fifth each epoch. */
const isLive = (epoch: number, index: number): boolean => (index + epoch) % 5 !== 0;

function valueOf(epoch: number, index: number): Uint8Array {
  const value = Buffer.allocUnsafe(16 + ((index * 7919 + epoch * 31) % 700));
  value.writeUInt32LE(epoch, 0);
  value.writeUInt32LE(index, 4);
  for (let byteIdx = 8; byteIdx < value.length; byteIdx++) value[byteIdx] = (epoch * 13 + index + byteIdx) & 0xff;
  return value;
}

/** The state after epoch `epoch`'s checkpoint, in key order ('big' sorts before the 'k' keys). */
export function crashState(epoch: number): [Uint8Array, Uint8Array][] {
  const entries: [Uint8Array, Uint8Array][] = [[BIG_KEY, Buffer.alloc(BIG_VALUE_BYTES, epoch & 0xff)]];
  for (let index = 0; index < KEY_COUNT; index++) if (isLive(epoch, index)) entries.push([keyOf(index), valueOf(epoch, index)]);
  return entries;
}

/** SHA-256 of entries in the order given (each key and value with its length). */
export function stateChecksum(entries: Iterable<readonly [Uint8Array, Uint8Array]>): string {
  const hash = createHash('sha256');
  const length = Buffer.alloc(4);
  for (const [key, value] of entries) {
    length.writeUInt32LE(key.length, 0);
    hash.update(length).update(key);
    length.writeUInt32LE(value.length, 0);
    hash.update(length).update(value);
  }
  return hash.digest('hex');
}

/** Epoch `epoch`'s delta over epoch - 1's state, with the checksum of the state it leaves as a position. */
export function crashDelta(epoch: number): CheckpointDelta {
  const state = crashState(epoch);
  const deletes: Uint8Array[] = [];
  for (let index = 0; index < KEY_COUNT; index++) if (!isLive(epoch, index)) deletes.push(keyOf(index));
  return {
    stateDeletes: deletes,
    statePuts: state,
    positions: [['checksum', stateChecksum(state)], ['epoch', epoch]],
    catalogPuts: [['marker', `epoch ${epoch}`]],
  };
}
