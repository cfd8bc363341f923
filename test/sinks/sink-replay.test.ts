// Sinks of an engine with a data directory, crashed at chosen moments: the data directory is copied while the engine
// runs (its store commits synchronously, so the copy is what a SIGKILL at that moment leaves) and a new engine opens
// the copy, writing to the same target. The target must end equal to the view, and changes must not wait for a
// drain to be written.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine.js';
import { formatValue } from '../../src/types/text-format.js';
import { HeldTarget } from './held-target.js';
import { ListSource } from './list-source.js';

const dirs: string[] = [];
const engines: Engine[] = [];
const targets: HeldTarget[] = [];
afterEach(async () => {
  // A held write would keep its engine from closing.
  for (const target of targets.splice(0)) target.releaseAll();
  for (const engine of engines.splice(0).reverse()) await engine.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function heldTarget(...args: ConstructorParameters<typeof HeldTarget>): HeldTarget {
  const target = new HeldTarget(...args);
  targets.push(target);
  return target;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-sink-replay-'));
  dirs.push(dir);
  return dir;
}

/** The data directory as a SIGKILL now would leave it (LMDB's lock file is the process's, not the data's). */
function crashCopy(dir: string): string {
  const copy = dataDir();
  cpSync(dir, copy, { recursive: true, filter: (path) => basename(path) !== 'lock.mdb' });
  return copy;
}

async function openEngine(options: EngineOptions): Promise<Engine> {
  const engine = await Engine.open({ durability: 'none', barrierIntervalMs: 60_000, ...options });
  engines.push(engine);
  return engine;
}

async function viewText(engine: Engine, sql: string): Promise<string[]> {
  const [result] = await engine.execute(sql);
  if (result?.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((value, index) => (value === null ? 'NULL' : formatValue(result.columns[index]!.type, value))).join(' ')).sort();
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

describe('sinks of a crashed engine', () => {
  it('deletes a row whose insert was confirmed after the last checkpoint when the log replays insert and delete together', async () => {
    const target = heldTarget();
    const dir = dataDir();
    const first = await openEngine({ dataDir: dir, sinkConnectors: [target] });
    await first.execute(`CREATE TABLE t (k INT PRIMARY KEY, v INT); CREATE SINK s FROM t WITH (connector = 'held', type = 'upsert', primary_key = 'k')`);
    target.holding = true;
    await first.execute(`INSERT INTO t VALUES (1, 10)`);
    // Starts the write of the insert where nothing else would (a no-op when the engine already started it).
    first.sinksDrained(60_000).catch(() => undefined);
    await until(() => target.held === 1, 5000, 'the write of the insert');
    // Checkpointed while the insert's write is in flight: the log holds the insert, then the delete.
    await first.execute(`DELETE FROM t WHERE k = 1`);
    target.releaseOne();
    await until(() => target.writes.length === 1 && target.held === 1, 5000, 'the insert confirmed and the delete in flight');
    expect(target.text()).toEqual(['1 10']);

    target.holding = false;
    const second = await openEngine({ dataDir: crashCopy(dir), sinkConnectors: [target] });
    await second.sinksDrained(10_000);
    expect(await viewText(second, 'SELECT * FROM t')).toEqual([]);
    expect(target.text()).toEqual([]);
  });

  it('leaves no row the restored engine never produced when a write confirmed after the last checkpoint is not replayed alike', async () => {
    const source = new ListSource();
    const target = heldTarget();
    const dir = dataDir();
    const options: EngineOptions = { sourceConnectors: [source], sinkConnectors: [target], checkpointIntervalMs: 60_000 };
    const first = await openEngine({ ...options, dataDir: dir });
    await first.execute(`CREATE SOURCE ev (k INT, d INT) WITH (connector = 'list')`);
    await first.execute(`CREATE MATERIALIZED VIEW sums AS SELECT k, SUM(d) AS total FROM ev GROUP BY k HAVING SUM(d) <> 0`);
    await first.execute(`CREATE SINK s FROM sums WITH (connector = 'held', type = 'upsert', primary_key = 'k')`);
    source.records.push([1, 5], [2, 7]);
    // One epoch, not checkpointed (the interval is long): its changes may be written, but a crash forgets them.
    await first.execute('FLUSH');
    expect(await viewText(first, 'SELECT * FROM sums')).toEqual(['1 5', '2 7']);
    await sleep(100);
    const crashed = crashCopy(dir);

    // After the crash the source is read again from the checkpoint, with more: key 1 nets to nothing in one epoch.
    source.records.push([1, -5], [3, 1]);
    const second = await openEngine({ ...options, dataDir: crashed });
    await second.execute('FLUSH');
    await second.sinksDrained(10_000);
    const view = await viewText(second, 'SELECT * FROM sums');
    expect(view).toEqual(['2 7', '3 1']);
    expect(target.text()).toEqual(view);
  });

  it.each([
    { label: 'without a flush interval', policy: undefined },
    { label: 'with a 200 ms flush interval', policy: { maxRows: 1000, intervalMs: 200 } },
  ])('writes the changes of statements without a drain ($label)', async ({ policy }) => {
    const target = heldTarget('held', policy);
    const engine = await openEngine({ dataDir: dataDir(), sinkConnectors: [target] });
    await engine.execute(`CREATE TABLE t (k INT PRIMARY KEY, v INT); CREATE SINK s FROM t WITH (connector = 'held', type = 'upsert', primary_key = 'k')`);
    await engine.execute(`INSERT INTO t VALUES (1, 10), (2, 20)`);
    await until(() => target.text().length === 2, 3000, 'the insert in the target');
    await engine.execute(`UPDATE t SET v = 11 WHERE k = 1; DELETE FROM t WHERE k = 2`);
    await until(() => target.text().join() === '1 11', 3000, 'the update and delete in the target');
  });

  it('writes the changes of source epochs that each commit a checkpoint without a drain', async () => {
    const source = new ListSource();
    const target = heldTarget();
    const engine = await openEngine({ dataDir: dataDir(), sourceConnectors: [source], sinkConnectors: [target], checkpointIntervalMs: 0 });
    await engine.execute(`CREATE SOURCE ev (k INT, d INT) WITH (connector = 'list')`);
    await engine.execute(`CREATE SINK s AS SELECT k, SUM(d) AS total FROM ev GROUP BY k WITH (connector = 'held', type = 'upsert', primary_key = 'k')`);
    source.records.push([1, 5], [2, 7], [1, 1]);
    await engine.execute('FLUSH');
    await until(() => target.text().join() === '1 6,2 7', 3000, 'the sums in the target');
  });
});
