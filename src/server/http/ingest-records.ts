// Splits an ingest request's body into records (the elements of a JSON array, or JSON lines) with their lines.
import { SqlError } from '../../types/error.js';

/** One record of a body: its JSON text and the line it starts on (1-based). */
export interface BodyRecord {
  readonly text: string;
  readonly line: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * The elements of a JSON array body, each as its own text, or the body itself when it is one JSON object. Only
 * the array's structure is checked here (brackets, strings, commas); each element is decoded on its own later,
 * so that one malformed element is reported with its line rather than failing the whole body. Throws SqlError
 * when the body is not an array or an object, or its brackets or strings do not close.
 */
export function jsonArrayRecords(body: string): BodyRecord[] {
  let pos = skipBlanks(body, 0);
  let line = 1 + countNewlines(body, 0, pos);
  const first = body.charCodeAt(pos);
  if (first === OPEN_BRACE) return [{ text: body.slice(pos).trimEnd(), line }];
  if (first !== OPEN_BRACKET) throw notAnArray('the body must be a JSON array of objects, or one object', line);
  const records: BodyRecord[] = [];
  pos++;
  const afterOpen = skipBlanks(body, pos);
  line += countNewlines(body, pos, afterOpen);
  pos = afterOpen;
  if (body.charCodeAt(pos) === CLOSE_BRACKET) return endOfArray(body, pos + 1, line, records);
  while (true) {
    const start = pos;
    let depth = 0;
    let end = -1;
    const startLine = line;
    // Walks one element: nested brackets and strings are skipped, newlines counted for the lines after it.
    while (pos < body.length) {
      const c = body.charCodeAt(pos);
      if (c === QUOTE) {
        const close = closingQuote(body, pos);
        if (close < 0) throw notAnArray('a string does not close', line);
        line += countNewlines(body, pos, close);
        pos = close + 1;
        continue;
      }
      if (c === NEWLINE) line++;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) {
          if (c === CLOSE_BRACKET) {
            end = pos;
            break;
          }
          throw notAnArray('unexpected "}"', line);
        }
        depth--;
      } else if (c === COMMA && depth === 0) {
        end = pos;
        break;
      }
      pos++;
    }
    if (end < 0) throw notAnArray('unexpected end of input', line);
    const text = body.slice(start, end).trimEnd();
    if (text.length === 0) throw notAnArray('an element is missing', startLine);
    records.push({ text, line: startLine });
    pos = end + 1;
    if (body.charCodeAt(end) === CLOSE_BRACKET) return endOfArray(body, pos, line, records);
    const next = skipBlanks(body, pos);
    line += countNewlines(body, pos, next);
    pos = next;
  }
}

/** The non-blank lines of a JSON lines body (one record per line; `\r\n` endings are accepted). */
export function jsonLinesRecords(body: string): BodyRecord[] {
  const records: BodyRecord[] = [];
  let start = 0;
  let line = 1;
  while (start <= body.length) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    const text = body.slice(start, end).trim();
    if (text.length > 0) records.push({ text, line });
    if (newline < 0) break;
    start = newline + 1;
    line++;
  }
  return records;
}

function endOfArray(body: string, pos: number, line: number, records: BodyRecord[]): BodyRecord[] {
  const rest = skipBlanks(body, pos);
  if (rest < body.length) throw notAnArray('unexpected text after the array', line + countNewlines(body, pos, rest));
  return records;
}

/** The index of the quote closing the string that opens at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

function skipBlanks(text: string, pos: number): number {
  while (pos < text.length && isBlank(text.charCodeAt(pos))) pos++;
  return pos;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index >= 0 && index < to; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function notAnArray(reason: string, line: number): SqlError {
  return new SqlError('invalid_text_representation', `invalid JSON in request body: ${reason} at line ${line}`);
}
