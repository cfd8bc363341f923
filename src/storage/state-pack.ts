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
    const keyLength = prefix.length + userKey.length;
    if (keyLength > DIRECT_KEY_LIMIT) {
      const key = Buffer.concat([prefix, userKey]);
      this.addStored(longStoredKey(key), this.withValues ? longStoredValue(key, value!) : undefined);
      return;
    }
    this.reserve(LENGTH_BYTES + keyLength + (this.withValues ? LENGTH_BYTES + value!.length : 0));
    const buffer = this.buffer;
    let at = buffer.writeUInt32LE(keyLength, this.used);
    buffer.set(prefix, at);
    buffer.set(userKey, at + prefix.length);
    at += keyLength;
    if (this.withValues) {
      at = buffer.writeUInt32LE(value!.length, at);
      buffer.set(value!, at);
      at += value!.length;
    }
    this.used = at;
    this.entries++;
  }

  /** Appends a whole key as it is given (its long form is made here when needed). */
  addKey(key: Uint8Array, value?: Uint8Array): void {
    this.add(EMPTY, key, value);
  }

  /** The packed bytes so far (a view: posting it to the writer thread copies it, and the pack stays as it is). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  private addStored(key: Uint8Array, value: Uint8Array | undefined): void {
    this.reserve(LENGTH_BYTES + key.length + (value ? LENGTH_BYTES + value.length : 0));
    let at = this.buffer.writeUInt32LE(key.length, this.used);
    this.buffer.set(key, at);
    at += key.length;
    if (value) {
      at = this.buffer.writeUInt32LE(value.length, at);
      this.buffer.set(value, at);
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
