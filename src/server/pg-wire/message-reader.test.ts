import { describe, expect, it } from 'vitest';
import { FrameSplitter, MessageReader } from './message-reader.js';
import { MessageWriter } from './message-writer.js';
import { WireError } from './wire-error.js';

describe('framing', () => {
  it('splits typed messages however the bytes arrive', () => {
    const w = new MessageWriter();
    w.begin('Q').cstring('SELECT 1').end();
    w.begin('S').end();
    w.begin('X').end();
    const bytes = w.take();
    for (const chunkSize of [1, 2, 7, bytes.length]) {
      const splitter = new FrameSplitter();
      splitter.startupPhase = false;
      const frames: string[] = [];
      for (let offset = 0; offset < bytes.length; offset += chunkSize) {
        splitter.push(bytes.subarray(offset, offset + chunkSize));
        for (let frame = splitter.next(); frame; frame = splitter.next()) frames.push(`${String.fromCharCode(frame.type)}:${frame.body.toString('hex')}`);
      }
      expect(frames).toEqual([`Q:${Buffer.from('SELECT 1\0').toString('hex')}`, 'S:', 'X:']);
      expect(splitter.buffered).toBe(0);
    }
  });

  it('reads untyped startup messages until told otherwise', () => {
    const splitter = new FrameSplitter();
    splitter.push(Buffer.from('0000000804d2162f', 'hex'));
    expect(splitter.next()).toEqual({ type: 0, body: Buffer.from('04d2162f', 'hex') });
  });

  it('refuses impossible lengths', () => {
    const splitter = new FrameSplitter();
    splitter.startupPhase = false;
    splitter.push(Buffer.from('5100000002', 'hex'));
    expect(() => splitter.next()).toThrow(WireError);
  });
});

describe('message fields', () => {
  it('reads in order and refuses to read past the end', () => {
    const r = new MessageReader(new MessageWriter().int16(-2).int32(70000).cstring('név').take());
    expect([r.int16(), r.int32(), r.cstring(), r.remaining]).toEqual([-2, 70000, 'név', 0]);
    expect(() => r.byte()).toThrow('insufficient data left in message');
    expect(() => new MessageReader(Buffer.from('abc')).cstring()).toThrow('invalid string in message');
  });

  it('drops a message abandoned half-way and keeps the ones before it', () => {
    const w = new MessageWriter();
    w.begin('C').cstring('SELECT 1').end();
    w.begin('D').int16(1).int32(4);
    w.abandonMessage();
    w.begin('Z').int8(0x49).end();
    expect(w.take().toString('latin1')).toBe('C\0\0\0\rSELECT 1\0Z\0\0\0\x05I');
  });
});
