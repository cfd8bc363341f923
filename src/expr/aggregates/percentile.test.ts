// percentile_cont and percentile_disc: RisingWave's retraction expectations, directions, fractions and ranks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import type { Value } from '../../types/value.js';
import { resolveAggregate } from '../aggregate-registry.js';
import type { AggregateState } from '../aggregate-registry.js';

const percentile = (kind: 'cont' | 'disc', fraction: Value, type: DataType = 'float8', descending = false): AggregateState =>
  resolveAggregate(`percentile_${kind}`, [Array.isArray(fraction) ? 'float8[]' : 'float8'], {
    distinct: false,
    orderBy: [{ type, descending, nullsFirst: descending }],
    directArgs: [fraction],
  }).createState();

const applyAll = (states: readonly AggregateState[], values: readonly Value[], weight = 1): void => {
  for (const state of states) for (const value of values) state.apply([value], weight);
};

describe('percentile_cont and percentile_disc', () => {
  it('follow RisingWave expectations through insertions and deletions', () => {
    const median = percentile('cont', 0.5);
    const discreteMedian = percentile('disc', 0.5, 'int4');
    const quartile = percentile('cont', 0.25);
    applyAll([median, quartile], [1, 3, 5, 7]);
    applyAll([discreteMedian], [1, 3, 5, 7]);
    expect([median.result(), discreteMedian.result(), quartile.result()]).toEqual([4, 3, 2.5]);
    applyAll([median, discreteMedian], [9, 11]);
    expect([median.result(), discreteMedian.result()]).toEqual([6, 5]);
    applyAll([median, discreteMedian], [1], -1);
    expect([median.result(), discreteMedian.result()]).toEqual([7, 7]);
  });

  it('ignore NULLs and give NULL over no rows or for a NULL fraction', () => {
    const median = percentile('cont', 0.5);
    expect(median.result()).toBeNull();
    applyAll([median], [null, 2, null]);
    expect(median.result()).toBe(2);
    const noFraction = percentile('disc', null);
    applyAll([noFraction], [1, 2]);
    expect(noFraction.result()).toBeNull();
  });

  it('honour a descending WITHIN GROUP order', () => {
    const cont = percentile('cont', 0.25, 'float8', true);
    const disc = percentile('disc', 0.25, 'int4', true);
    applyAll([cont, disc], [1, 3, 5, 7]);
    expect([cont.result(), disc.result()]).toEqual([5.5, 7]);
  });

  it('take the first and last rows at fractions 0 and 1', () => {
    const first = percentile('disc', 0, 'int4');
    const last = percentile('disc', 1, 'int4');
    applyAll([first, last], [7, 1, 5, 3]);
    expect([first.result(), last.result()]).toEqual([1, 7]);
  });

  it('answer arrays of fractions, NULL elements included, checking them only when there are rows', () => {
    const several = percentile('cont', [0.5, null, 0.25]);
    const invalid = percentile('cont', [2]);
    expect(invalid.result()).toBeNull();
    applyAll([several, invalid], [1, 3, 5, 7]);
    expect(several.result()).toEqual([4, null, 2.5]);
    expect(() => invalid.result()).toThrow('percentile value 2 is not between 0 and 1');
  });

  it('interpolate intervals as interval_lerp does', () => {
    const cont = percentile('cont', 0.3, 'interval');
    applyAll([cont], ['1 day', '2 days 3 hours', '1 mon'].map((text) => Interval.parse(text)));
    expect(String(cont.result())).toBe('1 day 16:12:00');
  });

  it('find ranks across many chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, fraction) => {
          const disc = percentile('disc', fraction, 'int4');
          applyAll([disc], values);
          const sorted = [...values].sort((a, b) => a - b);
          const row = Math.ceil(fraction * sorted.length);
          expect(disc.result()).toBe(sorted[row > 1 ? row - 1 : 0]);
        },
      ),
      { numRuns: 30 },
    );
  });
});
