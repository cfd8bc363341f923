// Tests of `tally datagen`: options, the files it writes, determinism for a seed, failures and exit codes.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../commerce/generator/index.js';
import { runDatagen, type DatagenOptions } from './datagen-command.js';
import { main } from './main.js';

const START_MS = Date.UTC(2026, 10, 21, 15, 1, 0);
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-datagen-cli-'));
  dirs.push(dir);
  return dir;
}

/** Runs the command on a manual clock (ticks advance it instead of waiting); resolves to the exit code and printed lines. */
async function datagen(options: DatagenOptions): Promise<{ code: number; lines: string[] }> {
  const clock = new ManualClock(START_MS);
  const lines: string[] = [];
  const code = await runDatagen(options, (line) => lines.push(line), new Promise(() => undefined), { clock, sleep: async (ms) => clock.advance(ms) });
  return { code, lines };
}

/** Every file under `dir` with its text, by relative path. */
async function contents(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}

const recordCount = (files: Map<string, string>): number =>
  [...files].reduce((sum, [name, text]) => sum + text.trimEnd().split('\n').length - (name.endsWith('.csv') ? 1 : 0), 0);

describe('tally datagen', () => {
  it('writes exactly --events records to files, and says so', async () => {
    const dir = await tempDir();
    const { code, lines } = await datagen({ to: 'files', dir, events: '1500', rate: '1000', seed: '3' });
    expect(code).toBe(0);
    expect(lines[0]).toBe(`datagen: to files in ${dir}, 1000 events/s, seed 3, up to 1500 events`);
    expect(lines[lines.length - 1]).toMatch(/^datagen: 1\.\ds, 1500 events \(\d+\/s\): /);
    const files = await contents(dir);
    expect(recordCount(files)).toBe(1500);
    expect([...files.keys()]).toContain('ecommerce.orders.jsonl');
  });

  it('writes the same files for the same seed and clock, others for another seed', async () => {
    const options = { to: 'files', events: '3000', rate: '500', outOfOrderRate: '0.1', duplicateRate: '0.05', flashSaleEvery: '2', flashSaleLength: '1' };
    const [first, second, third] = [await tempDir(), await tempDir(), await tempDir()];
    expect((await datagen({ ...options, dir: first, seed: '9' })).code).toBe(0);
    expect((await datagen({ ...options, dir: second, seed: '9' })).code).toBe(0);
    expect((await datagen({ ...options, dir: third, seed: '10' })).code).toBe(0);
    const written = await contents(first);
    expect(await contents(second)).toEqual(written);
    expect((await contents(third)).get('ecommerce.orders.jsonl')).not.toEqual(written.get('ecommerce.orders.jsonl'));
  });

  it('stops after --duration and writes only --streams', async () => {
    const dir = await tempDir();
    const { code, lines } = await datagen({ to: 'files', dir, duration: '3', rate: '100', streams: 'promo.app_logs, promo.machine_metrics' });
    expect(code).toBe(0);
    expect(lines[lines.length - 1]).toMatch(/^datagen: 3\.0s, \d+ events/);
    expect([...(await contents(dir)).keys()].sort()).toEqual(['promo.app_logs.jsonl', 'promo.machine_metrics.jsonl']);
  });

  it('refuses bad options with exit code 2', async () => {
    const cases: [DatagenOptions, string][] = [
      [{}, 'datagen: option "--to" is required: kafka, files or tally'],
      [{ to: 's3' }, 'datagen: unrecognized target "s3": use kafka, files or tally'],
      [{ to: 'files' }, 'datagen: option "--dir" is required with --to files'],
      [{ to: 'kafka', rate: 'fast' }, 'datagen: invalid value for option "--rate": "fast"'],
      [{ to: 'kafka', duplicateRate: '1.5' }, 'datagen: invalid value for option "--duplicate-rate": "1.5"'],
      [{ to: 'kafka', events: '2.5' }, 'datagen: invalid value for option "--events": "2.5"'],
      [{ to: 'kafka', flashSaleEvery: '60', flashSaleLength: '90' }, 'datagen: option "--flash-sale-length" must not exceed "--flash-sale-every"'],
      [{ to: 'tally', sourceNames: 'orders' }, 'datagen: invalid value for option "--source-names": "orders"'],
    ];
    for (const [options, message] of cases) expect(await datagen(options)).toEqual({ code: 2, lines: [message] });
    const unknown = await datagen({ to: 'kafka', streams: 'ecommerce.orders,payments' });
    expect(unknown.code).toBe(2);
    expect(unknown.lines[0]).toMatch(/^datagen: unrecognized stream "payments": the streams are ecommerce\.orders, /);
  });

  it('exits with 1 when the target fails', async () => {
    const { code, lines } = await datagen({ to: 'tally', url: 'http://127.0.0.1:9', events: '100' });
    expect(code).toBe(1);
    expect(lines[lines.length - 1]).toMatch(/^datagen: could not reach Tally at http:\/\/127\.0\.0\.1:9: /);
  });

  it('is a command of the tally CLI', async () => {
    const dir = await tempDir();
    const code = await main(['node', 'tally', 'datagen', '--to', 'files', '--dir', dir, '--events', '40', '--rate', '400']);
    expect(code).toBe(0);
    expect(recordCount(await contents(dir))).toBe(40);
    expect(await main(['node', 'tally', 'datagen', '--to', 'nowhere'])).not.toBe(0);
  });
});
