import { describe, expect, it } from 'vitest';
import type { KeyPart } from './key.js';
import { PartInterner, keyPartHash } from './part-interner.js';

describe('PartInterner', () => {
  it('gives equal parts one id and keeps the representation first seen', () => {
    const interner = new PartInterner();
    const parts: KeyPart[] = ['c1', 'c' + String(1), 10n ** 18n, BigInt('1000000000000000000'), 0, -0, null, true, false, ''];
    const ids = parts.map((part) => interner.idOf(part));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[4]).toBe(ids[5]);
    expect(new Set(ids).size).toBe(7);
    expect(interner.part(ids[0]!)).toBe('c1');
    expect(interner.part(ids[6]!)).toBe(null);
    expect(Object.is(interner.part(ids[4]!), 0)).toBe(true);
  });

  it('forgets a part once no table holds it and reuses its number', () => {
    const interner = new PartInterner();
    const a = interner.idOf('a');
    interner.hold(a);
    interner.hold(a);
    const b = interner.idOf('b');
    interner.forgetUnheld(b);
    expect(interner.size).toBe(1);
    interner.forgetUnheld(a); // held: stays
    interner.release(a);
    expect(interner.idOf('a')).toBe(a);
    interner.release(a);
    expect(interner.size).toBe(0);
    const c = interner.idOf('c');
    expect([a, b]).toContain(c);
    expect(interner.part(c)).toBe('c');
  });

  it('numbers many parts densely, holders counted past its first allocation', () => {
    const interner = new PartInterner();
    const ids = Array.from({ length: 1000 }, (_, i) => interner.idOf(`p${i}`));
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => i)));
    for (const id of ids) interner.hold(id);
    for (let i = 0; i < 1000; i += 2) interner.release(ids[i]!);
    expect(interner.size).toBe(500);
    for (let i = 1; i < 1000; i += 2) expect(interner.part(ids[i]!)).toBe(`p${i}`);
  });

  it('agrees with a model under random lookups, holds and releases, colliding parts included', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    // 2^60 and 2^60 + 1 hash alike (as doubles they are one number); many strings make runs that wrap.
    const universe: KeyPart[] = [null, true, false, 0, -1, 2n ** 60n, 2n ** 60n + 1n, '', 'é'];
    for (let i = 0; i < 300; i++) universe.push(`c${i}`, i * 1024);
    const interner = new PartInterner();
    const held = new Map<KeyPart, { id: number; holders: number }>();
    for (let step = 0; step < 30_000; step++) {
      const part = universe[Math.floor(random() * universe.length)]!;
      const known = held.get(part);
      const id = interner.idOf(part);
      if (known !== undefined) expect(id).toBe(known.id);
      else expect([...held.values()].some((entry) => entry.id === id)).toBe(false);
      if (known !== undefined && random() < 0.5) {
        interner.release(id);
        if (--known.holders === 0) held.delete(part);
      } else if (random() < 0.9) {
        interner.hold(id);
        if (known !== undefined) known.holders++;
        else held.set(part, { id, holders: 1 });
      } else if (known === undefined) {
        interner.forgetUnheld(id);
      }
      if (step % 1_000 === 0) {
        expect(interner.size).toBe(held.size);
        for (const [heldPart, entry] of held) expect(interner.part(entry.id)).toBe(heldPart);
      }
    }
  });

  it('hashes equal parts alike and never to 0', () => {
    expect(keyPartHash('c1' + String(2))).toBe(keyPartHash('c12'));
    expect(keyPartHash(10n ** 18n)).toBe(keyPartHash(BigInt('1000000000000000000')));
    for (const part of [0, '', null, false, 0n, -0]) expect(keyPartHash(part)).not.toBe(0);
    expect(keyPartHash(0)).toBe(keyPartHash(-0));
  });
});
