import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from './lsn.js';

describe('lsn', () => {
  it('prints and parses the way PostgreSQL writes LSNs', () => {
    expect(formatLsn(0n)).toBe('0/0');
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn('0/2e0a210')).toBe(0x2e0a210n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(0xffffffffffffffffn);
  });

  it('round-trips', () => {
    for (const lsn of [1n, 0xffffffffn, 0x100000000n, 0x123456789abcdefn]) expect(parseLsn(formatLsn(lsn))).toBe(lsn);
  });

  it('rejects what is not an LSN', () => {
    for (const text of ['', '16', '16/', '/1', '1/2/3', 'G/1', '123456789/0', ' 1/2']) expect(parseLsn(text)).toBeUndefined();
  });
});
