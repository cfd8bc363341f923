// Benchmark: dashboard point queries on seed 000's mv_gmv_hourly and seed 001's seller_performance, over pg-wire
// and HTTP, against PostgreSQL computing the same rows at query time from the orders tables, in one run.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import postgres from 'postgres';
import { Engine } from '../src/engine.js';
import { startHttpServer } from '../src/server/http/index.js';
import { PgWireServer } from '../src/server/pg-wire/index.js';
import { parseScript } from '../src/sql/index.js';
import { Numeric } from '../src/types/numeric.js';
import type { Row } from '../src/types/value.js';
import { LatencySample } from './latency-sample.js';
import { seededRandom } from './order-events.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CHUNK = 50_000;
const SELLERS = 10_000;
const MERCHANTS = 500;
/** Event time spans the 30 days before this instant (all before CURRENT_DATE, so the "today" columns agree). */
const END_MS = Date.UTC(2026, 10, 1);
const SPAN_MS = 30 * 24 * 3600 * 1000;
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const PG_ORDERS = `bench_orders_${RUN}`;
const PG_MARKET = `bench_marketplace_orders_${RUN}`;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const seedView = (file: string, name: string): string => {
  const script = readFileSync(new URL(`../../../shared/seed-sql/${file}`, import.meta.url), 'utf8');
  const found = parseScript(script).find((s) => s.statement.kind === 'createView' && s.text.includes(` ${name} `));
  if (!found) throw new Error(`${file} has no view ${name}`);
  return found.text;
};

/** The seeds' sources as push sources (the bench hands rows to `engine.ingest`), with the seeds' columns. */
const TALLY_DDL = [
  `CREATE SOURCE orders (order_id VARCHAR, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR, payment_method VARCHAR,
     subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ) WITH (connector = 'http')`,
  `CREATE SOURCE marketplace_orders (order_id VARCHAR, seller_id VARCHAR, customer_id VARCHAR, order_value NUMERIC,
     commission_rate NUMERIC, order_accepted BOOLEAN, cancellation_reason VARCHAR, order_ts TIMESTAMPTZ, status VARCHAR)
     WITH (connector = 'http')`,
  seedView('000_gmv_risingwave.sql', 'mv_gmv_hourly'),
  seedView('001_seller_performance_risingwave.sql', 'seller_performance'),
];

const CHANNELS = ['web', 'mobile', 'pos', 'marketplace'];
const PAYMENTS = ['card', 'alipay', 'paypal', 'cod'];
const STATUSES = ['completed', 'completed', 'completed', 'pending', 'refunded', 'cancelled'];
const REASONS = ['out_of_stock', 'customer_request', 'payment_failed'];

interface Chunk {
  readonly orders: Row[];
  readonly market: Row[];
  readonly ordersCopy: string;
  readonly marketCopy: string;
}

const cents = (n: number): string => (n / 100).toFixed(2);

/** Orders `from`..`to` as typed rows for Tally and COPY text for PostgreSQL: the same values both ways. */
function chunk(random: () => number, from: number, to: number): Chunk {
  const orders: Row[] = [];
  const market: Row[] = [];
  let ordersCopy = '';
  let marketCopy = '';
  for (let i = from; i < to; i++) {
    const ms = END_MS - SPAN_MS + Math.floor((i / ORDERS) * SPAN_MS + random() * 60_000);
    const micros = BigInt(ms) * 1000n;
    const iso = new Date(ms).toISOString();
    const merchant = `m${Math.floor(MERCHANTS * random() ** 2)}`;
    const subtotal = Math.round(500 + random() * 50_000);
    const discount = random() < 0.3 ? Math.round(subtotal * 0.1 * random()) : 0;
    const total = subtotal - discount;
    const customer = `c${Math.floor(random() * 50_000)}`;
    const channel = CHANNELS[Math.floor(random() * 4)]!;
    const payment = PAYMENTS[Math.floor(random() * 4)]!;
    const status = STATUSES[Math.floor(random() * STATUSES.length)]!;
    orders.push([`o${i}`, merchant, customer, channel, payment, Numeric.parse(cents(subtotal)), Numeric.parse(cents(discount)), Numeric.parse(cents(total)), status, micros]);
    ordersCopy += `o${i}\t${merchant}\t${customer}\t${channel}\t${payment}\t${cents(subtotal)}\t${cents(discount)}\t${cents(total)}\t${status}\t${iso}\n`;
    const seller = `s${Math.floor(random() * SELLERS)}`;
    const commission = (5 + Math.floor(random() * 16)) / 100;
    const accepted = random() < 0.9;
    const reason = status === 'cancelled' ? REASONS[Math.floor(random() * 3)]! : null;
    market.push([`o${i}`, seller, customer, Numeric.parse(cents(total)), Numeric.parse(commission.toFixed(2)), accepted, reason, micros, status]);
    marketCopy += `o${i}\t${seller}\t${customer}\t${cents(total)}\t${commission.toFixed(2)}\t${accepted ? 't' : 'f'}\t${reason ?? '\\N'}\t${iso}\t${status}\n`;
  }
  return { orders, market, ordersCopy, marketCopy };
}

/** The seeds' "before": the same metric, grouped at query time over the orders tables for one key. */
function postgresQueries(): { seller: string; hourly: string } {
  const view = seedView('001_seller_performance_risingwave.sql', 'seller_performance');
  const select = view.slice(view.indexOf('SELECT')).replace(/FROM marketplace_orders\s+GROUP BY seller_id;?\s*$/, `FROM ${PG_MARKET} WHERE seller_id = $1 GROUP BY seller_id`);
  if (!select.includes(PG_MARKET)) throw new Error('seller_performance: cannot find its FROM clause');
  const hourly = `SELECT merchant_id, channel, date_bin('1 hour', created_at, '1970-01-01 00:00:00+00') AS hour_start,
      date_bin('1 hour', created_at, '1970-01-01 00:00:00+00') + interval '1 hour' AS hour_end, COUNT(*) AS order_count,
      SUM(total) AS gmv, SUM(subtotal) AS gross_subtotal, SUM(discount) AS total_discount, ROUND(AVG(total), 2) AS aov,
      COUNT(DISTINCT customer_id) AS unique_buyers, COUNT(CASE WHEN status = 'refunded' THEN 1 END) AS refund_count,
      ROUND(COUNT(CASE WHEN status = 'refunded' THEN 1 END)::NUMERIC / NULLIF(COUNT(*), 0) * 100, 2) AS refund_rate_pct
    FROM ${PG_ORDERS} WHERE status NOT IN ('cancelled') AND merchant_id = $1 AND created_at >= $2::timestamptz
      AND created_at < $2::timestamptz + interval '1 hour' GROUP BY 1, 2, 3, 4`;
  return { seller: select, hourly };
}

type Key = readonly string[];

/** Every value as its text (what PostgreSQL sends), so that answers compare as text. */
const textTypes = { getTypeParser: () => (value: string) => value };

async function clients(port: number, database: string, user: string): Promise<pg.Client[]> {
  const list: pg.Client[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const client = new pg.Client({ host: '127.0.0.1', port, database, user, types: textTypes });
    await client.connect();
    if (database === 'test') await client.query(`SET TIME ZONE 'UTC'`);
    list.push(client);
  }
  return list;
}

/** CLIENTS loops, each on its own connection, sending one query after the other for SECONDS (after a 1 s warm-up). */
async function measure<C>(label: string, conns: readonly C[], keys: readonly Key[], run: (conn: C, key: Key) => Promise<unknown>, baseline?: number): Promise<number> {
  const sample = new LatencySample(1 << 16);
  const random = seededRandom(7);
  const warmEnd = performance.now() + 1000;
  const end = warmEnd + SECONDS * 1000;
  await Promise.all(
    conns.map(async (conn) => {
      for (;;) {
        const started = performance.now();
        if (started >= end) return;
        await run(conn, keys[Math.floor(random() * keys.length)]!);
        if (started >= warmEnd) sample.add(performance.now() - started);
      }
    }),
  );
  const { percentiles: [p50, p99] } = sample.summary([50, 99]);
  const reduction = baseline === undefined ? '' : `, p50 ${(100 * (1 - p50! / baseline)).toFixed(2)}% below PostgreSQL's`;
  console.log(`${label.padEnd(44)} p50 ${p50!.toFixed(3)} ms  p99 ${p99!.toFixed(3)} ms  ${Math.round(sample.count / SECONDS).toLocaleString()} queries/s${reduction}`);
  return p50!;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  console.log(`dashboard point queries: ${ORDERS.toLocaleString()} orders into seed 000's orders and seed 001's marketplace_orders; ${CLIENTS} client connections, ${SECONDS} s per measurement`);
  const engine = await Engine.open();
  for (const sql of TALLY_DDL) await engine.execute(sql);
  const sql = postgres(PG_URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`CREATE TABLE ${PG_ORDERS} (order_id VARCHAR, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR, payment_method VARCHAR,
    subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ)`);
  await sql.unsafe(`CREATE TABLE ${PG_MARKET} (order_id VARCHAR, seller_id VARCHAR, customer_id VARCHAR, order_value NUMERIC,
    commission_rate NUMERIC, order_accepted BOOLEAN, cancellation_reason VARCHAR, order_ts TIMESTAMPTZ, status VARCHAR)`);
  let peakRss = process.memoryUsage().rss;
  try {
    const random = seededRandom(42);
    let tallySeconds = 0;
    let pgSeconds = 0;
    for (let from = 0; from < ORDERS; from += CHUNK) {
      const rows = chunk(random, from, Math.min(ORDERS, from + CHUNK));
      let t = performance.now();
      engine.ingest('orders', rows.orders);
      engine.ingest('marketplace_orders', rows.market);
      tallySeconds += (performance.now() - t) / 1000;
      t = performance.now();
      const ordersCopy = await sql.unsafe(`COPY ${PG_ORDERS} FROM STDIN`).writable();
      await new Promise<void>((resolve, reject) => ordersCopy.end(rows.ordersCopy, () => resolve()).on('error', reject));
      const marketCopy = await sql.unsafe(`COPY ${PG_MARKET} FROM STDIN`).writable();
      await new Promise<void>((resolve, reject) => marketCopy.end(rows.marketCopy, () => resolve()).on('error', reject));
      pgSeconds += (performance.now() - t) / 1000;
      if ((from / CHUNK) % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const t = performance.now();
    // A fair index for each query's WHERE: PostgreSQL reads only the key's orders.
    await sql.unsafe(`CREATE INDEX ON ${PG_MARKET} (seller_id)`);
    await sql.unsafe(`CREATE INDEX ON ${PG_ORDERS} (merchant_id, created_at)`);
    await sql.unsafe(`VACUUM ANALYZE ${PG_MARKET}`);
    await sql.unsafe(`VACUUM ANALYZE ${PG_ORDERS}`);
    const indexSeconds = (performance.now() - t) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`load: tally ingest ${tallySeconds.toFixed(1)} s (both sources, views maintained); postgres COPY ${pgSeconds.toFixed(1)} s + indexes (seller_id), (merchant_id, created_at) and VACUUM ANALYZE ${indexSeconds.toFixed(1)} s`);

    const viewRows = async (query: string): Promise<string[][]> => {
      const [result] = await engine.execute(query);
      return result?.kind === 'rows' ? result.rows.map((r) => r.map((v) => String(v))) : [];
    };
    const sellers = await viewRows('SELECT seller_id FROM seller_performance');
    const hourRows = await engine.execute(`SELECT DISTINCT merchant_id, hour_start FROM mv_gmv_hourly`);
    const hours: Key[] = [];
    if (hourRows[0]?.kind === 'rows') {
      for (const [merchant, start] of hourRows[0].rows) hours.push([merchant as string, new Date(Number((start as bigint) / 1000n)).toISOString()]);
    }
    console.log(`views: seller_performance ${sellers.length.toLocaleString()} rows; mv_gmv_hourly ${hours.length.toLocaleString()} merchant-hours`);

    const wire = await PgWireServer.start({ engine, port: 0 });
    const http = await startHttpServer(engine, { port: 0 });
    const tallyClients = await clients(wire.address.port, 'dev', 'root');
    const pgClients = await clients(5432, 'test', 'postgres');
    const pgSql = postgresQueries();
    const TALLY_SELLER = 'SELECT * FROM seller_performance WHERE seller_id = $1';
    const TALLY_HOURLY = 'SELECT * FROM mv_gmv_hourly WHERE merchant_id = $1 AND hour_start = $2';
    const byChannel = (rows: string[][]): string => JSON.stringify(rows.sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));

    // Answers first: a sample of keys, each answer compared as text.
    const check = seededRandom(3);
    let checked = 0;
    let differing = 0;
    for (let n = 0; n < 200; n++) {
      const seller = sellers[Math.floor(check() * sellers.length)]!;
      const a = (await tallyClients[0]!.query({ text: TALLY_SELLER, values: seller, rowMode: 'array' })).rows as string[][];
      const b = (await pgClients[0]!.query({ text: pgSql.seller, values: seller, rowMode: 'array' })).rows as string[][];
      const hour = hours[Math.floor(check() * hours.length)]!;
      const c = (await tallyClients[0]!.query({ text: TALLY_HOURLY, values: [...hour], rowMode: 'array' })).rows as string[][];
      const d = (await pgClients[0]!.query({ text: pgSql.hourly, values: [...hour], rowMode: 'array' })).rows as string[][];
      checked += 2;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        if (differing++ < 3) console.log(`DIFFERS seller ${seller[0]}: tally ${JSON.stringify(a)} postgres ${JSON.stringify(b)}`);
      }
      if (byChannel(c) !== byChannel(d)) {
        if (differing++ < 3) console.log(`DIFFERS merchant-hour ${hour.join(' ')}: tally ${byChannel(c)} postgres ${byChannel(d)}`);
      }
    }
    console.log(`check: ${checked - differing} of ${checked} sampled answers equal PostgreSQL's as text`);
    if (differing > 0) process.exitCode = 1;

    const sellerKeys: Key[] = sellers;
    const pgSeller = await measure('postgres: seller (GROUP BY at query time)', pgClients, sellerKeys, (c, k) => c.query(pgSql.seller, [...k]));
    const pgHourly = await measure('postgres: merchant-hour (GROUP BY at query time)', pgClients, hours, (c, k) => c.query(pgSql.hourly, [...k]));
    await measure('tally pg-wire: seller_performance', tallyClients, sellerKeys, (c, k) => c.query(TALLY_SELLER, [...k]), pgSeller);
    await measure('tally pg-wire: mv_gmv_hourly', tallyClients, hours, (c, k) => c.query(TALLY_HOURLY, [...k]), pgHourly);
    const base = `http://127.0.0.1:${http.port}/v1/views`;
    const fetchOk = async (url: string): Promise<void> => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };
    await measure('tally http: seller_performance', tallyClients, sellerKeys, (_c, k) => fetchOk(`${base}/seller_performance?seller_id=${encodeURIComponent(k[0]!)}`), pgSeller);
    await measure('tally http: mv_gmv_hourly', tallyClients, hours, (_c, k) =>
      fetchOk(`${base}/mv_gmv_hourly?merchant_id=${encodeURIComponent(k[0]!)}&hour_start=${encodeURIComponent(k[1]!)}`), pgHourly);
    // The same queries with the key conditions hidden from the lookup (`OR FALSE`): the view scanned and filtered.
    await measure('tally pg-wire, scan: seller_performance', tallyClients, sellerKeys, (c, k) => c.query(`${TALLY_SELLER} OR FALSE`, [...k]), pgSeller);
    await measure('tally pg-wire, scan: mv_gmv_hourly', tallyClients, hours, (c, k) =>
      c.query('SELECT * FROM mv_gmv_hourly WHERE (merchant_id = $1 AND hour_start = $2) OR FALSE', [...k]), pgHourly);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`memory: peak RSS ${mb(peakRss)} (this process: Tally, its servers and the benchmark's clients)`);
    for (const client of [...tallyClients, ...pgClients]) await client.end();
    await http.close();
    await wire.close();
  } finally {
    await sql.unsafe(`DROP TABLE IF EXISTS ${PG_ORDERS}, ${PG_MARKET}`);
    await sql.end();
    await engine.close();
  }
}

await main();
