// The data directory lock: one live process, shared within it, taken over from a dead holder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A process that stays alive until killed: a holder other than this one. */
function otherProcess(): { pid: number; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); }) };
}

describe('lockDataDir', () => {
  it('writes the pid, is shared within the process, and is removed by the last release', () => {
    const dir = freshDir();
    const first = lockDataDir(dir);
    expect(readFileSync(join(dir, 'tally.lock'), 'utf8').trim()).toBe(String(process.pid));
    const second = lockDataDir(dir);
    first();
    first();
    expect(existsSync(join(dir, 'tally.lock'))).toBe(true);
    second();
    expect(existsSync(join(dir, 'tally.lock'))).toBe(false);
  });

  it('refuses a directory a live process holds, and takes it over once that process is gone', async () => {
    const dir = freshDir();
    const other = otherProcess();
    writeFileSync(join(dir, 'tally.lock'), `${other.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`is in use by process ${other.pid}`);
    await other.stop();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'tally.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('takes over an unreadable lock file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'tally.lock'), 'garbage');
    lockDataDir(dir)();
  });
});
