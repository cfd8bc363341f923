import { describe, expect, it } from 'vitest';
import { DIRECT_KEY_LIMIT, longStoredKey, longStoredValue } from './long-key.js';
import { StatePack, unpackState } from './state-pack.js';

/** The entries of a pack's bytes, as the writer thread reads them. */
function entries(bytes: Uint8Array, withValues: boolean): [string, string?][] {
  const out: [string, string?][] = [];
  const text = (part: Uint8Array): string => Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('latin1');
  unpackState(bytes, withValues, (key, value) => out.push(withValues ? [text(key), text(value)] : [text(key)]));
  return out;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('StatePack', () => {
  it('packs prefix and key together, values after them, growing past its first buffer', () => {
    const puts = new StatePack(true);
    const expected: [string, string][] = [];
    for (let entryIdx = 0; entryIdx < 5000; entryIdx++) {
      const value = 'v'.repeat(entryIdx % 40);
      puts.add(bytes('job/3/'), bytes(`key${entryIdx}`), bytes(value));
      expected.push([`job/3/key${entryIdx}`, value]);
    }
    expect(puts.size).toBe(5000);
    expect(entries(puts.bytes(), true)).toEqual(expected);
    const deletes = new StatePack(false);
    deletes.add(bytes('job/'), bytes('a'));
    deletes.addKey(bytes('job/b'));
    expect(entries(deletes.bytes(), false)).toEqual([['job/a'], ['job/b']]);
  });

  it('stores a key longer than LMDB takes in its long form', () => {
    const prefix = bytes('job/1/');
    const userKey = bytes('k'.repeat(DIRECT_KEY_LIMIT));
    const full = Buffer.concat([prefix, userKey]);
    const puts = new StatePack(true);
    puts.add(prefix, userKey, bytes('value'));
    const deletes = new StatePack(false);
    deletes.add(prefix, userKey);
    const stored = longStoredKey(full).toString('latin1');
    expect(entries(puts.bytes(), true)).toEqual([[stored, longStoredValue(full, bytes('value')).toString('latin1')]]);
    expect(entries(deletes.bytes(), false)).toEqual([[stored]]);
  });
});
