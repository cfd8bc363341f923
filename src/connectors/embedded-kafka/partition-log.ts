// One partition of an embedded topic: an append-only log of records at offsets 0, 1, 2..., in memory or in a file.
import { constants, type FileHandle, open } from 'node:fs/promises';
import { encodeFrames, FRAME_HEADER_BYTES, scanFrames, type LogRecord } from './log-frame.js';

/** How a file-backed log writes. */
export interface PartitionLogFileOptions {
  /** fdatasync each append before its records become visible (default true): a checkpoint never names an offset a power loss could undo. */
  readonly sync?: boolean;
}

/** Records kept decoded in memory at the tail of a file-backed log; older ones are read back from the file. */
const CACHED_RECORDS = 10_000;
const SCAN_CHUNK_BYTES = 4 << 20;

/** Where a file-backed log keeps its records. */
interface LogFile {
  readonly handle: FileHandle;
  readonly sync: boolean;
  /** Byte offset of each record's frame, by offset. */
  readonly positions: number[];
  size: number;
}

/**
 * A partition's log. Offsets start at 0 and have no gaps (nothing is compacted or expired). Appends are applied
 * one at a time in call order; their records become readable (and count in `end`) once written, and for a file
 * log synced. Every append wakes `onAppend`.
 */
export class PartitionLog {
  /** Record timestamps in ms by offset, for lookups by time. */
  private readonly timestamps: number[] = [];
  /** Decoded records from `cacheStart` to the end (everything for an in-memory log). */
  private cache: LogRecord[] = [];
  private cacheStart = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly file: LogFile | undefined,
    private readonly onAppend: () => void,
  ) {}

  /** A log that lives as long as the process. */
  static inMemory(onAppend: () => void = () => undefined): PartitionLog {
    return new PartitionLog(undefined, onAppend);
  }

  /**
   * Opens (creating it when missing) the log file at `path` and reads its records. A torn record at the end, as a
   * crash in the middle of an append leaves, and anything after it, is cut off: offsets continue after the last
   * whole record.
   */
  static async open(path: string, onAppend: () => void = () => undefined, options: PartitionLogFileOptions = {}): Promise<PartitionLog> {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    const file: LogFile = { handle, sync: options.sync ?? true, positions: [], size: 0 };
    const log = new PartitionLog(file, onAppend);
    try {
      await log.scan();
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    return log;
  }

  /** Reads every whole frame of the file; truncates what follows the last one. */
  private async scan(): Promise<void> {
    const file = this.file!;
    const fileSize = (await file.handle.stat()).size;
    const chunk = Buffer.allocUnsafe(SCAN_CHUNK_BYTES);
    let carry = Buffer.alloc(0);
    let base = 0;
    let readAt = 0;
    while (readAt < fileSize) {
      const { bytesRead } = await file.handle.read(chunk, 0, SCAN_CHUNK_BYTES, readAt);
      if (bytesRead === 0) break;
      readAt += bytesRead;
      const bytes = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const { frames, end, damaged } = scanFrames(bytes);
      for (const { start, record } of frames) {
        file.positions.push(base + start);
        this.remember(record);
      }
      base += end;
      if (damaged) break;
      carry = Buffer.from(bytes.subarray(end));
    }
    file.size = base;
    if (base < fileSize) {
      await file.handle.truncate(base);
      await file.handle.datasync();
    }
  }

  /** The offset the next record gets: the number of records. */
  get end(): bigint {
    return BigInt(this.timestamps.length);
  }

  /** Appends `records` (after any append still running) and resolves to the first one's offset once they are readable. */
  append(records: readonly LogRecord[]): Promise<bigint> {
    const run = this.queue.then(() => this.appendNow(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(records: readonly LogRecord[]): Promise<bigint> {
    if (this.closed) throw new Error('the embedded Kafka broker is closed');
    const first = this.end;
    const file = this.file;
    if (file && records.length > 0) {
      const { bytes, starts } = encodeFrames(records);
      try {
        for (let written = 0; written < bytes.length; ) {
          const { bytesWritten } = await file.handle.write(bytes, written, bytes.length - written, file.size + written);
          written += bytesWritten;
        }
        if (file.sync) await file.handle.datasync();
      } catch (err) {
        // Leave no partial frames behind for the next append to follow.
        await file.handle.truncate(file.size).catch(() => undefined);
        throw err;
      }
      for (const start of starts) file.positions.push(file.size + start);
      file.size += bytes.length;
    }
    for (const record of records) this.remember(record);
    if (records.length > 0) this.onAppend();
    return first;
  }

  private remember(record: LogRecord): void {
    this.timestamps.push(Number(record.timestamp));
    this.cache.push(record);
    if (this.file && this.cache.length > 2 * CACHED_RECORDS) {
      const dropped = this.cache.length - CACHED_RECORDS;
      this.cache = this.cache.slice(dropped);
      this.cacheStart += dropped;
    }
  }

  /**
   * Records from `offset` on: at most `maxRecords`, and no more than about `maxBytes` of keys and values (at least
   * one record). Empty at the end; `offset` must be within 0..end.
   */
  async read(offset: bigint, maxRecords: number, maxBytes: number): Promise<LogRecord[]> {
    const from = Number(offset);
    const to = Math.min(this.timestamps.length, from + maxRecords);
    if (from >= to) return [];
    const records = from >= this.cacheStart ? this.cache.slice(from - this.cacheStart, to - this.cacheStart) : await this.readFile(from, Math.min(to, this.cacheStart));
    let bytes = 0;
    for (let index = 0; index < records.length; index++) {
      const record = records[index]!;
      bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
      if (bytes > maxBytes && index > 0) return records.slice(0, index);
    }
    return records;
  }

  /** Records `from` up to `to` (exclusive) read back from the file. */
  private async readFile(from: number, to: number): Promise<LogRecord[]> {
    const file = this.file!;
    const start = file.positions[from]!;
    const end = to < file.positions.length ? file.positions[to]! : file.size;
    const bytes = Buffer.allocUnsafe(end - start);
    for (let read = 0; read < bytes.length; ) {
      const { bytesRead } = await file.handle.read(bytes, read, bytes.length - read, start + read);
      if (bytesRead === 0) throw new Error('embedded Kafka log file ended early');
      read += bytesRead;
    }
    const { frames } = scanFrames(bytes);
    if (frames.length !== to - from) throw new Error(`embedded Kafka log file is damaged at byte ${start + FRAME_HEADER_BYTES}`);
    return frames.map((frame) => frame.record);
  }

  /** The first offset whose record's timestamp is `millis` or later; -1 when there is none. */
  offsetAtTime(millis: bigint): bigint {
    const target = Number(millis);
    const index = this.timestamps.findIndex((timestamp) => timestamp >= target);
    return BigInt(index);
  }

  /** Waits for running appends, then closes the file. */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    await this.file?.handle.close();
  }
}
