// Benchmark: what checkpoints of seed 000's views cost a steady stream, without Kafka: per commit, and to freshness.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jsonLineDecoder } from '../src/connectors/format/json-line-decoder.js';
import { Engine, open } from '../src/index.js';
import { parseScript } from '../src/sql/index.js';
import type { Row } from '../src/types/value.js';
import { GcPauses } from './gc-pauses.js';
import { LatencySample } from './latency-sample.js';
import { orderEvents } from './order-events.js';
import { QueueSource } from './queue-source-connector.js';

const RATE = Number(process.env.BENCH_RATE ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 20);
const WARMUP_SECONDS = 5;
const BARRIER_MS = 10;
const DURABILITY = process.env.BENCH_DURABILITY === 'none' ? 'none' : 'fsync';
const SEED_FILE = new URL('../../../shared/seed-sql/000_gmv_risingwave.sql', import.meta.url);
const COLUMNS = [
  ['order_id', 'varchar'],
  ['merchant_id', 'varchar'],
  ['customer_id', 'varchar'],
  ['channel', 'varchar'],
  ['payment_method', 'varchar'],
  ['subtotal', 'numeric'],
  ['discount', 'numeric'],
  ['total', 'numeric'],
  ['status', 'varchar'],
  ['created_at', 'timestamptz'],
] as const;

const decode = jsonLineDecoder(COLUMNS.map(([name, type]) => ({ name, type })));

/** Seed 000's source (through `connector`) and its three views. */
async function createPipeline(engine: Engine, connector: string): Promise<void> {
  await engine.execute(`CREATE SOURCE orders (${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}) WITH (connector = '${connector}')`);
  for (const statement of parseScript(readFileSync(SEED_FILE, 'utf8'))) {
    if (statement.statement.kind === 'createView') await engine.execute(statement.text);
  }
}

/**
 * Part 1: each simulated second's `RATE` events are one epoch and one whole checkpoint (`engine.ingest` commits
 * after its epoch, at once): per stretch of seconds, what a commit cost, encoding the changed state and the
 * store's commit, and whether that grows as the views' state does.
 */
async function partCommitCost(lines: readonly string[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-bench-ckpt-'));
  const engine = await Engine.open({ dataDir, durability: DURABILITY, checkpointIntervalMs: 1000 });
  try {
    await createPipeline(engine, 'http');
    console.log(`1. one whole checkpoint after each second's ${RATE.toLocaleString()} events, ${SECONDS} s (${DURABILITY})`);
    console.log('   seconds   encode ms (mean / max)   store commit ms (mean / max)   entries   KiB written');
    let encode = new LatencySample();
    let store = new LatencySample();
    let entries = 0;
    let bytes = 0;
    const stretch = Math.max(1, Math.floor(SECONDS / 6));
    for (let second = 0; second < SECONDS; second++) {
      const rows: Row[] = new Array<Row>(RATE);
      for (let eventIdx = 0; eventIdx < RATE; eventIdx++) rows[eventIdx] = decode(lines[second * RATE + eventIdx]!);
      engine.ingest('orders', rows);
      const stats = engine.checkpointStats()!;
      encode.add(stats.lastEncodeMs);
      store.add(stats.lastStoreMs);
      entries += stats.lastEntries;
      bytes += stats.lastBytes;
      if ((second + 1) % stretch !== 0) continue;
      const e = encode.summary([100]);
      const s = store.summary([100]);
      console.log(
        `   ${String(second + 2 - stretch).padStart(3)}-${String(second + 1).padEnd(4)} ${e.mean.toFixed(1).padStart(8)} / ${e.max.toFixed(1).padEnd(12)}` +
          ` ${s.mean.toFixed(1).padStart(10)} / ${s.max.toFixed(1).padEnd(16)} ${Math.round(entries / stretch).toLocaleString().padStart(8)}` +
          ` ${Math.round(bytes / stretch / 1024).toLocaleString().padStart(12)}`,
      );
      encode = new LatencySample();
      store = new LatencySample();
      entries = 0;
      bytes = 0;
    }
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Part 2: the stream as the engine runs it, without a broker: rows pushed every millisecond-or-so at `RATE`
 * into a queue source read at every 10 ms barrier, checkpoints every second (in steps) or none. Freshness is
 * push → visible in the views (`onChanges`); the event loop's delay says how long it was held at a time.
 */
async function partStream(lines: readonly string[], checkpoints: boolean): Promise<void> {
  const dataDir = checkpoints ? mkdtempSync(join(tmpdir(), 'tally-bench-ckpt-')) : undefined;
  const queue = new QueueSource();
  const engine = await open({ ...(dataDir ? { dataDir, durability: DURABILITY } : {}), barrierIntervalMs: BARRIER_MS, checkpointIntervalMs: 1000, sourceConnectors: [queue] });
  const freshness = new LatencySample();
  const steps = new LatencySample();
  const encodeMs = new LatencySample();
  const storeMs = new LatencySample();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gcPauses = new GcPauses();
  try {
    await createPipeline(engine, 'queue');
    // Rows pushed and not yet visible, as ranges of their numbers: the first epoch that shows changes after a push
    // shows them. A row's freshness runs from when it was due, not from when the timer got to push it, so that a
    // pause of this thread (which also holds back the pushes) counts for every row due during it.
    const pending: number[] = [];
    let measuring = false;
    let started = 0;
    engine.onChanges(() => {
      const now = performance.now();
      if (measuring) {
        for (let rangeIdx = 0; rangeIdx < pending.length; rangeIdx += 2) {
          for (let row = pending[rangeIdx]!; row < pending[rangeIdx + 1]!; row++) freshness.add(now - (started + (row * 1000) / RATE));
        }
      }
      pending.length = 0;
    });
    engine.onCheckpoint(() => {
      if (!measuring) return;
      const stats = engine.checkpointStats()!;
      steps.add(stats.lastLongestStepMs);
      encodeMs.add(stats.lastEncodeMs);
      storeMs.add(stats.lastStoreMs);
    });
    const total = (WARMUP_SECONDS + STREAM_SECONDS) * RATE;
    started = performance.now();
    let pushed = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - started) / 1000) * RATE));
        if (!measuring && now - started >= WARMUP_SECONDS * 1000) {
          measuring = true;
          delay.enable();
          gcPauses.recordFrom = now;
        }
        if (due > pushed) {
          const rows: Row[] = [];
          pending.push(pushed, due);
          for (; pushed < due; pushed++) rows.push(decode(lines[pushed % lines.length]!));
          queue.push(rows);
        }
        if (pushed >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    delay.disable();
    gcPauses.stop();
    while (queue.waiting > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const f = freshness.summary([50, 99]);
    const ms = (nanos: number): string => (nanos / 1e6).toFixed(1);
    console.log(
      `   checkpoints ${checkpoints ? `every 1 s (${DURABILITY}, in steps)` : 'off'}: freshness (due → visible) p50 ${f.percentiles[0]!.toFixed(1)} / p99 ${f.percentiles[1]!.toFixed(1)} / max ${f.max.toFixed(1)} ms;` +
        ` event loop delay p50 ${ms(delay.percentile(50))} / p99 ${ms(delay.percentile(99))} / max ${ms(delay.max)} ms`,
    );
    console.log(`     garbage collection paused the engine, while measured: ${gcPauses.describe()}`);
    if (checkpoints) {
      const s = steps.summary([50]);
      console.log(
        `     ${steps.count} checkpoints: encoding ${encodeMs.summary([100]).mean.toFixed(1)} ms each in all, the store's commit ${storeMs.summary([100]).mean.toFixed(1)} ms (on its writer thread); the event loop held at most p50 ${s.percentiles[0]!.toFixed(1)} / max ${s.max.toFixed(1)} ms at a time by one (its begin, a step, or the hand-over to the store)`,
      );
    }
  } finally {
    await engine.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`seed 000's three views, ${RATE.toLocaleString()} events a second (order events, event time advancing as fast)`);
  const lines = orderEvents(RATE * Math.max(SECONDS, WARMUP_SECONDS + STREAM_SECONDS), 7, RATE);
  if (SECONDS > 0) await partCommitCost(lines);
  if (STREAM_SECONDS > 0) {
    console.log(`2. ${RATE.toLocaleString()} events/s pushed into a queue source for ${WARMUP_SECONDS} + ${STREAM_SECONDS} s, barrier every ${BARRIER_MS} ms`);
    await partStream(lines, false);
    await partStream(lines, true);
  }
}

await main();
