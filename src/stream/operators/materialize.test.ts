// Tests of Materialize: multiplicities, exact representations, and the negation law.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { MapStateStore } from './checkpoint-harness.test-support.js';
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

  it('writes, in a checkpoint in steps, the rows of its begin while later changes go on', () => {
    for (const streamKey of [undefined, { types: ['int4' as const], columns: [0] }]) {
      const view = new Materialize(streamKey);
      view.enableCheckpoints();
      const store = new MapStateStore();
      view.apply({ rows: [[1, 'a'], [2, 'b'], [3, 'c']], weights: [1, 1, 1] });
      store.checkpoint(view, 0);
      view.apply({ rows: [[1, 'a'], [1, 'a2'], [2, 'b'], [4, 'd']], weights: [-1, 1, -1, 1] });
      const atBegin = view.rows();
      const steps = store.beginSteps(view);
      view.apply({ rows: [[4, 'd'], [3, 'c'], [3, 'c2'], [5, 'e']], weights: [-1, -1, 1, 1] });
      expect(steps.run(Infinity)).toBe(true);
      const restored = new Materialize(streamKey);
      restored.restore(store.sortedEntries());
      expect(new Set(restored.rows().map((row) => JSON.stringify(row)))).toEqual(new Set(atBegin.map((row) => JSON.stringify(row))));
      // The next checkpoint writes what changed since the begin.
      store.checkpoint(view, 2);
      const again = new Materialize(streamKey);
      again.restore(store.sortedEntries());
      expect(new Set(again.rows().map((row) => JSON.stringify(row)))).toEqual(new Set(view.rows().map((row) => JSON.stringify(row))));
    }
  });

  it('restores from its checkpoints what it holds, by stream key or, once the key broke, by identity (property)', () => {
    const KEYS = [new Numeric(1n, 0), new Numeric(2n, 0), new Numeric(20n, 1), new Numeric(200n, 2)];
    const change = fc.record({ key: fc.nat(KEYS.length - 1), value: fc.constantFrom('a', 'b'), remove: fc.nat(3), checkpoint: fc.boolean() });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), fc.boolean(), (changes, keyed) => {
        const streamKey = keyed ? { types: ['numeric' as const], columns: [0] } : undefined;
        const view = new Materialize(streamKey);
        view.enableCheckpoints();
        const store = new MapStateStore();
        const live: Row[] = [];
        changes.forEach((step, stepIdx) => {
          // Removals; updates of a live row of an equal key in one batch, as an aggregate emits them (its key's
          // representation may change: 2.0 for 2); inserts, which may break the stream key.
          const row: Row = [KEYS[step.key]!, step.value];
          const sameKey = live.findIndex((other) => (other[0] as Numeric).compare(row[0] as Numeric) === 0);
          if (step.remove === 0 && live.length > 0) view.apply({ rows: [live.splice(stepIdx % live.length, 1)[0]!], weights: [-1] });
          else if (step.remove === 1 && sameKey >= 0) {
            view.apply({ rows: [live[sameKey]!, row], weights: [-1, 1] });
            live[sameKey] = row;
          } else {
            view.apply({ rows: [row], weights: [1] });
            live.push(row);
          }
          if (!step.checkpoint) return;
          store.checkpoint(view, stepIdx);
          const restored = new Materialize(streamKey);
          restored.enableCheckpoints();
          restored.restore(store.sortedEntries());
          const text = (rows: Row[]): string[] => rows.map((r) => `${String(r[0])}|${String(r[1])}`).sort();
          expect(text(restored.rows())).toEqual(text(view.rows()));
          expect(text(view.rows())).toEqual(text(live));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('stores an update of a stream-keyed row as one put, and a row by identity as a delete and a put', () => {
    for (const [streamKey, entries] of [[{ types: ['int4' as const], columns: [0] }, { puts: 1, deletes: 0 }], [undefined, { puts: 1, deletes: 1 }]] as const) {
      const view = new Materialize(streamKey);
      view.enableCheckpoints();
      const store = new MapStateStore();
      view.apply({ rows: [[1, 'a']], weights: [1] });
      store.checkpoint(view, 0);
      view.apply({ rows: [[1, 'a'], [1, 'b']], weights: [-1, 1] });
      const { puts, deletes } = store.checkpoint(view, 1);
      expect({ puts, deletes }).toEqual(entries);
    }
  });

  it('applies an update of a stream-keyed row, however its key values are given, and moves it to the end', () => {
    const two = new Numeric(2n, 0);
    const view = new Materialize({ types: ['varchar', 'numeric'], columns: [0, 1] });
    view.apply({ rows: [['a', two, 1], ['b', two, 1]], weights: [1, 1] });
    // As an aggregate emits an update: the retraction, then the insertion with the very same key values.
    view.apply({ rows: [['a', two, 1], ['a', two, 2]], weights: [-1, 1] });
    expect(view.rows()).toEqual([['b', two, 1], ['a', two, 2]]);
    // A retraction followed by the insertion of another key, then an update whose key is equal but another object.
    view.apply({ rows: [['b', two, 1], ['c', two, 1], ['a', two, 2], ['a', new Numeric(2n, 0), 3]], weights: [-1, 1, -1, 1] });
    expect(view.rows().map((row) => row.map(String).join())).toEqual(['c,2,1', 'a,2,3']);
    expect(view.distinctSize).toBe(2);
    expect(view.lookup(new Set([0, 1]), ['b', two])).toEqual([]);
    expect(() => view.apply({ rows: [['c', two, 1], ['c', two, 1]], weights: [-1, -1] })).toThrow(/this is a bug/);
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
