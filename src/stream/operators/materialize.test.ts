// Tests of Materialize: multiplicities, exact representations, and the negation law.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { Materialize } from './materialize.js';

describe('Materialize', () => {
  it('keeps rows with multiplicities in first-insertion order', () => {
    const view = new Materialize();
    const batch = { rows: [[1, 'a'], [2, 'b'], [1, 'a']], weights: [1, 1, 2] };
    expect(view.push(0, batch)).toBe(batch);
    expect(view.rows()).toEqual([[1, 'a'], [1, 'a'], [1, 'a'], [2, 'b']]);
    expect(view.size).toBe(4);
    view.apply({ rows: [[1, 'a']], weights: [-3] });
    expect(view.rows()).toEqual([[2, 'b']]);
    expect(view.distinctSize).toBe(1);
  });

  it('keeps representations that compare equal but print differently', () => {
    const view = new Materialize();
    view.apply({ rows: [[new Numeric(20n, 1)], [new Numeric(200n, 2)], [0], [-0]], weights: [1, 1, 1, 1] });
    expect(view.size).toBe(4);
    expect(view.distinctSize).toBe(4);
    view.apply({ rows: [[new Numeric(200n, 2)]], weights: [-1] });
    expect(view.rows().map((row) => String(row[0]))).toEqual(['2.0', '0', '0']);
  });

  it('throws on a negative multiplicity, as a bug', () => {
    const view = new Materialize();
    expect(() => view.apply({ rows: [[1]], weights: [-1] })).toThrow(/this is a bug/);
    view.apply({ rows: [[1]], weights: [1] });
    expect(() => view.apply({ rows: [[1]], weights: [-2] })).toThrow(/this is a bug/);
  });

  it('returns to empty after a batch and its negation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), fc.string()), fc.integer({ min: 1, max: 3 }))),
        (changes) => {
          const view = new Materialize();
          const rows: Row[] = changes.map(([row]) => row);
          view.apply({ rows, weights: changes.map(([, weight]) => weight) });
          expect(view.size).toBe(changes.reduce((total, [, weight]) => total + weight, 0));
          view.apply({ rows: [...rows].reverse(), weights: changes.map(([, weight]) => -weight).reverse() });
          expect(view.size).toBe(0);
          expect(view.rows()).toEqual([]);
        },
      ),
    );
  });

  describe('keyed by a stream key', () => {
    const streamKey = { types: ['varchar', 'int4', 'numeric'] as const, columns: [0] };

    it('applies updates by key, in the order and with the rows of the identity-keyed state', () => {
      const keyed = new Materialize({ types: [...streamKey.types], columns: streamKey.columns });
      const plain = new Materialize();
      const batches = [
        { rows: [['a', 1, Numeric.parse('1.0')], ['b', 1, Numeric.parse('2')]], weights: [1, 1] },
        { rows: [['a', 1, Numeric.parse('1.0')], ['a', 2, Numeric.parse('3.50')], ['c', 1, null]], weights: [-1, 1, 1] },
        { rows: [['b', 1, Numeric.parse('2')], ['a', 2, Numeric.parse('3.50')], ['a', 3, Numeric.parse('3.5')]], weights: [-1, -1, 1] },
      ];
      for (const batch of batches) {
        keyed.apply(batch);
        plain.apply(batch);
        expect(keyed.rows()).toEqual(plain.rows());
        expect(keyed.distinctSize).toBe(plain.distinctSize);
      }
      expect(keyed.rows().map((row) => row[0])).toEqual(['c', 'a']);
    });

    it('falls back to row identity when two rows share a key, and still throws on a negative multiplicity', () => {
      const keyed = new Materialize({ types: ['varchar', 'int4'], columns: [0] });
      keyed.apply({ rows: [['a', 1], ['a', 2], ['a', 1]], weights: [1, 1, 1] });
      expect(keyed.rows()).toEqual([['a', 1], ['a', 1], ['a', 2]]);
      keyed.apply({ rows: [['a', 1]], weights: [-2] });
      expect(keyed.rows()).toEqual([['a', 2]]);
      expect(() => keyed.apply({ rows: [['a', 3]], weights: [-1] })).toThrow(/this is a bug/);
    });

    it('holds what the identity-keyed state holds for any aggregate-like change stream (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 })), { maxLength: 6 }), { maxLength: 6 }),
          (epochs) => {
            // Each epoch sets some keys to new values: a retraction of the old row, then the new row, as HashAgg emits.
            const keyed = new Materialize({ types: ['varchar', 'int4'], columns: [0] });
            const plain = new Materialize();
            const current = new Map<string, Row>();
            for (const updates of epochs) {
              const rows: Row[] = [];
              const weights: number[] = [];
              for (const [key, value] of new Map(updates)) {
                const old = current.get(key);
                if (old !== undefined) {
                  rows.push(old);
                  weights.push(-1);
                }
                if (value === 0) current.delete(key);
                else {
                  const row = [key, value];
                  current.set(key, row);
                  rows.push(row);
                  weights.push(1);
                }
              }
              keyed.apply({ rows, weights });
              plain.apply({ rows, weights });
              expect(keyed.rows()).toEqual(plain.rows());
            }
          },
        ),
      );
    });
  });
});
