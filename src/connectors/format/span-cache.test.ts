// Tests of SpanCache: repeated values are shared, found by a span of the record; a column of unique values stops caching after its trial.
import { describe, expect, it } from 'vitest';
import { SPAN_HASH_SEED, SpanCache, spanHash, spanHashStep } from './span-cache.js';

/** Looks `text[start, end)` up, adding its substring on a miss, as the decoder does. */
function intern(cache: SpanCache<string>, text: string, start: number, end: number): string {
  const hash = spanHash(text, start, end);
  const cached = cache.get(text, start, end, hash);
  if (cached !== undefined) return cached;
  const value = text.slice(start, end);
  cache.add(value, hash, value);
  return value;
}

describe('SpanCache', () => {
  it('returns the value cached for the text of a span, wherever the span is', () => {
    const cache = new SpanCache<{ text: string }>();
    const record = '{"a":"web","b":"web","c":"webs","d":"we"}';
    const start = record.indexOf('web');
    const hash = spanHash(record, start, start + 3);
    expect(cache.get(record, start, start + 3, hash)).toBeUndefined();
    const value = { text: 'web' };
    cache.add('web', hash, value);
    const again = record.indexOf('web', start + 3);
    expect(cache.get(record, again, again + 3, spanHash(record, again, again + 3))).toBe(value);
    const longer = record.indexOf('webs');
    expect(cache.get(record, longer, longer + 4, spanHash(record, longer, longer + 4))).toBeUndefined();
    const shorter = record.indexOf('"we"') + 1;
    expect(cache.get(record, shorter, shorter + 2, spanHash(record, shorter, shorter + 2))).toBeUndefined();
  });

  it('hashes a span step by step as it does at once', () => {
    const text = 'xx2026-11-20T00:00:40.184Zyy';
    let hash = SPAN_HASH_SEED;
    for (let charIdx = 2; charIdx < text.length - 2; charIdx++) hash = spanHashStep(hash, text.charCodeAt(charIdx));
    expect(hash).toBe(spanHash(text, 2, text.length - 2));
  });

  it('tells apart texts whose hashes share a slot, and starts over when full', () => {
    const cache = new SpanCache<string>();
    for (let i = 0; i < 5000; i++) intern(cache, `s${i % 5}`, 0, 2);
    expect(cache.enabled).toBe(true);
    for (let i = 0; i < 10_000; i++) {
      const text = `v${i}`;
      const first = intern(cache, text, 0, text.length);
      expect(first).toBe(text);
      expect(intern(cache, ` ${text} `, 1, text.length + 1)).toBe(first);
    }
    expect(cache.enabled).toBe(true);
  });

  it('keeps caching a column that repeats itself, and turns off for one that does not', () => {
    const repeating = new SpanCache<string>();
    const unique = new SpanCache<string>();
    for (let i = 0; i < 10_000; i++) {
      const status = `s${i % 5}`;
      intern(repeating, status, 0, status.length);
      const id = `o${i}`;
      if (unique.enabled) intern(unique, id, 0, id.length);
    }
    expect(repeating.enabled).toBe(true);
    expect(repeating.get('s3', 0, 2, spanHash('s3', 0, 2))).toBe('s3');
    expect(unique.enabled).toBe(false);
    expect(unique.get('o1', 0, 2, spanHash('o1', 0, 2))).toBeUndefined();
  });
});
