// Tells when a landing file is complete: unchanged across two directory scans and for a settle time.
/** What a directory scan saw of one file. */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

interface Sighting extends FileStat {
  /** When the file was first seen with this size and modification time. */
  readonly since: number;
}

/**
 * The completeness rule of the file source. Writers that drop a file in place (a copy, a slow upload) leave
 * it partial for a while, and no portable signal says when they are done; writers that rename a finished
 * file into place make it complete at once. A file is taken when two scans saw it with the same size and
 * modification time, at least `settleMs` apart (so that a writer pausing between two barriers is not taken
 * for finished). Names starting with '.' or '_' and ending in '.tmp' or '.part' are never taken (`isTemporary`),
 * for writers that write under a temporary name and rename.
 */
export class SettledFiles {
  private readonly sightings = new Map<string, Sighting>();

  constructor(
    private readonly settleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records this scan's view of `name`; true once the file counts as complete. */
  observe(name: string, stat: FileStat): boolean {
    const now = this.now();
    const seen = this.sightings.get(name);
    if (!seen || seen.size !== stat.size || seen.mtimeMs !== stat.mtimeMs) {
      this.sightings.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, since: now });
      return false;
    }
    return now - seen.since >= this.settleMs;
  }

  /** Forgets a file: taken, or gone from the directory. */
  forget(name: string): void {
    this.sightings.delete(name);
  }

  /** The names being watched, to drop those a scan no longer lists. */
  watched(): IterableIterator<string> {
    return this.sightings.keys();
  }
}

const TEMPORARY_SUFFIXES = ['.tmp', '.part'];

/** Files that writers have not finished by convention: hidden, '_'-prefixed (Spark/Flink), temporary suffixes. */
export function isTemporary(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('_')) return true;
  return TEMPORARY_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
