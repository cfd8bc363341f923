// SortedList against a plain sorted array, through inserts, weight changes and removals across chunk splits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted-list.js';

interface Entry {
  key: number;
  weight: number;
}

describe('SortedList', () => {
  it('matches a sorted array model', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -3, max: 3 })), { maxLength: 3000 }), (changes) => {
        const list = new SortedList<Entry>((a, b) => a.key - b.key, (entry) => entry.weight);
        const model = new Map<number, number>();
        const probe: Entry = { key: 0, weight: 0 };
        for (const [key, delta] of changes) {
          const held = model.get(key) ?? 0;
          const change = Math.max(delta, -held);
          if (change === 0) continue;
          probe.key = key;
          if (list.locate(probe)) {
            const entry = list.atCursor();
            entry.weight += change;
            list.addWeightAtCursor(change);
            if (entry.weight === 0) list.removeAtCursor(0);
          } else list.insertAtCursor({ key, weight: change }, change);
          if (held + change === 0) model.delete(key);
          else model.set(key, held + change);
        }
        const expected = [...model].sort((a, b) => a[0] - b[0]);
        const actual: [number, number][] = [];
        list.forEach((entry) => {
          actual.push([entry.key, entry.weight]);
        });
        expect(actual).toEqual(expected);
        expect(list.size).toBe(expected.length);
        const total = expected.reduce((sum, [, weight]) => sum + weight, 0);
        expect(list.totalWeight).toBe(total);
        expect(list.first()?.key).toBe(expected[0]?.[0]);
        expect(list.last()?.key).toBe(expected[expected.length - 1]?.[0]);
        const units = expected.flatMap(([key, weight]) => Array.from({ length: weight }, (_, offset) => [key, offset]));
        for (const rank of [0, 1, Math.floor(total / 2), total - 1]) {
          if (rank < 0 || rank >= total) continue;
          expect([list.atRank(rank)?.key, list.rankOffset]).toEqual(units[rank]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
