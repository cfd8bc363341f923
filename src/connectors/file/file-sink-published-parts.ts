// The part files an archive directory holds, by batch number: found once at open, then kept up to date by the writer.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTemporaryFileName, parsePartFileName } from './file-sink-part-name.js';

/** A published part file. */
export interface PublishedPart {
  /** Its directory, absolute. */
  readonly directory: string;
  readonly name: string;
  readonly first: number;
  readonly last: number;
}

/** What a scan of an archive found. */
export interface ArchiveScan {
  readonly parts: PublishedParts;
  /** Temporary files that a write left behind, absolute. */
  readonly strays: readonly string[];
}

/** Partition directories are `key=value`; other subdirectories are not the sink's and are left alone. */
const PARTITION_DIRECTORY = /^[^=.][^=]*=/;
/** `dt=.../hour=...` is two levels; a deeper layout is not one this sink writes. */
const MAX_DEPTH = 4;

/**
 * The published part files of an archive, ordered by first batch number. Writes publish ranges in increasing
 * order, so a replay removes a suffix of this list: `takeFrom` costs what it removes, however large the archive.
 */
export class PublishedParts {
  private readonly parts: PublishedPart[] = [];

  /**
   * Walks the archive: the root and its `key=value` subdirectories (of any partitioning an earlier sink used),
   * collecting part files and stray temporary files. Other files are ignored. Called once per writer.
   */
  static async scan(root: string): Promise<ArchiveScan> {
    const found: PublishedPart[] = [];
    const strays: string[] = [];
    const visit = async (directory: string, depth: number): Promise<void> => {
      for (const entry of await readdir(directory, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (depth < MAX_DEPTH && PARTITION_DIRECTORY.test(entry.name)) await visit(join(directory, entry.name), depth + 1);
        } else if (entry.isFile()) {
          const numbers = parsePartFileName(entry.name);
          if (numbers) found.push({ directory, name: entry.name, ...numbers });
          else if (isTemporaryFileName(entry.name)) strays.push(join(directory, entry.name));
        }
      }
    };
    await visit(root, 0);
    const parts = new PublishedParts();
    found.sort((a, b) => a.first - b.first || a.last - b.last);
    parts.parts.push(...found);
    return { parts, strays };
  }

  get size(): number {
    return this.parts.length;
  }

  /** The highest batch number any part holds; 0 when there is none. */
  get highestNumber(): number {
    let highest = 0;
    for (const part of this.parts) highest = Math.max(highest, part.last);
    return highest;
  }

  /** Records a part just published; its range starts after every remaining part's (see `takeFrom`). */
  add(part: PublishedPart): void {
    let index = this.parts.length;
    while (index > 0 && this.parts[index - 1]!.first > part.first) index--;
    this.parts.splice(index, 0, part);
  }

  /** Removes and returns the parts whose first number is `first` or more. */
  takeFrom(first: number): PublishedPart[] {
    let index = this.parts.length;
    while (index > 0 && this.parts[index - 1]!.first >= first) index--;
    return this.parts.splice(index);
  }

  /** A part holding `number` along with earlier batches (first < number <= last), if any. */
  spanning(number: number): PublishedPart | undefined {
    for (let partIdx = this.parts.length - 1; partIdx >= 0; partIdx--) {
      const part = this.parts[partIdx]!;
      // Ranges do not overlap: once one ends below `number`, every earlier one does.
      if (part.last < number) return undefined;
      if (part.first < number) return part;
    }
    return undefined;
  }
}
