import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { CHECKPOINT_FORMAT_VERSION } from '../storage/checkpoint-store.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

let workDir: string | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  workDir = undefined;
});

describe('tally main', () => {
  it('says why it cannot start in one line, without a stack trace, and exits 1', async () => {
    workDir = await mkdtemp(join(tmpdir(), 'tally-main-'));
    // A data directory written by a build of another checkpoint format.
    const environment = open({ path: join(workDir, 'checkpoint'), maxDbs: 8 });
    environment.openDB({ name: 'meta', encoding: 'json' }).putSync('format_version', 1);
    await environment.close();
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'tally', 'start', '--data-dir', workDir, '--pg-port', '0', '--http-port', '0']);
    expect(code).toBe(1);
    expect(written).toEqual([
      `tally: checkpoint store "${join(workDir, 'checkpoint')}" has format version 1, this build reads version ${CHECKPOINT_FORMAT_VERSION} ` +
        '(start with a new data directory, and create the pipeline there again)\n',
    ]);
  });

  it('leaves usage errors to commander, with its exit code', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'tally', 'no-such-command'])).toBe(1);
    expect(await main(['node', 'tally', 'check'])).toBe(1);
  });
});
