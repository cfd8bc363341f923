// Tests of the archive's index of part files: the scan, replay suffixes, and ranges that straddle a replay.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishedParts } from './file-sink-published-parts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function archiveWith(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tally-parts-'));
  dirs.push(root);
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}

describe('published parts', () => {
  it('finds part files in the root and in key=value directories, and stray temporary files', async () => {
    const root = archiveWith([
      'part-0000000001-0000000002.parquet',
      'dt=2026-11-21/part-0000000003-0000000003.parquet',
      'dt=2026-11-21/hour=5/part-0000000004-0000000006.jsonl',
      'dt=2026-11-21/hour=5/.part-0000000007-0000000007.jsonl.tmp',
      'elsewhere/part-0000000009-0000000009.parquet',
      '.hidden=1/part-0000000010-0000000010.parquet',
      'dt=2026-11-22/readme.txt',
    ]);
    const { parts, strays } = await PublishedParts.scan(root);
    expect(parts.size).toBe(3);
    expect(parts.highestNumber).toBe(6);
    expect(strays).toEqual([join(root, 'dt=2026-11-21/hour=5/.part-0000000007-0000000007.jsonl.tmp')]);
    expect(parts.spanning(5)).toMatchObject({ name: 'part-0000000004-0000000006.jsonl' });
    expect(parts.spanning(4)).toBeUndefined();
    expect(parts.spanning(7)).toBeUndefined();
    expect(parts.takeFrom(3).map((part) => part.name)).toEqual(['part-0000000003-0000000003.parquet', 'part-0000000004-0000000006.jsonl']);
    expect(parts.highestNumber).toBe(2);
    parts.add({ directory: root, name: 'part-0000000003-0000000004.parquet', first: 3, last: 4 });
    expect(parts.highestNumber).toBe(4);
    expect(parts.takeFrom(5)).toEqual([]);
  });
});
