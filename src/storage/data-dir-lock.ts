// One process per data directory: a lock file naming the holder's pid. LMDB itself lets several processes share
// an environment, but two engines committing checkpoints (or two embedded brokers appending to the same topic
// logs) into one directory would overwrite each other's state.
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'tally.lock';

/** The directory is held by another live process. `code` lets servers report it like a system error. */
export class DataDirLockedError extends Error {
  readonly code = 'ELOCKED';
  constructor(
    readonly directory: string,
    readonly holder: number,
  ) {
    super(`data directory "${directory}" is in use by process ${holder}: only one Tally process may use a data directory at a time`);
  }
}

/**
 * Locks held by this process, by directory, with the number of holders: the demo's broker and its engine share one,
 * and tests that simulate a crash open a second engine without closing the first. Within one process, not opening
 * two engines on one directory is the caller's business.
 */
const held = new Map<string, number>();

/**
 * Takes the lock of `directory` (created if missing) for this process; several holders in one process share it.
 * A lock file left by a process that no longer runs (killed, crashed) is taken over. Throws DataDirLockedError
 * when another live process holds it. Returns the function that releases this holder's share.
 */
export function lockDataDir(directory: string): () => void {
  const dir = resolve(directory);
  const count = held.get(dir);
  if (count !== undefined) {
    held.set(dir, count + 1);
    return releaser(dir);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  // Two attempts: the second after removing a dead holder's file. Two processes taking over the same dead holder's
  // file at the same moment can both succeed (each removes the file and creates its own); that race is not closed.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.set(dir, 1);
      return releaser(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = holderOf(path);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dir, holder);
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new DataDirLockedError(dir, holderOf(path) ?? -1);
}

function releaser(dir: string): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = held.get(dir) ?? 0;
    if (count > 1) {
      held.set(dir, count - 1);
      return;
    }
    held.delete(dir);
    try {
      unlinkSync(join(dir, LOCK_FILE));
    } catch {
      // Already gone (the directory was deleted): nothing to release.
    }
  };
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
