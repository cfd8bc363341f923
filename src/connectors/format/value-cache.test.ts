// Tests of ValueCache: repeated values are shared; a column of unique values stops caching after its trial.
import { describe, expect, it } from 'vitest';
import { ValueCache } from './value-cache.js';

describe('ValueCache', () => {
  it('returns the value cached for a text', () => {
    const cache = new ValueCache<{ text: string }>();
    expect(cache.get('a')).toBeUndefined();
    const value = { text: 'a' };
    cache.add('a', value);
    expect(cache.get('a')).toBe(value);
  });

  it('keeps caching a column that repeats itself, and turns off for one that does not', () => {
    const repeating = new ValueCache<string>();
    const unique = new ValueCache<string>();
    for (let i = 0; i < 10_000; i++) {
      const status = `s${i % 5}`;
      if (repeating.get(status) === undefined) repeating.add(status, status);
      const id = `o${i}`;
      if (unique.enabled && unique.get(id) === undefined) unique.add(id, id);
    }
    expect(repeating.enabled).toBe(true);
    expect(repeating.get('s3')).toBe('s3');
    expect(unique.enabled).toBe(false);
    expect(unique.get('o1')).toBeUndefined();
  });
});
