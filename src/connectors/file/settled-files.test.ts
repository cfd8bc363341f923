// Tests of the completeness rule for landing files.
import { describe, expect, it } from 'vitest';
import { isTemporary, SettledFiles } from './settled-files.js';

describe('SettledFiles', () => {
  it('takes a file unchanged across two scans at least the settle time apart', () => {
    let now = 0;
    const settled = new SettledFiles(1000, () => now);
    expect(settled.observe('a', { size: 10, mtimeMs: 1 })).toBe(false);
    now = 500;
    expect(settled.observe('a', { size: 10, mtimeMs: 1 })).toBe(false);
    now = 1200;
    expect(settled.observe('a', { size: 20, mtimeMs: 2 })).toBe(false);
    now = 2100;
    expect(settled.observe('a', { size: 20, mtimeMs: 2 })).toBe(false);
    now = 2200;
    expect(settled.observe('a', { size: 20, mtimeMs: 2 })).toBe(true);
  });

  it('needs two scans even with no settle time', () => {
    const settled = new SettledFiles(0, () => 0);
    expect(settled.observe('a', { size: 1, mtimeMs: 1 })).toBe(false);
    expect(settled.observe('a', { size: 1, mtimeMs: 1 })).toBe(true);
    settled.forget('a');
    expect([...settled.watched()]).toEqual([]);
  });

  it('knows temporary names', () => {
    expect(['.a.csv', '_SUCCESS', 'a.csv.tmp', 'a.part'].map(isTemporary)).toEqual([true, true, true, true]);
    expect(['a.csv', 'tmp.csv', 'part-0001.json'].map(isTemporary)).toEqual([false, false, false]);
  });
});
