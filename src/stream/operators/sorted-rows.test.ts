// Tests of SortedRows against a plain sorted array.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Row } from '../../types/value.js';
import { compareRowRepresentations } from './representation-order.js';
import { SortedRows } from './sorted-rows.js';

describe('SortedRows', () => {
  it('matches a sorted array under random inserts and removes, across chunk splits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 300 })), { minLength: 1500, maxLength: 3000 }),
        (ops) => {
          const rows = new SortedRows(compareRowRepresentations);
          const model: Row[] = [];
          for (const [kind, value] of ops) {
            const insert = kind > 0;
            const row: Row = [value];
            const modelIdx = model.findIndex((other) => (other[0] as number) >= value);
            if (insert) {
              const position = rows.insert(row);
              const upper = model.findIndex((other) => (other[0] as number) > value);
              const expected = upper < 0 ? model.length : upper;
              expect(position).toBe(expected);
              model.splice(expected, 0, row);
            } else {
              const present = modelIdx >= 0 && model[modelIdx][0] === value;
              expect(rows.remove(row)).toBe(present ? modelIdx : -1);
              if (present) model.splice(modelIdx, 1);
            }
          }
          expect(rows.size).toBe(model.length);
          expect(rows.toArray()).toEqual(model);
          const middle = model.length >> 1;
          expect(rows.at(middle)).toEqual(model[middle]);
          const visited: Row[] = [];
          rows.forEachFrom(middle, (row) => visited.push(row) < 5);
          expect(visited).toEqual(model.slice(middle, middle + 5));
          // Copies of a row may run across chunks: counts see all of them.
          const modelCounts = new Map<number, number>();
          for (const [value] of model) modelCounts.set(value as number, (modelCounts.get(value as number) ?? 0) + 1);
          const distinct: [number, number][] = [];
          rows.forEachDistinct((row, count) => distinct.push([row[0] as number, count]));
          expect(distinct).toEqual([...modelCounts]);
          for (let value = -1; value <= 301; value++) expect(rows.countOf([value])).toBe(modelCounts.get(value) ?? 0);
        },
      ),
      { numRuns: 10 },
    );
  });
});
