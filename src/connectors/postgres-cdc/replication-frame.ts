// The CopyData frames of PostgreSQL's streaming replication protocol: WAL data and keepalives in, status out.
import { SqlError } from '../../types/error.js';

export type ServerFrame =
  /** XLogData: one pgoutput message, `data` a view into the frame. */
  | { readonly kind: 'data'; readonly walStart: bigint; readonly data: Buffer }
  /** Primary keepalive: `walEnd` is where the server has decoded to; `replyRequested` asks for a status update now. */
  | { readonly kind: 'keepalive'; readonly walEnd: bigint; readonly replyRequested: boolean };

const XLOG_DATA = 0x77; // 'w'
const KEEPALIVE = 0x6b; // 'k'
const STATUS_UPDATE = 0x72; // 'r'
/** XLogData header: tag, start, end, send time. */
const XLOG_HEADER = 1 + 8 + 8 + 8;
const KEEPALIVE_LENGTH = 1 + 8 + 8 + 1;

/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01). */
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000n;

/** Decodes one CopyData payload from a walsender. */
export function decodeServerFrame(chunk: Buffer): ServerFrame {
  const tag = chunk[0];
  if (tag === XLOG_DATA && chunk.length >= XLOG_HEADER) {
    return { kind: 'data', walStart: chunk.readBigUInt64BE(1), data: chunk.subarray(XLOG_HEADER) };
  }
  if (tag === KEEPALIVE && chunk.length >= KEEPALIVE_LENGTH) {
    return { kind: 'keepalive', walEnd: chunk.readBigUInt64BE(1), replyRequested: chunk[17] === 1 };
  }
  throw new SqlError('internal_error', `unexpected replication message of ${chunk.length} bytes starting with 0x${(tag ?? 0).toString(16)}`);
}

/**
 * A standby status update. `flushed` is what the server may forget: a logical slot's confirmed_flush_lsn moves
 * up to it, and WAL before it is no longer kept. `written` only informs the server's monitoring.
 */
export function encodeStatusUpdate(written: bigint, flushed: bigint, nowMillis: number): Buffer {
  const frame = Buffer.alloc(1 + 8 * 4 + 1);
  frame[0] = STATUS_UPDATE;
  frame.writeBigUInt64BE(written, 1);
  frame.writeBigUInt64BE(flushed, 9);
  frame.writeBigUInt64BE(flushed, 17);
  frame.writeBigInt64BE(BigInt(nowMillis) * 1000n - POSTGRES_EPOCH_MICROS, 25);
  frame[33] = 0;
  return frame;
}
