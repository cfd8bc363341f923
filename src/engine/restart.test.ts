import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConnector, SourceReader, SourceSpec } from '../stream/source.js';
import { CheckpointStore } from '../storage/checkpoint-store.js';
import { stateKeyPrefix } from '../storage/state-key.js';
import { VIEW_STATE_ID } from '../stream/runtime.js';
import { SqlError } from '../types/error.js';
import { formatValue } from '../types/text-format.js';
import type { Row } from '../types/value.js';
import { Engine, type EngineOptions } from './engine.js';

/**
 * An in-memory log per topic that outlives engines: readers start at the position they are given (the offset
 * of the next record), as a Kafka reader does, so a restarted engine must resume exactly where its checkpoint was.
 */
class LogConnector implements SourceConnector {
  readonly name = 'log';
  readonly logs = new Map<string, Row[]>();

  validate(spec: SourceSpec): void {
    if (!spec.options.has('topic')) throw new SqlError('invalid_parameter_value', 'missing option "topic"');
  }

  async open(spec: SourceSpec, position: unknown): Promise<SourceReader> {
    const topic = spec.options.get('topic')!;
    let next = typeof position === 'number' ? position : 0;
    return {
      poll: async (maxRecords) => {
        const log = this.logs.get(topic) ?? [];
        const rows = log.slice(next, next + maxRecords);
        next += rows.length;
        return { changes: { rows, weights: rows.map(() => 1) }, deadLetters: [] };
      },
      position: () => next,
      close: async () => undefined,
    };
  }

  append(topic: string, rows: Row[]): void {
    const log = this.logs.get(topic) ?? [];
    log.push(...rows);
    this.logs.set(topic, log);
  }
}

async function rows(db: Engine, sql: string): Promise<string[]> {
  const results = await db.execute(sql);
  const result = results[results.length - 1];
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join(' '));
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-restart-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const open = (dir: string, extra: EngineOptions = {}): Promise<Engine> =>
  Engine.open({ dataDir: dir, durability: 'none', barrierIntervalMs: 60_000, ...extra });

describe('restart from a data directory', () => {
  it('refuses a data directory another live process holds, and frees it on close', async () => {
    const dir = dataDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'tally.lock'), `${other.pid}\n`);
      await expect(open(dir)).rejects.toThrow(`is in use by process ${other.pid}`);
    } finally {
      await new Promise((resolve) => {
        other.once('exit', resolve);
        other.kill('SIGKILL');
      });
    }
    const db = await open(dir);
    expect(existsSync(join(dir, 'tally.lock'))).toBe(true);
    await db.close();
    expect(existsSync(join(dir, 'tally.lock'))).toBe(false);
  });

  it('keeps tables, views and their answers, and goes on maintaining them', async () => {
    const dir = dataDir();
    let db = await open(dir);
    await db.execute(`
      CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC(10,2), status VARCHAR);
      CREATE TABLE notes (body VARCHAR);
      CREATE MATERIALIZED VIEW paid AS SELECT id, merchant, total FROM orders WHERE status = 'paid';
      CREATE VIEW big AS SELECT * FROM paid WHERE total > 5;
      INSERT INTO orders VALUES (1, 'm1', 10.50, 'paid'), (2, 'm1', 4.25, 'paid'), (3, 'm2', 7, 'new');
      INSERT INTO notes VALUES ('a'), ('b');
      UPDATE orders SET status = 'paid' WHERE id = 3;
      DELETE FROM orders WHERE id = 2;
    `);
    const before = await rows(db, 'SELECT * FROM paid ORDER BY id');
    await db.close();

    db = await open(dir);
    expect(await rows(db, 'SELECT * FROM paid ORDER BY id')).toEqual(before);
    expect(await rows(db, 'SELECT * FROM big ORDER BY id')).toEqual(['1 m1 10.50', '3 m2 7.00']);
    await db.execute(`UPDATE orders SET total = 1 WHERE id = 1; INSERT INTO notes VALUES ('c'); INSERT INTO orders VALUES (4, 'm3', 9, 'paid')`);
    expect(await rows(db, 'SELECT * FROM paid ORDER BY id')).toEqual(['1 m1 1.00', '3 m2 7.00', '4 m3 9.00']);
    // The hidden row ids of a table without a key go on after the restored ones: no row is overwritten.
    expect(await rows(db, 'SELECT body FROM notes ORDER BY body')).toEqual(['a', 'b', 'c']);
    await db.close();
  });

  it("rebuilds an aggregate's view from the aggregate's groups, storing no rows of its own", async () => {
    const dir = dataDir();
    let db = await open(dir);
    await db.execute(`
      CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC(10,2));
      CREATE MATERIALIZED VIEW per_merchant AS SELECT round(avg(total), 1) AS average, merchant, count(*) AS orders FROM orders GROUP BY merchant;
      CREATE MATERIALIZED VIEW overall AS SELECT count(*) AS merchants, sum(orders) AS orders FROM per_merchant;
      CREATE MATERIALIZED VIEW busy AS SELECT merchant FROM orders GROUP BY merchant HAVING count(*) > 1;
      INSERT INTO orders VALUES (1, 'm1', 10.50), (2, 'm1', 4.25), (3, 'm2', 7), (4, 'm3', 1);
      DELETE FROM orders WHERE id = 4;
    `);
    const queries = ['SELECT * FROM per_merchant ORDER BY merchant', 'SELECT * FROM overall', 'SELECT * FROM busy ORDER BY merchant'];
    const before = await Promise.all(queries.map((sql) => rows(db, sql)));
    expect(before).toEqual([['7.4 m1 2', '7.0 m2 1'], ['2 3'], ['m1']]);
    await db.close();

    const store = CheckpointStore.open(dir);
    const viewEntries = (view: string): number => [...store.scanState(stateKeyPrefix(view, VIEW_STATE_ID))].length;
    // The rows of an aggregate's view (through its projection) are the aggregate's; a HAVING filter keeps its own.
    expect([viewEntries('per_merchant'), viewEntries('overall'), viewEntries('busy')]).toEqual([0, 0, 1]);
    await store.close();

    db = await open(dir);
    expect(await Promise.all(queries.map((sql) => rows(db, sql)))).toEqual(before);
    // The restored rows are retracted and replaced as the groups change.
    await db.execute(`UPDATE orders SET total = 20 WHERE id = 3; DELETE FROM orders WHERE id = 1; INSERT INTO orders VALUES (5, 'm2', 1)`);
    expect(await Promise.all(queries.map((sql) => rows(db, sql)))).toEqual([['4.3 m1 1', '10.5 m2 2'], ['2 3'], ['m2']]);
    await db.close();
  });

  it('keeps what a statement acknowledged even when the engine is not closed', async () => {
    const dir = dataDir();
    const db = await open(dir);
    await db.execute(`CREATE TABLE t (k INT PRIMARY KEY, v INT); CREATE MATERIALIZED VIEW m AS SELECT k, v FROM t WHERE v > 0; INSERT INTO t VALUES (1, 1), (2, -1)`);
    // No close: the store holds what each statement committed (a second engine reads the same directory).
    const again = await open(dir);
    expect(await rows(again, 'SELECT * FROM m')).toEqual(['1 1']);
    await again.close();
    await db.close();
  });

  it('forgets dropped objects and their state; a name created again starts afresh', async () => {
    const dir = dataDir();
    let db = await open(dir);
    await db.execute(`
      CREATE TABLE t (k INT PRIMARY KEY);
      CREATE MATERIALIZED VIEW m AS SELECT k FROM t;
      INSERT INTO t VALUES (1), (2);
      DROP TABLE t CASCADE;
      CREATE TABLE s (k INT PRIMARY KEY);
      CREATE TABLE t (k INT PRIMARY KEY, src INT);
      CREATE MATERIALIZED VIEW m AS SELECT t.k FROM t JOIN s ON s.k = t.src;
      INSERT INTO s VALUES (7); INSERT INTO t VALUES (3, 7);
    `);
    await db.close();
    db = await open(dir);
    expect(await rows(db, 'SELECT * FROM m')).toEqual(['3']);
    expect(await rows(db, 'SHOW TABLES')).toEqual(['s', 't']);
    await db.close();
  });

  it('resumes sources at their checkpointed positions: no record lost, none counted twice', async () => {
    const log = new LogConnector();
    const dir = dataDir();
    const options = { sourceConnectors: [log], maxRecordsPerEpoch: 3 };
    let db = await open(dir, options);
    await db.execute(`
      CREATE SOURCE clicks (page VARCHAR, n INT) WITH (connector = 'log', topic = 'clicks');
      CREATE MATERIALIZED VIEW seen AS SELECT page, n FROM clicks;
    `);
    log.append('clicks', [['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    await db.execute('FLUSH');
    await db.close();

    log.append('clicks', [['e', 5]]);
    db = await open(dir, options);
    await db.execute('FLUSH');
    await db.execute('FLUSH');
    expect(await rows(db, 'SELECT n FROM seen ORDER BY n')).toEqual(['1', '2', '3', '4', '5']);
    await db.close();
  });

  it('checkpoints the streaming loop in steps, each holding the state of its cut', async () => {
    const log = new LogConnector();
    const dir = dataDir();
    // Due after every epoch: the FLUSH below begins one, whose steps run after the next FLUSH's epoch.
    const options = { sourceConnectors: [log], checkpointIntervalMs: 0 };
    const db = await open(dir, options);
    await db.execute(`
      CREATE SOURCE orders (m VARCHAR, c VARCHAR, n INT) WITH (connector = 'log', topic = 'orders');
      CREATE MATERIALIZED VIEW per_merchant AS SELECT m, COUNT(*) AS orders, COUNT(DISTINCT c) AS buyers, SUM(n) AS total FROM orders GROUP BY m;
    `);
    const committed: number[] = [];
    db.onCheckpoint((epoch) => committed.push(epoch));
    const first: Row[] = [['m1', 'c1', 1], ['m1', 'c2', 2], ['m2', 'c1', 3]];
    const second: Row[] = [['m1', 'c3', 4], ['m2', 'c1', 5], ['m3', 'c9', 6]];
    log.append('orders', first);
    await db.execute('FLUSH');
    const cutEpoch = db.epoch;
    log.append('orders', second);
    await db.execute('FLUSH');
    for (let waited = 0; !committed.includes(cutEpoch) && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(committed).toContain(cutEpoch);
    // A second engine on the directory (the first one still open, as after a crash) restores that checkpoint:
    // the first rows only, whatever the second epoch did to the same groups before the steps wrote them.
    const latest = committed[committed.length - 1];
    const again = await open(dir, options);
    const all = ['m1 3 3 7', 'm2 2 1 8', 'm3 1 1 6'];
    // (Only should the first checkpoint have committed before the second epoch ran would a later one hold all.)
    expect(await rows(again, 'SELECT * FROM per_merchant ORDER BY m')).toEqual(latest === cutEpoch ? ['m1 2 2 3', 'm2 1 1 3'] : all);
    await again.execute('FLUSH');
    expect(await rows(again, 'SELECT * FROM per_merchant ORDER BY m')).toEqual(all);
    await again.close();
    await db.close();
  });

  it('restores a Flink-dialect table with its dialect', async () => {
    const dir = dataDir();
    let db = await open(dir);
    await db.execute(`create table t (id int, name varchar, primary key (id) not enforced) with ("connector.type" = "http")`, { dialect: 'flink' });
    await db.execute(`INSERT INTO t VALUES (1, 'x')`);
    await db.close();
    db = await open(dir);
    expect(await rows(db, 'SELECT * FROM t')).toEqual(['1 x']);
    await db.close();
  });
});
