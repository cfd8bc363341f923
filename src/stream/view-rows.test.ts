// Tests of HeldRows: a view read in its aggregate's groups scans and looks up as its own state would.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AggregateState } from '../expr/aggregate-registry.js';
import { compileExpr } from '../expr/compile.js';
import type { Row, Value } from '../types/value.js';
import { HashAgg } from './operators/hash-agg.js';
import { Materialize } from './operators/materialize.js';
import { HeldRows } from './view-rows.js';

/** sum(int4) as a number, NULL over no row. */
const sumState = (): AggregateState => {
  let sum = 0;
  let count = 0;
  return {
    apply: ([arg], weight) => {
      sum += (arg as number) * weight;
      count += weight;
    },
    result: () => (count === 0 ? null : sum),
    save: () => [sum, count],
    load: ([savedSum, savedCount]) => {
      sum = savedSum as number;
      count = savedCount as number;
    },
  };
};

/** A compiled read of a column, which the aggregate recognizes as passing it as is. */
const column = (index: number, type: 'int4' | 'varchar') => compileExpr({ kind: 'column', index, type });

/** GROUP BY the first two columns (int4, varchar), sum of the third, projected as (k1, k2, sum * 2). */
const aggregate = (): HashAgg =>
  new HashAgg({
    groupKeyTypes: ['int4', 'varchar'],
    groupKeys: [(row) => row[0]!, (row) => row[1]!],
    groupKeyColumns: [0, 1],
    aggs: [{ createState: sumState, args: [(row) => row[2]!], argColumns: [2], distinct: false, distinctTypes: [] }],
    global: false,
    output: [column(0, 'int4'), column(1, 'varchar'), (row) => (row[2] === null ? null : (row[2] as number) * 2)],
  });

const streamKey = { types: ['int4', 'varchar', 'int4'] as const, columns: [0, 1] };

/** Epochs of changes over a few keys: inserts, and deletions of rows inserted earlier. */
const epochs = fc.array(
  fc.array(fc.record({ k1: fc.integer({ min: 0, max: 3 }), k2: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: -5, max: 5 }), del: fc.boolean() }), { maxLength: 12 }),
  { minLength: 1, maxLength: 8 },
);

describe('HeldRows', () => {
  it('scans in the order, and looks up the rows, of a view state fed the same changes', () => {
    fc.assert(
      fc.property(epochs, (changes) => {
        const agg = aggregate();
        const held = new HeldRows(agg);
        const own = new Materialize({ types: [...streamKey.types], columns: streamKey.columns });
        const live: Row[] = [];
        for (const epoch of changes) {
          const rows: Row[] = [];
          const weights: number[] = [];
          for (const { k1, k2, v, del } of epoch) {
            const victim = del ? live.findIndex((row) => row[0] === k1 && row[1] === k2) : -1;
            if (victim >= 0) {
              rows.push(live.splice(victim, 1)[0]!);
              weights.push(-1);
            } else {
              const row: Value[] = [k1, k2, v];
              live.push(row);
              rows.push(row);
              weights.push(1);
            }
          }
          agg.push(0, { rows, weights });
          const out = agg.barrier();
          if (out === null) continue;
          held.apply(out);
          own.apply(out);
          expect(held.rows()).toEqual(own.rows());
          expect(held.size).toBe(own.size);
          for (const k1 of [0, 1, 2, 3]) {
            expect(held.lookup(new Set([0]), [k1])).toEqual(own.lookup(new Set([0]), [k1]));
            for (const k2 of ['a', 'b', 'c']) expect(held.lookup(new Set([0, 1]), [k1, k2])).toEqual(own.lookup(new Set([0, 1]), [k1, k2]));
          }
          // Without the key's first column both scan.
          expect(held.lookup(new Set([1]), [null, 'a'])).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts the rows an aggregate held before the view read them (a restore)', () => {
    const agg = aggregate();
    agg.push(0, { rows: [[1, 'a', 2], [2, 'b', 3], [1, 'a', 4]], weights: [1, 1, 1] });
    agg.barrier();
    const held = new HeldRows(agg);
    expect(held.size).toBe(2);
    expect(held.rows()).toEqual([[1, 'a', 12], [2, 'b', 6]]);
  });
});
