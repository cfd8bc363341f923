import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatValue } from '../types/text-format.js';
import { Engine, type EngineOptions } from './engine.js';
import { MemoryTarget } from './memory-sink.test-support.js';

async function viewText(db: Engine, sql: string): Promise<string[]> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((v, i) => (v === null ? 'NULL' : formatValue(result.columns[i]!.type, v))).join(' ')).sort();
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openWith(target: MemoryTarget, extra: EngineOptions = {}): Promise<Engine> {
  return Engine.open({ sinkConnectors: [target], barrierIntervalMs: 60_000, ...extra });
}

const SCHEMA = `
  CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total INT, status VARCHAR);
  CREATE MATERIALIZED VIEW gmv AS SELECT merchant, SUM(total) AS gmv, COUNT(*) AS n FROM orders WHERE status <> 'cancelled' GROUP BY merchant;
`;

describe('sinks', () => {
  it('keeps an upsert target equal to the view under inserts, updates and deletes', async () => {
    const target = new MemoryTarget();
    const db = await openWith(target);
    await db.execute(SCHEMA);
    await db.execute(`INSERT INTO orders VALUES (1, 'm1', 10, 'paid'), (2, 'm2', 5, 'paid')`);
    await db.execute(`CREATE SINK gmv_sink FROM gmv WITH (connector = 'memory', table = 'gmv', type = 'upsert', primary_key = 'merchant')`);
    await db.sinksDrained();
    expect(target.text()).toEqual(['m1 10 1', 'm2 5 1']);
    await db.execute(`INSERT INTO orders VALUES (3, 'm1', 1, 'paid'); UPDATE orders SET status = 'cancelled' WHERE id = 2; INSERT INTO orders VALUES (4, 'm3', 7, 'paid')`);
    await db.execute(`DELETE FROM orders WHERE id = 4`);
    await db.sinksDrained();
    expect(target.text()).toEqual(await viewText(db, 'SELECT merchant, gmv, n FROM gmv'));
    expect(target.text()).toEqual(['m1 11 2']);
    await db.close();
  });

  it('writes one change per key however the epoch orders them', async () => {
    const target = new MemoryTarget();
    const db = await openWith(target);
    await db.execute(SCHEMA);
    await db.execute(`CREATE SINK s AS SELECT merchant, gmv FROM gmv WITH (connector = 'memory', table = 't', primary_key = 'merchant', type = 'upsert')`);
    await db.execute(`INSERT INTO orders VALUES (1, 'm1', 10, 'paid'), (2, 'm1', 5, 'paid')`);
    await db.sinksDrained();
    const last = target.writes[target.writes.length - 1]!;
    expect(last).toHaveLength(1);
    expect(last[0]!.after).toEqual(['m1', 15n]);
    await db.close();
  });

  it('retries a target that fails, with the rest of the engine going on', async () => {
    const target = new MemoryTarget();
    const db = await openWith(target);
    await db.execute(SCHEMA);
    await db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'upsert', primary_key = 'merchant')`);
    target.failures = 3;
    await db.execute(`INSERT INTO orders VALUES (1, 'm1', 10, 'paid')`);
    await db.execute(`INSERT INTO orders VALUES (2, 'm2', 4, 'paid')`);
    expect(await viewText(db, 'SELECT merchant, gmv, n FROM gmv')).toEqual(['m1 10 1', 'm2 4 1']);
    await db.sinksDrained();
    expect(target.text()).toEqual(['m1 10 1', 'm2 4 1']);
    const stats = db.sinkStats().get('s')!;
    expect(stats.errors).toBe(3);
    expect(stats.lastError).toBe('target unavailable');
    expect(stats.pending).toBe(0);
    await db.close();
  });

  it('refuses a sink whose target cannot be opened, and keeps no trace of it', async () => {
    const target = new MemoryTarget();
    target.down = true;
    const db = await openWith(target);
    await db.execute(SCHEMA);
    await expect(db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'upsert', primary_key = 'merchant')`)).rejects.toThrow(
      'could not open sink "s": connection refused',
    );
    await expect(db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', type = 'upsert', primary_key = 'merchant')`)).rejects.toThrow('missing option "table"');
    target.down = false;
    await db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'upsert', primary_key = 'merchant')`);
    await db.close();
  });

  it('needs a key for upsert sinks and names a bad one', async () => {
    const db = await openWith(new MemoryTarget());
    await db.execute(SCHEMA);
    await expect(db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'upsert')`)).rejects.toThrow('an upsert sink needs a primary key');
    await expect(db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', primary_key = 'nope', type = 'upsert')`)).rejects.toThrow(
      'primary_key column "nope" is not a column of the sink',
    );
    await db.close();
  });

  it('refuses an append-only sink over an input that updates, unless told to force it', async () => {
    const db = await openWith(new MemoryTarget());
    await db.execute(SCHEMA);
    await expect(db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'append-only')`)).rejects.toThrow(
      'sink "s" is append-only, but its input can update and delete rows',
    );
    await db.execute(`CREATE TABLE clicks (page VARCHAR) APPEND ONLY; CREATE MATERIALIZED VIEW home AS SELECT page FROM clicks WHERE page = 'home'`);
    await db.execute(`CREATE SINK a FROM home WITH (connector = 'memory', table = 't', type = 'append-only')`);
    await db.execute(`CREATE SINK b AS SELECT upper(page) AS p FROM clicks WITH (connector = 'memory', table = 't', type = 'append-only')`);
    await db.close();
  });

  it('appends inserted rows and counts the retractions an append-only sink drops', async () => {
    const target = new MemoryTarget();
    const db = await openWith(target);
    await db.execute(`CREATE TABLE clicks (page VARCHAR); CREATE SINK s FROM clicks WITH (connector = 'memory', table = 't', type = 'append-only', force_append_only = 'true')`);
    await db.execute(`INSERT INTO clicks VALUES ('a'), ('b'); DELETE FROM clicks WHERE page = 'a'; INSERT INTO clicks VALUES ('c')`);
    await db.sinksDrained();
    expect(target.appended.map((r) => r[0])).toEqual(['a', 'b', 'c']);
    expect(db.sinkStats().get('s')!.droppedRetractions).toBe(1);
    await db.close();
  });

  it('keeps undelivered changes across a restart and delivers them when the target is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-sink-'));
    dirs.push(dir);
    const target = new MemoryTarget();
    let db = await openWith(target, { dataDir: dir, durability: 'none' });
    await db.execute(SCHEMA);
    await db.execute(`CREATE SINK s FROM gmv WITH (connector = 'memory', table = 't', type = 'upsert', primary_key = 'merchant')`);
    await db.execute(`INSERT INTO orders VALUES (1, 'm1', 10, 'paid')`);
    await db.sinksDrained();
    target.down = true;
    await db.execute(`INSERT INTO orders VALUES (2, 'm2', 4, 'paid'); UPDATE orders SET total = 20 WHERE id = 1`);
    await db.close();
    expect(target.text()).toEqual(['m1 10 1']);

    // The engine starts while the target is still down; the sink catches up once it is back.
    db = await openWith(target, { dataDir: dir, durability: 'none' });
    target.down = false;
    await db.sinksDrained();
    expect(target.text()).toEqual(['m1 20 1', 'm2 4 1']);
    await db.execute(`DELETE FROM orders WHERE id = 2`);
    await db.sinksDrained();
    expect(target.text()).toEqual(await viewText(db, 'SELECT merchant, gmv, n FROM gmv'));
    await db.close();
  });

  it('never numbers two batches alike, across restarts with an empty log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-sink-'));
    dirs.push(dir);
    const target = new MemoryTarget();
    const ranges: number[] = [];
    const open = target.open.bind(target);
    target.open = async (spec) => {
      const writer = await open(spec);
      return { ...writer, write: async (changes, range) => (ranges.push(range!.first, range!.last), writer.write(changes, range)) };
    };
    for (let run = 0; run < 3; run++) {
      const db = await openWith(target, { dataDir: dir, durability: 'none' });
      if (run === 0) await db.execute(`CREATE TABLE t (k INT PRIMARY KEY); CREATE SINK s FROM t WITH (connector = 'memory', table = 't')`);
      await db.execute(`INSERT INTO t VALUES (${run})`);
      await db.sinksDrained();
      await db.close();
    }
    expect(ranges).toEqual([1, 1, 2, 2, 3, 3]);
  });
});
