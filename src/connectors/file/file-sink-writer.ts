// Writes a file sink's batches as part files, one per partition, each published atomically and exactly once.
import { constants } from 'node:fs';
import { access, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SinkBatchRange, SinkChange, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { makeDirectories, removeFile, syncDirectory, writeFileDurably } from './file-sink-durable.js';
import { partEncoderFor, type PartEncoder } from './file-sink-encoder.js';
import { readBatchBase, writeBatchBase } from './file-sink-manifest.js';
import type { FileSinkSettings } from './file-sink-options.js';
import { partFileName, temporaryFileName } from './file-sink-part-name.js';
import { PartitionPlan } from './file-sink-partition.js';
import { PublishedParts } from './file-sink-published-parts.js';

/** The rows of one write bound for one directory (relative to the root; '' for the root itself). */
interface PartitionRows {
  readonly directory: string;
  readonly rows: Row[];
}

/** A part file encoded and written under its temporary name, waiting to be renamed into place. */
interface StagedPart {
  readonly directory: string;
  readonly name: string;
  readonly temporary: string;
}

/**
 * A running file sink. Each `write` covers batches first..last (the runtime's numbers, plus the archive's batch
 * base) and publishes one file `part-<first>-<last>.<ext>` per partition its rows fall in: written under a
 * hidden temporary name, fsynced, renamed into place, and the directories fsynced before `write` resolves.
 * Before that it removes every part file numbered `first` or later: what an earlier attempt of these
 * batches left (a failed write, or the writes a crash undid, which the runtime replays with the same
 * numbers), so that the archive holds every row exactly once. Writes come one at a time.
 */
export class FileSinkWriter implements SinkWriter {
  /** Added to the runtime's batch numbers; settled by the first write (see `settleBatchBase`). */
  private batchBase: number | undefined;
  /** Directories known to exist; forgotten after a failure, in case one was removed. */
  private readonly knownDirectories = new Set<string>();

  private constructor(
    private readonly spec: SinkSpec,
    private readonly root: string,
    private readonly encoder: PartEncoder,
    private readonly partitions: PartitionPlan | undefined,
    private readonly parts: PublishedParts,
    private readonly storedBatchBase: number,
  ) {}

  /**
   * Creates the archive directory if needed, checks that it can be written, removes temporary files that
   * writes interrupted by a crash left, and indexes the published part files. Rejects with a SqlError when the
   * directory cannot be created or written.
   */
  static async open(spec: SinkSpec, settings: FileSinkSettings): Promise<FileSinkWriter> {
    const root = settings.directory;
    try {
      const created = await mkdir(root, { recursive: true });
      if (created !== undefined) await syncCreatedParents(root, created);
      await access(root, constants.W_OK | constants.X_OK);
    } catch (err) {
      throw new SqlError('invalid_parameter_value', `could not open archive directory "${root}": ${describe(err)}`);
    }
    const { parts, strays } = await PublishedParts.scan(root);
    await Promise.all(strays.map(removeFile));
    await Promise.all([...new Set(strays.map((stray) => dirname(stray)))].map(syncDirectory));
    const partitions = settings.partitioning && new PartitionPlan(settings.partitioning);
    return new FileSinkWriter(spec, root, partEncoderFor(settings, spec.columns), partitions, parts, await readBatchBase(root));
  }

  async write(changes: readonly SinkChange[], batches?: SinkBatchRange): Promise<void> {
    const rows: Row[] = [];
    for (const change of changes) if (change.after !== null) rows.push(change.after);
    try {
      let first: number;
      let last: number;
      if (batches) {
        const base = this.batchBase ?? (await this.settleBatchBase(batches.first));
        first = base + batches.first;
        last = base + batches.last;
      } else {
        first = last = this.parts.highestNumber + 1;
      }
      const touched = await this.removeFrom(first);
      const staged = await this.stage(this.partitionRows(rows), first, last);
      for (const part of staged) {
        await rename(part.temporary, join(part.directory, part.name));
        this.parts.add({ directory: part.directory, name: part.name, first, last });
        touched.add(part.directory);
      }
      await Promise.all([...touched].map(syncDirectory));
    } catch (err) {
      this.knownDirectories.clear();
      if (err instanceof SqlError) throw err;
      throw new Error(`could not write archive "${this.root}": ${describe(err)}`);
    }
  }

  async close(): Promise<void> {
    this.knownDirectories.clear();
  }

  /**
   * The runtime numbers a new sink's batches from 1; a sink restored from a checkpoint replays from the oldest
   * batch the checkpoint had not seen confirmed. A first write starting at 1 is therefore taken as a new sink
   * (a sink created again, or an engine run without a data directory): its numbers start after the
   * highest part already in the archive, and the earlier files stay. Any other first write resumes the sink
   * that recorded the base. Recorded durably before a file numbered from it is published.
   */
  private async settleBatchBase(firstBatch: number): Promise<number> {
    const base = firstBatch === 1 ? this.parts.highestNumber : this.storedBatchBase;
    if (base !== this.storedBatchBase) await writeBatchBase(this.root, this.spec.name, base);
    this.batchBase = base;
    return base;
  }

  /** Removes the part files numbered `first` or later; returns the directories to fsync. */
  private async removeFrom(first: number): Promise<Set<string>> {
    const spanning = this.parts.spanning(first);
    if (spanning) {
      throw new SqlError('data_exception', `part file "${join(spanning.directory, spanning.name)}" holds batches before and after batch ${first} of sink "${this.spec.name}"`, {
        hint: 'Writes replay whole ranges; the archive was changed by something else. Move that file aside to let the sink go on.',
      });
    }
    const superseded = this.parts.takeFrom(first);
    await Promise.all(superseded.map((part) => removeFile(join(part.directory, part.name))));
    return new Set(superseded.map((part) => part.directory));
  }

  private partitionRows(rows: readonly Row[]): PartitionRows[] {
    const plan = this.partitions;
    if (!plan) return rows.length === 0 ? [] : [{ directory: '', rows: rows as Row[] }];
    const byBucket = new Map<number, Row[]>();
    const column = plan.column;
    for (const row of rows) {
      const bucket = plan.bucketOf(row[column] ?? null);
      const group = byBucket.get(bucket);
      if (group) group.push(row);
      else byBucket.set(bucket, [row]);
    }
    return [...byBucket].map(([bucket, group]) => ({ directory: plan.directoryOf(bucket), rows: group }));
  }

  /** Encodes every partition's file (a value that cannot be stored fails the write before any file is written), then writes them under temporary names. */
  private async stage(groups: readonly PartitionRows[], first: number, last: number): Promise<StagedPart[]> {
    const origin = { sink: this.spec.name, first, last };
    const encoded = groups.map((group) => ({ group, bytes: this.encoder.encode(group.rows, origin) }));
    const name = partFileName(first, last, this.encoder.extension);
    const staged: StagedPart[] = [];
    try {
      for (const { group, bytes } of encoded) {
        const directory = await this.directory(group.directory);
        const part = { directory, name, temporary: join(directory, temporaryFileName(name)) };
        staged.push(part);
        await writeFileDurably(part.temporary, bytes);
      }
    } catch (err) {
      await Promise.all(staged.map((part) => removeFile(part.temporary).catch(() => undefined)));
      throw err;
    }
    return staged;
  }

  /** The absolute directory of a partition, created (and its parents fsynced) the first time it is used. */
  private async directory(relative: string): Promise<string> {
    const absolute = relative === '' ? this.root : join(this.root, relative);
    if (this.knownDirectories.has(absolute)) return absolute;
    const changed = await makeDirectories(this.root, relative);
    await Promise.all(changed.map(syncDirectory));
    this.knownDirectories.add(absolute);
    return absolute;
  }
}

/** After `mkdir -p` created `created` and everything below it down to `root`: fsync each new entry's parent. */
async function syncCreatedParents(root: string, created: string): Promise<void> {
  const stop = dirname(created);
  for (let directory = dirname(root); ; directory = dirname(directory)) {
    await syncDirectory(directory);
    if (directory === stop || directory === dirname(directory)) return;
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'ENOTDIR': return 'not a directory';
    case 'ENOSPC': return 'no space left on device';
    default: return err instanceof Error ? err.message : String(err);
  }
}
