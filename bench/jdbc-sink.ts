// Rows/s of the JDBC upsert sink into PostgreSQL and MariaDB: a load of N distinct keys, then steady update batches.
import type { ColumnInfo } from '../src/catalog/catalog.js';
import { jdbcSinkConnector } from '../src/connectors/jdbc/jdbc-sink.js';
import type { SinkChange, SinkSpec, SinkWriter } from '../src/stream/sink.js';
import { Numeric } from '../src/types/numeric.js';
import type { Row } from '../src/types/value.js';
import { seededRandom } from './order-events.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const UPDATE_BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const TARGETS = [
  { label: 'PostgreSQL', url: process.env.BENCH_PG_URL ?? 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' },
  { label: 'MariaDB', url: process.env.BENCH_MYSQL_URL ?? 'jdbc:mysql://127.0.0.1:3306/test?user=root' },
];

/** Seed 000's hourly GMV rows: the key (merchant, channel, hour) and the figures an update changes. */
const COLUMNS: ColumnInfo[] = [
  { name: 'merchant_id', type: 'varchar', modifier: { length: 32 } },
  { name: 'channel', type: 'varchar', modifier: { length: 16 } },
  { name: 'hour_start', type: 'timestamptz' },
  { name: 'order_count', type: 'int8' },
  { name: 'gmv', type: 'numeric', modifier: { precision: 18, scale: 2 } },
  { name: 'aov', type: 'numeric', modifier: { precision: 18, scale: 2 } },
  { name: 'updated_at', type: 'timestamptz' },
];
const CHANNELS = ['web', 'mobile', 'pos', 'marketplace'];
const HOUR_MICROS = 3_600_000_000n;
const START_MICROS = 1_795_219_200_000_000n;

function keyRow(index: number): Row {
  const channel = CHANNELS[index % CHANNELS.length]!;
  const merchant = Math.floor(index / CHANNELS.length) % 500;
  const hour = Math.floor(index / (CHANNELS.length * 500));
  return [`m${merchant}`, channel, START_MICROS + BigInt(hour) * HOUR_MICROS, 0n, Numeric.ZERO, Numeric.ZERO, START_MICROS];
}

/** The row of key `index` after one more order of `cents`. */
function updated(row: Row, cents: bigint, now: bigint): Row {
  const count = (row[3] as bigint) + 1n;
  const gmv = new Numeric((row[4] as Numeric).unscaled + cents, 2);
  return [row[0]!, row[1]!, row[2]!, count, gmv, new Numeric(gmv.unscaled / count, 2), now];
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function run(label: string, url: string): Promise<void> {
  const table = `tally_bench_sink_${process.pid}`;
  const spec: SinkSpec = {
    name: 'bench',
    columns: COLUMNS,
    options: new Map([['jdbc.url', url], ['table.name', table], ['type', 'upsert'], ['primary_key', 'merchant_id,channel,hour_start'], ['table.create_if_missing', 'true']]),
    type: 'upsert',
    primaryKey: [0, 1, 2],
  };
  let writer: SinkWriter;
  try {
    writer = await jdbcSinkConnector.open(spec);
  } catch (err) {
    console.log(`${label}: skipped (${(err as Error).message})`);
    return;
  }
  const random = seededRandom(7);
  const rows = Array.from({ length: KEYS }, (_, index) => keyRow(index));
  try {
    const loadStarted = performance.now();
    for (let start = 0; start < KEYS; start += BATCH) {
      await writer.write(rows.slice(start, start + BATCH).map((after) => ({ before: null, after })));
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const latencies: number[] = [];
    let now = START_MICROS;
    const updatesStarted = performance.now();
    for (let batchIdx = 0; batchIdx < UPDATE_BATCHES; batchIdx++) {
      now += 1_000_000n;
      const picked = new Set<number>();
      while (picked.size < Math.min(BATCH, KEYS)) picked.add(Math.floor(random() * KEYS));
      const changes: SinkChange[] = [];
      for (const index of picked) {
        const before = rows[index]!;
        const after = updated(before, BigInt(100 + Math.floor(random() * 50_000)), now);
        rows[index] = after;
        changes.push({ before, after });
      }
      const started = performance.now();
      await writer.write(changes);
      latencies.push(performance.now() - started);
    }
    const updateSeconds = (performance.now() - updatesStarted) / 1000;
    latencies.sort((a, b) => a - b);
    const updateRows = UPDATE_BATCHES * Math.min(BATCH, KEYS);
    console.log(
      `${label}: load ${KEYS.toLocaleString('en-US')} keys ${Math.round(KEYS / loadSeconds).toLocaleString('en-US')} rows/s; ` +
        `updates ${UPDATE_BATCHES} batches x ${Math.min(BATCH, KEYS).toLocaleString('en-US')} rows ` +
        `${Math.round(updateRows / updateSeconds).toLocaleString('en-US')} rows/s, batch p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
  } finally {
    await writer.close();
    await dropTable(label, url, table);
  }
}

/** Drops the bench table through the sink's own driver packages. */
async function dropTable(label: string, url: string, table: string): Promise<void> {
  if (label === 'PostgreSQL') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url.replace(/^jdbc:/, '') });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS "${table}"`);
    await client.end();
  } else {
    const mysql = await import('mysql2/promise');
    const parsed = new URL(url.replace(/^jdbc:mysql:/, 'mysql:'));
    const connection = await mysql.createConnection({
      host: parsed.hostname, port: Number(parsed.port || 3306), user: parsed.searchParams.get('user') ?? 'root',
      password: parsed.searchParams.get('password') ?? '', database: parsed.pathname.slice(1),
    });
    await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
    await connection.end();
  }
}

console.log(`jdbc sink bench: ${KEYS.toLocaleString('en-US')} keys, batches of ${BATCH.toLocaleString('en-US')}, ${UPDATE_BATCHES} update batches`);
for (const { label, url } of TARGETS) await run(label, url);
