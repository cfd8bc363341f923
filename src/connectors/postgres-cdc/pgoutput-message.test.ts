import { describe, expect, it } from 'vitest';
import { pgoutput } from './pgoutput-encoder.test-support.js';
import { decodePgoutput } from './pgoutput-message.js';

const columns = [
  { name: 'id', isKey: true, typeOid: 23, typeModifier: -1 },
  { name: 'note', isKey: false, typeOid: 25, typeModifier: -1 },
];

describe('pgoutput messages', () => {
  it('decodes transaction boundaries with their LSNs', () => {
    expect(decodePgoutput(pgoutput.begin(0x1_0000_0010n, 77))).toEqual({ kind: 'begin', finalLsn: 0x1_0000_0010n, xid: 77 });
    expect(decodePgoutput(pgoutput.commit(0x10n, 0x48n))).toEqual({ kind: 'commit', commitLsn: 0x10n, endLsn: 0x48n });
  });

  it('decodes a relation, with key flags and type modifiers', () => {
    expect(decodePgoutput(pgoutput.relation(16_385, 'public', 'Orders', columns, 'f'))).toEqual({
      kind: 'relation', relationId: 16_385, schema: 'public', table: 'Orders', replicaIdentity: 'f', columns,
    });
  });

  it('decodes tuples: text (UTF-8), NULL and unchanged TOASTed values', () => {
    expect(decodePgoutput(pgoutput.insert(1, ['1', 'zoë 東京', null]))).toEqual({ kind: 'insert', relationId: 1, newTuple: ['1', 'zoë 東京', null] });
    expect(decodePgoutput(pgoutput.update(1, ['1', undefined]))).toEqual({ kind: 'update', relationId: 1, newTuple: ['1', undefined] });
  });

  it('decodes the old key or old row of updates and deletes', () => {
    expect(decodePgoutput(pgoutput.update(1, ['2', 'x'], { kind: 'key', values: ['1', null] }))).toEqual({
      kind: 'update', relationId: 1, old: { kind: 'key', tuple: ['1', null] }, newTuple: ['2', 'x'],
    });
    expect(decodePgoutput(pgoutput.delete(1, 'full', ['1', 'x']))).toEqual({ kind: 'delete', relationId: 1, old: { kind: 'full', tuple: ['1', 'x'] } });
  });

  it('decodes truncates and passes over origins', () => {
    expect(decodePgoutput(pgoutput.truncate([1, 2]))).toEqual({ kind: 'truncate', relationIds: [1, 2] });
    expect(decodePgoutput(pgoutput.origin())).toEqual({ kind: 'ignored', tag: 'O' });
  });

  it('rejects truncated and unknown messages', () => {
    const insert = pgoutput.insert(1, ['1', 'abc']);
    expect(() => decodePgoutput(insert.subarray(0, insert.length - 1))).toThrow('malformed pgoutput message: truncated');
    expect(() => decodePgoutput(Buffer.from('Z'))).toThrow('malformed pgoutput message: unexpected message type "Z"');
    expect(() => decodePgoutput(Buffer.from([0x49, 0, 0, 0, 1, 0x58]))).toThrow('malformed pgoutput message: insert without a new tuple');
  });
});
