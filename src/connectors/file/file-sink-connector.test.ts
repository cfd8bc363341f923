// Engine-level tests of the file sink: CREATE SINK ... ENCODE PARQUET | JSON, DuckDB reading the archive, a crash replayed exactly once.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../engine/engine.js';
import type { SinkConnector } from '../../stream/sink.js';
import { formatValue } from '../../types/text-format.js';
import { duckdbRows, parquetArchive } from './file-sink-duckdb.test-support.js';
import { fileSinkConnector, fsSinkConnector } from './file-sink-connector.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-file-sink-engine-'));
  dirs.push(dir);
  return dir;
}

const open = (extra: EngineOptions = {}): Promise<Engine> => Engine.open({ sinkConnectors: [fileSinkConnector, fsSinkConnector], barrierIntervalMs: 60_000, ...extra });

/** The rows of a Tally query as PostgreSQL text, NULL as null. */
async function tallyRows(db: Engine, sql: string): Promise<(string | null)[][]> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((value, i) => formatValue(result.columns[i]!.type, value)));
}

function partFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.startsWith('part-'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}


const CLICKS = `CREATE TABLE clicks (id BIGINT, page VARCHAR, price NUMERIC(10,2), at TIMESTAMP, note VARCHAR) APPEND ONLY`;
const INSERT_CLICKS = `INSERT INTO clicks VALUES
  (1, '/home', 6.50, '2026-11-21 23:59:59.999999', 'naïve'),
  (2, '/cart', NULL, '2026-11-22 00:00:00', '购物车 🛒'),
  (9007199254740993, '/pay', 12345678.90, '2026-11-22 13:30:00.5', NULL)`;

describe('file sink in the engine', () => {
  it('archives an append-only table as Parquet that DuckDB reads exactly', async () => {
    const root = join(temporaryDirectory(), 'clicks');
    const db = await open();
    await db.execute(CLICKS);
    await db.execute(`INSERT INTO clicks VALUES (0, '/before', 1, '2026-11-20 08:00:00', 'backfilled')`);
    await db.execute(`CREATE SINK archive FROM clicks WITH (connector = 'file', path = '${root}', partition_by = 'at', type = 'append-only') FORMAT PLAIN ENCODE PARQUET`);
    await db.execute(INSERT_CLICKS);
    await db.sinksDrained();
    const expected = await tallyRows(db, 'SELECT id, page, price, at, note FROM clicks ORDER BY id');
    expect(expected).toHaveLength(4);
    const archived = await duckdbRows(`SELECT id::VARCHAR, page, price::VARCHAR, "at"::VARCHAR, note FROM ${parquetArchive(root)} ORDER BY id`);
    expect(archived).toEqual(expected);
    const types = await duckdbRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquetArchive(root)})`);
    expect(types).toContainEqual(['price', 'DECIMAL(10,2)']);
    expect(partFiles(root)).toEqual([
      'dt=2026-11-20/part-0000000001-0000000001.parquet',
      'dt=2026-11-21/part-0000000002-0000000002.parquet',
      'dt=2026-11-22/part-0000000002-0000000002.parquet',
    ]);
    await db.close();
  });

  it("writes JSON lines under RisingWave's connector = 'fs' and fs.path, numbers exact", async () => {
    const root = join(temporaryDirectory(), 'json');
    const db = await open();
    await db.execute(CLICKS);
    await db.execute(`CREATE SINK archive FROM clicks WITH (connector = 'fs', fs.path = '${root}', event_time_field = 'at', path_partition_prefix = 'hour') FORMAT PLAIN ENCODE JSON`);
    await db.execute(INSERT_CLICKS);
    await db.sinksDrained();
    const archived = await duckdbRows(`
      SELECT id::VARCHAR, price, "at", dt::VARCHAR, hour FROM read_json('${root}/**/*.jsonl', format = 'newline_delimited', hive_partitioning = true,
        columns = {id: 'BIGINT', page: 'VARCHAR', price: 'VARCHAR', "at": 'VARCHAR', note: 'VARCHAR'}) ORDER BY id`);
    expect(archived).toEqual([
      ['1', '6.50', '2026-11-21 23:59:59.999999', '2026-11-21', 23n],
      ['2', null, '2026-11-22 00:00:00.000000', '2026-11-22', 0n],
      ['9007199254740993', '12345678.90', '2026-11-22 13:30:00.500000', '2026-11-22', 13n],
    ]);
    await db.close();
  });

  it('appends each new version of an updating view when forced append-only', async () => {
    const root = join(temporaryDirectory(), 'totals');
    const db = await open();
    await db.execute(`CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC(10,2));
      CREATE MATERIALIZED VIEW gmv AS SELECT merchant, SUM(total) AS gmv FROM orders GROUP BY merchant`);
    await expect(db.execute(`CREATE SINK archive FROM gmv WITH (connector = 'file', path = '${root}') FORMAT PLAIN ENCODE PARQUET`)).rejects.toThrow(
      'sink "archive" is append-only, but its input can update and delete rows',
    );
    await db.execute(`CREATE SINK archive FROM gmv WITH (connector = 'file', path = '${root}', force_append_only = 'true') FORMAT PLAIN ENCODE PARQUET`);
    await db.execute(`INSERT INTO orders VALUES (1, 'm1', 10.00)`);
    await db.execute(`INSERT INTO orders VALUES (2, 'm1', 2.50)`);
    await db.execute(`DELETE FROM orders WHERE id = 1`);
    await db.sinksDrained();
    expect(await duckdbRows(`SELECT merchant, gmv FROM ${parquetArchive(root)} ORDER BY gmv::DECIMAL(10,2)`)).toEqual([
      ['m1', '2.50'],
      ['m1', '10.00'],
      ['m1', '12.50'],
    ]);
    await db.close();
  });

  it('refuses bad options at CREATE SINK', async () => {
    const db = await open();
    await db.execute(CLICKS);
    await expect(db.execute(`CREATE SINK s FROM clicks WITH (connector = 'file') FORMAT PLAIN ENCODE PARQUET`)).rejects.toThrow('missing option "path"');
    await expect(db.execute(`CREATE SINK s FROM clicks WITH (connector = 'file', path = '/tmp/x', partition_by = 'page') FORMAT PLAIN ENCODE PARQUET`)).rejects.toThrow(
      'partition_by column "page" must be a date or timestamp, not varchar',
    );
    await db.close();
  });

  it('replays the batches a crash left unconfirmed exactly once', async () => {
    const dataDir = temporaryDirectory();
    const root = join(temporaryDirectory(), 'archive');
    const crashed = await open({ dataDir, durability: 'none' });
    await crashed.execute(CLICKS);
    await crashed.execute(`CREATE SINK archive FROM clicks WITH (connector = 'file', path = '${root}', partition_by = 'at') FORMAT PLAIN ENCODE PARQUET`);
    await crashed.execute(`INSERT INTO clicks VALUES (1, '/a', 1, '2026-11-21 10:00:00', NULL)`);
    await crashed.sinksDrained();
    // This statement's checkpoint confirms batch 1 and holds batch 2, which is then written but never confirmed.
    await crashed.execute(`INSERT INTO clicks VALUES (2, '/b', 2, '2026-11-22 10:00:00', NULL)`);
    await crashed.sinksDrained();
    expect(partFiles(root)).toEqual(['dt=2026-11-21/part-0000000001-0000000001.parquet', 'dt=2026-11-22/part-0000000002-0000000002.parquet']);

    // A second engine restores the data directory as after a crash. Its sink opens late, so that the replayed
    // batch 2 and the new batch 3 go out in one write: part 2-3 replaces part 2-2.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: SinkConnector = {
      ...fileSinkConnector,
      open: async (spec) => {
        await gate;
        return fileSinkConnector.open(spec);
      },
    };
    const restored = await Engine.open({ sinkConnectors: [gated], barrierIntervalMs: 60_000, dataDir, durability: 'none' });
    await restored.execute(`INSERT INTO clicks VALUES (3, '/c', 3, '2026-11-22 11:00:00', NULL)`);
    release();
    await restored.sinksDrained();
    expect(partFiles(root)).toEqual(['dt=2026-11-21/part-0000000001-0000000001.parquet', 'dt=2026-11-22/part-0000000002-0000000003.parquet']);
    expect(await duckdbRows(`SELECT id FROM ${parquetArchive(root)} ORDER BY id`)).toEqual([[1n], [2n], [3n]]);
    await restored.close();
    await crashed.close();
  });
});
