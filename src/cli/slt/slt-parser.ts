// Parser for sqllogictest files in the sqllogictest-rs dialect that RisingWave's end-to-end tests use.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expandIncludePattern } from './slt-include.js';

export type SltSortMode = 'nosort' | 'rowsort' | 'valuesort';

/** What the error of a statement expected to fail must look like. */
export type SltExpectedError =
  | { readonly kind: 'any' }
  /** `statement error <regex>`: the regex must match somewhere in the message (a search, not a full match). */
  | { readonly kind: 'regex'; readonly pattern: RegExp; readonly source: string }
  /**
   * A multi-line error block under `----`. It holds the peer engine's own wording, which Tally does not copy,
   * so the runner only requires that the statement failed.
   */
  | { readonly kind: 'block'; readonly text: string };

/** `skipif <label>` / `onlyif <label>` lines that precede a record. */
export interface SltCondition {
  readonly kind: 'skipif' | 'onlyif';
  readonly label: string;
}

interface SltLocated {
  readonly file: string;
  /** 1-based line of the record's header (`statement ok`, `query II`, ...). */
  readonly line: number;
}

export type SltStatementExpect =
  | { readonly kind: 'ok' }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'error'; readonly error: SltExpectedError };

export type SltQueryExpect =
  | {
      readonly kind: 'rows';
      /** The column type letters; kept for reports only, never checked (some peer headers are wrong). */
      readonly types: string;
      /** null: use the file's current `control sortmode` (nosort by default). */
      readonly sortMode: SltSortMode | null;
      readonly label: string | null;
      /** The expected lines as written, one per row (or per value, or a hash line). */
      readonly lines: readonly string[];
    }
  | { readonly kind: 'error'; readonly error: SltExpectedError };

/** One directive of a sqllogictest file. Comments and blank lines are dropped. */
export type SltRecord =
  | (SltLocated & { readonly kind: 'statement'; readonly conditions: readonly SltCondition[]; readonly sql: string; readonly expect: SltStatementExpect })
  | (SltLocated & { readonly kind: 'query'; readonly conditions: readonly SltCondition[]; readonly sql: string; readonly expect: SltQueryExpect })
  | (SltLocated & { readonly kind: 'system'; readonly conditions: readonly SltCondition[]; readonly command: string })
  | (SltLocated & { readonly kind: 'include'; readonly pattern: string })
  | (SltLocated & { readonly kind: 'sleep'; readonly durationMs: number })
  | (SltLocated & { readonly kind: 'halt' })
  | (SltLocated & { readonly kind: 'hash-threshold'; readonly threshold: number })
  | (SltLocated & { readonly kind: 'sortmode'; readonly sortMode: SltSortMode });

/** A malformed sqllogictest file; `line` is 1-based. */
export class SltParseError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, message: string) {
    super(message);
    this.name = 'SltParseError';
    this.file = file;
    this.line = line;
  }
}

const RESULTS_DELIMITER = '----';
const SORT_MODES: ReadonlySet<string> = new Set(['nosort', 'rowsort', 'valuesort']);
/** A humantime duration as sqllogictest-rs accepts it: `500ms`, `1s`, `1m 30s`. */
const DURATION_UNITS = 'ns|us|µs|msec|ms|secs|sec|s|mins|min|m|hrs|hr|h';
const DURATION = new RegExp(`^(?:\\d+(?:\\.\\d+)?\\s*(?:${DURATION_UNITS})\\s*)+$`);
const DURATION_PART = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${DURATION_UNITS})`, 'g');
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, msec: 1, s: 1000, sec: 1000, secs: 1000,
  m: 60_000, min: 60_000, mins: 60_000, h: 3_600_000, hr: 3_600_000, hrs: 3_600_000,
};

/** Guards against a file that includes itself. */
const MAX_INCLUDE_DEPTH = 16;
/** Record headers; a multi-line error block ends early at one of these after a blank line (see readErrorBlock). */
const RECORD_HEADER = /^(statement|query|system|include|sleep|halt|hash-threshold|control|skipif|onlyif|subtest|connection)(\s|$)/;

const isBlank = (line: string): boolean => line.trim() === '';

/** Cursor over the lines of one file; `next` is the 0-based index of the next unread line. */
class LineReader {
  next = 0;
  constructor(readonly file: string, readonly lines: readonly string[]) {}

  done(): boolean {
    return this.next >= this.lines.length;
  }

  error(lineIdx: number, message: string): SltParseError {
    return new SltParseError(this.file, lineIdx + 1, message);
  }

  /** Reads the SQL (or command) of a record: lines up to a blank line or `----`. */
  readBlock(headerIdx: number): { text: string; hasResults: boolean } {
    const body: string[] = [];
    let hasResults = false;
    while (!this.done()) {
      const line = this.lines[this.next++];
      if (isBlank(line)) break;
      if (line.trim() === RESULTS_DELIMITER) {
        hasResults = true;
        break;
      }
      body.push(line);
    }
    if (body.length === 0) throw this.error(headerIdx, 'record has no SQL');
    return { text: body.join('\n'), hasResults };
  }

  /** Reads expected result lines: up to a blank line or the end of the file. */
  readResults(): string[] {
    const results: string[] = [];
    while (!this.done()) {
      const line = this.lines[this.next++];
      if (isBlank(line)) break;
      results.push(line);
    }
    return results;
  }

  /**
   * Reads a multi-line error block, which may contain single blank lines: sqllogictest-rs ends it at two blank
   * lines in a row. A blank line followed by a record header also ends it here, so that a file with only one
   * blank line after the block does not silently lose its next record.
   */
  readErrorBlock(): string {
    const block: string[] = [];
    while (!this.done()) {
      const line = this.lines[this.next++];
      if (isBlank(line)) {
        if (this.done()) break;
        const following = this.lines[this.next];
        if (isBlank(following)) {
          this.next++;
          break;
        }
        if (RECORD_HEADER.test(following)) break;
      }
      block.push(line);
    }
    return block.join('\n').trim();
  }
}

/**
 * Parses a sqllogictest-rs regex. Rust's leading inline flags (`(?i)`, `(?s)`) are not JavaScript syntax, so
 * they become RegExp flags.
 */
function parseErrorRegex(reader: LineReader, lineIdx: number, source: string): SltExpectedError {
  if (source === '') return { kind: 'any' };
  let body = source;
  let flags = '';
  const inline = /^\(\?([is]+)\)/.exec(body);
  if (inline) {
    flags = inline[1];
    body = body.slice(inline[0].length);
  }
  try {
    return { kind: 'regex', pattern: new RegExp(body, flags), source };
  } catch {
    throw reader.error(lineIdx, `invalid error regex "${source}"`);
  }
}

function parseDuration(reader: LineReader, lineIdx: number, text: string): number {
  if (!DURATION.test(text)) throw reader.error(lineIdx, `invalid duration "${text}"`);
  let totalMs = 0;
  for (const part of text.matchAll(DURATION_PART)) totalMs += Number(part[1]) * MS_PER_UNIT[part[2]];
  return totalMs;
}

function parseStatement(reader: LineReader, headerIdx: number, args: string[], conditions: SltCondition[]): SltRecord {
  const line = headerIdx + 1;
  let expect: SltStatementExpect;
  if (args.length === 1 && args[0] === 'ok') expect = { kind: 'ok' };
  else if (args.length === 2 && args[0] === 'count' && /^\d+$/.test(args[1])) expect = { kind: 'count', count: Number(args[1]) };
  else if (args[0] === 'error') expect = { kind: 'error', error: parseErrorRegex(reader, headerIdx, args.slice(1).join(' ')) };
  else throw reader.error(headerIdx, `invalid statement header "statement ${args.join(' ')}"`);

  const { text, hasResults } = reader.readBlock(headerIdx);
  if (hasResults) {
    if (expect.kind !== 'error') throw reader.error(headerIdx, 'a statement expected to succeed has no results; use query');
    if (expect.error.kind !== 'any') throw reader.error(headerIdx, 'error given both after "error" and under "----"');
    expect = { kind: 'error', error: { kind: 'block', text: reader.readErrorBlock() } };
  }
  return { kind: 'statement', file: reader.file, line, conditions, sql: text, expect };
}

function parseQuery(reader: LineReader, headerIdx: number, args: string[], conditions: SltCondition[]): SltRecord {
  const line = headerIdx + 1;
  if (args[0] === 'error') {
    let error = parseErrorRegex(reader, headerIdx, args.slice(1).join(' '));
    const { text, hasResults } = reader.readBlock(headerIdx);
    if (hasResults) {
      if (error.kind !== 'any') throw reader.error(headerIdx, 'error given both after "error" and under "----"');
      error = { kind: 'block', text: reader.readErrorBlock() };
    }
    return { kind: 'query', file: reader.file, line, conditions, sql: text, expect: { kind: 'error', error } };
  }
  if (args.length > 3) throw reader.error(headerIdx, `invalid query header "query ${args.join(' ')}"`);
  const [types = '', sortMode, label] = args;
  if (sortMode !== undefined && !SORT_MODES.has(sortMode)) throw reader.error(headerIdx, `unrecognized sort mode "${sortMode}"`);
  const { text, hasResults } = reader.readBlock(headerIdx);
  const lines = hasResults ? reader.readResults() : [];
  const expect: SltQueryExpect = {
    kind: 'rows',
    types,
    sortMode: (sortMode ?? null) as SltSortMode | null,
    label: label ?? null,
    lines,
  };
  return { kind: 'query', file: reader.file, line, conditions, sql: text, expect };
}

/** Parses the next directive at `headerIdx` (already consumed by the reader). */
function parseDirective(reader: LineReader, headerIdx: number, tokens: string[], conditions: SltCondition[]): SltRecord | null {
  const [word, ...args] = tokens;
  const file = reader.file;
  const line = headerIdx + 1;
  switch (word) {
    case 'statement': return parseStatement(reader, headerIdx, args, conditions);
    case 'query': return parseQuery(reader, headerIdx, args, conditions);
    case 'system': {
      if (args.length !== 1 || args[0] !== 'ok') throw reader.error(headerIdx, `invalid system header "system ${args.join(' ')}"`);
      const { text, hasResults } = reader.readBlock(headerIdx);
      if (hasResults) reader.readResults();
      return { kind: 'system', file, line, conditions, command: text };
    }
    case 'include':
      if (args.length !== 1) throw reader.error(headerIdx, 'include needs exactly one file pattern');
      return { kind: 'include', file, line, pattern: args[0] };
    case 'sleep': return { kind: 'sleep', file, line, durationMs: parseDuration(reader, headerIdx, args.join(' ')) };
    case 'halt': return { kind: 'halt', file, line };
    case 'hash-threshold':
      if (args.length !== 1 || !/^\d+$/.test(args[0])) throw reader.error(headerIdx, 'hash-threshold needs a number');
      return { kind: 'hash-threshold', file, line, threshold: Number(args[0]) };
    case 'control':
      if (args[0] === 'sortmode' && args.length === 2 && SORT_MODES.has(args[1])) {
        return { kind: 'sortmode', file, line, sortMode: args[1] as SltSortMode };
      }
      throw reader.error(headerIdx, `unrecognized control "${args.join(' ')}"`);
    // A name for the following group of records (sqllogictest-rs `subtest`) or a session to run on; Tally runs
    // every record on the file's one engine.
    case 'subtest':
    case 'connection':
      return null;
    default:
      throw reader.error(headerIdx, `unrecognized record "${word}"`);
  }
}

/**
 * Parses the text of one sqllogictest file into records, in file order. `include` records are left in place
 * (`parseSltFile` expands them). Throws SltParseError on a malformed file.
 */
export function parseSlt(text: string, file: string): SltRecord[] {
  const reader = new LineReader(file, text.split(/\r?\n/));
  const records: SltRecord[] = [];
  let conditions: SltCondition[] = [];
  while (!reader.done()) {
    const headerIdx = reader.next++;
    const header = reader.lines[headerIdx].trim();
    if (header === '' || header.startsWith('#')) continue;
    const tokens = header.split(/\s+/);
    if (tokens[0] === 'skipif' || tokens[0] === 'onlyif') {
      if (tokens.length !== 2) throw reader.error(headerIdx, `${tokens[0]} needs exactly one label`);
      conditions.push({ kind: tokens[0], label: tokens[1] });
      continue;
    }
    const record = parseDirective(reader, headerIdx, tokens, conditions);
    if (record === null) continue;
    // Conditions apply to the next statement, query or system record only, as in sqllogictest-rs.
    if (record.kind === 'statement' || record.kind === 'query' || record.kind === 'system') conditions = [];
    records.push(record);
  }
  return records;
}

/**
 * Reads and parses a sqllogictest file, replacing each `include <glob>` by the records of the files it names
 * (relative to the including file's folder, in sorted order). Throws SltParseError, or the fs error when the
 * file cannot be read.
 */
export function parseSltFile(path: string, includeDepth = 0): SltRecord[] {
  const records: SltRecord[] = [];
  for (const record of parseSlt(readFileSync(path, 'utf8'), path)) {
    if (record.kind !== 'include') {
      records.push(record);
      continue;
    }
    if (includeDepth >= MAX_INCLUDE_DEPTH) throw new SltParseError(path, record.line, 'includes nest too deeply');
    const included = expandIncludePattern(dirname(path), record.pattern);
    if (included.length === 0) throw new SltParseError(path, record.line, `no file matches include pattern "${record.pattern}"`);
    for (const includedPath of included) records.push(...parseSltFile(includedPath, includeDepth + 1));
  }
  return records;
}
