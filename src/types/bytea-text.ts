// bytea text forms: output in hex ('\x3132'), input in hex or the traditional escape format.
import { SqlError } from './error.js';

const HEX = '0123456789abcdef';

/** PostgreSQL bytea output with bytea_output = 'hex'. */
export function formatBytea(bytes: Uint8Array): string {
  let out = '\\x';
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    out += HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return out;
}

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** PostgreSQL bytea input: '\x' followed by hex digit pairs (blanks between pairs allowed), else escape format. */
export function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x') || text.startsWith('\\X')) return parseHex(text);
  return parseEscape(text);
}

function parseHex(text: string): Uint8Array {
  const bytes: number[] = [];
  let pos = 2;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      pos++;
      continue;
    }
    const high = hexValue(c);
    if (high < 0) {
      throw new SqlError('invalid_text_representation', `invalid hexadecimal digit: "${text[pos]}"`);
    }
    if (pos + 1 >= text.length) {
      throw new SqlError('invalid_text_representation', 'invalid hexadecimal data: odd number of digits');
    }
    const low = hexValue(text.charCodeAt(pos + 1));
    if (low < 0) {
      throw new SqlError('invalid_text_representation', `invalid hexadecimal digit: "${text[pos + 1]}"`);
    }
    bytes.push((high << 4) | low);
    pos += 2;
  }
  return Uint8Array.from(bytes);
}

function parseEscape(text: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  const bytes: number[] = [];
  for (let pos = 0; pos < utf8.length; pos++) {
    const byte = utf8[pos]!;
    if (byte !== 92) {
      bytes.push(byte);
      continue;
    }
    if (utf8[pos + 1] === 92) {
      bytes.push(92);
      pos++;
      continue;
    }
    const d0 = utf8[pos + 1]! - 48;
    const d1 = utf8[pos + 2]! - 48;
    const d2 = utf8[pos + 3]! - 48;
    if (d0 >= 0 && d0 <= 3 && d1 >= 0 && d1 <= 7 && d2 >= 0 && d2 <= 7) {
      bytes.push(d0 * 64 + d1 * 8 + d2);
      pos += 3;
      continue;
    }
    throw new SqlError('invalid_text_representation', 'invalid input syntax for type bytea');
  }
  return Uint8Array.from(bytes);
}
