import { describe, expect, it } from 'vitest';
import { cdcPositionJson, parseCdcPosition } from './cdc-position.js';

describe('postgres-cdc position', () => {
  it('round-trips through JSON', () => {
    const positions = [
      { slot: 's', lsn: 0x16b374d848n },
      { slot: 's', lsn: 1n, snapshot: { key: ['id'] } },
      { slot: 's', lsn: 1n, snapshot: { key: ['a', 'b'], after: ['1', 'x y'] } },
      { slot: 's', lsn: 1n, snapshot: { key: [] } },
    ];
    for (const position of positions) expect(parseCdcPosition(JSON.parse(JSON.stringify(cdcPositionJson(position))))).toEqual(position);
    expect(cdcPositionJson(positions[0]!)).toEqual({ slot: 's', lsn: '16/B374D848' });
  });

  it('starts afresh without a position', () => {
    expect(parseCdcPosition(undefined)).toBeUndefined();
    expect(parseCdcPosition(null)).toBeUndefined();
  });

  it('rejects what it did not write', () => {
    for (const bad of [5, 'x', [], {}, { slot: 's' }, { slot: '', lsn: '0/1' }, { slot: 's', lsn: '01' }, { slot: 's', lsn: '0/1', snapshot: 3 },
      { slot: 's', lsn: '0/1', snapshot: { key: 'id' } }, { slot: 's', lsn: '0/1', snapshot: { key: ['id'], after: ['1', '2'] } }]) {
      expect(() => parseCdcPosition(bad)).toThrow('invalid checkpoint position for a postgres-cdc source');
    }
  });
});
