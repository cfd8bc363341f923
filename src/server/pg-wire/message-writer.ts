// An output buffer that backend messages are serialized into, to be sent to the socket in large writes.

const INITIAL_CAPACITY = 16 * 1024;
const MAX_KEPT_CAPACITY = 1024 * 1024;

/**
 * Accumulates messages: `begin(type)` starts one, field writers append, `end()` fills in its length. The
 * connection takes the bytes with `take()` when it flushes (at ReadyForQuery, Flush, or when `size` is large).
 */
export class MessageWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private offset = 0;
  private messageStart = -1;

  /** Bytes written and not yet taken. */
  get size(): number {
    return this.offset;
  }

  /** Starts a message of type `type` (one ASCII letter); its length is written by `end()`. */
  begin(type: string): this {
    this.ensure(5);
    this.buffer[this.offset] = type.charCodeAt(0);
    this.messageStart = this.offset + 1;
    this.offset += 5;
    return this;
  }

  /**
   * Drops a message begun and not ended (an error struck while writing it), so that the stream stays framed;
   * the messages ended before it stay.
   */
  abandonMessage(): this {
    if (this.messageStart >= 0) this.offset = this.messageStart - 1;
    this.messageStart = -1;
    return this;
  }

  /** Ends the message begun last, writing its length. */
  end(): this {
    this.buffer.writeInt32BE(this.offset - this.messageStart, this.messageStart);
    this.messageStart = -1;
    return this;
  }

  int8(value: number): this {
    this.ensure(1);
    this.buffer[this.offset++] = value & 0xff;
    return this;
  }

  /** A 16-bit field; values from 32768 to 65535 are written as their unsigned bits (numeric's sign flags). */
  int16(value: number): this {
    this.ensure(2);
    this.buffer.writeUInt16BE(value & 0xffff, this.offset);
    this.offset += 2;
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.buffer.writeInt32BE(value, this.offset);
    this.offset += 4;
    return this;
  }

  int64(value: bigint): this {
    this.ensure(8);
    this.buffer.writeBigInt64BE(value, this.offset);
    this.offset += 8;
    return this;
  }

  float32(value: number): this {
    this.ensure(4);
    this.buffer.writeFloatBE(value, this.offset);
    this.offset += 4;
    return this;
  }

  float64(value: number): this {
    this.ensure(8);
    this.buffer.writeDoubleBE(value, this.offset);
    this.offset += 8;
    return this;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(value: string): this {
    this.ensure(value.length * 3 + 1);
    this.offset += this.buffer.write(value, this.offset, 'utf8');
    this.buffer[this.offset++] = 0;
    return this;
  }

  /** UTF-8 bytes with no terminator. */
  string(value: string): this {
    this.ensure(value.length * 3);
    this.offset += this.buffer.write(value, this.offset, 'utf8');
    return this;
  }

  bytes(value: Uint8Array): this {
    this.ensure(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
    return this;
  }

  /** A field value: its byte length as int32, then its UTF-8 bytes (DataRow, Bind). */
  lengthPrefixedString(value: string): this {
    this.ensure(value.length * 3 + 4);
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.offset);
    this.offset += 4 + written;
    return this;
  }

  /**
   * Reserves an int32 length to be filled by `endLength`, for a field whose bytes are written by other calls.
   * Returns the position to pass to `endLength`.
   */
  beginLength(): number {
    this.ensure(4);
    const at = this.offset;
    this.offset += 4;
    return at;
  }

  endLength(at: number): this {
    this.buffer.writeInt32BE(this.offset - at - 4, at);
    return this;
  }

  /** Everything written so far, as a new buffer; the writer is empty afterwards. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.offset));
    this.offset = 0;
    // One huge value must not pin a huge buffer for the rest of the connection.
    if (this.buffer.length > MAX_KEPT_CAPACITY) this.buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
    return out;
  }

  private ensure(extra: number): void {
    const needed = this.offset + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}
