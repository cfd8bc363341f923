// ValueReader: decodes values and rows written by ValueWriter, exactly (tags, -0, NaN, numeric scale, bigints).
import { Interval } from '../types/interval.js';
import { Numeric } from '../types/numeric.js';
import type { Row, Value } from '../types/value.js';
import { ValueTag } from './value-tag.js';

/** Strings up to this many bytes are decoded in JavaScript: below it a native call costs more than the loop. */
const SHORT_STRING_BYTES = 10;
const EMPTY = Buffer.alloc(0);

/**
 * Eight bytes seen as a float64 and as an int64. Copying into them is cheaper than a DataView per input (a
 * DataView costs an allocation, and the store hands out a new buffer per entry).
 */
const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchFloat = new Float64Array(scratch);
const scratchInt64 = new BigInt64Array(scratch);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const corrupt = (what: string, position: number): Error =>
  new Error(`could not decode stored value: ${what} at byte ${position}`);

/**
 * A reusable decoder over one byte array at a time: `reset(bytes)`, then `read...` in the order things were
 * written. Decoded strings, numerics, byte arrays and arrays never alias the input, which may be a buffer that
 * the store reuses.
 */
export class ValueReader {
  private bytes: Buffer = EMPTY;
  private position = 0;

  /** Starts reading `bytes` from the beginning. */
  reset(bytes: Uint8Array): this {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.position = 0;
    return this;
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  /** A row written by `ValueWriter.writeRow`. */
  readRow(): Row {
    const length = this.readUint();
    this.need(length);
    const row: Value[] = new Array<Value>(length);
    for (let columnIdx = 0; columnIdx < length; columnIdx++) row[columnIdx] = this.readValue();
    return row;
  }

  /** An unsigned varint written by `ValueWriter.writeUint`. */
  readUint(): number {
    const bytes = this.bytes;
    let byte = bytes[this.position++]!;
    if (byte < 0x80) return byte;
    let result = byte & 0x7f;
    let multiplier = 0x80;
    do {
      if (this.position >= bytes.length) throw corrupt('truncated integer', this.position);
      byte = bytes[this.position++]!;
      result += (byte & 0x7f) * multiplier;
      multiplier *= 0x80;
    } while (byte >= 0x80);
    return result;
  }

  /** One value with its tag. */
  readValue(): Value {
    if (this.position >= this.bytes.length) throw corrupt('missing value', this.position);
    const tag = this.bytes[this.position++]!;
    switch (tag) {
      case ValueTag.NULL: return null;
      case ValueTag.FALSE: return false;
      case ValueTag.TRUE: return true;
      case ValueTag.INT32: {
        const zigzag = this.readUint();
        return (zigzag >>> 1) ^ -(zigzag & 1);
      }
      case ValueTag.FLOAT64: return this.readFloat64();
      case ValueTag.INT64: return this.readInt64();
      case ValueTag.BIGINT_POSITIVE: return this.readBigMagnitude();
      case ValueTag.BIGINT_NEGATIVE: return -this.readBigMagnitude();
      case ValueTag.STRING: return this.readString();
      case ValueTag.STRING_UTF16: return this.readUtf16String();
      case ValueTag.NUMERIC_POSITIVE: {
        const scale = this.readUint();
        return new Numeric(this.readUint(), scale);
      }
      case ValueTag.NUMERIC_NEGATIVE: {
        const scale = this.readUint();
        return new Numeric(-this.readUint(), scale);
      }
      case ValueTag.NUMERIC_BIG: return this.readBigNumeric();
      case ValueTag.NUMERIC_NAN: return Numeric.NAN;
      case ValueTag.NUMERIC_POSITIVE_INFINITY: return Numeric.POSITIVE_INFINITY;
      case ValueTag.NUMERIC_NEGATIVE_INFINITY: return Numeric.NEGATIVE_INFINITY;
      case ValueTag.INTERVAL: return this.readInterval();
      case ValueTag.BYTES: return this.readBytes();
      case ValueTag.ARRAY: return this.readArray();
      default: throw corrupt(`unrecognized tag ${tag}`, this.position - 1);
    }
  }

  private readFloat64(): number {
    this.toScratch();
    return scratchFloat[0]!;
  }

  private readInt64(): bigint {
    this.toScratch();
    return scratchInt64[0]!;
  }

  /** Moves the next eight (little-endian) bytes into `scratch`, in the machine's byte order. */
  private toScratch(): void {
    this.need(8);
    const bytes = this.bytes;
    const position = this.position;
    if (littleEndian) for (let byteIdx = 0; byteIdx < 8; byteIdx++) scratchBytes[byteIdx] = bytes[position + byteIdx]!;
    else for (let byteIdx = 0; byteIdx < 8; byteIdx++) scratchBytes[7 - byteIdx] = bytes[position + byteIdx]!;
    this.position = position + 8;
  }

  private readBigMagnitude(): bigint {
    const byteCount = this.readUint();
    this.need(byteCount);
    const hex = this.bytes.toString('hex', this.position, this.position + byteCount);
    this.position += byteCount;
    return BigInt('0x' + hex);
  }

  private readString(): string {
    const byteCount = this.readUint();
    this.need(byteCount);
    const bytes = this.bytes;
    const start = this.position;
    const end = start + byteCount;
    this.position = end;
    if (byteCount <= SHORT_STRING_BYTES) {
      let text = '';
      for (let byteIdx = start; byteIdx < end; byteIdx++) {
        const byte = bytes[byteIdx]!;
        if (byte >= 0x80) return bytes.toString('utf8', start, end);
        text += String.fromCharCode(byte);
      }
      return text;
    }
    return bytes.toString('utf8', start, end);
  }

  private readUtf16String(): string {
    const length = this.readUint();
    this.need(length * 2);
    let text = '';
    const bytes = this.bytes;
    for (let charIdx = 0; charIdx < length; charIdx++) {
      text += String.fromCharCode(bytes[this.position]! | (bytes[this.position + 1]! << 8));
      this.position += 2;
    }
    return text;
  }

  private readBigNumeric(): Numeric {
    const scale = this.readUint();
    const unscaled = this.readValue();
    if (typeof unscaled !== 'bigint') throw corrupt('numeric without an integer', this.position);
    return new Numeric(unscaled, scale);
  }

  private readInterval(): Interval {
    const months = this.readValue();
    const days = this.readValue();
    const micros = this.readValue();
    if (typeof months !== 'number' || typeof days !== 'number' || typeof micros !== 'bigint') {
      throw corrupt('interval with fields of the wrong types', this.position);
    }
    return new Interval(months, days, micros);
  }

  private readBytes(): Uint8Array {
    const byteCount = this.readUint();
    this.need(byteCount);
    const copy = new Uint8Array(byteCount);
    copy.set(this.bytes.subarray(this.position, this.position + byteCount));
    this.position += byteCount;
    return copy;
  }

  private readArray(): Value[] {
    const length = this.readUint();
    // Each element takes at least one byte: a larger count is corrupt, and must not allocate.
    this.need(length);
    const items: Value[] = new Array<Value>(length);
    for (let itemIdx = 0; itemIdx < length; itemIdx++) items[itemIdx] = this.readValue();
    return items;
  }

  private need(byteCount: number): void {
    if (this.position + byteCount > this.bytes.length) throw corrupt(`truncated data (${byteCount} bytes expected)`, this.position);
  }
}
