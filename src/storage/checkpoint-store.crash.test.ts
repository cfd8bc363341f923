import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transpileTree, type TranspiledTree } from '../../test/support/transpile-tree.js';
import { CheckpointStore } from './checkpoint-store.js';
import { CRASH_PREFIX, crashState, stateChecksum } from './checkpoint-crash-model.test-support.js';

const KILLS = 12;
/** A kill lands this long (at most) after the writer reported its first commit: a few commits' time. */
const MAX_KILL_DELAY_MS = 80;
/** Every other kill aims inside a commit: this long (at most) after the writer says it begins one. */
const MAX_IN_COMMIT_DELAY_MS = 8;

const here = dirname(fileURLToPath(import.meta.url));
let workDirectory: string;
let writer: TranspiledTree;

interface WriterRun {
  /** The last epoch the writer reported committed before it died. */
  readonly reported: number;
  /** The last epoch whose commit the writer reported beginning. */
  readonly begun: number;
}

/**
 * Runs the writer on `dataDir` and kills it with SIGKILL `delayMs` after its first reported commit, or, with
 * `inCommit`, `delayMs` after it begins the commit that follows.
 */
function runAndKill(dataDir: string, delayMs: number, inCommit: boolean): Promise<WriterRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [writer.entry, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = 0;
    let begun = 0;
    let pendingText = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pendingText += chunk;
      const lines = pendingText.split('\n');
      pendingText = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('begin ')) begun = Number(line.slice('begin '.length));
        else reported = Number(line);
      }
      if (reported > 0 && (!inCommit || begun > reported)) timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with code ${code}: ${stderr}`));
      else resolvePromise({ reported, begun });
    });
  });
}

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'tally-crash-'));
  writer = transpileTree(join(here, 'checkpoint-crash-writer.test-support.ts'), 'checkpoint-store-crash');
});

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('CheckpointStore under SIGKILL', () => {
  it(`holds exactly the last committed epoch after each of ${KILLS} kills`, async () => {
    const dataDir = join(workDirectory, 'data');
    let lastEpoch = 0;
    const killedAt: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const inCommit = kill % 2 === 1;
      const delayMs = Math.floor(Math.random() * (inCommit ? MAX_IN_COMMIT_DELAY_MS : MAX_KILL_DELAY_MS));
      const { reported, begun } = await runAndKill(dataDir, delayMs, inCommit);
      const store = CheckpointStore.open(dataDir);
      try {
        const checkpoint = store.latest();
        expect(checkpoint).toBeDefined();
        const epoch = checkpoint!.epoch;
        // Every reported commit survived; at most one more finished between its commit and its report.
        expect(epoch).toBeGreaterThanOrEqual(reported);
        expect(epoch).toBeLessThanOrEqual(reported + 1);
        expect(epoch).toBeGreaterThan(lastEpoch);
        const stored = stateChecksum(store.scanState(CRASH_PREFIX));
        expect(checkpoint!.positions.get('epoch')).toBe(epoch);
        expect(checkpoint!.positions.get('checksum')).toBe(stored);
        expect(stored).toBe(stateChecksum(crashState(epoch)));
        expect(store.catalog().map(({ name, definition }) => `${name}: ${definition}`)).toEqual([`marker: epoch ${epoch}`]);
        // '!' marks a kill during a commit that did not survive, '*' one that did (but was not yet reported).
        killedAt.push(`${epoch}${begun > reported ? (epoch === begun ? '*' : '!') : ''}`);
        lastEpoch = epoch;
      } finally {
        await store.close();
      }
    }
    const inCommit = killedAt.filter((entry) => /[!*]$/.test(entry)).length;
    console.log(
      `crash test: restored epochs ${killedAt.join(', ')}; ${inCommit} of ${KILLS} kills landed inside a commit ` +
        `(! = that commit was lost whole, * = it had completed but was not reported)`,
    );
  });
});
