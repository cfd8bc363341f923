// Decodes JSON text records straight into typed rows, without building the intermediate object.
import type { ColumnInfo } from '../../catalog/catalog.js';
import { parseUtcSpan } from '../../types/datetime-parse.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';
import { jsonRowDecoder } from './json-row-decoder.js';
import { parseExactJson } from './parse-exact-json.js';
import { SPAN_HASH_SEED, SpanCache, spanHash, spanHashStep } from './span-cache.js';

/** The columns whose values the scanner converts itself; values of other columns take the reference path. */
type ColumnKind = 'varchar' | 'numeric' | 'timestamp' | 'timestamptz' | 'other';

/** Character codes the scanner tests. */
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Builds, once per relation, a decoder from one JSON text record to a row of `columns`. The result, including
 * every error, is exactly that of `jsonRowDecoder(columns)(parseExactJson(text))`. A scanner handles the common
 * records, flat objects whose varchar, numeric and timestamp values are strings without escapes, numbers or
 * nulls: it converts each value as it reads it, without the intermediate object, and lets rows share repeated
 * values (`SpanCache`). Anything else (escapes, nested values, other column types, duplicate keys, malformed
 * text, a value that fails to convert) takes the reference path.
 */
export function jsonLineDecoder(columns: readonly ColumnInfo[]): (text: string) => Row {
  const decodeObject = jsonRowDecoder(columns);
  const slowPath = (text: string): Row => decodeObject(parseExactJson(text));
  const names = columns.map((c) => c.name);
  // Names the scanner could match wrongly, or that JSON.parse treats specially, take the reference path.
  const plainNames = names.every((name) => name !== '__proto__' && isPlainName(name));
  if (!plainNames || new Set(names).size !== names.length) return slowPath;
  const scanner = new LineScanner(columns);
  return (text) => scanner.decode(text) ?? slowPath(text);
}

/** Columns of types the scanner reads itself; a type modifier (varchar(10), numeric(10,2)) leaves them to the reference. */
function columnKind(column: ColumnInfo): ColumnKind {
  if (column.modifier !== undefined) return 'other';
  switch (column.type) {
    case 'varchar':
    case 'numeric':
    case 'timestamp':
    case 'timestamptz':
      return column.type;
    default:
      return 'other';
  }
}

/** True when a name appears in JSON text as itself: no quote, backslash or control character to escape. */
function isPlainName(name: string): boolean {
  for (let charIdx = 0; charIdx < name.length; charIdx++) {
    const code = name.charCodeAt(charIdx);
    if (code === QUOTE || code === BACKSLASH || code < 32) return false;
  }
  return true;
}

/**
 * The end of a string whose content starts at `start` (the index of its closing quote), or -1 when it does not
 * close or holds a control character, which JSON forbids raw. Lines with a backslash (escapes) never get here.
 */
function stringEnd(text: string, start: number): number {
  const end = text.indexOf('"', start);
  if (end < 0) return -1;
  for (let charIdx = start; charIdx < end; charIdx++) if (text.charCodeAt(charIdx) < 32) return -1;
  return end;
}

/** The scanner's state for one relation; `decode` returns undefined where the reference path must decide. */
class LineScanner {
  private readonly names: readonly string[];
  /**
   * Per column, the character codes of its name with the closing quote and the colon (`name":`), as compact
   * JSON writes a key: compared code by code, which costs a fraction of a `startsWith` call.
   */
  private readonly keyTokens: readonly Uint16Array[];
  private readonly indexByName: ReadonlyMap<string, number>;
  private readonly kinds: readonly ColumnKind[];
  private readonly varcharCaches: readonly (SpanCache<string> | undefined)[];
  private readonly numericCaches: readonly (SpanCache<Numeric> | undefined)[];
  /** Per column, the number of the record that last set it: tells duplicate keys and missing ones. */
  private readonly setIn: Int32Array;
  private record = 0;

  constructor(columns: readonly ColumnInfo[]) {
    this.names = columns.map((c) => c.name);
    this.keyTokens = this.names.map((name) => Uint16Array.from(`${name}":`, (char) => char.charCodeAt(0)));
    this.indexByName = new Map(this.names.map((name, columnIdx) => [name, columnIdx]));
    this.kinds = columns.map(columnKind);
    this.varcharCaches = this.kinds.map((kind) => (kind === 'varchar' ? new SpanCache<string>() : undefined));
    this.numericCaches = this.kinds.map((kind) => (kind === 'numeric' ? new SpanCache<Numeric>() : undefined));
    this.setIn = new Int32Array(columns.length);
  }

  decode(text: string): Row | undefined {
    // Escapes take the reference path: in the lines left, a string ends at the next quote.
    if (text.indexOf('\\') >= 0) return undefined;
    // Record numbers only need to differ from the previous record's; wrap before overflowing.
    const record = (this.record = this.record === 0x7fffffff ? 1 : this.record + 1);
    const width = this.names.length;
    const row: Row = new Array<Value>(width);
    try {
      if (!this.scanRecord(text, row, record)) return undefined;
    } catch {
      // A value that does not convert: the reference path reports it, as it would have.
      return undefined;
    }
    const setIn = this.setIn;
    for (let columnIdx = 0; columnIdx < width; columnIdx++) if (setIn[columnIdx] !== record) row[columnIdx] = null;
    return row;
  }

  /** `{"key": value, ...}` with nothing but spaces around; false for what the scanner leaves alone. */
  private scanRecord(text: string, row: Row, record: number): boolean {
    const names = this.names;
    const keyTokens = this.keyTokens;
    const setIn = this.setIn;
    let pos = skipSpaces(text, 0);
    if (text.charCodeAt(pos) !== OPEN_BRACE) return false;
    pos = skipSpaces(text, pos + 1);
    if (text.charCodeAt(pos) === CLOSE_BRACE) return skipSpaces(text, pos + 1) === text.length;
    for (let expected = 0; ; expected++) {
      // A key. Keys usually come in column order, so the expected column's name is tried in place first.
      if (text.charCodeAt(pos) !== QUOTE) return false;
      const keyStart = pos + 1;
      const keyToken = keyTokens[expected];
      let columnIdx: number;
      if (keyToken !== undefined && hasCodesAt(text, keyStart, keyToken)) {
        columnIdx = expected;
        pos = keyStart + keyToken.length;
        if (text.charCodeAt(pos) === SPACE) pos = skipSpaces(text, pos);
      } else {
        const name = names[expected];
        if (name !== undefined && text.startsWith(name, keyStart) && text.charCodeAt(keyStart + name.length) === QUOTE) {
          columnIdx = expected;
          pos = keyStart + name.length + 1;
        } else {
          const keyEnd = stringEnd(text, keyStart);
          if (keyEnd < 0) return false;
          columnIdx = this.indexByName.get(text.slice(keyStart, keyEnd)) ?? -1;
          pos = keyEnd + 1;
        }
        pos = skipSpaces(text, pos);
        if (text.charCodeAt(pos) !== COLON) return false;
        pos = skipSpaces(text, pos + 1);
      }
      if (columnIdx >= 0) {
        if (setIn[columnIdx] === record) return false; // a duplicate key: the last one wins in JSON.parse
        setIn[columnIdx] = record;
      }
      pos = this.scanValue(text, pos, row, columnIdx);
      if (pos < 0) return false;
      let separator = text.charCodeAt(pos);
      if (separator === SPACE) {
        pos = skipSpaces(text, pos);
        separator = text.charCodeAt(pos);
      }
      pos++;
      if (text.charCodeAt(pos) === SPACE) pos = skipSpaces(text, pos);
      if (separator === CLOSE_BRACE) return pos === text.length;
      if (separator !== COMMA) return false;
    }
  }

  /**
   * One value at `pos`, stored in `row[columnIdx]` (converted) unless columnIdx < 0. Returns the position after
   * it, or -1 for nested values, values of types the scanner does not convert, and malformed text.
   */
  private scanValue(text: string, pos: number, row: Row, columnIdx: number): number {
    const code = text.charCodeAt(pos);
    if (code === QUOTE) {
      if (columnIdx >= 0 && this.kinds[columnIdx] === 'varchar' && this.varcharCaches[columnIdx]!.enabled) {
        return this.cachedString(text, pos + 1, row, columnIdx);
      }
      const end = stringEnd(text, pos + 1);
      if (end < 0) return -1;
      if (columnIdx >= 0) {
        const value = this.stringValue(text, pos + 1, end, columnIdx);
        if (value === undefined) return -1;
        row[columnIdx] = value;
      }
      return end + 1;
    }
    if (code === MINUS || (code >= ZERO && code <= NINE)) {
      if (columnIdx >= 0 && this.kinds[columnIdx] === 'numeric' && !this.numericCaches[columnIdx]!.enabled) {
        const end = this.plainNumber(text, pos, row, columnIdx);
        if (end !== 0) return end;
      }
      const end = numberEnd(text, pos);
      if (end < 0) return -1;
      if (columnIdx >= 0) {
        // Numbers in timestamp columns are epoch times, in varchar columns their literal: the reference decides.
        if (this.kinds[columnIdx] !== 'numeric') return -1;
        row[columnIdx] = this.numeric(text, pos, end, columnIdx);
      }
      return end;
    }
    if (text.startsWith('null', pos)) {
      if (columnIdx >= 0) row[columnIdx] = null;
      return pos + 4;
    }
    if (columnIdx >= 0) return -1; // booleans into columns, objects, arrays, malformed text
    if (text.startsWith('true', pos)) return pos + 4;
    if (text.startsWith('false', pos)) return pos + 5;
    return -1;
  }

  /**
   * A varchar string starting at `start` (after its opening quote) into a caching column: one pass finds its
   * end, checks it for control characters and hashes it, so that a repeated value costs no substring.
   */
  private cachedString(text: string, start: number, row: Row, columnIdx: number): number {
    let hash = SPAN_HASH_SEED;
    let end = start;
    for (let code = text.charCodeAt(end); code !== QUOTE; code = text.charCodeAt(++end)) {
      // A control character (JSON forbids them raw), or the end of the text (NaN): the reference decides.
      if (!(code >= 32)) return -1;
      hash = spanHashStep(hash, code);
    }
    const cache = this.varcharCaches[columnIdx]!;
    let value = cache.get(text, start, end, hash);
    if (value === undefined) {
      value = text.slice(start, end);
      cache.add(value, hash, value);
    }
    row[columnIdx] = value;
    return end + 1;
  }

  /** The string `text[start, end)`'s value in its column, as the column type's text input reads it; undefined for other types. */
  private stringValue(text: string, start: number, end: number, columnIdx: number): Value | undefined {
    const kind = this.kinds[columnIdx];
    if (kind === 'varchar') return text.slice(start, end);
    if (kind === 'numeric') return this.numeric(text, start, end, columnIdx);
    if (kind === 'other') return undefined;
    const micros = parseUtcSpan(text, start, end);
    return micros !== undefined ? BigInt(micros) : parseValue(kind, text.slice(start, end));
  }

  /**
   * A JSON number at `start` without exponent whose digits make a safe integer (prices, quantities), into a
   * numeric column that does not cache: the digits are read once, into a double that holds them exactly, for the
   * value `Numeric.parseSpan` reads from them. Returns the position after the number, -1 for malformed text, or 0
   * for a number of another shape, left to the general path.
   */
  private plainNumber(text: string, start: number, row: Row, columnIdx: number): number {
    let pos = start;
    const negative = text.charCodeAt(pos) === MINUS;
    if (negative) pos++;
    let digits = 0;
    let code = text.charCodeAt(pos);
    if (code === ZERO) code = text.charCodeAt(++pos);
    else {
      for (; code >= ZERO && code <= NINE; code = text.charCodeAt(++pos)) digits = digits * 10 + (code - ZERO);
      if (pos === start + (negative ? 1 : 0)) return -1;
    }
    let fractionDigits = 0;
    if (code === POINT) {
      const fractionStart = pos + 1;
      for (code = text.charCodeAt(++pos); code >= ZERO && code <= NINE; code = text.charCodeAt(++pos)) digits = digits * 10 + (code - ZERO);
      fractionDigits = pos - fractionStart;
      if (fractionDigits === 0) return -1;
    }
    // Exponents, and digits beyond what a double holds exactly, take the general path. Digits only grow the
    // value, so one that ends up a safe integer was exact at every step.
    if (code === 101 || code === 69 || digits > Number.MAX_SAFE_INTEGER) return 0;
    row[columnIdx] = new Numeric(negative ? -digits : digits, fractionDigits);
    return pos;
  }

  /**
   * A numeric read from `text[start, end)` (a JSON number's literal, or a string), shared with earlier rows
   * while it repeats.
   */
  private numeric(text: string, start: number, end: number, columnIdx: number): Numeric {
    const cache = this.numericCaches[columnIdx]!;
    if (!cache.enabled) return Numeric.parseSpan(text, start, end);
    const hash = spanHash(text, start, end);
    const cached = cache.get(text, start, end, hash);
    if (cached !== undefined) return cached;
    const value = Numeric.parseSpan(text, start, end);
    cache.add(text.slice(start, end), hash, value);
    return value;
  }
}

function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/** True when `text` holds the character codes `codes` at `pos`. */
function hasCodesAt(text: string, pos: number, codes: Uint16Array): boolean {
  if (pos + codes.length > text.length) return false;
  for (let codeIdx = 0; codeIdx < codes.length; codeIdx++) if (text.charCodeAt(pos + codeIdx) !== codes[codeIdx]) return false;
  return true;
}

function digitsEnd(text: string, pos: number): number {
  for (let code = text.charCodeAt(pos); code >= ZERO && code <= NINE; code = text.charCodeAt(++pos));
  return pos;
}

/** The end of a number as JSON writes it, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or -1. */
function numberEnd(text: string, start: number): number {
  let pos = start;
  if (text.charCodeAt(pos) === MINUS) pos++;
  const first = text.charCodeAt(pos);
  if (first === ZERO) pos++;
  else if (first > ZERO && first <= NINE) pos = digitsEnd(text, pos);
  else return -1;
  if (text.charCodeAt(pos) === POINT) {
    const fractionStart = pos + 1;
    pos = digitsEnd(text, fractionStart);
    if (pos === fractionStart) return -1;
  }
  const exponent = text.charCodeAt(pos);
  if (exponent === 101 || exponent === 69) {
    pos++;
    const sign = text.charCodeAt(pos);
    if (sign === 43 || sign === MINUS) pos++;
    const exponentStart = pos;
    pos = digitsEnd(text, pos);
    if (pos === exponentStart) return -1;
  }
  return pos;
}
