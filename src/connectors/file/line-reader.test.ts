// Tests of LineReader: lines and byte offsets across chunks.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineReader } from './line-reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(reader: LineReader): Promise<{ lines: string[]; offsets: number[] }> {
  const lines: string[] = [];
  const offsets: number[] = [];
  for (;;) {
    const line = reader.nextLine();
    if (line !== undefined) {
      lines.push(line);
      offsets.push(reader.offset);
    } else if (!(await reader.readMore())) {
      const last = reader.nextLine();
      if (last === undefined) break;
      lines.push(last);
      offsets.push(reader.offset);
    }
  }
  await reader.close();
  return { lines, offsets };
}

describe('LineReader', () => {
  it('splits lines across tiny chunks, multi-byte characters included, with byte offsets', async () => {
    const path = join(dir, 'a.txt');
    await writeFile(path, 'héllo\r\n€uro line\n\nlast without break');
    const { lines, offsets } = await readAll(await LineReader.open(path, 0, 3));
    expect(lines).toEqual(['héllo', '€uro line', '', 'last without break']);
    expect(offsets).toEqual([8, 20, 21, 39]);
  });

  it('resumes at a byte offset', async () => {
    const path = join(dir, 'b.txt');
    await writeFile(path, 'one\ntwo\nthree\n');
    expect((await readAll(await LineReader.open(path, 4, 2))).lines).toEqual(['two', 'three']);
    expect((await readAll(await LineReader.open(path, 14))).lines).toEqual([]);
  });
});

describe('LineReader on invalid UTF-8', () => {
  it('keeps byte offsets exact', async () => {
    const path = join(dir, 'c.txt');
    await writeFile(path, Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0xe2, 0x82, 0x0a, 0x62, 0x0a]));
    const { lines, offsets } = await readAll(await LineReader.open(path, 0, 4));
    expect(lines).toEqual(['a\uFFFD\uFFFD', '\uFFFD', 'b']);
    expect(offsets).toEqual([4, 7, 9]);
  });
});
