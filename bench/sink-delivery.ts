// Upsert sink delivery through the engine (source → materialized view → JDBC sink) into PostgreSQL and MariaDB:
// rows/s with 100,000 distinct keys under a steady update stream, and the delay from an event's arrival to its
// effect being visible in the target database, p50/p99. The source is a queue the bench pushes to, read at every
// barrier as a topic would be, so that checkpoints come at their interval as with Kafka.
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { open, type Engine } from '../src/index.js';
import { Numeric } from '../src/types/numeric.js';
import type { Row } from '../src/types/value.js';
import { LatencySample } from './latency-sample.js';
import { QueueSource } from './queue-source-connector.js';
import { seededRandom } from './order-events.js';

function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

const KEYS = positive('BENCH_KEYS', 100_000);
/** The two steady streams: a fast one for rows/s, a moderate one for the delay; events per second. */
const FAST_RATE = positive('BENCH_FAST_RATE', 50_000);
const FAST_SECONDS = positive('BENCH_FAST_SECONDS', 10);
const RATE = positive('BENCH_RATE', 5_000);
const SECONDS = positive('BENCH_SECONDS', 15);
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 3);
/** Events are pushed every this many ms; the engine reads its source at every barrier. */
const TICK_MS = positive('BENCH_TICK_MS', 10);
const BARRIER_MS = positive('BENCH_BARRIER_MS', 10);
/** Every this-many-th event of a stream is a probe whose visibility in the target is timed. */
const PROBE_EVERY = positive('BENCH_PROBE_EVERY', 25);
/** The poller asks the target about this many outstanding probes at most per query, and waits this long between queries. */
const POLL_BATCH = 500;
const POLL_PAUSE_MS = 2;
const MODES = (process.env.BENCH_MODES ?? 'memory,data-dir').split(',').map((mode) => mode.trim());
const TARGETS = (process.env.BENCH_TARGETS ?? 'postgres,mariadb').split(',').map((target) => target.trim());
/** Optional sink options, e.g. `sink.buffer-flush.interval=100ms` (the JDBC default is 1 s and 5,000 rows). */
const EXTRA_OPTIONS = process.env.BENCH_SINK_OPTIONS ?? '';

/** Microseconds since the epoch, from the monotonic clock: an event's stamp and a probe's visibility use the same one. */
const nowMicros = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));

/** The target database as the bench reads it: the stamp (`last_ts`) of each of some keys. */
interface TargetReader {
  readonly label: string;
  readonly url: string;
  lastStamps(keys: readonly number[]): Promise<Map<number, bigint>>;
  drop(table: string): Promise<void>;
  close(): Promise<void>;
}

async function postgresReader(table: string): Promise<TargetReader> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', types: { getTypeParser: () => (text: string) => text } });
  await client.connect();
  return {
    label: 'PostgreSQL',
    url: process.env.BENCH_PG_URL ?? 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres',
    async lastStamps(keys) {
      const result = await client.query<{ k: string; last_ts: string }>(`SELECT k, last_ts FROM "${table}" WHERE k = ANY($1::int[])`, [keys]);
      return new Map(result.rows.map((row) => [Number(row.k), BigInt(row.last_ts)]));
    },
    drop: async (name) => void (await client.query(`DROP TABLE IF EXISTS "${name}"`)),
    close: () => client.end(),
  };
}

async function mariadbReader(table: string): Promise<TargetReader> {
  const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test', supportBigNumbers: true, bigNumberStrings: true });
  return {
    label: 'MariaDB',
    url: process.env.BENCH_MYSQL_URL ?? 'jdbc:mysql://127.0.0.1:3306/test?user=root',
    async lastStamps(keys) {
      const [rows] = await connection.query(`SELECT k, last_ts FROM \`${table}\` WHERE k IN (?)`, [keys]);
      return new Map((rows as { k: number | string; last_ts: string }[]).map((row) => [Number(row.k), BigInt(row.last_ts)]));
    },
    drop: async (name) => void (await connection.query(`DROP TABLE IF EXISTS \`${name}\``)),
    close: () => connection.end(),
  };
}

/** One order of `cents` on key `k`, stamped now. */
function order(k: number, cents: number): Row {
  return [k, new Numeric(BigInt(cents), 2), nowMicros()];
}

/** Changes the target confirmed so far. */
const delivered = (engine: Engine): number => engine.sinkStats().get('per_key_sink')?.delivered ?? 0;

const perSecond = (count: number, ms: number): string => `${Math.round((count * 1000) / ms).toLocaleString('en-US')}/s`;
const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const count = (value: number): string => value.toLocaleString('en-US');

/** Waits until the engine has read and run every pushed event and every sink's target confirmed its changes. */
async function settle(engine: Engine, queue: QueueSource): Promise<void> {
  while (queue.waiting > 0) await sleep(BARRIER_MS);
  // FLUSH waits for the epoch that read the last events, if it is still running.
  await engine.execute('FLUSH');
  await engine.sinksDrained(600_000);
}

/** Where the engine's time went during a stream: epochs run, checkpoints committed (both block the event loop). */
class EngineTimes {
  epochs = 0;
  epochMs = 0;
  checkpoints = 0;
  checkpointMs = 0;
  checkpointMaxMs = 0;

  constructor(engine: Engine) {
    engine.onEpoch((_epoch, durationMs) => {
      this.epochs++;
      this.epochMs += durationMs;
    });
    engine.onCheckpoint((_epoch, durationMs) => {
      this.checkpoints++;
      this.checkpointMs += durationMs;
      this.checkpointMaxMs = Math.max(this.checkpointMaxMs, durationMs);
    });
  }

  /** The counters since `from` (a copy taken earlier); the max since it was last reset. */
  since(from: EngineTimes): string {
    const epochs = this.epochs - from.epochs;
    const checkpoints = this.checkpoints - from.checkpoints;
    const epochText = `${count(epochs)} epochs (${ms(this.epochMs - from.epochMs)} in all)`;
    if (checkpoints === 0) return epochText;
    return `${epochText}, ${count(checkpoints)} checkpoints (${ms((this.checkpointMs - from.checkpointMs) / checkpoints)} mean, ${ms(this.checkpointMaxMs)} max)`;
  }

  copy(): EngineTimes {
    return Object.assign(Object.create(EngineTimes.prototype) as EngineTimes, this);
  }
}

interface StreamResult {
  readonly events: number;
  readonly lateTicks: number;
  /** Changes the target confirmed from the stream's start until it settled, and how long that took. */
  readonly rowsWritten: number;
  readonly streamMs: number;
  readonly settledMs: number;
  readonly delays: LatencySample;
  /** The engine's epochs and checkpoints during the stream. */
  readonly engineTimes: string;
}

/**
 * Pushes `rate` events/s of random keys for `warmupSeconds` + `seconds`; probes of the measured part are timed from
 * their push to their stamp being visible in the target.
 */
async function stream(
  engine: Engine, queue: QueueSource, times: EngineTimes, reader: TargetReader, random: () => number, rate: number, warmupSeconds: number, seconds: number,
): Promise<StreamResult> {
  times.checkpointMaxMs = 0;
  const timesBefore = times.copy();
  const delays = new LatencySample(Math.ceil((rate * seconds) / PROBE_EVERY));
  /** Per probed key: its probe's stamp, and whether it was pushed after the warm-up. */
  const outstanding = new Map<number, { stamp: bigint; measured: boolean }>();
  let streaming = true;
  const poller = (async () => {
    while (streaming || outstanding.size > 0) {
      const keys = [...outstanding.keys()].slice(0, POLL_BATCH);
      if (keys.length > 0) {
        const stamps = await reader.lastStamps(keys);
        const seenAt = nowMicros();
        for (const key of keys) {
          const probe = outstanding.get(key)!;
          const last = stamps.get(key);
          if (last === undefined || last < probe.stamp) continue;
          outstanding.delete(key);
          if (probe.measured) delays.add(Number(seenAt - probe.stamp) / 1000);
        }
      }
      await sleep(POLL_PAUSE_MS);
    }
  })();
  const deliveredBefore = delivered(engine);
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const started = performance.now();
  const measureFrom = started + warmupSeconds * 1000;
  const ends = measureFrom + seconds * 1000;
  let events = 0;
  let lateTicks = 0;
  for (let tick = 0; ; tick++) {
    const due = started + tick * TICK_MS;
    if (due >= ends) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -TICK_MS) lateTicks++;
    const measured = performance.now() >= measureFrom;
    const rows: Row[] = [];
    for (let i = 0; i < perTick; i++, events++) {
      const row = order(Math.floor(random() * KEYS), 100 + Math.floor(random() * 50_000));
      // A key already probed keeps its first probe: a later stamp would satisfy it too.
      if (events % PROBE_EVERY === 0 && !outstanding.has(row[0] as number)) outstanding.set(row[0] as number, { stamp: row[2] as bigint, measured });
      rows.push(row);
    }
    queue.push(rows);
  }
  const streamMs = performance.now() - started;
  await settle(engine, queue);
  const settledMs = performance.now() - started;
  streaming = false;
  await poller;
  return { events, lateTicks, rowsWritten: delivered(engine) - deliveredBefore, streamMs, settledMs, delays, engineTimes: times.since(timesBefore) };
}

function describeStream(name: string, rate: number, result: StreamResult): string {
  const { percentiles, max } = result.delays.summary([50, 99]);
  return (
    `  ${name}: ${count(rate)} events/s offered for ${ms(result.streamMs)} (${count(result.events)} events, ${result.lateTicks} pushes late by over ${TICK_MS} ms), ` +
    `settled ${ms(result.settledMs - result.streamMs)} after the last: ${count(result.rowsWritten)} rows written (merged per key), ` +
    `${perSecond(result.rowsWritten, result.settledMs)} rows and ${perSecond(result.events, result.settledMs)} events; ` +
    `push → visible in the target over ${count(result.delays.count)} probes: p50 ${ms(percentiles[0]!)}, p99 ${ms(percentiles[1]!)}, max ${ms(max)}; ` +
    `engine: ${result.engineTimes}`
  );
}

async function run(target: string, mode: string): Promise<void> {
  const table = `tally_bench_sink_delivery_${process.pid}_${Date.now().toString(36)}`;
  let reader: TargetReader;
  try {
    reader = target === 'postgres' ? await postgresReader(table) : await mariadbReader(table);
  } catch (err) {
    console.log(`${target}: skipped (${(err as Error).message})`);
    return;
  }
  const dataDir = mode === 'data-dir' ? mkdtempSync(join(tmpdir(), 'tally-bench-sink-')) : undefined;
  const queue = new QueueSource();
  const engine = await open({ ...(dataDir ? { dataDir, durability: 'fsync' as const } : {}), barrierIntervalMs: BARRIER_MS, sourceConnectors: [queue] });
  const label = `${reader.label}, ${dataDir ? 'data directory (fsync, checkpoints every 1 s: a batch is written once a checkpoint holds it)' : 'in memory (no checkpoints)'}`;
  try {
    await engine.execute(`CREATE SOURCE orders (k INT, amount NUMERIC(12,2), ts BIGINT) WITH (connector = 'queue')`);
    await engine.execute(`CREATE MATERIALIZED VIEW per_key AS SELECT k, COUNT(*) AS orders, SUM(amount) AS total, MAX(ts) AS last_ts FROM orders GROUP BY k`);
    const extra = EXTRA_OPTIONS === '' ? '' : `, ${EXTRA_OPTIONS.split(',').map((option) => option.replace(/^\s*([^=]+?)\s*=\s*(.*?)\s*$/, "$1 = '$2'")).join(', ')}`;
    await engine.execute(
      `CREATE SINK per_key_sink FROM per_key WITH (connector = 'jdbc', jdbc.url = '${reader.url}', table.name = '${table}', type = 'upsert', primary_key = 'k', table.create_if_missing = 'true'${extra})`,
    );
    const random = seededRandom(11);
    const times = new EngineTimes(engine);

    // Every key once: KEYS inserts into the target, pushed at once.
    const loadStarted = performance.now();
    const rows: Row[] = [];
    for (let k = 0; k < KEYS; k++) rows.push(order(k, 100 + Math.floor(random() * 50_000)));
    queue.push(rows);
    await settle(engine, queue);
    const loadMs = performance.now() - loadStarted;

    const fast = await stream(engine, queue, times, reader, random, FAST_RATE, 0, FAST_SECONDS);
    const steady = await stream(engine, queue, times, reader, random, RATE, WARMUP_SECONDS, SECONDS);
    const stats = engine.sinkStats().get('per_key_sink')!;
    console.log(
      `${label}:\n` +
        `  load: ${count(KEYS)} keys inserted, all visible after ${ms(loadMs)}: ${perSecond(KEYS, loadMs)} rows\n` +
        `${describeStream('fast stream', FAST_RATE, fast)}\n${describeStream('steady stream', RATE, steady)}` +
        (stats.errors > 0 ? `\n  sink errors: ${stats.errors} (last: ${stats.lastError})` : ''),
    );
  } finally {
    await engine.close();
    await reader.drop(table).catch(() => undefined);
    await reader.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `sink delivery bench: source → materialized view (${KEYS.toLocaleString('en-US')} keys) → upsert JDBC sink${EXTRA_OPTIONS ? ` (${EXTRA_OPTIONS})` : ' (default flush: 5,000 rows or 1 s)'}; ` +
    `modes ${MODES.join(', ')}`,
);
for (const mode of MODES) for (const target of TARGETS) await run(target, mode);
