// The on-disk framing of an embedded partition log: length-prefixed, checksummed records, and the scan that finds torn tails.
import { crc32 } from 'node:zlib';

/** One message as a partition keeps it. */
export interface LogRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Milliseconds since the epoch (Kafka's CreateTime). */
  readonly timestamp: bigint;
  readonly headers: readonly (readonly [Buffer, Buffer])[];
}

/** u32 payload length, u32 CRC-32 of the payload. */
export const FRAME_HEADER_BYTES = 8;
/** Bytes of a null key or value: its length field of -1. */
const NULL_LENGTH = -1;
/** A frame claiming more than this is garbage from a torn write, not a record. */
const MAX_PAYLOAD_BYTES = 256 << 20;

const bytesLength = (bytes: Buffer | null): number => 4 + (bytes?.length ?? 0);

/** Encodes records back to back, each as `length | crc | timestamp, key, value, headers`; `starts` are the frames' offsets in `bytes`. */
export function encodeFrames(records: readonly LogRecord[]): { bytes: Buffer; starts: number[] } {
  let total = 0;
  const sizes = records.map((record) => {
    let size = 8 + bytesLength(record.key) + bytesLength(record.value) + 4;
    for (const [name, value] of record.headers) size += bytesLength(name) + bytesLength(value);
    total += FRAME_HEADER_BYTES + size;
    return size;
  });
  const out = Buffer.allocUnsafe(total);
  const starts: number[] = [];
  let at = 0;
  records.forEach((record, index) => {
    const size = sizes[index]!;
    starts.push(at);
    const payloadAt = at + FRAME_HEADER_BYTES;
    let cursor = out.writeBigInt64BE(record.timestamp, payloadAt);
    cursor = writeBytes(out, cursor, record.key);
    cursor = writeBytes(out, cursor, record.value);
    cursor = out.writeUInt32BE(record.headers.length, cursor);
    for (const [name, value] of record.headers) cursor = writeBytes(out, writeBytes(out, cursor, name), value);
    out.writeUInt32BE(size, at);
    out.writeUInt32BE(crc32(out.subarray(payloadAt, payloadAt + size)), at + 4);
    at = payloadAt + size;
  });
  return { bytes: out, starts };
}

function writeBytes(out: Buffer, at: number, bytes: Buffer | null): number {
  if (bytes === null) return out.writeInt32BE(NULL_LENGTH, at);
  const after = out.writeInt32BE(bytes.length, at);
  bytes.copy(out, after);
  return after + bytes.length;
}

/** A record found by `scanFrames`, with where its frame starts in the scanned buffer. */
export interface ScannedFrame {
  readonly start: number;
  readonly record: LogRecord;
}

/**
 * Decodes the whole frames at the start of `bytes`, stopping at the first one that is incomplete (`end` is where
 * the good frames stop) or damaged: failing its checksum or claiming an impossible size, as a write torn by a
 * crash leaves it (nothing after it can be trusted).
 */
export function scanFrames(bytes: Buffer): { frames: ScannedFrame[]; end: number; damaged: boolean } {
  const frames: ScannedFrame[] = [];
  let at = 0;
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const size = bytes.readUInt32BE(at);
    const payloadAt = at + FRAME_HEADER_BYTES;
    if (size > MAX_PAYLOAD_BYTES) return { frames, end: at, damaged: true };
    if (payloadAt + size > bytes.length) break;
    const payload = bytes.subarray(payloadAt, payloadAt + size);
    const record = crc32(payload) === bytes.readUInt32BE(at + 4) ? decodePayload(payload) : undefined;
    if (!record) return { frames, end: at, damaged: true };
    frames.push({ start: at, record });
    at = payloadAt + size;
  }
  return { frames, end: at, damaged: false };
}

/** A payload whose checksum matched but whose fields do not add up is treated as torn too (undefined). */
function decodePayload(payload: Buffer): LogRecord | undefined {
  let at = 0;
  const bytes = (): Buffer | null | undefined => {
    if (at + 4 > payload.length) return undefined;
    const length = payload.readInt32BE(at);
    at += 4;
    if (length === NULL_LENGTH) return null;
    if (length < 0 || at + length > payload.length) return undefined;
    // A copy: the scanned buffer is reused for the next chunk of the file.
    const copy = Buffer.from(payload.subarray(at, at + length));
    at += length;
    return copy;
  };
  if (payload.length < 8) return undefined;
  const timestamp = payload.readBigInt64BE(0);
  at = 8;
  const key = bytes();
  const value = bytes();
  if (key === undefined || value === undefined || at + 4 > payload.length) return undefined;
  const count = payload.readUInt32BE(at);
  at += 4;
  const headers: [Buffer, Buffer][] = [];
  for (let index = 0; index < count; index++) {
    const name = bytes();
    const headerValue = bytes();
    if (!name || !headerValue) return undefined;
    headers.push([name, headerValue]);
  }
  return at === payload.length ? { key, value, timestamp, headers } : undefined;
}
