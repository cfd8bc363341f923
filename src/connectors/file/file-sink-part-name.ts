// Names of a file sink's part files: `part-<first>-<last>.<ext>` by batch numbers, and their temporary names.

/** Digits of a batch number in a file name: the runtime's numbers are 32-bit, so names sort by number. */
const NUMBER_DIGITS = 10;

const PART_NAME = /^part-(\d+)-(\d+)\.([a-z]+)$/;
const TEMPORARY_PREFIX = '.';
const TEMPORARY_SUFFIX = '.tmp';

/** The batch numbers a published part file holds. */
export interface PartNumbers {
  readonly first: number;
  readonly last: number;
}

const padded = (n: number): string => String(n).padStart(NUMBER_DIGITS, '0');

/** `part-0000000001-0000000003.parquet`. */
export function partFileName(first: number, last: number, extension: string): string {
  return `part-${padded(first)}-${padded(last)}.${extension}`;
}

/** The numbers of a published part file's name; undefined for any other name. */
export function parsePartFileName(name: string): PartNumbers | undefined {
  const match = PART_NAME.exec(name);
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last ? { first, last } : undefined;
}

/**
 * Where a part file is written before it is renamed into place: hidden (a leading dot, which Hive, Spark and
 * Tally's own file source skip) and without the `.parquet` / `.jsonl` ending that readers glob for.
 */
export function temporaryFileName(partName: string): string {
  return TEMPORARY_PREFIX + partName + TEMPORARY_SUFFIX;
}

/** True for a temporary file some write left behind (a crash between writing and renaming). */
export function isTemporaryFileName(name: string): boolean {
  return name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX) && PART_NAME.test(name.slice(TEMPORARY_PREFIX.length, -TEMPORARY_SUFFIX.length));
}
