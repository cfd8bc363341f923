// first_value and last_value as aggregates: NULLs kept, ORDER BY directions, ties, retraction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';

const byKey = (name: 'first_value' | 'last_value', descending = false) =>
  resolveAggregate(name, ['int4'], {
    distinct: false,
    orderBy: [{ type: 'int4', descending, nullsFirst: descending }],
    directArgs: [],
  }).createState();

describe('first_value and last_value', () => {
  it('do not skip NULL values (RisingWave)', () => {
    const first = byKey('first_value');
    const last = byKey('last_value');
    for (const row of [[null, 1], [2, 2], [null, 3]]) {
      first.apply(row, 1);
      last.apply(row, 1);
    }
    expect([first.result(), last.result()]).toEqual([null, null]);
    first.apply([null, 1], -1);
    last.apply([null, 3], -1);
    expect([first.result(), last.result()]).toEqual([2, 2]);
  });

  it('follow the ORDER BY direction and give NULL over no rows', () => {
    const first = byKey('first_value', true);
    expect(first.result()).toBeNull();
    first.apply([10, 1], 1);
    first.apply([30, 3], 1);
    first.apply([20, 2], 1);
    expect(first.result()).toBe(30);
  });

  it('depend only on the multiset of rows, ties included', () => {
    const row = fc.tuple(fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), fc.integer({ min: 0, max: 2 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (rows, order) => {
        const shuffled = rows.map((item, index) => [item, order[index] ?? 0] as const).sort((a, b) => a[1] - b[1]);
        for (const name of ['first_value', 'last_value'] as const) {
          const inOrder = byKey(name);
          const reordered = byKey(name);
          for (const item of rows) inOrder.apply(item, 1);
          for (const [item] of shuffled) reordered.apply(item, 1);
          expect(reordered.result()).toEqual(inOrder.result());
          // The expected row: smallest key, ties by value with NULLs last.
          const rank = (item: readonly [Value, number]) => [item[1], item[0] === null ? Infinity : (item[0] as number)];
          const sorted = [...rows].sort((a, b) => rank(a)[0]! - rank(b)[0]! || rank(a)[1]! - rank(b)[1]!);
          const expected = rows.length === 0 ? null : name === 'first_value' ? sorted[0]![0] : sorted[sorted.length - 1]![0];
          expect(inOrder.result()).toEqual(expected);
        }
      }),
    );
  });
});
