// Durable file system steps of a file sink: a file's bytes and a directory's entries reach the disk before a write resolves.
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes a new file (replacing a leftover of the same name) and fsyncs it before closing. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
      offset += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Fsyncs a directory, so that names created, renamed or removed in it survive a power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes a file; one that is already gone is fine (a retry after a partial cleanup). */
export async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/**
 * Creates `relative` under `root` one level at a time, and returns the directories whose entries changed
 * (the parents of the levels created), to be fsynced before the new files in them count as published.
 */
export async function makeDirectories(root: string, relative: string): Promise<string[]> {
  const changed: string[] = [];
  let current = root;
  for (const segment of relative.split('/')) {
    if (segment === '') continue;
    current = join(current, segment);
    const created = await mkdir(current).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') return false;
        throw err;
      },
    );
    if (created) changed.push(dirname(current));
  }
  return changed;
}

/** Replaces a small file atomically: a temporary sibling written durably, renamed over it, the directory fsynced. */
export async function replaceFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), '.' + path.slice(dirname(path).length + 1) + '.tmp');
  await writeFileDurably(temporary, bytes);
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}
