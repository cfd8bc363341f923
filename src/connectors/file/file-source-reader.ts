// Reads the files landing in a directory, each exactly once, record by record, resumable at any record.
import type { Dirent } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceBatch, SourceReader, SourceSpec } from '../../stream/source.js';
import { decoderFor } from '../format/decoder-for.js';
import { emptyDecodedRecords, type DecodedRecords, type RecordDecoder } from '../format/record-decoder.js';
import { parseFilePosition, type FileOffset, type FilePosition } from './file-position.js';
import { DEFAULT_CHUNK_BYTES, LineReader } from './line-reader.js';
import { isTemporary, SettledFiles } from './settled-files.js';

/** A record longer than this (an unbalanced CSV quote swallowing the file) is cut and decoded as it is. */
const MAX_RECORD_CHARS = 1 << 20;

/** How a file source reads: from the connector's options, plus knobs for tests. */
export interface FileSourceSettings {
  readonly directory: string;
  readonly matches: (name: string) => boolean;
  readonly settleMs: number;
  /** Delete a file once a committed position lists it as finished (`clean_source = 'delete'`). */
  readonly deleteFinished?: boolean;
  readonly chunkBytes?: number;
  readonly now?: () => number;
}

/** The file being read: its line reader and the committed position after the last record returned. */
interface OpenFile {
  readonly name: string;
  readonly lines: LineReader;
  offset: number;
  line: number;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The reader of `connector = 'file'`. Each poll continues the current file, then takes the files that have
 * become complete (see `SettledFiles`) in name order; regular files directly in the directory whose names
 * match the pattern are read, each once, even if it changes later (landing files are immutable once complete).
 * Files are streamed in chunks and split into lines; a record is a line, or several where the format says a
 * record continues (a quoted CSV field with a line break). Dead letters are located as `file:line`.
 */
export class FileSourceReader implements SourceReader {
  private readonly decoder: RecordDecoder;
  private readonly settled: SettledFiles;
  private readonly finished: Set<string>;
  /** Finished files being deleted (`clean_source = 'delete'`). */
  private readonly deleting = new Set<string>();
  private readonly chunkBytes: number;
  private current: OpenFile | undefined;
  /** Complete files seen by the last scan and not yet opened, in name order. */
  private queue: string[] = [];
  /** Where to reopen the current file after a failed poll. */
  private reopen: FileOffset | undefined;

  private constructor(
    spec: SourceSpec,
    private readonly settings: FileSourceSettings,
    finished: readonly string[],
  ) {
    this.decoder = decoderFor(spec);
    this.settled = new SettledFiles(settings.settleMs, settings.now);
    this.finished = new Set(finished);
    this.chunkBytes = settings.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  }

  /** Opens a reader at `position`: the current file resumes at its record (a vanished one is skipped). */
  static async open(spec: SourceSpec, settings: FileSourceSettings, position: FilePosition): Promise<FileSourceReader> {
    const reader = new FileSourceReader(spec, settings, position.finished);
    if (position.current) await reader.resume(position.current.file, position.current.offset, position.current.line);
    return reader;
  }

  /**
   * Reads up to `maxRecords` records. A failure (an I/O error) after some records were read returns those
   * records; either way the current file is reopened at its last record at the next poll, so that the lines
   * of a half-read record are read again rather than lost.
   */
  async poll(maxRecords: number): Promise<SourceBatch> {
    const out = emptyDecodedRecords();
    try {
      if (this.reopen) {
        const { file, offset, line } = this.reopen;
        await this.resume(file, offset, line);
        this.reopen = undefined;
      }
      await this.read(maxRecords, out);
    } catch (err) {
      await this.rewind();
      if (out.rows.length === 0 && out.deadLetters.length === 0) throw err;
    }
    return { changes: { rows: out.rows, weights: out.weights }, deadLetters: out.deadLetters };
  }

  /**
   * With `deleteFinished`, deletes the files the committed position lists as finished: no restart can need them.
   * A deleted file leaves the finished set at the next scan that no longer lists it.
   */
  positionCommitted(position: unknown): void {
    if (!this.settings.deleteFinished) return;
    for (const name of parseFilePosition(position).finished) {
      if (this.deleting.has(name)) continue;
      this.deleting.add(name);
      unlink(join(this.settings.directory, name))
        .catch((err: NodeJS.ErrnoException) => {
          // Gone already is fine; otherwise (permissions) it is tried again after the next commit.
          if (err.code !== 'ENOENT') this.deleting.delete(name);
        });
    }
  }

  position(): FilePosition {
    const finished = [...this.finished];
    const current = this.current;
    if (current) return { finished, current: { file: current.name, offset: current.offset, line: current.line } };
    return this.reopen ? { finished, current: this.reopen } : { finished };
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.lines.close();
  }

  private async read(maxRecords: number, out: DecodedRecords): Promise<void> {
    let records = 0;
    let scanned = false;
    while (records < maxRecords) {
      if (!this.current) {
        if (this.queue.length === 0) {
          if (scanned) break;
          scanned = true;
          this.queue = await this.scan();
          continue;
        }
        this.current = await this.openFile(this.queue.shift()!, 0, 0);
        if (this.current) this.decoder.startStream();
        continue;
      }
      const { count, ended } = await this.readRecords(this.current, maxRecords - records, out);
      records += count;
      if (ended) await this.finishCurrent();
    }
  }

  /** Drops the current file's reader after a failure, to reopen it at its committed position. */
  private async rewind(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.reopen = { file: current.name, offset: current.offset, line: current.line };
    await current.lines.close().catch(() => undefined);
  }

  /** Lists the directory and returns the files that are complete now, in name order. */
  private async scan(): Promise<string[]> {
    const entries: Dirent[] = await readdir(this.settings.directory, { withFileTypes: true });
    const listed = new Set<string>();
    const candidates = entries.filter(
      (entry) =>
        (entry.isFile() || entry.isSymbolicLink()) &&
        !this.finished.has(entry.name) &&
        !isTemporary(entry.name) &&
        this.settings.matches(entry.name),
    );
    const stats = await Promise.all(
      candidates.map((entry) => stat(join(this.settings.directory, entry.name)).catch(() => undefined)),
    );
    const complete: string[] = [];
    candidates.forEach((entry, index) => {
      const info = stats[index];
      if (!info?.isFile()) return;
      listed.add(entry.name);
      if (this.settled.observe(entry.name, info)) complete.push(entry.name);
    });
    for (const name of [...this.settled.watched()]) if (!listed.has(name)) this.settled.forget(name);
    // A finished file that left the directory cannot be read again: forgetting it keeps positions small (a file
    // that comes back under the same name is new and is read).
    const present = new Set(entries.map((entry) => entry.name));
    for (const name of this.finished) {
      if (present.has(name)) continue;
      this.finished.delete(name);
      this.deleting.delete(name);
    }
    return complete.sort();
  }

  /** A line reader on `name` from `offset`, or undefined (and the file forgotten) when it has vanished. */
  private async openFile(name: string, offset: number, line: number): Promise<OpenFile | undefined> {
    this.settled.forget(name);
    try {
      return { name, lines: await LineReader.open(join(this.settings.directory, name), offset, this.chunkBytes), offset, line };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** Reopens the file of a checkpoint; a format with headers reads them again first. */
  private async resume(name: string, offset: number, line: number): Promise<void> {
    const file = await this.openFile(name, offset, line);
    if (!file) return;
    this.decoder.startStream();
    if (offset > 0 && this.decoder.headerRecords > 0) await this.replayHeaders(name);
    this.current = file;
  }

  private async replayHeaders(name: string): Promise<void> {
    const file = await this.openFile(name, 0, 0);
    if (!file) return;
    try {
      const scratch = emptyDecodedRecords();
      for (let header = 0; header < this.decoder.headerRecords; header++) {
        await this.readRecords(file, 1, scratch);
      }
    } finally {
      await file.lines.close();
    }
  }

  /**
   * Decodes up to `budget` records of `file` into `out`, committing the position after each; `ended` when the
   * file has no more. Stops only between records, so the position always names the start of one.
   */
  private async readRecords(file: OpenFile, budget: number, out: DecodedRecords): Promise<{ count: number; ended: boolean }> {
    const decoder = this.decoder;
    let count = 0;
    let record: string | undefined;
    let recordLines = 0;
    while (count < budget) {
      const text = file.lines.nextLine();
      if (text === undefined) {
        if (!file.lines.ended) {
          await file.lines.readMore();
          continue;
        }
        if (record !== undefined) {
          this.decodeRecord(file, record, recordLines, out);
          count++;
        }
        return { count, ended: true };
      }
      record = record === undefined ? text : `${record}\n${text}`;
      recordLines++;
      if (!decoder.isComplete(record) && record.length < MAX_RECORD_CHARS) continue;
      this.decodeRecord(file, record, recordLines, out);
      count++;
      record = undefined;
      recordLines = 0;
    }
    return { count, ended: false };
  }

  private decodeRecord(file: OpenFile, record: string, lines: number, out: DecodedRecords): void {
    this.decoder.decode(record, `${file.name}:${file.line + 1}`, out);
    file.line += lines;
    file.offset = file.lines.offset;
  }

  private async finishCurrent(): Promise<void> {
    const current = this.current!;
    this.current = undefined;
    this.finished.add(current.name);
    await current.lines.close();
  }
}
