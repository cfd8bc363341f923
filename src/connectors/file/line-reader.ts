// Reads a file line by line in chunks, from a byte offset, knowing the byte offset after each line.
import { open, type FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** Bytes read at a time: large enough to amortize the read calls, small enough for memory to stay flat. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

const EMPTY = Buffer.alloc(0);

/**
 * A forward reader over one file. `nextLine` is synchronous over what has been read (no promise per line);
 * when it returns undefined, `readMore` reads the next chunk, unless `ended`. After the end of the file,
 * `nextLine` returns the last line even without a line break. `offset` is the byte offset just after the last
 * line returned: where a reader opened later resumes.
 *
 * Each chunk's whole lines are decoded to one string at once (one call into the UTF-8 decoder per chunk, not
 * per line); byte offsets follow from string lengths while the chunk is ASCII, else from the line breaks in
 * its bytes (exact even for invalid UTF-8, which decodes to replacement characters of another length).
 */
export class LineReader {
  /** The whole lines of the current chunk, ending with a line break (or empty). */
  private text = '';
  private textPos = 0;
  /** Whether `text` has one byte per character; if not, offsets come from the line breaks in `bytes`. */
  private ascii = true;
  private bytes: Buffer = EMPTY;
  private bytePos = 0;
  /** Bytes read after the last line break: the start of a line that the next chunk completes. */
  private tail: Buffer = EMPTY;
  /** File offset of the next unread byte of the file. */
  private readOffset: number;
  /** File offset just after the last line returned. */
  private lineOffset: number;
  private atEnd = false;

  private constructor(
    private readonly handle: FileHandle,
    offset: number,
    private readonly chunkBytes: number,
  ) {
    this.readOffset = offset;
    this.lineOffset = offset;
  }

  /** Opens `path` for reading from byte `offset` (0: the start). */
  static async open(path: string, offset = 0, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<LineReader> {
    return new LineReader(await open(path, 'r'), offset, chunkBytes);
  }

  /** True once the end of the file was read: `nextLine` then hands out what is left, and then undefined. */
  get ended(): boolean {
    return this.atEnd;
  }

  get offset(): number {
    return this.lineOffset;
  }

  /** The next whole line without its line break (and carriage return), or undefined when more must be read. */
  nextLine(): string | undefined {
    const text = this.text;
    const start = this.textPos;
    const end = text.indexOf('\n', start);
    if (end === -1) return this.atEnd && this.tail.length > 0 ? this.takeTail() : undefined;
    let line = text.slice(start, end);
    this.textPos = end + 1;
    if (this.ascii) {
      this.lineOffset += end + 1 - start;
    } else {
      const byteEnd = this.bytes.indexOf(NEWLINE, this.bytePos);
      this.lineOffset += byteEnd + 1 - this.bytePos;
      this.bytePos = byteEnd + 1;
    }
    if (line.charCodeAt(line.length - 1) === CARRIAGE_RETURN) line = line.slice(0, -1);
    return line;
  }

  /** Reads the next chunk; false at the end of the file (then `nextLine` hands out the unterminated rest). */
  async readMore(): Promise<boolean> {
    if (this.atEnd) return false;
    const chunk = Buffer.allocUnsafe(this.chunkBytes);
    const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.readOffset);
    if (bytesRead === 0) {
      this.atEnd = true;
      return false;
    }
    this.readOffset += bytesRead;
    const bytes = this.tail.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([this.tail, chunk.subarray(0, bytesRead)]);
    const lastBreak = bytes.lastIndexOf(NEWLINE);
    this.text = lastBreak === -1 ? '' : bytes.toString('utf8', 0, lastBreak + 1);
    this.textPos = 0;
    this.ascii = this.text.length === lastBreak + 1;
    this.bytes = this.ascii ? EMPTY : bytes;
    this.bytePos = 0;
    this.tail = bytes.subarray(lastBreak + 1);
    return true;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private takeTail(): string {
    const line = this.tail.toString('utf8');
    this.lineOffset += this.tail.length;
    this.tail = EMPTY;
    return line;
  }
}
