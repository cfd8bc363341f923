// Benchmark: seed 000's three GMV views fed order events as JSON text; Tally vs PostgreSQL (PGlite) in one run.
import { readFileSync } from 'node:fs';
import { jsonLineDecoder } from '../src/connectors/format/json-line-decoder.js';
import { Engine } from '../src/engine.js';
import { parseScript } from '../src/sql/index.js';
import type { Row } from '../src/types/value.js';
import { orderEvents } from './order-events.js';
import { postgresAnswer, tallyRows } from './seed000-postgres.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PEER_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_PEER_EVENTS ?? 200_000));
const CHUNK = Number(process.env.BENCH_CHUNK ?? 10_000);
const SEED_FILE = new URL('../../../shared/seed-sql/000_gmv_risingwave.sql', import.meta.url);

/**
 * Seed 000's source, with its columns, as a push source (connectors are not part of this measurement: the bench
 * decodes and hands rows to `engine.ingest`), and its views verbatim. A source keeps no rows, as the seed's Kafka
 * source does not.
 */
function seedStatements(): { table: string; views: { name: string; text: string }[] } {
  const script = readFileSync(SEED_FILE, 'utf8');
  const views = parseScript(script)
    .filter((s) => s.statement.kind === 'createView')
    .map((s) => ({ name: (s.statement as unknown as { name: { parts: string[] } }).name.parts[0]!, text: s.text }));
  const table = `CREATE SOURCE orders (order_id VARCHAR, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR,
    payment_method VARCHAR, subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ)
    WITH (connector = 'http')`;
  return { table, views };
}

async function runTally(lines: readonly string[]): Promise<{ seconds: number; cpuSeconds: number; peakRss: number; engine: Engine }> {
  const { table, views } = seedStatements();
  const engine = await Engine.open();
  await engine.execute(table);
  for (const v of views) await engine.execute(v.text);
  const columns = (await engine.execute('SHOW COLUMNS FROM orders'))[0]!;
  const decode = jsonLineDecoder(
    (columns.kind === 'rows' ? columns.rows : []).map((r) => ({ name: r[0] as string, type: typeOf(r[1] as string) })),
  );
  let peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (let offset = 0; offset < lines.length; offset += CHUNK) {
    const end = Math.min(lines.length, offset + CHUNK);
    const rows: Row[] = new Array<Row>(end - offset);
    for (let i = offset; i < end; i++) rows[i - offset] = decode(lines[i]!);
    engine.ingest('orders', rows);
    if ((offset / CHUNK) % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss, engine };
}

function typeOf(display: string): 'varchar' | 'numeric' | 'timestamptz' {
  if (display === 'numeric') return 'numeric';
  if (display.startsWith('timestamp')) return 'timestamptz';
  return 'varchar';
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  console.log(`generating ${EVENTS.toLocaleString()} order events (JSON lines)...`);
  // As a connector hands records over: text decoded from bytes, which V8 keeps flat (JSON.stringify's own output
  // is a cons string, each character of which the scanner would reach through one more indirection).
  const lines = orderEvents(EVENTS).map((line) => Buffer.from(line, 'utf8').toString('utf8'));
  (globalThis as { gc?: () => void }).gc?.();

  const tally = await runTally(lines);
  const tallyRate = EVENTS / tally.seconds;
  console.log(`tally: ${EVENTS.toLocaleString()} events through mv_gmv_hourly, mv_gmv_daily, mv_gmv_5min in ${tally.seconds.toFixed(2)} s (process CPU time ${tally.cpuSeconds.toFixed(2)} s, GC threads included)`);
  console.log(`tally: ${Math.round(tallyRate).toLocaleString()} events/s on one core (decode included), peak RSS ${mb(tally.peakRss)}`);
  await tally.engine.close();

  console.log(`postgres (PGlite, same process): loading ${PEER_EVENTS.toLocaleString()} events and computing the views...`);
  const peerLines = lines.slice(0, PEER_EVENTS);
  const pg = await postgresAnswer(peerLines);
  const pgRate = PEER_EVENTS / (pg.loadSeconds + pg.querySeconds);
  console.log(`postgres: load ${pg.loadSeconds.toFixed(2)} s + one recomputation of the views ${pg.querySeconds.toFixed(3)} s = ${Math.round(pgRate).toLocaleString()} events/s`);

  const check = await runTally(peerLines);
  let equal = true;
  for (const [name, expected] of pg.results) {
    const actual = await tallyRows(check.engine, name);
    const same = actual.length === expected.length && actual.every((r, i) => r === expected[i]);
    equal &&= same;
    console.log(`check: ${name} ${same ? 'equals' : 'DIFFERS FROM'} PostgreSQL's answer (${actual.length} rows)`);
  }
  console.log(`ratio: tally ${(tallyRate / pgRate).toFixed(1)}x PostgreSQL's events/s; a dashboard read of the view is a lookup, where PostgreSQL re-aggregates every query (${pg.querySeconds.toFixed(3)} s per refresh at ${PEER_EVENTS.toLocaleString()} events)`);
  if (!equal) process.exitCode = 1;
}

await main();
