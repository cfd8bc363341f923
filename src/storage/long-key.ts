// Storage form of state keys longer than LMDB allows: a truncated key plus a hash, the full key in the value.
import { createHash } from 'node:crypto';

/**
 * Keys up to this many bytes are stored as they are. LMDB (as lmdb-js builds it) takes keys up to 1,978 bytes;
 * a longer key is stored as its first DIRECT_KEY_LIMIT bytes plus its SHA-256 (1,932 bytes), so a stored key is
 * longer than DIRECT_KEY_LIMIT exactly when it is in the long form.
 */
export const DIRECT_KEY_LIMIT = 1900;
const HASH_BYTES = 32;
/** Bytes of the full key's length at the head of a long entry's stored value (a 32-bit count). */
const LENGTH_BYTES = 4;

/** True when `key` must be stored in the long form. */
export const isLongKey = (key: Uint8Array): boolean => key.length > DIRECT_KEY_LIMIT;

/**
 * The stored key of a long key: its first DIRECT_KEY_LIMIT bytes (so that prefix ranges still find it) then
 * the hash of the whole (so that distinct long keys with a common head stay distinct).
 */
export function longStoredKey(key: Uint8Array): Buffer {
  const stored = Buffer.allocUnsafe(DIRECT_KEY_LIMIT + HASH_BYTES);
  stored.set(key.subarray(0, DIRECT_KEY_LIMIT), 0);
  createHash('sha256').update(key).digest().copy(stored, DIRECT_KEY_LIMIT);
  return stored;
}

/** The stored value of a long key's entry: the full key's length, the full key, then the value. */
export function longStoredValue(key: Uint8Array, value: Uint8Array): Buffer {
  const stored = Buffer.allocUnsafe(LENGTH_BYTES + key.length + value.length);
  stored.writeUInt32LE(key.length, 0);
  stored.set(key, LENGTH_BYTES);
  stored.set(value, LENGTH_BYTES + key.length);
  return stored;
}

/**
 * The full key and the value of a long entry's stored value (views into it). Self-contained (4 is
 * LENGTH_BYTES): the store's writer thread runs its source text.
 */
export function splitLongValue(stored: Buffer): [key: Buffer, value: Buffer] {
  const keyLength = stored.readUInt32LE(0);
  return [stored.subarray(4, 4 + keyLength), stored.subarray(4 + keyLength)];
}
