// FloatMoments: PostgreSQL's own fold while append-only, exact sums once anything is retracted.
import { describe, expect, it } from 'vitest';
import { FloatMoments } from './float-moments.js';

describe('FloatMoments', () => {
  it('replays float8_accum while the input is append-only', () => {
    const moments = new FloatMoments('float8_accum', true);
    for (const value of [0.1, 0.2, 0.3]) moments.apply(value, 1);
    // PostgreSQL 15: avg 0.20000000000000004, var_samp 0.009999999999999992, stddev_pop 0.08164965809277257.
    expect(moments.average()).toBe(0.20000000000000004);
    expect(moments.variance(true)).toBe(0.009999999999999992);
    expect(Math.sqrt(moments.variance(false)!)).toBe(0.08164965809277257);
  });

  it('replays float8pl and float4pl for sum(), and fails on overflow as PostgreSQL', () => {
    const sum = new FloatMoments('float8pl', false);
    for (const value of [0.1, 0.2, 0.3]) sum.apply(value, 1);
    expect(sum.sum()).toBe(0.6000000000000001);
    const single = new FloatMoments('float4pl', false);
    single.apply(-0, 1);
    expect(Object.is(single.sum(), -0)).toBe(true);
    const huge = new FloatMoments('float8pl', false);
    huge.apply(1e308, 2);
    expect(() => huge.sum()).toThrow('value out of range: overflow');
    huge.apply(1e308, -1);
    expect(huge.sum()).toBe(1e308);
  });

  it('is exact after a retraction: the rounding error of a retracted value does not linger', () => {
    const moments = new FloatMoments('float8_accum', true);
    moments.apply(1e20, 1);
    moments.apply(1, 1);
    moments.apply(1e20, -1);
    expect(moments.sum()).toBe(1);
    expect(moments.average()).toBe(1);
    expect(moments.variance(false)).toBe(0);
    moments.apply(3, 1);
    expect(moments.variance(true)).toBe(2);
  });

  it('keeps NaN and infinities apart so that retracting them restores finite results', () => {
    const moments = new FloatMoments('float8_accum', true);
    moments.apply(1, 1);
    moments.apply(Infinity, 1);
    moments.apply(2, 1);
    expect(moments.average()).toBe(Infinity);
    expect(moments.variance(true)).toBeNaN();
    moments.apply(Infinity, -1);
    expect(moments.average()).toBe(1.5);
    expect(moments.variance(true)).toBe(0.5);
  });

  it('starts over as PostgreSQL once the group is empty', () => {
    const moments = new FloatMoments('float8pl', false);
    moments.apply(0.5, 1);
    moments.apply(0.5, -1);
    expect(moments.sum()).toBeNull();
    moments.apply(-0, 1);
    expect(Object.is(moments.sum(), -0)).toBe(true);
  });
});
