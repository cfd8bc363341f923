// Tests of FileSourceReader on temporary directories: once-only reads, partial files, large files, restarts.
import { appendFile, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceBatch, SourceSpec } from '../../stream/source.js';
import type { Row } from '../../types/value.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { parseFilePosition, type FilePosition } from './file-position.js';
import { FileSourceReader, type FileSourceSettings } from './file-source-reader.js';
import { globMatcher } from './glob-matcher.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const jsonSpec = sourceSpec(columns(['id', 'int8'], ['note', 'varchar']));
const csvSpec = sourceSpec(columns(['id', 'int8'], ['note', 'varchar']), {}, { format: 'plain', encode: 'csv' });

const settings = (extra: Partial<FileSourceSettings> = {}): FileSourceSettings => ({
  directory: dir,
  matches: globMatcher('*'),
  settleMs: 0,
  ...extra,
});

const open = (spec: SourceSpec, position: FilePosition = { finished: [] }, extra: Partial<FileSourceSettings> = {}) =>
  FileSourceReader.open(spec, settings(extra), position);

const ids = (batch: SourceBatch): string[] => batch.changes.rows.map((row: Row) => String(row[0]));

const jsonLines = (from: number, to: number): string => {
  let text = '';
  for (let id = from; id < to; id++) text += `{"id": ${id}, "note": "n${id} é€"}\n`;
  return text;
};

describe('FileSourceReader', () => {
  it('reads each complete file once, in name order, as files land between polls', async () => {
    const reader = await open(jsonSpec);
    await writeFile(join(dir, 'b.jsonl'), jsonLines(3, 5));
    await writeFile(join(dir, 'a.jsonl'), jsonLines(1, 3));
    expect(ids(await reader.poll(100))).toEqual([]); // first sighting: not known to be complete yet
    expect(ids(await reader.poll(100))).toEqual(['1', '2', '3', '4']);
    expect(ids(await reader.poll(100))).toEqual([]);
    await appendFile(join(dir, 'a.jsonl'), jsonLines(9, 10)); // finished files are not read again
    await writeFile(join(dir, 'c.jsonl'), jsonLines(5, 6));
    expect(ids(await reader.poll(100))).toEqual([]);
    expect(ids(await reader.poll(100))).toEqual(['5']);
    expect(reader.position()).toEqual({ finished: ['a.jsonl', 'b.jsonl', 'c.jsonl'] });
    await reader.close();
  });

  it('forgets finished files that left the directory, and deletes committed ones with deleteFinished', async () => {
    const reader = await open(jsonSpec, { finished: [] }, { deleteFinished: true });
    await writeFile(join(dir, 'a.jsonl'), jsonLines(1, 3));
    await writeFile(join(dir, 'b.jsonl'), jsonLines(3, 4));
    await reader.poll(100);
    expect(ids(await reader.poll(100))).toEqual(['1', '2', '3']);
    const committed = reader.position();
    await writeFile(join(dir, 'c.jsonl'), jsonLines(4, 5));
    reader.positionCommitted({ finished: ['a.jsonl'] }); // an older checkpoint: only a is known to be safe
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readdir(dir)).sort()).toEqual(['b.jsonl', 'c.jsonl']);
    expect(ids(await reader.poll(100))).toEqual([]); // c's first sighting
    expect(ids(await reader.poll(100))).toEqual(['4']);
    expect(reader.position()).toEqual({ finished: ['b.jsonl', 'c.jsonl'] });
    reader.positionCommitted(committed);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readdir(dir)).sort()).toEqual(['c.jsonl']);
    await reader.poll(100);
    expect(reader.position()).toEqual({ finished: ['c.jsonl'] });
    await reader.close();
  });

  it('keeps every file without deleteFinished', async () => {
    const reader = await open(jsonSpec);
    await writeFile(join(dir, 'a.jsonl'), jsonLines(1, 2));
    await reader.poll(100);
    await reader.poll(100);
    reader.positionCommitted(reader.position());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readdir(dir)).toEqual(['a.jsonl']);
    await reader.close();
  });

  it('does not read a file while it grows, nor temporary names, nor names outside the pattern', async () => {
    const reader = await open(csvSpec, { finished: [] }, { matches: globMatcher('*.csv') });
    await writeFile(join(dir, 'day1.csv'), 'id,note\n1,one\n2,tw');
    await writeFile(join(dir, 'day2.csv.tmp'), 'id,note\n7,seven\n');
    await writeFile(join(dir, '.day3.csv'), 'id,note\n8,eight\n');
    await writeFile(join(dir, 'day4.json'), '{"id": 9}\n');
    expect(ids(await reader.poll(100))).toEqual([]);
    await appendFile(join(dir, 'day1.csv'), 'o\n3,three\n');
    expect(ids(await reader.poll(100))).toEqual([]); // size changed since the last scan
    await rename(join(dir, 'day2.csv.tmp'), join(dir, 'day2.csv'));
    expect(ids(await reader.poll(100))).toEqual(['1', '2', '3']);
    const batch = await reader.poll(100);
    expect(ids(batch)).toEqual(['7']);
    expect(batch.changes.rows[0]).toEqual([7n, 'seven']);
    expect(ids(await reader.poll(100))).toEqual([]);
    await reader.close();
  });

  it('waits for the settle time between the two scans', async () => {
    let now = 0;
    const reader = await open(jsonSpec, { finished: [] }, { settleMs: 1000, now: () => now });
    await writeFile(join(dir, 'a.jsonl'), jsonLines(1, 2));
    expect(ids(await reader.poll(10))).toEqual([]);
    now = 999;
    expect(ids(await reader.poll(10))).toEqual([]);
    now = 1000;
    expect(ids(await reader.poll(10))).toEqual(['1']);
    await reader.close();
  });

  it('streams a large file across polls in small chunks, at most maxRecords per poll', async () => {
    await writeFile(join(dir, 'big.jsonl'), jsonLines(0, 10_000));
    const reader = await open(jsonSpec, { finished: [] }, { chunkBytes: 1000 });
    await reader.poll(3000);
    const sizes: number[] = [];
    const seen: string[] = [];
    for (let round = 0; round < 5; round++) {
      const batch = await reader.poll(3000);
      sizes.push(batch.changes.rows.length);
      seen.push(...ids(batch));
      expect(batch.deadLetters).toEqual([]);
    }
    expect(sizes).toEqual([3000, 3000, 3000, 1000, 0]);
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_, id) => String(id)));
    await reader.close();
  });

  it('restarts from position() without reading a line twice or skipping one', async () => {
    await writeFile(join(dir, 'a.jsonl'), jsonLines(0, 250));
    await writeFile(join(dir, 'b.jsonl'), jsonLines(250, 500) + 'broken\n' + jsonLines(500, 520).trimEnd());
    const all: string[] = [];
    const deadLetters: string[] = [];
    let position: FilePosition = { finished: [] };
    for (let restarts = 0; restarts < 40 && all.length < 520; restarts++) {
      const reader = await open(jsonSpec, position, { chunkBytes: 512 });
      for (let polls = 0; polls < 3; polls++) {
        const batch = await reader.poll(37);
        all.push(...ids(batch));
        deadLetters.push(...batch.deadLetters.map((d) => `${d.offset} ${d.payload}`));
      }
      position = parseFilePosition(JSON.parse(JSON.stringify(reader.position())));
      await reader.close();
    }
    expect(all).toEqual(Array.from({ length: 520 }, (_, id) => String(id)));
    expect(deadLetters).toEqual(['b.jsonl:251 broken']);
    expect(position).toEqual({ finished: ['a.jsonl', 'b.jsonl'] });
  });

  it('restarts inside a CSV file, reading its header again, with records spanning lines', async () => {
    await writeFile(join(dir, 'a.csv'), 'note,id\n"first\nrecord",1\nsecond,2\n"third, ""quoted""",3\nfourth,4\n');
    const reader = await open(csvSpec);
    await reader.poll(2);
    const first = await reader.poll(2);
    expect(first.changes.rows).toEqual([[1n, 'first\nrecord']]); // the header is the first of the two records
    const position = reader.position();
    expect(position).toEqual({ finished: [], current: { file: 'a.csv', offset: 25, line: 3 } });
    await reader.close();
    const resumed = await open(csvSpec, position);
    const rest = await resumed.poll(10);
    expect(rest.changes.rows).toEqual([[2n, 'second'], [3n, 'third, "quoted"'], [4n, 'fourth']]);
    await resumed.close();
  });

  it('locates dead letters by file and line', async () => {
    await writeFile(join(dir, 'a.csv'), 'id,note\n1,ok\nx,bad\n\n3,"multi\nline",extra\n4,ok\n');
    const reader = await open(csvSpec);
    await reader.poll(100);
    const batch = await reader.poll(100);
    expect(ids(batch)).toEqual(['1', '4']);
    expect(batch.deadLetters).toEqual([
      { offset: 'a.csv:3', payload: 'x,bad', error: 'invalid input syntax for type bigint: "x"' },
      { offset: 'a.csv:5', payload: '3,"multi\nline",extra', error: 'extra data after last expected column' },
    ]);
    await reader.close();
  });

  it('skips a checkpointed current file that has vanished', async () => {
    await writeFile(join(dir, 'b.jsonl'), jsonLines(1, 2));
    const reader = await open(jsonSpec, { finished: ['a.jsonl'], current: { file: 'gone.jsonl', offset: 10, line: 1 } });
    expect(reader.position()).toEqual({ finished: ['a.jsonl'] });
    await reader.poll(10);
    expect(ids(await reader.poll(10))).toEqual(['1']);
    await reader.close();
  });

  it('reopens the current file at its last record after a read error', async () => {
    await writeFile(join(dir, 'a.jsonl'), jsonLines(0, 40));
    const reader = await open(jsonSpec, { finished: [] }, { chunkBytes: 100 });
    await reader.poll(1);
    const seen = ids(await reader.poll(5));
    const internals = reader as unknown as { current: { lines: { readMore(): Promise<boolean> } } };
    internals.current.lines.readMore = () => Promise.reject(new Error('disk on fire'));
    let failures = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        seen.push(...ids(await reader.poll(100)));
      } catch (err) {
        expect((err as Error).message).toBe('disk on fire');
        failures++;
      }
    }
    // Records read before the failure come back with it; the next poll reopens the file where they end.
    expect(failures).toBeLessThanOrEqual(1);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, id) => String(id)));
    await reader.close();
  });
});
