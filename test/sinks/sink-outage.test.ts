// The fault test (issue 5, items 2 and 6): seed 000's GMV views over an orders table, sunk by the seed's JDBC sinks
// into the real PostgreSQL and MariaDB through a TCP proxy. Mid-stream the proxy stops (the database goes down):
// the engine keeps taking inserts, updates and deletes and keeps its views current, the sinks count errors and
// keep their changes; the proxy comes back and the targets catch up to equal the views, never showing a state
// older than one they showed before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/catalog/catalog.js';
import { mysqlTarget, postgresTarget, uniqueTable, type TestTarget } from '../../src/connectors/jdbc/jdbc-test-targets.test-support.js';
import { TcpProxy } from '../../src/connectors/jdbc/tcp-proxy.test-support.js';
import { formatValue, open, type Engine } from '../../src/index.js';
import type { TextRow } from '../differential/text-result.js';
import { loadSeedPipelines, missingSeedFiles } from '../crash/seed-pipelines-sql.js';
import { KeyHistory } from './key-history.js';
import { ORDERS_TABLE, OrderStatements } from './order-statements.js';
import { loadSeedJdbcSinks, seedSinkStatement } from './seed-sink-statements.js';
import { canonicalTextRows, type NumericForm } from './sink-dump.js';

const STATEMENTS_BEFORE = 150;
const STATEMENTS_DURING = 250;
const STATEMENTS_AFTER = 150;
/** A pause after every fifth statement of the outage: 50 of them make it last at least 2.5 s. */
const OUTAGE_PAUSE_MS = 50;
/** Sinks of seed 000 and the views they write. */
const SINKS = ['sink_gmv_hourly', 'sink_gmv_daily'];
const DRAIN_MS = 60_000;

const found = await Promise.all([postgresTarget(), mysqlTarget()]);
const labels = ['PostgreSQL', 'MariaDB'];
const seedsMissing = missingSeedFiles();
if (seedsMissing) console.warn(`skipping sink-outage.test.ts: ${seedsMissing}`);
found.forEach((target, index) => {
  if ('skip' in target) console.warn(`skipping the ${labels[index]} outage test in sink-outage.test.ts: ${target.skip}`);
});

/** Rows of `table` in `db` as text rows, each value in its view column's canonical form. */
async function tableRows(db: TestTarget, table: string, columns: readonly ColumnInfo[], numeric: NumericForm): Promise<TextRow[]> {
  return canonicalTextRows((await db.rows(table, columns)).map((text) => JSON.parse(text) as TextRow), columns, numeric);
}

/** The view's rows, canonical and sorted. */
async function viewRows(engine: Engine, view: string, numeric: NumericForm): Promise<string[]> {
  const [result] = await engine.execute(`SELECT * FROM ${view}`);
  if (result?.kind !== 'rows') throw new Error(`SELECT from ${view} returned no rows`);
  const columns = result.columns.map((column) => ({ name: column.name, type: column.type }));
  const texts = result.rows.map((row) => row.map((value, index) => formatValue(columns[index]!.type, value)));
  return canonicalTextRows(texts, columns, numeric)
    .map((row) => JSON.stringify(row))
    .sort();
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(found.map((target, index) => ({ label: labels[index]!, target })))('seed 000 sinks into $label through an outage', ({ label, target }) => {
  const skip = 'skip' in target || seedsMissing !== undefined;
  const db = target as TestTarget;
  const numeric: NumericForm = label === 'MariaDB' ? 'padded' : 'exact';
  const tables: string[] = [];

  afterAll(async () => {
    if ('skip' in target) return;
    for (const table of tables) await db.run(`DROP TABLE IF EXISTS ${db.quote(table)}`).catch(() => undefined);
    await db.close();
  });

  it.skipIf(skip).each([
    { mode: 'in memory', persistent: false },
    { mode: 'with a data directory', persistent: true },
  ])('keeps the engine going while the target is down, then catches up to equal the views ($mode)', async ({ mode, persistent }) => {
    const pipelines = loadSeedPipelines();
    const seedSinks = loadSeedJdbcSinks().filter((sink) => SINKS.includes(sink.name));
    const proxy = new TcpProxy(db.port);
    await proxy.start();
    const dataDir = persistent ? mkdtempSync(join(tmpdir(), 'tally-sink-outage-')) : undefined;
    // Without fsync: a process crash loses nothing, and the statements run quicker on a busy machine.
    const engine = await open(dataDir ? { dataDir, durability: 'none' } : {});
    try {
      await engine.execute(ORDERS_TABLE);
      for (const view of pipelines.views.filter((v) => seedSinks.some((sink) => sink.view === v.name))) await engine.execute(view.sql);

      const histories = new Map<string, { history: KeyHistory; table: string; columns: ColumnInfo[] }>();
      for (const sink of seedSinks) {
        const entry = engine.relation(sink.view)!;
        const columns = entry.columns.filter((column) => !column.hidden).map((column) => ({ name: column.name, type: column.type }));
        const keyNames = (sink.sql.match(/\bprimary_key\s*=\s*'([^']*)'/)?.[1] ?? '').split(',').map((name) => name.trim());
        const key = keyNames.map((name) => columns.findIndex((column) => column.name === name));
        const table = uniqueTable(sink.name);
        tables.push(table);
        histories.set(sink.view, { history: new KeyHistory(columns, key, numeric), table, columns });
      }
      engine.onChanges((relation, batch) => histories.get(relation)?.history.apply(batch));
      for (const sink of seedSinks) await engine.execute(seedSinkStatement(sink, sink.name, db.url(proxy.port), histories.get(sink.view)!.table));

      const statements = new OrderStatements((label === 'MariaDB' ? 17 : 5) + (persistent ? 100 : 0));
      const snapshot = async (): Promise<void> => {
        for (const { history, table, columns } of histories.values()) history.check(await tableRows(db, table, columns, numeric));
      };
      const expectTargetsEqualViews = async (): Promise<void> => {
        for (const [view, { table, columns, history }] of histories) {
          const rows = (await tableRows(db, table, columns, numeric)).map((row) => JSON.stringify(row)).sort();
          expect(rows, `${label} table ${table} against view ${view}`).toEqual(await viewRows(engine, view, numeric));
          expect(rows).toEqual(history.current());
        }
      };

      for (let i = 0; i < STATEMENTS_BEFORE; i++) await engine.execute(statements.next());
      await engine.sinksDrained(DRAIN_MS);
      await expectTargetsEqualViews();
      await snapshot();
      const beforeOutage = new Map<string, string[]>();
      for (const view of histories.keys()) beforeOutage.set(view, await viewRows(engine, view, numeric));

      // The database goes away: statements still run, the views move on, the targets stay as they were.
      await proxy.stop();
      const outageStarted = performance.now();
      const epochBefore = engine.epoch;
      // Spread over a few seconds: the sinks retry, back off and retry again meanwhile.
      for (let i = 0; i < STATEMENTS_DURING; i++) {
        await engine.execute(statements.next());
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, OUTAGE_PAUSE_MS));
      }
      expect(engine.epoch).toBeGreaterThanOrEqual(epochBefore + STATEMENTS_DURING);
      const stats = (): ReturnType<Engine['sinkStats']> => engine.sinkStats();
      await until(() => SINKS.every((name) => (stats().get(name)?.errors ?? 0) >= 3 && (stats().get(name)?.pending ?? 0) > 0), 20_000, 'failed writes of every sink');
      for (const name of SINKS) {
        const sinkStats = stats().get(name)!;
        expect(sinkStats.lastError, `last error of ${name}`).toMatch(/could not (write|connect)/);
        expect(sinkStats.pending).toBeGreaterThan(0);
      }
      for (const [view, { table, columns }] of histories) {
        expect(await viewRows(engine, view, numeric), `view ${view} during the outage`).not.toEqual(beforeOutage.get(view));
        const rows = (await tableRows(db, table, columns, numeric)).map((row) => JSON.stringify(row)).sort();
        expect(rows, `${label} table ${table} during the outage`).toEqual(beforeOutage.get(view));
      }
      await snapshot();
      const errors = SINKS.map((name) => stats().get(name)!.errors);
      const pending = SINKS.map((name) => stats().get(name)!.pending);

      // The database is back: the sinks catch up while statements go on, the targets only ever move forward.
      await proxy.start();
      const backAt = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          await snapshot();
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      for (let i = 0; i < STATEMENTS_AFTER; i++) {
        await engine.execute(statements.next());
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await engine.sinksDrained(DRAIN_MS);
      const caughtUpAt = performance.now();
      sampling = false;
      await sampler;
      await snapshot();
      await expectTargetsEqualViews();
      for (const name of SINKS) expect(stats().get(name)!.pending).toBe(0);
      for (const [view, { history }] of histories) {
        expect(history.violations, `snapshots of the target of ${view}`).toEqual([]);
        expect(history.snapshots).toBeGreaterThan(5);
      }
      console.log(
        `${label} outage (${mode}): down ${Math.round(backAt - outageStarted)} ms over ${STATEMENTS_DURING} statements; ` +
          `${SINKS.map((name, index) => `${name} ${errors[index]} failed attempts, ${pending[index]} changes pending`).join('; ')}; ` +
          `caught up ${Math.round(caughtUpAt - backAt)} ms after the target came back (${STATEMENTS_AFTER} more statements meanwhile); ` +
          `${[...histories.values()].map(({ table, history }) => `${table}: ${history.current().length} rows, ${history.snapshots} snapshots`).join('; ')}`,
      );
    } finally {
      await engine.close();
      await proxy.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
