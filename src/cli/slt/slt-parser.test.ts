// Tests of the sqllogictest parser on inline texts, temporary files and the peer suite.
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSlt, parseSltFile, SltParseError } from './slt-parser.js';
import type { SltRecord } from './slt-parser.js';

const parse = (text: string): SltRecord[] => parseSlt(text, 'x.slt');

function parseFailure(text: string): SltParseError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof SltParseError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('parseSlt', () => {
  it('parses statements and queries with their line numbers', () => {
    const records = parse(
      [
        '# a comment',
        'statement ok',
        'create table t (v int);',
        '',
        'query II rowsort',
        'select v,',
        '  v from t',
        '----',
        '1  2',
        '3 4',
        '',
        'query T',
        'select 1',
        '----',
        '',
        'query I',
        'select 1 where false',
      ].join('\n'),
    );
    expect(records).toEqual([
      { kind: 'statement', file: 'x.slt', line: 2, conditions: [], sql: 'create table t (v int);', expect: { kind: 'ok' } },
      {
        kind: 'query', file: 'x.slt', line: 5, conditions: [], sql: 'select v,\n  v from t',
        expect: { kind: 'rows', types: 'II', sortMode: 'rowsort', label: null, lines: ['1  2', '3 4'] },
      },
      { kind: 'query', file: 'x.slt', line: 12, conditions: [], sql: 'select 1', expect: { kind: 'rows', types: 'T', sortMode: null, label: null, lines: [] } },
      { kind: 'query', file: 'x.slt', line: 16, conditions: [], sql: 'select 1 where false', expect: { kind: 'rows', types: 'I', sortMode: null, label: null, lines: [] } },
    ]);
  });

  it('parses error expectations: none, an inline regex, a multi-line block', () => {
    const records = parse(
      [
        'statement error',
        'select x',
        '',
        'statement error column "x" does not  exist',
        'select x',
        '',
        'query error (?i)DIVISION',
        'select 1/0',
        '',
        'statement error',
        'create view v as select 1',
        '----',
        'db error: ERROR: Failed to run the query',
        '',
        'Caused by:',
        '  Invalid input syntax: something',
        '',
        '',
        'statement ok',
        'drop table t',
      ].join('\n'),
    );
    expect(records.map((record) => record.line)).toEqual([1, 4, 7, 10, 19]);
    expect(records[0]).toMatchObject({ kind: 'statement', expect: { kind: 'error', error: { kind: 'any' } } });
    const inline = records[1];
    if (inline.kind !== 'statement' || inline.expect.kind !== 'error' || inline.expect.error.kind !== 'regex') throw new Error('expected a regex');
    expect(inline.expect.error.source).toBe('column "x" does not exist');
    const caseless = records[2];
    if (caseless.kind !== 'query' || caseless.expect.kind !== 'error' || caseless.expect.error.kind !== 'regex') throw new Error('expected a regex');
    expect(caseless.expect.error.pattern.test('division by zero')).toBe(true);
    expect(records[3]).toMatchObject({
      kind: 'statement',
      sql: 'create view v as select 1',
      expect: { kind: 'error', error: { kind: 'block', text: 'db error: ERROR: Failed to run the query\n\nCaused by:\n  Invalid input syntax: something' } },
    });
    expect(records[4]).toMatchObject({ kind: 'statement', sql: 'drop table t' });
  });

  it('ends an error block at a blank line followed by a record header', () => {
    const records = parse(['statement error', 'select x', '----', 'some error', '', 'statement ok', 'select 1'].join('\n'));
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ kind: 'statement', line: 6, sql: 'select 1' });
  });

  it('attaches skipif/onlyif to the next record only', () => {
    const records = parse(['skipif postgres', 'onlyif tally', 'statement ok', 'select 1', '', 'statement ok', 'select 2'].join('\n'));
    expect(records[0]).toMatchObject({ conditions: [{ kind: 'skipif', label: 'postgres' }, { kind: 'onlyif', label: 'tally' }] });
    expect(records[1]).toMatchObject({ conditions: [] });
  });

  it('parses control records', () => {
    const records = parse(
      ['hash-threshold 8', '', 'control sortmode valuesort', 'sleep 1s500ms', 'sleep 20 ms', 'system ok', 'echo hi', '', 'include other/*.slt', 'halt', 'statement count 3', 'insert into t values (1), (2), (3)'].join('\n'),
    );
    expect(records).toEqual([
      { kind: 'hash-threshold', file: 'x.slt', line: 1, threshold: 8 },
      { kind: 'sortmode', file: 'x.slt', line: 3, sortMode: 'valuesort' },
      { kind: 'sleep', file: 'x.slt', line: 4, durationMs: 1500 },
      { kind: 'sleep', file: 'x.slt', line: 5, durationMs: 20 },
      { kind: 'system', file: 'x.slt', line: 6, conditions: [], command: 'echo hi' },
      { kind: 'include', file: 'x.slt', line: 9, pattern: 'other/*.slt' },
      { kind: 'halt', file: 'x.slt', line: 10 },
      { kind: 'statement', file: 'x.slt', line: 11, conditions: [], sql: 'insert into t values (1), (2), (3)', expect: { kind: 'count', count: 3 } },
    ]);
  });

  it('accepts CRLF line ends', () => {
    expect(parse('statement ok\r\nselect 1\r\n')).toMatchObject([{ sql: 'select 1' }]);
  });

  it('reports malformed records with their line', () => {
    expect(parseFailure('\nstatment ok\nselect 1')).toMatchObject({ line: 2, message: 'unrecognized record "statment"' });
    expect(parseFailure('query I sorted\nselect 1')).toMatchObject({ line: 1, message: 'unrecognized sort mode "sorted"' });
    expect(parseFailure('statement ok\nselect 1\n----\n1')).toMatchObject({ line: 1 });
    expect(parseFailure('statement error x\nselect 1\n----\nboth')).toMatchObject({ line: 1 });
    expect(parseFailure('\n\nstatement ok')).toMatchObject({ line: 3, message: 'record has no SQL' });
    expect(parseFailure('statement error (unclosed\nselect 1')).toMatchObject({ line: 1 });
    expect(parseFailure('sleep soon')).toMatchObject({ line: 1, message: 'invalid duration "soon"' });
  });
});

describe('parseSltFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slt-parser-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expands include globs relative to the including file, in sorted order', () => {
    mkdirSync(join(dir, 'parts'));
    writeFileSync(join(dir, 'parts', 'b.slt'), 'statement ok\nselect 2\n');
    writeFileSync(join(dir, 'parts', 'a.slt'), 'statement ok\nselect 1\n');
    writeFileSync(join(dir, 'parts', 'c.txt'), 'not slt');
    writeFileSync(join(dir, 'main.slt'), 'include parts/*.slt\n\nstatement ok\nselect 3\n');
    const records = parseSltFile(join(dir, 'main.slt'));
    expect(records.map((record) => [record.file, record.line, record.kind === 'statement' ? record.sql : ''])).toEqual([
      [join(dir, 'parts', 'a.slt'), 1, 'select 1'],
      [join(dir, 'parts', 'b.slt'), 1, 'select 2'],
      [join(dir, 'main.slt'), 3, 'select 3'],
    ]);
  });

  it('reports an include that matches nothing', () => {
    writeFileSync(join(dir, 'missing.slt'), '\ninclude nowhere/*.slt\n');
    expect(() => parseSltFile(join(dir, 'missing.slt'))).toThrow(/no file matches include pattern "nowhere\/\*\.slt"/);
  });

  it('parses every file of the RisingWave peer suite, one record per statement or query header', () => {
    const suite = join(import.meta.dirname, '../../../../shared/peer-tests/risingwave-streaming');
    if (!existsSync(suite)) return;
    const names = readdirSync(suite, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.slt'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const text = readFileSync(join(suite, name), 'utf8');
      const headers = text.split('\n').filter((line) => /^(statement|query) /.test(line)).length;
      expect(parseSltFile(join(suite, name)), name).toHaveLength(headers);
    }
  });
});
