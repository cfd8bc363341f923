// StatePack: state entries of one checkpoint packed into one growable buffer, handed whole to the store's writer thread.
import { DIRECT_KEY_LIMIT, longStoredKey, longStoredValue } from './long-key.js';

const INITIAL_BYTES = 64 * 1024;
const LENGTH_BYTES = 4;

/**
 * State keys (and, for puts, values) appended one after another as `u32 key length, key[, u32 value length,
 * value]`, little-endian, in stored form (a key over DIRECT_KEY_LIMIT bytes becomes its long form here). One
 * buffer goes to the writer thread in one copy, where thousands of small arrays would each be cloned; and an
 * entry is written straight into it, prefix and key together, with no array of its own on the way.
 */
export class StatePack {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private entries = 0;

  constructor(
    /** Whether entries carry values (puts) or keys only (deletes). */
    readonly withValues: boolean,
  ) {}

  /** Entries appended. */
  get size(): number {
    return this.entries;
  }

  /** Appends the entry of key `prefix` + `userKey` (and `value`, for a pack of puts). */
  add(prefix: Uint8Array, userKey: Uint8Array, value?: Uint8Array): void {
    if (prefix.length + userKey.length > DIRECT_KEY_LIMIT) {
      const key = Buffer.concat([prefix, userKey]);
      this.append(EMPTY, longStoredKey(key), this.withValues ? longStoredValue(key, value!) : undefined);
      return;
    }
    this.append(prefix, userKey, this.withValues ? value! : undefined);
  }

  /** Appends a whole key as it is given (its long form is made here when needed). */
  addKey(key: Uint8Array, value?: Uint8Array): void {
    this.add(EMPTY, key, value);
  }

  /** The packed bytes so far (a view: posting it to the writer thread copies it, and the pack stays as it is). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /** Writes one entry: its key as `head` and `tail` together, then its value if it has one. */
  private append(head: Uint8Array, tail: Uint8Array, value: Uint8Array | undefined): void {
    const keyLength = head.length + tail.length;
    this.reserve(LENGTH_BYTES + keyLength + (value === undefined ? 0 : LENGTH_BYTES + value.length));
    const buffer = this.buffer;
    let at = putLength(buffer, this.used, keyLength);
    if (head.length > 0) buffer.set(head, at);
    buffer.set(tail, at + head.length);
    at += keyLength;
    if (value !== undefined) {
      at = putLength(buffer, at, value.length);
      buffer.set(value, at);
      at += value.length;
    }
    this.used = at;
    this.entries++;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.used + bytes) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}

const EMPTY = new Uint8Array(0);

/** A u32 little-endian at `at`, as `writeUInt32LE` writes it without its argument checks (a length is one). */
function putLength(buffer: Uint8Array, at: number, length: number): number {
  buffer[at] = length & 0xff;
  buffer[at + 1] = (length >>> 8) & 0xff;
  buffer[at + 2] = (length >>> 16) & 0xff;
  buffer[at + 3] = length >>> 24;
  return at + LENGTH_BYTES;
}

/**
 * Calls `each(key, value)` for every entry of a pack's bytes (views into them; a pack of deletes gives each key as
 * its value too). Self-contained (4 is LENGTH_BYTES): the store's writer thread runs its source text.
 */
export function unpackState(packed: Uint8Array, withValues: boolean, each: (key: Uint8Array, value: Uint8Array) => void): void {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  let at = 0;
  while (at < packed.length) {
    const keyLength = view.getUint32(at, true);
    const key = packed.subarray(at + 4, at + 4 + keyLength);
    at += 4 + keyLength;
    if (!withValues) {
      each(key, key);
      continue;
    }
    const valueLength = view.getUint32(at, true);
    each(key, packed.subarray(at + 4, at + 4 + valueLength));
    at += 4 + valueLength;
  }
}
