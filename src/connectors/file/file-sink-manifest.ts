// The archive's note of where the current sink's batch numbers start, so that a new sink never replaces an earlier one's files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SqlError } from '../../types/error.js';
import { removeFile, replaceFileDurably } from './file-sink-durable.js';

/** Readers skip names starting with `_` (Hive, Spark, DuckDB's globs only match the part files' endings). */
export const MANIFEST_NAME = '_tally_sink.json';

interface Manifest {
  /** The sink that last started writing here. */
  readonly sink: string;
  /** Added to the sink's batch numbers in file names: the highest number in the archive when it started. */
  readonly batch_base: number;
}

/** The batch base recorded in the archive; 0 when none is (the sink numbers files by its own batch numbers). */
export async function readBatchBase(root: string): Promise<number> {
  await removeFile(join(root, '.' + MANIFEST_NAME + '.tmp'));
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let base: unknown;
  try {
    base = (JSON.parse(text) as Partial<Manifest>).batch_base;
  } catch {
    base = undefined;
  }
  if (typeof base !== 'number' || !Number.isSafeInteger(base) || base < 0) {
    throw new SqlError('data_exception', `archive manifest "${join(root, MANIFEST_NAME)}" is damaged`, {
      hint: 'It says where the sink\'s batch numbers start among the part files: restore it, or archive into a new directory.',
    });
  }
  return base;
}

/** Records the batch base durably, before any file numbered from it is published. */
export async function writeBatchBase(root: string, sink: string, base: number): Promise<void> {
  const manifest: Manifest = { sink, batch_base: base };
  await replaceFileDurably(join(root, MANIFEST_NAME), Buffer.from(JSON.stringify(manifest) + '\n', 'utf8'));
}
