// mode(): the brief's examples, ties in either direction, and a cached winner checked against a recount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';

const mode = (type: DataType, descending = false) =>
  resolveAggregate('mode', [], { distinct: false, orderBy: [{ type, descending, nullsFirst: descending }], directArgs: [] }).createState();

describe('mode', () => {
  it('returns the most frequent value', () => {
    const numbers = mode('float8');
    for (const value of [0.1, 0.2, 0.2, 0.4, 0.4, 0.3, 0.3, 0.4]) numbers.apply([value], 1);
    expect(numbers.result()).toBe(0.4);
    const letters = mode('varchar');
    for (const value of ['a', 'b', 'b', 'c', 'c', 'd', 'd', 'd', 'c']) letters.apply([value], 1);
    expect(letters.result()).toBe('c');
    letters.apply(['c'], -1);
    expect(letters.result()).toBe('d');
  });

  it('breaks ties by the WITHIN GROUP order and ignores NULLs', () => {
    const ascending = mode('int4');
    const descending = mode('int4', true);
    for (const value of [1, 2, 2, 1, null, null, null]) {
      ascending.apply([value], 1);
      descending.apply([value], 1);
    }
    expect([ascending.result(), descending.result()]).toEqual([1, 2]);
  });

  it('agrees with a recount after any insertions and retractions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -2, max: 3 })), { maxLength: 40 }), (changes) => {
        const state = mode('int4');
        const counts = new Map<number, number>();
        for (const [value, weight] of changes) {
          // Keep the multiset valid: never retract more copies than are held.
          const applied = Math.max(weight, -(counts.get(value) ?? 0));
          if (applied === 0) continue;
          state.apply([value], applied);
          counts.set(value, (counts.get(value) ?? 0) + applied);
        }
        let expected: Value = null;
        let best = 0;
        for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
          if (count > best) [expected, best] = [value, count];
        }
        expect(state.result()).toBe(expected);
      }),
    );
  });
});
