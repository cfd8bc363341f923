// The JDBC stand-in through the engine: the Tally table it keeps equals the sunk view under inserts, updates and deletes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { OrderWorkload, relationText } from '../order-workload.test-support.js';
import { tallyTableSinkConnector } from './tally-table-sink-connector.js';

const dirs: string[] = [];
const engines: Engine[] = [];

afterEach(async () => {
  for (const db of engines.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openEngine(options: { dataDir?: string; dialect?: 'flink' } = {}): Promise<Engine> {
  // The connector is made before the engine it writes into exists.
  const opened: { engine?: Engine } = {};
  const engine = await Engine.open({
    sinkConnectors: [tallyTableSinkConnector(() => opened.engine)],
    barrierIntervalMs: 3_600_000,
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir, durability: 'none' as const }),
  });
  opened.engine = engine;
  engines.push(engine);
  return engine;
}

const VIEW = `CREATE MATERIALIZED VIEW merchant_gmv AS
  SELECT merchant, COUNT(*) AS orders, SUM(total) FILTER (WHERE status <> 'cancelled') AS gmv, MAX(total) AS biggest
  FROM orders GROUP BY merchant`;
const SINK = `CREATE SINK merchant_gmv_sink FROM merchant_gmv WITH (connector = 'jdbc',
  jdbc.url = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret',
  table.name = 'merchant_gmv_live', type = 'upsert', primary_key = 'merchant')`;
const VIEW_ROWS = 'SELECT merchant, orders, gmv, biggest FROM merchant_gmv';
const TABLE_ROWS = 'SELECT merchant, orders, gmv, biggest FROM merchant_gmv_live';

async function run(db: Engine, workload: OrderWorkload, steps: number): Promise<void> {
  for (let step = 0; step < steps; step++) await db.execute(workload.step());
}

async function expectTableEqualsView(db: Engine): Promise<number> {
  await db.sinksDrained(30_000);
  const view = await relationText(db, VIEW_ROWS);
  expect((await relationText(db, TABLE_ROWS)).lines).toEqual(view.lines);
  return view.lines.length;
}

describe('the Tally-table stand-in for JDBC sinks', () => {
  it('keeps the table equal to the view under inserts, updates and deletes, with the sink key as primary key', async () => {
    const db = await openEngine();
    const workload = new OrderWorkload(61);
    await db.execute(`${workload.ddl}; ${VIEW}`);
    await run(db, workload, 25);
    await db.execute(SINK);
    expect(await expectTableEqualsView(db)).toBeGreaterThan(0);
    await run(db, workload, 250);
    await expectTableEqualsView(db);
    expect(workload.vanished).toBeGreaterThan(0);
    const entry = db.relation('merchant_gmv_live');
    expect(entry?.kind === 'table' && entry.hasUserPrimaryKey && entry.primaryKey.map((index) => entry.columns[index]!.name)).toEqual(['merchant']);
    expect(db.sinkStats().get('merchant_gmv_sink')).toMatchObject({ pending: 0, errors: 0 });
  });

  it('keeps writing the same table after a restart from the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-table-sink-'));
    dirs.push(dataDir);
    const workload = new OrderWorkload(62);
    let db = await openEngine({ dataDir });
    await db.execute(`${workload.ddl}; ${VIEW}; ${SINK}`);
    await run(db, workload, 120);
    await expectTableEqualsView(db);
    await db.close();
    engines.splice(engines.indexOf(db), 1);
    db = await openEngine({ dataDir });
    await run(db, workload, 120);
    await expectTableEqualsView(db);
    expect(workload.vanished).toBeGreaterThan(0);
  });

  it('appends for an append-only sink, into a table without a primary key', async () => {
    const db = await openEngine();
    await db.execute(`CREATE TABLE events (id INT, note VARCHAR(20)) APPEND ONLY;
      CREATE SINK events_sink FROM events WITH (connector = 'jdbc', jdbc.url = 'jdbc:mysql://127.0.0.1:3306/test', table.name = 'events_copy', type = 'append-only');
      INSERT INTO events VALUES (1, 'a'), (2, 'b'), (1, 'a')`);
    await db.sinksDrained(30_000);
    expect((await relationText(db, 'SELECT id, note FROM events_copy')).lines).toEqual(['1|a', '1|a', '2|b']);
    expect(db.relation('events_copy')?.columns.map((c) => c.hidden ?? false)).toEqual([false, false, true]);
  });

  it("leaves a Flink JDBC table named by its own connector.table as it is, and fills another table's", async () => {
    const db = await openEngine({ dialect: 'flink' });
    await db.execute(`create table totals (channel string, gmv double, primary key (channel) not enforced) with (
        "connector.type" = "jdbc", "connector.url" = "jdbc:mysql://127.0.0.1:3306/test", "connector.table" = "totals");
      create table totals_elsewhere (channel string, gmv double, primary key (channel) not enforced) with (
        "connector.type" = "jdbc", "connector.url" = "jdbc:mysql://127.0.0.1:3306/test", "connector.table" = "channel_totals");
      create table sales (channel string, amount double);
      insert into totals select channel, sum(amount) from sales group by channel;
      insert into totals_elsewhere select channel, sum(amount) from sales group by channel;
      insert into sales values ('web', 1.5), ('app', 2), ('web', 3)`);
    await db.sinksDrained(30_000);
    const expected = ['app|2', 'web|4.5'];
    expect((await relationText(db, 'SELECT channel, gmv FROM totals')).lines).toEqual(expected);
    expect((await relationText(db, 'SELECT channel, gmv FROM channel_totals')).lines).toEqual(expected);
    expect(db.relations().map((r) => r.name)).not.toContain('totals_2');
  });

  it('refuses an existing table of other columns when the sink is created', async () => {
    const db = await openEngine();
    const workload = new OrderWorkload(63);
    await db.execute(`${workload.ddl}; ${VIEW}; CREATE TABLE merchant_gmv_live (merchant VARCHAR PRIMARY KEY, orders BIGINT)`);
    await expect(db.execute(SINK)).rejects.toThrow('table "merchant_gmv_live" does not have the columns of sink "merchant_gmv_sink"');
  });
});
