import { describe, expect, it } from 'vitest';
import { SourceProgress } from './source-progress.js';

const stats = (records: number, lag?: number) => new Map([['orders', { records, deadLetters: 0, pollErrors: 0, lag }]]);

describe('SourceProgress', () => {
  it('reports rate, lag and time to catch up while a source is behind, then that it caught up', () => {
    const progress = new SourceProgress();
    expect(progress.lines(stats(0, 3_000_000), 0)).toEqual([]);
    expect(progress.lines(stats(500_000, 2_500_000), 2000)).toEqual(['orders: 500,000 rows read, 250,000 rows/s, lag 2,500,000 — caught up in about 10 s']);
    expect(progress.lines(stats(3_000_000, 0), 12_000)).toEqual(['orders: caught up after 3,000,000 rows']);
    expect(progress.lines(stats(3_000_010, 0), 13_000)).toEqual([]);
  });

  it('says nothing about time to catch up when nothing was read', () => {
    const progress = new SourceProgress();
    progress.lines(stats(10, 100), 0);
    expect(progress.lines(stats(10, 100), 1000)).toEqual(['orders: 10 rows read, 0 rows/s, lag 100']);
  });
});
