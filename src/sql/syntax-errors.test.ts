// Golden tests for syntax errors: each malformed input in testdata/syntax-errors.txt with its formatted error.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { parseScript } from './parse-script.js';
import { formatSourceError } from './source-error.js';

const GOLDEN = fileURLToPath(new URL('./testdata/syntax-errors.txt', import.meta.url));
const CASE_SEPARATOR = '\n====\n';
const OUTPUT_SEPARATOR = '\n----\n';
const FLINK_MARKER = '#flink\n';

interface GoldenCase {
  readonly input: string;
  readonly expected: string;
}

function readGolden(): { header: string; cases: GoldenCase[] } {
  const text = readFileSync(GOLDEN, 'utf8');
  const headerEnd = text.search(/^(?!#)/m);
  const header = text.slice(0, headerEnd);
  const cases = text
    .slice(headerEnd)
    .split(CASE_SEPARATOR)
    .map((block) => {
      const split = block.indexOf(OUTPUT_SEPARATOR);
      return split < 0
        ? { input: block.replace(/\n----\n?$/, ''), expected: '' }
        : { input: block.slice(0, split), expected: block.slice(split + OUTPUT_SEPARATOR.length).replace(/\n$/, '') };
    });
  return { header, cases };
}

function errorFor(input: string): string {
  const flink = input.startsWith(FLINK_MARKER);
  const sql = flink ? input.slice(FLINK_MARKER.length) : input;
  try {
    parseScript(sql, { dialect: flink ? 'flink' : 'postgres' });
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    return formatSourceError('input.sql', sql, error.position ?? 0, error.message);
  }
  return '(no error)';
}

describe('syntax errors', () => {
  const { header, cases } = readGolden();
  const actual = cases.map((golden) => ({ input: golden.input, expected: errorFor(golden.input) }));

  if (process.env.UPDATE_GOLDEN === '1') {
    const body = actual.map((golden) => `${golden.input}${OUTPUT_SEPARATOR}${golden.expected}`).join(CASE_SEPARATOR);
    writeFileSync(GOLDEN, `${header}${body}\n`);
  }

  for (const [idx, golden] of cases.entries()) {
    it(`case ${idx + 1}: ${golden.input.split('\n').find((line) => !line.startsWith('-')) ?? ''}`, () => {
      expect(actual[idx].expected).toBe(golden.expected);
    });
  }
});
