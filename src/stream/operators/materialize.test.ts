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
});
