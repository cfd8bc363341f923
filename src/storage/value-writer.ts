// ValueWriter: encodes values and rows into a reusable, growing byte buffer (the format is in value-tag.ts).
import { Interval } from '../types/interval.js';
import { Numeric } from '../types/numeric.js';
import type { Value } from '../types/value.js';
import { ValueTag } from './value-tag.js';

const INITIAL_CAPACITY = 256;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Matches a surrogate that is not half of a pair: UTF-8 cannot carry it, so such strings go as UTF-16. */
const LONE_SURROGATE = /\p{Surrogate}/u;
/** The most bytes `putUint` writes (a safe integer has 53 bits: 8 groups of 7). */
const MAX_UINT_BYTES = 8;

/**
 * Writes the unsigned varint of a non-negative safe integer at `position`, returning the position after it.
 * The caller has made room for MAX_UINT_BYTES.
 */
function putUint(bytes: Uint8Array, position: number, n: number): number {
  if (n < 0x80) {
    bytes[position] = n;
    return position + 1;
  }
  if (n <= 0x7fffffff) {
    while (n >= 0x80) {
      bytes[position++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    bytes[position] = n;
    return position + 1;
  }
  // Above 2^31 bit operations would truncate: divide instead.
  while (n >= 0x80) {
    bytes[position++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  bytes[position] = n;
  return position + 1;
}

/**
 * A reusable encoder. The runtime keeps one per operator (or per thread of work) and encodes state entries
 * through it: `reset`, `write...`, then `copyBytes()` for bytes that must outlive the next encoding (a
 * checkpoint delta) or `viewBytes()` for bytes consumed at once. The buffer grows as needed and is kept, so
 * encoding allocates nothing but the result.
 */
export class ValueWriter {
  private bytes: Buffer;
  private view: DataView;
  private position = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.bytes = Buffer.allocUnsafeSlow(initialCapacity);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Number of bytes written since the last reset. */
  get length(): number {
    return this.position;
  }

  /** Starts a new encoding, reusing the buffer. */
  reset(): this {
    this.position = 0;
    return this;
  }

  /**
   * A copy of the bytes written since the last reset, exactly sized. Node's small-buffer pool makes it several
   * times cheaper than `new Uint8Array(length)`, but a small copy holds on to its whole 8 KiB slab: bytes kept for
   * long (`pooled` false) get memory of their own.
   */
  copyBytes(pooled = true): Uint8Array {
    if (!pooled) return new Uint8Array(this.bytes.subarray(0, this.position));
    const copy = Buffer.allocUnsafe(this.position);
    this.bytes.copy(copy, 0, 0, this.position);
    return copy;
  }

  /** The bytes written since the last reset, in place: valid until the next write or reset. */
  viewBytes(): Uint8Array {
    return this.bytes.subarray(0, this.position);
  }

  /** A row: its length, then each value. */
  writeRow(row: readonly Value[]): this {
    return this.writeUint(row.length).writeValues(row);
  }

  /** `items[from..]` as one array value, as `writeValue(items.slice(from))` would write it. */
  writeArrayFrom(items: readonly Value[], from: number): this {
    return this.writeArrayHeader(items.length - from).writeValues(items, from);
  }

  /** The start of an array value of `count` items: the items' values follow. */
  writeArrayHeader(count: number): this {
    this.writeTag(ValueTag.ARRAY);
    return this.writeUint(count);
  }

  /** `values[from..]`, each with its tag, one after another and without a count. */
  writeValues(values: readonly Value[], from = 0): this {
    for (let valueIdx = from; valueIdx < values.length; valueIdx++) this.writeValue(values[valueIdx]!);
    return this;
  }

  /**
   * Bytes encoded earlier, as they are: after `writeUint(n)` or `writeArrayHeader(n)`, the `n` values of a
   * `writeValues`, so that values kept encoded are not encoded again.
   */
  writeRaw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.position);
    this.position += bytes.length;
    return this;
  }

  /** An unsigned varint of a non-negative safe integer (lengths, counts, weights kept beside rows). */
  writeUint(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`cannot encode ${n} as an unsigned integer`);
    this.ensure(MAX_UINT_BYTES);
    this.position = putUint(this.bytes, this.position, n);
    return this;
  }

  /** One value with its tag. */
  writeValue(value: Value): this {
    switch (typeof value) {
      case 'string':
        this.writeString(value);
        return this;
      case 'number':
        this.writeNumber(value);
        return this;
      case 'bigint':
        this.writeBigInt(value);
        return this;
      case 'boolean':
        this.writeTag(value ? ValueTag.TRUE : ValueTag.FALSE);
        return this;
      default:
        this.writeObject(value);
        return this;
    }
  }

  private writeObject(value: Value): void {
    if (value === null) this.writeTag(ValueTag.NULL);
    else if (value instanceof Numeric) this.writeNumeric(value);
    else if (value instanceof Uint8Array) this.writeBytes(value);
    else if (value instanceof Interval) this.writeInterval(value);
    else if (Array.isArray(value)) this.writeArrayFrom(value as readonly Value[], 0);
    else throw new Error(`cannot encode value of type ${typeof value}: ${String(value)}`);
  }

  private writeTag(tag: number): void {
    this.ensure(1);
    this.bytes[this.position++] = tag;
  }

  private writeNumber(value: number): void {
    this.ensure(9);
    const bytes = this.bytes;
    // -0 passes `(value | 0) === value`, but must keep its sign: it goes as a float.
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      bytes[this.position] = ValueTag.INT32;
      this.position = putUint(bytes, this.position + 1, ((value << 1) ^ (value >> 31)) >>> 0);
      return;
    }
    bytes[this.position] = ValueTag.FLOAT64;
    this.view.setFloat64(this.position + 1, value, true);
    this.position += 9;
  }

  private writeBigInt(value: bigint): void {
    if (value >= INT64_MIN && value <= INT64_MAX) {
      this.ensure(9);
      this.bytes[this.position] = ValueTag.INT64;
      this.view.setBigInt64(this.position + 1, value, true);
      this.position += 9;
      return;
    }
    this.writeBigMagnitude(value < 0n ? ValueTag.BIGINT_NEGATIVE : ValueTag.BIGINT_POSITIVE, value < 0n ? -value : value);
  }

  /** Beyond int8 (rare): the magnitude's bytes through its hexadecimal text, which bigint makes cheap. */
  private writeBigMagnitude(tag: number, magnitude: bigint): void {
    let hex = magnitude.toString(16);
    if (hex.length % 2 === 1) hex = '0' + hex;
    const byteCount = hex.length / 2;
    this.ensure(1 + MAX_UINT_BYTES + byteCount);
    const bytes = this.bytes;
    bytes[this.position] = tag;
    let position = putUint(bytes, this.position + 1, byteCount);
    for (let byteIdx = 0; byteIdx < byteCount; byteIdx++) {
      bytes[position++] = parseInt(hex.substring(byteIdx * 2, byteIdx * 2 + 2), 16);
    }
    this.position = position;
  }

  private writeString(text: string): void {
    const length = text.length;
    this.ensure(1 + MAX_UINT_BYTES + length);
    const bytes = this.bytes;
    const tagPosition = this.position;
    bytes[tagPosition] = ValueTag.STRING;
    // ASCII (the common case) has as many bytes as code units, so the length prefix is known up front.
    let position = putUint(bytes, tagPosition + 1, length);
    for (let charIdx = 0; charIdx < length; charIdx++) {
      const code = text.charCodeAt(charIdx);
      if (code >= 0x80) {
        this.position = tagPosition;
        this.writeNonAsciiString(text);
        return;
      }
      bytes[position++] = code;
    }
    this.position = position;
  }

  private writeNonAsciiString(text: string): void {
    if (LONE_SURROGATE.test(text)) {
      this.writeUtf16String(text);
      return;
    }
    const byteCount = Buffer.byteLength(text, 'utf8');
    this.ensure(1 + MAX_UINT_BYTES + byteCount);
    this.bytes[this.position] = ValueTag.STRING;
    const position = putUint(this.bytes, this.position + 1, byteCount);
    this.position = position + this.bytes.write(text, position, byteCount, 'utf8');
  }

  private writeUtf16String(text: string): void {
    this.ensure(1 + MAX_UINT_BYTES + text.length * 2);
    this.bytes[this.position] = ValueTag.STRING_UTF16;
    let position = putUint(this.bytes, this.position + 1, text.length);
    for (let charIdx = 0; charIdx < text.length; charIdx++) {
      this.view.setUint16(position, text.charCodeAt(charIdx), true);
      position += 2;
    }
    this.position = position;
  }

  private writeNumeric(value: Numeric): void {
    if (value.isSpecial()) {
      this.writeTag(
        value.isNaN()
          ? ValueTag.NUMERIC_NAN
          : value.sign() > 0
            ? ValueTag.NUMERIC_POSITIVE_INFINITY
            : ValueTag.NUMERIC_NEGATIVE_INFINITY,
      );
      return;
    }
    const raw = value.raw;
    this.ensure(1 + 2 * MAX_UINT_BYTES);
    const bytes = this.bytes;
    if (typeof raw === 'number') {
      const small = raw;
      bytes[this.position] = small < 0 ? ValueTag.NUMERIC_NEGATIVE : ValueTag.NUMERIC_POSITIVE;
      const position = putUint(bytes, this.position + 1, value.scale);
      this.position = putUint(bytes, position, small < 0 ? -small : small);
      return;
    }
    bytes[this.position] = ValueTag.NUMERIC_BIG;
    this.position = putUint(bytes, this.position + 1, value.scale);
    this.writeBigInt(raw);
  }

  private writeInterval(value: Interval): void {
    this.writeTag(ValueTag.INTERVAL);
    this.writeNumber(value.months);
    this.writeNumber(value.days);
    this.writeBigInt(value.micros);
  }

  private writeBytes(value: Uint8Array): void {
    this.ensure(1 + MAX_UINT_BYTES + value.length);
    this.bytes[this.position] = ValueTag.BYTES;
    const position = putUint(this.bytes, this.position + 1, value.length);
    this.bytes.set(value, position);
    this.position = position + value.length;
  }

  /** Makes room for `needed` more bytes, doubling the buffer (amortized O(1) per byte). */
  private ensure(needed: number): void {
    const required = this.position + needed;
    if (required <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < required) capacity *= 2;
    const grown = Buffer.allocUnsafeSlow(capacity);
    grown.set(this.bytes.subarray(0, this.position));
    this.bytes = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}
