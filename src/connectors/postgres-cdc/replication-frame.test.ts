import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encodeStatusUpdate } from './replication-frame.js';

describe('replication frames', () => {
  it('decodes XLogData and keepalives', () => {
    const data = Buffer.alloc(25 + 3);
    data[0] = 0x77;
    data.writeBigUInt64BE(0x10n, 1);
    data.writeBigUInt64BE(0x20n, 9);
    data.write('abc', 25);
    const frame = decodeServerFrame(data);
    expect(frame.kind === 'data' && [frame.walStart, frame.data.toString()]).toEqual([0x10n, 'abc']);
    const keepalive = Buffer.alloc(18);
    keepalive[0] = 0x6b;
    keepalive.writeBigUInt64BE(0x99n, 1);
    keepalive[17] = 1;
    expect(decodeServerFrame(keepalive)).toEqual({ kind: 'keepalive', walEnd: 0x99n, replyRequested: true });
    expect(() => decodeServerFrame(Buffer.from([0x6b, 1]))).toThrow('unexpected replication message');
  });

  it('encodes a status update: written, flushed (and applied), the clock in microseconds since 2000', () => {
    const frame = encodeStatusUpdate(0x30n, 0x20n, Date.UTC(2000, 0, 1, 0, 0, 1));
    expect(frame).toHaveLength(34);
    expect(String.fromCharCode(frame[0]!)).toBe('r');
    expect([frame.readBigUInt64BE(1), frame.readBigUInt64BE(9), frame.readBigUInt64BE(17), frame.readBigInt64BE(25), frame[33]]).toEqual([
      0x30n, 0x20n, 0x20n, 1_000_000n, 0,
    ]);
  });
});
