// Keys of operator state in the checkpoint store: `<jobId>/<operatorId>/<userKey>` byte strings.

const encoder = new TextEncoder();
/** '%' and '/' inside an id are escaped, so that one job's or operator's prefix never covers another's. */
const ID_SPECIAL = /[%/]/g;
const escapeId = (id: string): string => id.replace(ID_SPECIAL, (char) => (char === '%' ? '%25' : '%2F'));

/**
 * The prefix of every state key of a job (`<jobId>/`), or of one operator of it (`<jobId>/<operatorId>/`):
 * `scanState` restores and `stateDropPrefixes` drops through it. Operators compute their prefix once, at build.
 */
export function stateKeyPrefix(jobId: string, operatorId?: string | number): Uint8Array {
  const text = operatorId === undefined ? `${escapeId(jobId)}/` : `${escapeId(jobId)}/${escapeId(String(operatorId))}/`;
  return encoder.encode(text);
}

/** The store key of `userKey` (any bytes, e.g. an encoded group key) under an operator's prefix. */
export function stateKey(prefix: Uint8Array, userKey: Uint8Array): Uint8Array {
  const key = Buffer.allocUnsafe(prefix.length + userKey.length);
  key.set(prefix, 0);
  key.set(userKey, prefix.length);
  return key;
}

/** The user key part of a store key under `prefix` (a view, not a copy). */
export function userKeyOf(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  return key.subarray(prefix.length);
}

/**
 * The least key above every key that starts with `prefix` (the exclusive end of its range), or undefined when
 * no such key exists (an empty prefix or one of only 0xff bytes). Self-contained, as `hasPrefix`: the store's
 * writer thread runs their source text.
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  for (let byteIdx = prefix.length - 1; byteIdx >= 0; byteIdx--) {
    if (prefix[byteIdx] !== 0xff) {
      const end = Uint8Array.prototype.slice.call(prefix, 0, byteIdx + 1);
      end[byteIdx] += 1;
      return end;
    }
  }
  return undefined;
}

/** Whether `bytes` starts with `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let byteIdx = 0; byteIdx < prefix.length; byteIdx++) if (bytes[byteIdx] !== prefix[byteIdx]) return false;
  return true;
}
