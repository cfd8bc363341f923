// NumericSum and sum() over integers: exact totals and PostgreSQL's display scale after retractions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Numeric } from '../../types/numeric.js';
import { IntegerSum } from './integer-sum.js';
import { NumericSum } from './numeric-sum.js';
import { loadPart, savePart } from './saved-state.js';

describe('NumericSum', () => {
  it('gives the largest scale among the values still held', () => {
    const sum = new NumericSum(false);
    sum.add(Numeric.parse('1.500'), 1);
    sum.add(Numeric.parse('2'), 1);
    expect(sum.finiteSum().toString()).toBe('3.500');
    sum.add(Numeric.parse('1.500'), -1);
    expect(sum.finiteSum().toString()).toBe('2');
    sum.add(Numeric.parse('0.25'), 3);
    expect(sum.finiteSum().toString()).toBe('2.75');
  });

  it('saves its counts per scale as one array up to the largest scale raised to, and loads them back', () => {
    const sum = new NumericSum(false);
    sum.add(Numeric.parse('1.5'), 1);
    sum.add(Numeric.parse('2'), 2);
    sum.add(Numeric.parse('0.00001'), 1);
    sum.add(Numeric.parse('0.00001'), -1);
    expect(sum.finiteSum().toString()).toBe('5.5');
    const saved = savePart(sum);
    expect(saved.at(-1)).toEqual([2, 1, 0, 0, 0, 0]);
    const loaded = new NumericSum(false);
    loadPart(loaded, saved);
    expect(savePart(loaded)).toEqual(saved);
    loaded.add(Numeric.parse('0.0000001'), 1);
    expect(loaded.finiteSum().toString()).toBe('5.5000001');
    loaded.add(Numeric.parse('1.5'), -1);
    loaded.add(Numeric.parse('0.0000001'), -1);
    expect(loaded.finiteSum().toString()).toBe('4');
  });

  it('saves a sum of finite values held in the double as four fields, any other as nine, and loads both forms', () => {
    const sum = new NumericSum(false);
    sum.add(Numeric.parse('1.25'), 3);
    sum.add(Numeric.parse('2'), 1);
    const compact = savePart(sum);
    expect(compact).toEqual([4, 575, 2, [1, 0, 3]]);
    // The nine fields written for the same state before the short form existed load to the same state.
    const full = [4, 575, 0n, 0, 0, 0, 0n, 2, [1, 0, 3]];
    for (const saved of [compact, full]) {
      const loaded = new NumericSum(false);
      loadPart(loaded, saved);
      expect(savePart(loaded)).toEqual(compact);
      loaded.add(Numeric.parse('1.25'), -3);
      expect(loaded.finiteSum().toString()).toBe('2');
    }
    // NaN, an infinity, a sum beyond the double, or squares: the full form, loaded back as it was.
    const special = new NumericSum(false);
    special.add(Numeric.NAN, 1);
    const big = new NumericSum(false);
    big.add(Numeric.parse('9007199254740993'), 2);
    const squares = new NumericSum(true);
    squares.add(Numeric.parse('3'), 1);
    for (const state of [special, big, squares]) {
      const saved = savePart(state);
      expect(saved).toHaveLength(9);
      const loaded = new NumericSum(state === squares);
      loadPart(loaded, saved);
      expect(savePart(loaded)).toEqual(saved);
    }
    expect(big.finiteSum().toString()).toBe('18014398509481986');
  });

  it('counts NaN and the infinities apart', () => {
    const sum = new NumericSum(false);
    sum.add(Numeric.POSITIVE_INFINITY, 1);
    sum.add(Numeric.parse('1'), 1);
    expect(String(sum.specialSum())).toBe('Infinity');
    sum.add(Numeric.NEGATIVE_INFINITY, 1);
    expect(String(sum.specialSum())).toBe('NaN');
    sum.add(Numeric.POSITIVE_INFINITY, -1);
    sum.add(Numeric.NEGATIVE_INFINITY, -1);
    expect(sum.specialSum()).toBeUndefined();
    expect(sum.totalCount()).toBe(1);
  });
});

describe('IntegerSum', () => {
  it('stays exact beyond 2^53', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer(), fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n)), fc.integer({ min: -1000, max: 1000 }))),
        (changes) => {
          const sum = new IntegerSum();
          let expected = 0n;
          for (const [value, weight] of changes) {
            if (typeof value === 'number') sum.addNumber(value, weight);
            else sum.addBigInt(value, weight);
            expected += BigInt(value) * BigInt(weight);
          }
          expect(sum.total()).toBe(expected);
        },
      ),
    );
  });
});
