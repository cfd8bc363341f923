// RisingWave's streaming sqllogictest files, run against Tally: one test per file, each expecting no failed record.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSltFailure } from '../../src/cli/slt/slt-report.js';
import { runSltFile } from '../../src/cli/slt/slt-runner.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUITE_DIR = join(REPO_ROOT, '../shared/peer-tests/risingwave-streaming');

/** Files that need features Tally does not have yet, with the reason; they are reported as skipped. */
const PENDING: Readonly<Record<string, string>> = {};

function findSltFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return findSltFiles(path);
      return entry.isFile() && entry.name.endsWith('.slt') ? [path] : [];
    })
    .sort();
}

describe('risingwave streaming peer suite', () => {
  if (!existsSync(SUITE_DIR)) {
    const reason = `peer suite not found at ${SUITE_DIR}`;
    console.warn(`skipping the risingwave peer suite: ${reason}`);
    it.skip(`(${reason})`, () => {});
    return;
  }
  for (const path of findSltFiles(SUITE_DIR)) {
    const name = relative(SUITE_DIR, path);
    const pending = PENDING[name];
    if (pending !== undefined) {
      console.warn(`skipping ${name}: pending: ${pending}`);
      it.skip(`${name} (pending: ${pending})`, () => {});
      continue;
    }
    it(name, async () => {
      const outcome = await runSltFile(path);
      const report = outcome.failures.flatMap(formatSltFailure).join('\n');
      expect(outcome.failed, `${outcome.failed} failed record(s) in ${name}:\n${report}\n`).toBe(0);
    });
  }
});
