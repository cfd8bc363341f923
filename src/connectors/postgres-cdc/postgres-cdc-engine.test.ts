// The postgres-cdc connector driven by the engine: a CDC table under a materialized view equals PostgreSQL's answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../engine/engine.js';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { formatValue, parseValue } from '../../types/text-format.js';
import { CDC_DATABASE, CDC_HOST, CDC_PORT, cdcTestServer, type CdcTestServer } from './cdc-test-server.test-support.js';
import { CdcWorkload, workloadDdl } from './cdc-workload.test-support.js';
import { postgresCdcConnector } from './postgres-cdc-connector.js';

const found = await cdcTestServer();
const skip = 'skip' in found;
if (skip) console.warn(`skipping postgres-cdc-engine.test.ts: ${found.skip}`);
const server = found as CdcTestServer;
const directories: string[] = [];

afterEach(async () => {
  if (!skip) await server.dropSlots();
});

afterAll(async () => {
  if (skip) return;
  await server.cleanup();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

/** The view's query, run by Tally over the CDC table and by PostgreSQL over the upstream table. */
const viewQuery = (table: string): string =>
  `SELECT name, count(*) AS n, sum(amount) AS total, max(ts) AS last, sum(qty) AS qty FROM ${table} GROUP BY name`;

async function tallyRows(db: Engine, sql: string): Promise<{ rows: string[]; columns: readonly ColumnInfo[] }> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  const rows = result.rows.map((row) => JSON.stringify(row.map((value, index) => formatValue(result.columns[index]!.type, value)))).sort();
  return { rows, columns: result.columns };
}

/** PostgreSQL's answer, each value read as Tally's column type and printed, so both sides print alike. */
async function postgresRows(sql: string, columns: readonly ColumnInfo[]): Promise<string[]> {
  const texts = await server.texts(sql);
  return texts.map((row) => JSON.stringify(row.map((text, index) => (text === null ? null : formatValue(columns[index]!.type, parseValue(columns[index]!.type, text)))))).sort();
}

/** Runs FLUSH until the view equals PostgreSQL's answer (changes arrive in the background), or the time is up. */
async function expectViewToMatch(db: Engine, upstreamTable: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let tally = await tallyRows(db, 'SELECT * FROM by_name');
  let expected = await postgresRows(viewQuery(`"${upstreamTable}"`), tally.columns);
  while (JSON.stringify(tally.rows) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    await db.execute('FLUSH');
    tally = await tallyRows(db, 'SELECT * FROM by_name');
    expected = await postgresRows(viewQuery(`"${upstreamTable}"`), tally.columns);
  }
  expect(tally.rows).toEqual(expected);
  expect(tally.rows.length).toBeGreaterThan(0);
}

function createTable(names: { table: string; slot: string; publication: string }): string {
  return `CREATE TABLE orders (id INT, name VARCHAR, amount NUMERIC, ts TIMESTAMPTZ, qty BIGINT, PRIMARY KEY (id)) WITH (
    connector = 'postgres-cdc', hostname = '${CDC_HOST}', port = '${CDC_PORT}', username = 'postgres', password = '',
    database.name = '${CDC_DATABASE}', schema.name = 'public', table.name = '${names.table}',
    slot.name = '${names.slot}', publication.name = '${names.publication}')`;
}

async function upstream(seed: number): Promise<{ names: { table: string; slot: string; publication: string }; workload: CdcWorkload }> {
  const table = server.name('table', 'cdc_engine');
  await server.run(workloadDdl(table));
  const names = { table, slot: server.name('slot', 'cdc_engine_slot'), publication: server.name('publication', 'cdc_engine_pub') };
  return { names, workload: new CdcWorkload(server, table, seed) };
}

describe.skipIf(skip)('postgres-cdc under the engine', () => {
  it('keeps a materialized view over a CDC table equal to PostgreSQL\'s answer over the upstream table', async () => {
    const { names, workload } = await upstream(11);
    await workload.insertRows(200);
    const db = await Engine.open({ sourceConnectors: [postgresCdcConnector], barrierIntervalMs: 60_000 });
    try {
      await db.execute(createTable(names));
      await db.execute(`CREATE MATERIALIZED VIEW by_name AS ${viewQuery('orders')}`);
      await expectViewToMatch(db, names.table);
      for (let round = 0; round < 5; round++) {
        for (let txn = 0; txn < 20; txn++) await workload.transaction();
        await db.execute('FLUSH');
        await expectViewToMatch(db, names.table);
      }
      const [rows] = await db.execute('SELECT count(*) FROM orders');
      expect(rows?.kind === 'rows' && rows.rows[0]![0]).toBe(BigInt(workload.ids.size));
    } finally {
      await db.close();
    }
  });

  it('resumes from its checkpointed position after the engine restarts', async () => {
    const { names, workload } = await upstream(12);
    await workload.insertRows(2000);
    const dir = mkdtempSync(join(tmpdir(), 'tally-cdc-'));
    directories.push(dir);
    const options: EngineOptions = { dataDir: dir, durability: 'none', sourceConnectors: [postgresCdcConnector], barrierIntervalMs: 60_000 };
    const first = await Engine.open(options);
    try {
      await first.execute(createTable(names));
      await first.execute(`CREATE MATERIALIZED VIEW by_name AS ${viewQuery('orders')}`);
      for (let txn = 0; txn < 30; txn++) await workload.transaction();
      await expectViewToMatch(first, names.table);
    } finally {
      await first.close();
    }
    // Changes while Tally is down come from the slot when it is back.
    for (let txn = 0; txn < 30; txn++) await workload.transaction();
    const second = await Engine.open(options);
    try {
      await expectViewToMatch(second, names.table);
      for (let txn = 0; txn < 30; txn++) await workload.transaction();
      await expectViewToMatch(second, names.table);
      // Resumed from the slot, not from a new snapshot of the 2000-odd rows: 60 transactions of at most five
      // changes, each at most two rows (an update's old and new row).
      expect(second.sourceStats().get('orders')!.records).toBeLessThanOrEqual(600);
      expect(second.sourceStats().get('orders')!.records).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});
