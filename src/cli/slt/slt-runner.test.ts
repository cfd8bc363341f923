// Tests of file-level running: fresh engines, unreadable or malformed files, printed output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSltFile, runSltFiles } from './slt-runner.js';

// File handling and output are under test here; the record runner has its own tests with a scripted engine.
const engines = vi.hoisted(() => ({ opened: 0, closed: 0 }));
vi.mock('../../engine.js', () => ({
  Engine: {
    open: async () => {
      engines.opened++;
      return {
        execute: async (sql: string) => {
          if (sql.startsWith('fail')) throw new Error('boom');
          return [{ kind: 'command', tag: 'OK' }];
        },
        close: async () => {
          engines.closed++;
        },
      };
    },
  },
}));
vi.mock('../../types/text-format.js', () => ({ formatValue: (_type: string, value: unknown) => (value === null ? null : String(value)) }));

describe('runSltFile and runSltFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slt-runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('runs each file on a fresh engine and closes it', async () => {
    const before = { ...engines };
    const outcome = await runSltFile(file('ok.slt', 'statement ok\ncreate table t (v int)\n\nsystem ok\nls\n'));
    expect(outcome).toMatchObject({ passed: 1, failed: 0, skipped: 1 });
    expect([engines.opened - before.opened, engines.closed - before.closed]).toEqual([1, 1]);
  });

  it('reports unreadable and malformed files as one failure each', async () => {
    const missing = await runSltFile(join(dir, 'missing.slt'));
    expect(missing).toMatchObject({ passed: 0, failed: 1, failures: [{ line: null, what: 'could not read file' }] });
    const malformed = await runSltFile(file('bad.slt', 'statement ok\nselect 1\n\nquery I wobbly\nselect 1\n'));
    expect(malformed).toMatchObject({ failed: 1, failures: [{ line: 4, what: 'parse error: unrecognized sort mode "wobbly"' }] });
  });

  it('prints failures and skips, and ends with the totals', async () => {
    const lines: string[] = [];
    const first = file('first.slt', 'statement ok\nselect 1\n\nstatement ok\nfail now\n');
    const second = file('second.slt', 'onlyif postgres\nstatement ok\nselect 2\n');
    const outcome = await runSltFiles([first, second], (line) => lines.push(line));
    expect(outcome).toMatchObject({ passed: 1, failed: 1, skipped: 1 });
    expect(lines[0]).toBe(`${first}:4: statement failed with an internal error`);
    expect(lines[1]).toBe('    [SQL] fail now');
    expect(lines[2]).toMatch(/^ {4}\[Error\] Error: boom/);
    expect(lines).toContain(`${second}:2: skipped: onlyif postgres`);
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 1 skipped');
  });
});
