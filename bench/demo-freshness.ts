// Benchmark: freshness of the demo's pipelines — how long after an event's time its row is in the views — with
// the generator writing through the embedded broker (seeds 000-003) and REES46 CSV files (seed 004), as
// `tally demo` runs them. Seed 004 promises sales per product visible within a second of the purchase.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../src/cli/demo/run-demo.js';
import { LatencySample } from './latency-sample.js';

const envNumber = (name: string, fallback: number): number => {
  const text = process.env[name];
  return text === undefined || text === '' ? fallback : Number(text);
};
const SECONDS = envNumber('BENCH_SECONDS', 60);
const RATE = envNumber('BENCH_RATE', 200);
const BARRIERS = (process.env.BENCH_BARRIER_MS ?? '250,1000').split(',').map(Number);

/**
 * Views whose rows carry the event's own time, inserted in the epoch that read the event (`only`: rows of new
 * events, not later status updates that repeat an order's time).
 */
const PROBES: readonly { view: string; timeColumn: string; only?: { column: string; value: string }; what: string }[] = [
  { view: 'processed_events', timeColumn: 'event_time', only: { column: 'event_type', value: 'purchase' }, what: 'REES46 purchase → processed_events and sales_per_product_window (CSV file, seed 004)' },
  { view: 'platform_orders', timeColumn: 'created_at', only: { column: 'status', value: 'paid' }, what: 'order → platform_orders (embedded Kafka, seed 000)' },
  { view: 'promo_error_logs', timeColumn: 'log_ts', what: 'ERROR log line → promo_error_logs (embedded Kafka, seed 002)' },
];

for (const barrierMs of BARRIERS) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-bench-demo-'));
  const demo = await startDemo({ dataDir, pgPort: '0', httpPort: '0', rate: RATE, seed: 1, probeTimeoutMs: 300, barrierIntervalMs: barrierMs }, () => {});
  const engine = demo.server.engine;
  const samples = new Map(PROBES.map((probe) => [probe.view, new LatencySample()]));
  const indexOf = (view: string, column: string): number => engine.relation(view)!.columns.findIndex((c) => c.name === column);
  const probeOf = new Map(PROBES.map((probe) => [probe.view, { time: indexOf(probe.view, probe.timeColumn), only: probe.only && { index: indexOf(probe.view, probe.only.column), value: probe.only.value } }]));
  const warmupUntil = Date.now() + 5_000;
  const unsubscribe = engine.onChanges((relation, changes) => {
    const sample = samples.get(relation);
    if (!sample || Date.now() < warmupUntil) return;
    const { time, only } = probeOf.get(relation)!;
    const now = Date.now();
    for (let i = 0; i < changes.rows.length; i++) {
      const row = changes.rows[i]!;
      if (changes.weights[i]! <= 0 || (only && row[only.index] !== only.value)) continue;
      const micros = row[time];
      if (typeof micros === 'bigint') sample.add(now - Number(micros / 1000n));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000 + 5_000));
  unsubscribe();
  const generated = await demo.stop();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`barrier ${barrierMs} ms, ${RATE} events/s for ${SECONDS} s (${generated.total} events generated):`);
  for (const probe of PROBES) {
    const { percentiles, max } = samples.get(probe.view)!.summary([50, 99]);
    console.log(`  ${probe.what}: ${samples.get(probe.view)!.count} rows, p50 ${percentiles[0]!.toFixed(0)} ms, p99 ${percentiles[1]!.toFixed(0)} ms, max ${max.toFixed(0)} ms`);
  }
}
