import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { transpileTree } from '../../test/support/transpile-tree.js';
import { CheckpointStore } from './checkpoint-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('StoreWriter', () => {
  it('keeps the process alive while an answer is awaited: a script that awaits its commit and close ends normally', async () => {
    const program = transpileTree(join(here, 'store-writer-exit.test-support.ts'), 'store-writer-exit');
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-store-writer-'));
    directories.push(dataDir);
    const child = spawn(process.execPath, [program.entry, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Without it the awaits found an empty event loop: exit code 13 (an unsettled top-level await), nothing written.
    expect({ code, output }).toEqual({ code: 0, output: 'committed ok\nclosed\n' });
    const store = CheckpointStore.open(dataDir);
    expect(store.latest()).toEqual({ epoch: 1, positions: new Map([['source', 1]]) });
    await store.close();
  });
});
