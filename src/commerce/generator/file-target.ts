// The file target: a JSON-lines file per stream, appended; CSV streams as whole files, a new one per interval.
import { access, appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_LAYOUTS, type CommerceStream, type CsvLayout, type GeneratedRecord } from './commerce-streams.js';
import { csvRow } from './csv-row.js';
import { compactTime } from './event-time-format.js';
import { systemClock, type GeneratorClock } from './generator-clock.js';
import type { GeneratorTarget } from './generator-target.js';

export interface FileTargetOptions {
  readonly directory: string;
  /** Decides when a CSV file is complete (default: the system clock). */
  readonly clock?: GeneratorClock;
  /** A CSV file holds the records of this long (default 5 s); the last one is written at close. */
  readonly csvFileIntervalMs?: number;
}

export const DEFAULT_CSV_FILE_INTERVAL_MS = 5_000;

interface CsvFile {
  readonly startMs: number;
  readonly lines: string[];
}

/**
 * Writes `<directory>/<stream>.jsonl` (one JSON object per line, appended on every send) and, for CSV streams
 * (REES46), a file per interval under the stream's subdirectory with a header line. A CSV file is written under
 * a hidden temporary name and renamed, so that a file source sees it whole; names sort in time order
 * (`rees46-20261121T150405000Z-000001.csv`).
 */
export function fileTarget(options: FileTargetOptions): GeneratorTarget {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.csvFileIntervalMs ?? DEFAULT_CSV_FILE_INTERVAL_MS;
  const pendingCsv = new Map<CommerceStream, CsvFile>();
  const madeDirectories = new Map<string, Promise<unknown>>();
  let fileNumber = 0;

  const directoryReady = (path: string): Promise<unknown> => {
    let made = madeDirectories.get(path);
    if (!made) {
      made = mkdir(path, { recursive: true });
      madeDirectories.set(path, made);
    }
    return made;
  };

  const writeCsv = async (layout: CsvLayout, file: CsvFile): Promise<void> => {
    const directory = join(options.directory, layout.directory);
    await directoryReady(directory);
    let name: string;
    // A name an earlier run left is skipped, never overwritten.
    do name = `${layout.prefix}-${compactTime(file.startMs)}-${String(++fileNumber).padStart(6, '0')}.csv`;
    while (await exists(join(directory, name)));
    const temporary = join(directory, `.${name}.tmp`);
    await writeFile(temporary, `${layout.columns.join(',')}\n${file.lines.join('\n')}\n`);
    await rename(temporary, join(directory, name));
  };

  return {
    async send(stream, records: readonly GeneratedRecord[]) {
      if (records.length === 0) return;
      const layout = CSV_LAYOUTS[stream];
      if (!layout) {
        await directoryReady(options.directory);
        await appendFile(join(options.directory, `${stream}.jsonl`), records.map((record) => `${JSON.stringify(record.value)}\n`).join(''));
        return;
      }
      const now = clock.now();
      const file = pendingCsv.get(stream) ?? { startMs: now, lines: [] };
      pendingCsv.set(stream, file);
      for (const record of records) file.lines.push(csvRow(layout.columns, record.value));
      if (now - file.startMs >= intervalMs) {
        pendingCsv.delete(stream);
        await writeCsv(layout, file);
      }
    },
    async close() {
      const files = [...pendingCsv];
      pendingCsv.clear();
      for (const [stream, file] of files) await writeCsv(CSV_LAYOUTS[stream]!, file);
    },
  };
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
