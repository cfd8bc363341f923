// Parses every seed script and every SQL statement of the RisingWave peer sqllogictest files.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDialect } from './dialect.js';
import { parseScript } from './parse-script.js';

const SHARED = '/work/shared';
const SEED_DIR = join(SHARED, 'seed-sql');
const PEER_DIR = join(SHARED, 'peer-tests/risingwave-streaming');

interface SltStatement {
  readonly where: string;
  readonly sql: string;
}

function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The SQL after `statement ...` and `query ...` lines, up to a blank line or `----`. */
function extractSlt(file: string): SltStatement[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const statements: SltStatement[] = [];
  for (let lineIdx = 0; lineIdx < lines.length; lineIdx++) {
    if (!/^(statement|query)\b/.test(lines[lineIdx])) continue;
    const body: string[] = [];
    let next = lineIdx + 1;
    while (next < lines.length && lines[next].trim() !== '' && lines[next] !== '----') body.push(lines[next++]);
    statements.push({ where: `${relative(PEER_DIR, file)}:${lineIdx + 2}`, sql: body.join('\n') });
    lineIdx = next - 1;
  }
  return statements;
}

describe('seed scripts', () => {
  const expected: Record<string, number> = {
    '000_gmv_risingwave.sql': 6,
    '001_seller_performance_risingwave.sql': 8,
    '003_channel_gmv_flink.sql': 4,
    '003_result_table_mysql.sql': 2,
  };
  for (const file of listFiles(SEED_DIR, '.sql')) {
    const name = relative(SEED_DIR, file);
    it(`parses ${name}`, () => {
      const sql = readFileSync(file, 'utf8');
      const statements = parseScript(sql, { dialect: detectDialect(sql) });
      expect(statements).toHaveLength(expected[name]);
      for (const { statement, text, start } of statements) {
        expect(sql.slice(start, start + text.length)).toBe(text);
        expect(statement.span).toEqual({ start, end: start + text.length });
      }
    });
  }

  it('detects the dialect of each seed', () => {
    const dialects = listFiles(SEED_DIR, '.sql').map((file) => [relative(SEED_DIR, file), detectDialect(readFileSync(file, 'utf8'))]);
    expect(Object.fromEntries(dialects)).toEqual({
      '000_gmv_risingwave.sql': 'postgres',
      '001_seller_performance_risingwave.sql': 'postgres',
      '003_channel_gmv_flink.sql': 'flink',
      '003_result_table_mysql.sql': 'flink',
    });
  });
});

describe('RisingWave peer sqllogictest statements', () => {
  const statements = listFiles(PEER_DIR, '.slt').flatMap(extractSlt);

  it('finds the statements', () => {
    expect(statements.length).toBeGreaterThan(250);
  });

  it('parses every statement', () => {
    const failures: string[] = [];
    for (const { where, sql } of statements) {
      try {
        if (parseScript(sql).length === 0) failures.push(`${where}: no statement`);
      } catch (error) {
        failures.push(`${where}: ${(error as Error).message}\n  ${sql.replace(/\n/g, '\n  ').slice(0, 400)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
