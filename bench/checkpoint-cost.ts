// Benchmark: what one checkpoint of seed 000's views costs, second after second of a steady stream, without Kafka.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLineDecoder } from '../src/connectors/format/json-line-decoder.js';
import { Engine } from '../src/engine.js';
import { parseScript } from '../src/sql/index.js';
import type { Row } from '../src/types/value.js';
import { LatencySample } from './latency-sample.js';
import { orderEvents } from './order-events.js';

const RATE = Number(process.env.BENCH_RATE ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
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

/**
 * Seed 000's views over a push source, with a data directory: each simulated second's `RATE` events are one
 * epoch and one checkpoint (`engine.ingest` commits after its epoch), as `bench:kafka` checkpoints once a
 * second. Prints, per stretch of seconds, what a commit cost: encoding the changed state, and the store's commit.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-bench-ckpt-'));
  const engine = await Engine.open({ dataDir, durability: DURABILITY, checkpointIntervalMs: 1000 });
  try {
    await engine.execute(
      `CREATE SOURCE orders (${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}) WITH (connector = 'http')`,
    );
    for (const statement of parseScript(readFileSync(SEED_FILE, 'utf8'))) {
      if (statement.statement.kind === 'createView') await engine.execute(statement.text);
    }
    const decode = jsonLineDecoder(COLUMNS.map(([name, type]) => ({ name, type })));
    console.log(`seed 000's three views, ${RATE.toLocaleString()} events a second of event time for ${SECONDS} s, one checkpoint a second (${DURABILITY})`);
    console.log('seconds   encode ms (mean / max)   store commit ms (mean / max)   entries   KiB written');
    const lines = orderEvents(RATE * SECONDS, 7, RATE);
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
      store.add(stats.lastMs - stats.lastEncodeMs);
      entries += stats.lastEntries;
      bytes += stats.lastBytes;
      if ((second + 1) % stretch === 0) {
        const e = encode.summary([100]);
        const s = store.summary([100]);
        console.log(
          `${String(second + 2 - stretch).padStart(3)}-${String(second + 1).padEnd(4)} ${e.mean.toFixed(1).padStart(8)} / ${e.max.toFixed(1).padEnd(12)}` +
            ` ${s.mean.toFixed(1).padStart(10)} / ${s.max.toFixed(1).padEnd(16)} ${Math.round(entries / stretch).toLocaleString().padStart(8)}` +
            ` ${Math.round(bytes / stretch / 1024).toLocaleString().padStart(12)}`,
        );
        encode = new LatencySample();
        store = new LatencySample();
        entries = 0;
        bytes = 0;
      }
    }
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
