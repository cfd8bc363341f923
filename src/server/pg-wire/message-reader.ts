// Reading received bytes: framing the stream into messages, and reading the fields of one message.
import { WireError } from './wire-error.js';

/** A frontend message: its type byte (0 for the untyped startup-phase messages) and its body. */
export interface Frame {
  readonly type: number;
  readonly body: Buffer;
}

/** PostgreSQL's default limit on a message (max_allocation plus headroom): larger ones are a protocol violation. */
const MAX_MESSAGE_LENGTH = 1024 * 1024 * 1024;

/**
 * Splits the byte stream of one connection into frames. Before the startup message is accepted, frames have no
 * type byte (`startupPhase`); after, each starts with one. Call `push` with each chunk, then `next` until undefined.
 */
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  startupPhase = true;

  /** Bytes received and not yet returned in a frame. */
  get buffered(): number {
    return this.bufferedBytes;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
  }

  /** The next complete frame, or undefined until more bytes arrive. Throws WireError on a bad length. */
  next(): Frame | undefined {
    const header = this.startupPhase ? 4 : 5;
    if (this.buffered < header) return undefined;
    const head = this.peek(header);
    const type = this.startupPhase ? 0 : head[0]!;
    const length = head.readInt32BE(header - 4);
    if (length < 4 || length > MAX_MESSAGE_LENGTH) throw new WireError('08P01', `invalid message length ${length}`, { fatal: true });
    const total = header - 4 + length;
    if (this.buffered < total) return undefined;
    const frame = this.consume(total);
    return { type, body: frame.subarray(header) };
  }

  private peek(count: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= count) return first;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private consume(count: number): Buffer {
    const whole = this.peek(count);
    const frame = whole.subarray(0, count);
    const rest = whole.subarray(count);
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    this.bufferedBytes -= count;
    return frame;
  }
}

/** Reads the fields of one message body in order; any read past the end is a protocol violation. */
export class MessageReader {
  private offset = 0;

  constructor(private readonly body: Buffer) {}

  get remaining(): number {
    return this.body.length - this.offset;
  }

  byte(): number {
    this.need(1);
    return this.body[this.offset++]!;
  }

  int16(): number {
    this.need(2);
    const value = this.body.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.body.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    if (end < 0) throw new WireError('08P01', 'invalid string in message');
    const value = this.body.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return value;
  }

  bytes(count: number): Buffer {
    this.need(count);
    const value = this.body.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  /** The rest of the body. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  private need(count: number): void {
    if (count < 0 || this.offset + count > this.body.length) throw new WireError('08P01', 'insufficient data left in message');
  }
}
