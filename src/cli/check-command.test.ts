import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from './check-command.js';

const SEED_SQL = join(import.meta.dirname, '../../../shared/seed-sql');

async function check(files: string[], dialect?: 'postgres' | 'flink'): Promise<{ failures: number; lines: string[] }> {
  const lines: string[] = [];
  const failures = await checkFiles(files, { dialect }, (l) => lines.push(l));
  return { failures, lines };
}

function writeSql(sql: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-check-'));
  const file = join(dir, 'bad.sql');
  writeFileSync(file, sql);
  return file;
}

describe('tally check', () => {
  it.runIf(existsSync(SEED_SQL))('accepts every statement of every seed file', async () => {
    const files = readdirSync(SEED_SQL).filter((f) => f.endsWith('.sql')).map((f) => join(SEED_SQL, f));
    const { failures, lines } = await check(files);
    expect(failures, lines.join('\n')).toBe(0);
    expect(lines.filter((l) => / OK /.test(l))).toHaveLength(20);
  });

  it('points at the offending token with file:line:column and a caret', async () => {
    // `SELECT a FORM t` reads FORM as a column alias, as PostgreSQL does: the error is at "t".
    const file = writeSql('CREATE TABLE t (a INT);\nSELECT a\n  FORM t;\n');
    const { failures, lines } = await check([file]);
    expect(failures).toBe(1);
    expect(lines).toEqual([`${file}:3:8: syntax error at or near "t"\n      FORM t;\n           ^`]);
  });

  it('reports binder errors per statement and goes on', async () => {
    const file = writeSql('CREATE TABLE t (a INT);\nSELECT b FROM t;\nSELECT a FROM t;\n');
    const { failures, lines } = await check([file]);
    expect(failures).toBe(1);
    expect(lines[0]).toBe(`${file}:1: OK CREATE TABLE t`);
    expect(lines[1]).toBe(`${file}:2:8: column "b" does not exist\n    SELECT b FROM t;\n           ^`);
    expect(lines[2]).toBe(`${file}:3: OK SELECT a`);
  });

  it('never shows a stack trace for a missing file', async () => {
    const { failures, lines } = await check(['/nonexistent/x.sql']);
    expect(failures).toBe(1);
    expect(lines).toEqual(['/nonexistent/x.sql: could not read file: ENOENT']);
  });
});
