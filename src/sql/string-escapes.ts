// Decoding of PostgreSQL's escaped string forms: E'...' (backslash escapes) and U&'...' (Unicode escapes).
import { SqlError } from '../types/error.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const BACKSLASH = 0x5c;
const QUOTE = 0x27;

/**
 * Collects the bytes of an escaped literal, possibly split over several quoted segments (`E'a' \n 'b'`),
 * and turns them into a string at the end, as PostgreSQL does: `\x` and octal escapes produce bytes that
 * must form valid UTF-8 together with the rest.
 */
export class EscapedStringBuilder {
  private readonly bytes: number[] = [];

  /** Adds one segment's raw text (between the quotes); `rawStart` is its offset in the script. */
  addEscapeSegment(raw: string, rawStart: number): void {
    let runStart = 0;
    let idx = 0;
    while (idx < raw.length) {
      const code = raw.charCodeAt(idx);
      if (code === QUOTE) {
        // A doubled quote inside the literal stands for one quote.
        this.addText(raw.slice(runStart, idx + 1));
        idx += 2;
        runStart = idx;
        continue;
      }
      if (code !== BACKSLASH) {
        idx++;
        continue;
      }
      this.addText(raw.slice(runStart, idx));
      idx = this.addBackslashEscape(raw, idx, rawStart);
      runStart = idx;
    }
    this.addText(raw.slice(runStart));
  }

  /** Adds one segment of a U&'...' literal, whose escapes are `\XXXX` and `\+XXXXXX`. */
  addUnicodeSegment(raw: string, rawStart: number): void {
    let runStart = 0;
    let idx = 0;
    while (idx < raw.length) {
      const code = raw.charCodeAt(idx);
      if (code === QUOTE) {
        this.addText(raw.slice(runStart, idx + 1));
        idx += 2;
        runStart = idx;
        continue;
      }
      if (code !== BACKSLASH) {
        idx++;
        continue;
      }
      this.addText(raw.slice(runStart, idx));
      if (raw.charCodeAt(idx + 1) === BACKSLASH) {
        this.addText('\\');
        idx += 2;
      } else if (raw[idx + 1] === '+' && isHex(raw, idx + 2, 6)) {
        idx = this.addCodePointEscape(raw, idx, idx + 2, 6, rawStart);
      } else if (isHex(raw, idx + 1, 4)) {
        idx = this.addCodePointEscape(raw, idx, idx + 1, 4, rawStart);
      } else {
        throw new SqlError('syntax_error', 'invalid Unicode escape', {
          hint: 'Unicode escapes must be \\XXXX or \\+XXXXXX.',
          position: rawStart + idx,
        });
      }
      runStart = idx;
    }
    this.addText(raw.slice(runStart));
  }

  /** The decoded string; `position` is reported if the bytes are not valid UTF-8. */
  finish(position: number): string {
    const bytes = Uint8Array.from(this.bytes);
    const zero = bytes.indexOf(0);
    if (zero >= 0) throw invalidByteSequence(bytes, zero, position);
    try {
      return decoder.decode(bytes);
    } catch {
      throw invalidByteSequence(bytes, firstInvalidByte(bytes), position);
    }
  }

  private addText(text: string): void {
    if (text.length === 0) return;
    for (const byte of encoder.encode(text)) this.bytes.push(byte);
  }

  /** Handles the escape starting at the backslash `raw[idx]`; returns the index after it. */
  private addBackslashEscape(raw: string, idx: number, rawStart: number): number {
    const next = raw[idx + 1];
    switch (next) {
      case 'b': this.bytes.push(0x08); return idx + 2;
      case 'f': this.bytes.push(0x0c); return idx + 2;
      case 'n': this.bytes.push(0x0a); return idx + 2;
      case 'r': this.bytes.push(0x0d); return idx + 2;
      case 't': this.bytes.push(0x09); return idx + 2;
      case 'u':
      case 'U': {
        const digits = next === 'u' ? 4 : 8;
        if (!isHex(raw, idx + 2, digits)) {
          throw new SqlError('syntax_error', 'invalid Unicode escape', {
            hint: 'Unicode escapes must be \\uXXXX or \\UXXXXXXXX.',
            position: rawStart + idx,
          });
        }
        return this.addCodePointEscape(raw, idx, idx + 2, digits, rawStart);
      }
      case 'x': {
        let end = idx + 2;
        while (end < idx + 4 && isHex(raw, end, 1)) end++;
        if (end === idx + 2) {
          this.addText('x');
          return end;
        }
        this.bytes.push(parseInt(raw.slice(idx + 2, end), 16));
        return end;
      }
      default: {
        let end = idx + 1;
        while (end < idx + 4 && raw[end] >= '0' && raw[end] <= '7') end++;
        if (end > idx + 1) {
          this.bytes.push(parseInt(raw.slice(idx + 1, end), 8) & 0xff);
          return end;
        }
        if (next === undefined) return idx + 1;
        // Any other escaped character stands for itself (`\\`, `\'`); keep surrogate pairs whole.
        const codePoint = raw.codePointAt(idx + 1) ?? 0;
        this.addText(String.fromCodePoint(codePoint));
        return idx + 1 + (codePoint > 0xffff ? 2 : 1);
      }
    }
  }

  private addCodePointEscape(raw: string, escapeIdx: number, digitsIdx: number, digits: number, rawStart: number): number {
    let codePoint = parseInt(raw.slice(digitsIdx, digitsIdx + digits), 16);
    let end = digitsIdx + digits;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) {
      // A high surrogate must be followed by an escaped low surrogate of the same form.
      const low = lowSurrogateAt(raw, end, digits);
      if (low === undefined) {
        throw new SqlError('syntax_error', 'invalid Unicode surrogate pair', { position: rawStart + end });
      }
      codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low.value - 0xdc00);
      end = low.end;
    } else if (codePoint >= 0xdc00 && codePoint <= 0xdfff) {
      throw new SqlError('syntax_error', 'invalid Unicode surrogate pair', { position: rawStart + escapeIdx });
    }
    if (codePoint === 0 || codePoint > 0x10ffff) {
      throw new SqlError('syntax_error', 'invalid Unicode escape value', { position: rawStart + escapeIdx });
    }
    this.addText(String.fromCodePoint(codePoint));
    return end;
  }
}

function lowSurrogateAt(raw: string, idx: number, digits: number): { value: number; end: number } | undefined {
  if (raw.charCodeAt(idx) !== BACKSLASH) return undefined;
  let digitsIdx = idx + 1;
  if (digits === 4 && raw[digitsIdx] === 'u') digitsIdx++;
  else if (digits === 8 && raw[digitsIdx] === 'U') digitsIdx++;
  else if (digits === 6 && raw[digitsIdx] === '+') digitsIdx++;
  if (!isHex(raw, digitsIdx, digits)) return undefined;
  const value = parseInt(raw.slice(digitsIdx, digitsIdx + digits), 16);
  if (value < 0xdc00 || value > 0xdfff) return undefined;
  return { value, end: digitsIdx + digits };
}

function isHex(text: string, start: number, count: number): boolean {
  if (start + count > text.length) return false;
  for (let idx = start; idx < start + count; idx++) {
    const code = text.charCodeAt(idx) | 0x20;
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/** The start of the first byte sequence that is not well-formed UTF-8 (lead and continuation bytes only). */
function firstInvalidByte(bytes: Uint8Array): number {
  let idx = 0;
  while (idx < bytes.length) {
    const lead = bytes[idx];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || idx + length > bytes.length) return idx;
    for (let next = idx + 1; next < idx + length; next++) {
      if ((bytes[next] & 0xc0) !== 0x80) return idx;
    }
    idx += length;
  }
  return Math.max(0, bytes.length - 1);
}

function invalidByteSequence(bytes: Uint8Array, at: number, position: number): SqlError {
  const shown = Array.from(bytes.subarray(at, Math.min(at + 2, bytes.length)), (byte) =>
    `0x${byte.toString(16).padStart(2, '0')}`,
  ).join(' ');
  return new SqlError('data_exception', `invalid byte sequence for encoding "UTF8": ${shown}`, { position });
}
