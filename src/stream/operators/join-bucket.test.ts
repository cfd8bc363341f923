// Tests of JoinBucket in both its scanning and its indexed form, against a plain map of counts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JoinBucket } from './join-bucket.js';

describe('JoinBucket', () => {
  it('keeps the multiplicity of each distinct row, small or large', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -2, max: 2 })), { maxLength: 400 }),
        (distinctRows, changes) => {
          const bucket = new JoinBucket();
          const model = new Map<number, number>();
          for (const [pick, weight] of changes) {
            if (weight === 0) continue;
            const value = pick % distinctRows;
            const stored = bucket.add([7, value, `v${value}`], weight, 0);
            const count = (model.get(value) ?? 0) + weight;
            if (count === 0) model.delete(value);
            else model.set(value, count);
            expect(stored.row[1]).toBe(value);
            expect(stored.weight).toBe(count);
            expect(bucket.rows.length === 0).toBe(model.size === 0);
          }
          const held = new Map(bucket.rows.map((stored) => [stored.row[1] as number, stored.weight]));
          expect(held).toEqual(model);
          bucket.rows.forEach((stored, slot) => expect(stored.slot).toBe(slot));
        },
      ),
      { numRuns: 60 },
    );
  });
});
