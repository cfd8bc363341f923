// Benchmark: seed 000's Kafka source and three GMV views against a real broker — throughput with checkpoints off
// and every second, and end-to-end freshness at a fixed produce rate.
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { createKafkaConnector, type KafkaConnectorTuning } from '../src/connectors/kafka/kafka-connector.js';
import { open, type Engine } from '../src/index.js';
import type { CheckpointStats } from '../src/engine/checkpointer.js';
import type { ProducerReport } from './kafka-producer-child.js';
import { GcPauses } from './gc-pauses.js';
import { LatencySample } from './latency-sample.js';
import { orderEvents } from './order-events.js';
import { SEED000_VIEWS, postgresAnswer, tallyRows } from './seed000-postgres.js';
import { seed000KafkaScript } from './seed000-kafka-sql.js';
import { PollTimes, timedSourceConnector } from './timed-source-connector.js';

const envNumber = (name: string, fallback: number): number => {
  const text = process.env[name];
  return text === undefined || text === '' ? fallback : Number(text);
};
const envOptional = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);

/** Part 1: events produced beforehand, then read from the earliest offset. */
const EVENTS = envNumber('BENCH_EVENTS', 1_000_000);
/** Part 1 runs checkpoints off, then on, this many times; the best rate of each is compared. */
const ROUNDS = envNumber('BENCH_ROUNDS', 1);
/** Part 1's barrier interval: short, so that the next epoch starts as soon as one ends. */
const THROUGHPUT_BARRIER_MS = envNumber('BENCH_THROUGHPUT_BARRIER_MS', 10);
/** Part 2: the fixed produce rate and how long it lasts. */
const RATE = envNumber('BENCH_RATE', 50_000);
const SECONDS = envNumber('BENCH_SECONDS', 20);
const FRESHNESS_BARRIER_MS = envNumber('BENCH_BARRIER_MS', 10);
/** Part 2 runs with checkpoints every second unless BENCH_FRESHNESS_CHECKPOINTS=0 (to see what they cost). */
const FRESHNESS_CHECKPOINTS = envNumber('BENCH_FRESHNESS_CHECKPOINTS', 1) !== 0;
/** Part 2 produces this long before the measured seconds: the engine's code is compiled and its state sized by then. */
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 5);
/** Whether part 1's views are compared with PostgreSQL's answer over the same events (BENCH_CHECK=0: not). */
const CHECK = envNumber('BENCH_CHECK', 1) !== 0;
/** How checkpoints reach the disk: the engine's default, fsync, unless BENCH_DURABILITY=none. */
const DURABILITY = process.env.BENCH_DURABILITY === 'none' ? 'none' : 'fsync';
const PARTITIONS = 3;
const CHECKPOINT_INTERVAL_MS = 1000;
/** A run that makes no progress for this long has failed. */
const STALL_MS = 60_000;

/** The Kafka reader's tuning, left at its defaults unless set here (to look for where freshness goes). */
const TUNING: KafkaConnectorTuning = {
  reader: { fetchWaitMs: envOptional('BENCH_FETCH_WAIT_MS'), pollBudgetMs: envOptional('BENCH_POLL_BUDGET_MS') },
};

const CHILD = fileURLToPath(new URL('./kafka-producer-child.js', import.meta.url));
const BROKER_SCRIPT = fileURLToPath(new URL('../../scripts/kafka-broker.sh', import.meta.url));
const SOURCE = 'orders';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** TALLY_KAFKA_BOOTSTRAP, or the project's local broker (started when it is not running). */
function kafkaBootstrap(): string {
  const configured = process.env.TALLY_KAFKA_BOOTSTRAP?.trim();
  if (configured) return configured;
  const out = execFileSync('bash', [BROKER_SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!.trim();
}

let topicCount = 0;
async function freshTopic(admin: Admin): Promise<string> {
  const topic = `tally-bench-orders-${process.pid}-${Date.now()}-${topicCount++}`;
  await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });
  return topic;
}

/** Sends `lines` round-robin over the partitions, one batch at a time (an idempotent producer keeps its sends in order). */
async function produceAll(bootstrap: string, topic: string, lines: readonly string[]): Promise<void> {
  const producer = new Producer({ clientId: 'tally-bench-loader', bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true });
  const batch = 10_000;
  try {
    for (let start = 0; start < lines.length; start += batch) {
      const messages = lines.slice(start, start + batch).map((value, i) => ({ topic, partition: (start + i) % PARTITIONS, value }));
      await producer.send({ messages });
    }
  } finally {
    await producer.close();
  }
}

/** The checkpoints an engine committed while `recording`: commit times and the state entries each wrote. */
class CommitLog {
  readonly ms = new LatencySample();
  readonly entries = new LatencySample();
  readonly bytes = new LatencySample();
  readonly encodeMs = new LatencySample();
  readonly longestStepMs = new LatencySample();
  readonly storeMs = new LatencySample();
  recording = true;
  private sinceTaken = false;

  noteCommit(ms: number, stats: CheckpointStats | undefined): void {
    this.sinceTaken = true;
    if (!this.recording) return;
    this.ms.add(ms);
    this.entries.add(stats?.lastEntries ?? 0);
    this.bytes.add(stats?.lastBytes ?? 0);
    this.encodeMs.add(stats?.lastEncodeMs ?? 0);
    this.longestStepMs.add(stats?.lastLongestStepMs ?? 0);
    this.storeMs.add(stats?.lastStoreMs ?? 0);
  }

  /** Mean entries, bytes and encoding time of a commit, for the report. */
  describe(): string {
    const mean = (sample: LatencySample): number => sample.summary([100]).mean;
    const steps = this.longestStepMs.summary([50, 99]);
    return (
      `mean ${fmt(mean(this.entries))} state entries, ${fmt(mean(this.bytes) / 1024)} KiB written, ${mean(this.encodeMs).toFixed(1)} ms of each encoding them, ${mean(this.storeMs).toFixed(1)} ms the store's commit on its writer thread;` +
      ` the event loop held at most p50 ${steps.percentiles[0]!.toFixed(1)} / max ${steps.max.toFixed(1)} ms at a time (begin, a step, or the hand-over to the store)`
    );
  }

  /** Whether a checkpoint committed since the last call: the epoch about to be looked at waited it out. */
  takeCommitted(): boolean {
    const committed = this.sinceTaken;
    this.sinceTaken = false;
    return committed;
  }
}

interface EngineRun {
  readonly engine: Engine;
  readonly times: PollTimes;
  readonly dataDir: string | undefined;
  readonly commits: CommitLog;
}

/** Opens an engine that can read Kafka, with checkpoints every second or none; `createPipeline` starts the reading. */
async function openEngine(checkpoints: boolean, barrierIntervalMs: number): Promise<EngineRun> {
  const dataDir = checkpoints ? mkdtempSync(join(tmpdir(), 'tally-bench-kafka-')) : undefined;
  const times = new PollTimes();
  const engine = await open({
    dataDir,
    checkpointIntervalMs: CHECKPOINT_INTERVAL_MS,
    durability: DURABILITY,
    barrierIntervalMs,
    sourceConnectors: [timedSourceConnector(createKafkaConnector(TUNING), times)],
  });
  return { engine, times, dataDir, commits: new CommitLog() };
}

/**
 * Creates seed 000's source over `topic` and its views; epochs start reading at once. The checkpoints
 * committed from then on (not the statements' own) go to `run.commits`.
 */
async function createPipeline(run: EngineRun, bootstrap: string, topic: string): Promise<void> {
  await run.engine.execute(seed000KafkaScript(bootstrap, topic));
  run.engine.onCheckpoint((_epoch, ms) => run.commits.noteCommit(ms, run.engine.checkpointStats()));
}

async function stopPipeline(run: EngineRun): Promise<void> {
  await run.engine.close();
  if (run.dataDir) rmSync(run.dataDir, { recursive: true, force: true });
}

/** Resolves when `done()` says so; rejects when `progress()` has not moved for STALL_MS. */
function waitUntil(done: () => boolean, progress: () => number, engine: Engine): Promise<void> {
  return new Promise((resolve, reject) => {
    let last = progress();
    let lastMovedAt = Date.now();
    const timer = setInterval(() => {
      if (done()) {
        clearInterval(timer);
        resolve();
        return;
      }
      if (progress() !== last) {
        last = progress();
        lastMovedAt = Date.now();
      } else if (Date.now() - lastMovedAt > STALL_MS) {
        clearInterval(timer);
        const stats = engine.sourceStats().get(SOURCE);
        reject(new Error(`no progress for ${STALL_MS / 1000} s at ${last} events (last epoch error: ${engine.lastEpochError ?? 'none'}; source: ${JSON.stringify(stats)})`));
      }
    }, 20);
  });
}

interface ThroughputResult {
  readonly seconds: number;
  /** This process's CPU time over the run (all its threads: the engine's, the GC's, LMDB's), s. */
  readonly cpuSeconds: number;
  readonly consumed: number;
  readonly epochs: number;
  readonly checkpoints: number;
  readonly commit: { mean: number; max: number; last: number; described: string };
  readonly pollMeanMs: number;
  readonly views: Map<string, string[]> | undefined;
}

/** Part 1, one run: from creating the pipeline until every one of the topic's EVENTS events is in the views. */
async function throughputRun(bootstrap: string, topic: string, checkpoints: boolean): Promise<ThroughputResult> {
  gc();
  let consumed = 0;
  let epochs = 0;
  let finishedAt = 0;
  const run = await openEngine(checkpoints, THROUGHPUT_BARRIER_MS);
  run.engine.onChanges((relation, changes) => {
    if (relation !== SOURCE) return;
    consumed += changes.rows.length;
    epochs++;
    if (consumed >= EVENTS && finishedAt === 0) finishedAt = performance.now();
  });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await createPipeline(run, bootstrap, topic);
  await waitUntil(() => finishedAt > 0, () => consumed, run.engine);
  const cpu = process.cpuUsage(cpuStarted);
  run.commits.recording = false;
  const commits = run.commits.ms.summary([100]);
  const result = {
    seconds: (finishedAt - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    consumed,
    epochs,
    checkpoints: run.commits.ms.count,
    commit: { mean: commits.mean, max: commits.max, last: run.engine.checkpointStats()?.lastMs ?? NaN, described: run.commits.describe() },
    pollMeanMs: run.times.pollMs.summary([50]).mean,
    views: undefined as Map<string, string[]> | undefined,
  };
  if (CHECK) {
    result.views = new Map();
    for (const view of SEED000_VIEWS) result.views.set(view, await tallyRows(run.engine, view));
  }
  await stopPipeline(run);
  return result;
}

function printThroughput(label: string, r: ThroughputResult): void {
  const rate = r.consumed / r.seconds;
  console.log(
    `  ${label}: ${fmt(r.consumed)} events in ${r.seconds.toFixed(2)} s = ${fmt(rate)} events/s` +
      ` (${fmt(r.epochs)} epochs, ${fmt(r.consumed / r.epochs)} events/epoch, mean poll ${r.pollMeanMs.toFixed(1)} ms;` +
      ` CPU ${r.cpuSeconds.toFixed(2)} s = ${fmt(r.consumed / r.cpuSeconds)} events per CPU-second)`,
  );
  if (r.checkpoints > 0) {
    console.log(`    checkpoints: ${r.checkpoints} during the run, main-thread time mean ${r.commit.mean.toFixed(1)} ms, longest ${r.commit.max.toFixed(1)} ms, last ${r.commit.last.toFixed(1)} ms (${DURABILITY}; ${r.commit.described})`);
  }
}

async function partThroughput(bootstrap: string, admin: Admin): Promise<void> {
  console.log(`\n1. sustained throughput: ${fmt(EVENTS)} events produced beforehand to a fresh ${PARTITIONS}-partition topic, read from earliest`);
  const topic = await freshTopic(admin);
  let lines: string[] | undefined = orderEvents(EVENTS);
  const produceStart = performance.now();
  await produceAll(bootstrap, topic, lines);
  console.log(`  (produced in ${((performance.now() - produceStart) / 1000).toFixed(1)} s; not measured)`);
  // The events' text is not kept while the engine runs: the check makes it again from the same seed.
  lines = undefined;
  const off: ThroughputResult[] = [];
  const on: ThroughputResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    off.push(await throughputRun(bootstrap, topic, false));
    printThroughput('checkpoints off      ', off[round]!);
    on.push(await throughputRun(bootstrap, topic, true));
    printThroughput(`checkpoints every ${CHECKPOINT_INTERVAL_MS / 1000} s`, on[round]!);
  }
  const best = (rs: ThroughputResult[]): number => Math.max(...rs.map((r) => r.consumed / r.seconds));
  const rateOff = best(off);
  const rateOn = best(on);
  const cpuRate = (rs: ThroughputResult[]): number => Math.max(...rs.map((r) => r.consumed / r.cpuSeconds));
  const cpuOff = cpuRate(off);
  const cpuOn = cpuRate(on);
  console.log(
    `  checkpointing overhead: ${(((rateOff - rateOn) / rateOff) * 100).toFixed(1)}% of throughput` +
      `${ROUNDS > 1 ? ` (best of ${ROUNDS} each)` : ''} (aim: under 10%); of events per CPU-second: ${(((cpuOff - cpuOn) / cpuOff) * 100).toFixed(1)}%`,
  );
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  if (!CHECK) return;
  console.log(`  check: PostgreSQL (PGlite) computing the views over the same ${fmt(EVENTS)} events...`);
  const answer = await postgresAnswer(orderEvents(EVENTS));
  let equal = true;
  for (const [label, r] of [...off.map((r) => ['off', r] as const), ...on.map((r) => ['on', r] as const)]) {
    for (const [view, expected] of answer.results) {
      const actual = r.views!.get(view)!;
      const same = actual.length === expected.length && actual.every((row, i) => row === expected[i]);
      equal &&= same;
      if (!same || label === 'on') console.log(`  check (checkpoints ${label}): ${view} ${same ? 'equals' : 'DIFFERS FROM'} PostgreSQL's answer (${actual.length} rows)`);
    }
  }
  if (equal) console.log(`  check: every run's three views equal PostgreSQL's answer`);
  else process.exitCode = 1;
}

/** Part 2: a child process produces at RATE for SECONDS; each event's freshness is taken when its epoch is visible. */
async function partFreshness(bootstrap: string, admin: Admin): Promise<void> {
  console.log(
    `\n2. freshness: ${fmt(RATE)} events/s for ${WARMUP_SECONDS} s of warm-up then ${SECONDS} s measured, from a child process;` +
      ` ${FRESHNESS_CHECKPOINTS ? `checkpoints every ${CHECKPOINT_INTERVAL_MS / 1000} s` : 'checkpoints OFF'}, barrier every ${FRESHNESS_BARRIER_MS} ms`,
  );
  const topic = await freshTopic(admin);
  gc();
  const run = await openEngine(FRESHNESS_CHECKPOINTS, FRESHNESS_BARRIER_MS);
  const times = run.times;
  const freshness = new LatencySample(RATE * SECONDS);
  // The same events split by whether their epoch ran right after a checkpoint's commit (they waited it out).
  const afterCommit = new LatencySample();
  const otherwise = new LatencySample(RATE * SECONDS);
  const epochRunMs = new LatencySample();
  /** The largest freshness of the events produced in each measured second: when the tail happened. */
  const worstBySecond = new Float64Array(SECONDS + 1);
  // The topic stays empty until the producer starts: no epoch has events before the listener is in place.
  run.commits.recording = false;
  await createPipeline(run, bootstrap, topic);
  let consumed = 0;
  /** Events produced before this time (ms since 1970) are the warm-up's: not measured. */
  let measureFrom = Infinity;
  run.engine.onChanges((relation, changes) => {
    if (relation !== SOURCE) return;
    // Every row of the epoch became visible now; its order id starts with its produce time (ms).
    const now = Date.now();
    const rows = changes.rows;
    consumed += rows.length;
    const measured = parseInt(rows[rows.length - 1]![0] as string, 10) >= measureFrom;
    const committed = run.commits.takeCommitted();
    // Commits are recorded from the first measured epoch on (the next one's commit follows this epoch).
    run.commits.recording = measured;
    if (!measured) return;
    epochRunMs.add(performance.now() - times.lastEndedAt);
    const split = committed ? afterCommit : otherwise;
    for (let i = 0; i < rows.length; i++) {
      const producedAt = parseInt(rows[i]![0] as string, 10);
      if (producedAt < measureFrom) continue;
      const ms = now - producedAt;
      freshness.add(ms);
      split.add(ms);
      const second = Math.min(SECONDS, Math.floor((producedAt - measureFrom) / 1000));
      if (ms > worstBySecond[second]!) worstBySecond[second] = ms;
    }
  });

  const gcPauses = new GcPauses();
  const child = fork(CHILD, [bootstrap, topic, String(PARTITIONS), String(RATE), String((WARMUP_SECONDS + SECONDS) * 1000)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = await new Promise<ProducerReport>((resolve, reject) => {
    child.on('message', (message: unknown) => {
      if (message === 'ready') {
        measureFrom = Date.now() + WARMUP_SECONDS * 1000;
        times.recordFrom = performance.now() + WARMUP_SECONDS * 1000;
        gcPauses.recordFrom = times.recordFrom;
        child.send('go');
      } else if ((message as { kind?: string }).kind === 'done') resolve(message as ProducerReport);
      else reject(new Error(`producer failed: ${(message as { message?: string }).message}`));
    });
    child.on('exit', (code) => reject(new Error(`producer exited (${code}) before reporting`)));
  });
  const producerDoneAt = performance.now();
  gcPauses.stop();
  await waitUntil(() => consumed >= report.acked, () => consumed, run.engine);
  const drainMs = performance.now() - producerDoneAt;
  const [p50, p95, p99] = freshness.summary([50, 95, 99]).percentiles;
  const all = freshness.summary([50]);
  console.log(
    `  producer: ${fmt(report.acked)} events acknowledged in ${(report.elapsedMs / 1000).toFixed(2)} s = ${fmt(report.acked / (report.elapsedMs / 1000))} events/s` +
      ` (CPU ${report.cpuSeconds.toFixed(1)} s; ${fmt(report.sends)} sends, ack mean ${report.meanAckMs.toFixed(1)} ms / max ${report.maxAckMs.toFixed(1)} ms, at most ${report.maxInFlight} in flight` +
      `${report.failed > 0 ? `; ${fmt(report.failed)} FAILED: ${report.lastError}` : ''})`,
  );
  const [delay50, delay99, delayMax] = report.loopDelayMs;
  console.log(
    `  machine noise: the producer's timers fired late by p50 ${delay50.toFixed(1)} / p99 ${delay99.toFixed(1)} / max ${delayMax.toFixed(1)} ms` +
      ` (its own sends, and waiting for a core as the engine's process does)`,
  );
  console.log(
    `  engine: ${fmt(consumed)} events visible in the views, ${fmt(freshness.count)} of them measured (produced after the warm-up);` +
      ` the last ${(drainMs / 1000).toFixed(2)} s after the producer's last acknowledgement` +
      `${drainMs > 1000 ? ': the engine did NOT keep up with the rate, so freshness grew with the backlog' : ''}`,
  );
  console.log(
    `  freshness (produce → visible in the views): p50 ${p50!.toFixed(0)} ms, p95 ${p95!.toFixed(0)} ms, p99 ${p99!.toFixed(0)} ms,` +
      ` max ${all.max.toFixed(0)} ms, mean ${all.mean.toFixed(1)} ms (aim: p99 under 50 ms)`,
  );
  // '-': nothing was produced in that second (the producer waited for a core).
  console.log(`  worst freshness by second produced (ms): ${Array.from(worstBySecond.subarray(0, SECONDS), (ms) => (ms > 0 ? ms.toFixed(0) : '-')).join(' ')}`);
  if (FRESHNESS_CHECKPOINTS) {
    const after = afterCommit.summary([50, 99]);
    const other = otherwise.summary([50, 99]);
    console.log(
      `  of these, ${fmt(afterCommit.count)} (${((afterCommit.count / Math.max(1, freshness.count)) * 100).toFixed(1)}%) were in epochs right after a checkpoint's commit:` +
        ` p50 ${after.percentiles[0]!.toFixed(0)} / p99 ${after.percentiles[1]!.toFixed(0)} ms; the others p50 ${other.percentiles[0]!.toFixed(0)} / p99 ${other.percentiles[1]!.toFixed(0)} ms`,
    );
  }
  const polls = times.pollMs.summary([50, 99]);
  const between = times.betweenMs.summary([50, 99]);
  const epochs = epochRunMs.summary([50, 99]);
  run.commits.recording = false;
  const commits = run.commits.ms.summary([100]);
  console.log(
    `  where time goes: poll p50 ${polls.percentiles[0]!.toFixed(1)} / p99 ${polls.percentiles[1]!.toFixed(1)} / max ${polls.max.toFixed(1)} ms;` +
      ` epoch run (poll end → visible) p50 ${epochs.percentiles[0]!.toFixed(1)} / p99 ${epochs.percentiles[1]!.toFixed(1)} / max ${epochs.max.toFixed(1)} ms;` +
      ` poll end → next poll p50 ${between.percentiles[0]!.toFixed(1)} / p99 ${between.percentiles[1]!.toFixed(1)} / max ${between.max.toFixed(1)} ms`,
  );
  console.log(
    `  ${fmt(times.pollMs.count)} polls, ${fmt(epochRunMs.count)} epochs with events (${fmt(freshness.count / Math.max(1, epochRunMs.count))} events/epoch);` +
      (FRESHNESS_CHECKPOINTS
        ? ` checkpoints: ${run.commits.ms.count}, main-thread time mean ${commits.mean.toFixed(1)} ms, longest ${commits.max.toFixed(1)} ms` +
          ` (${DURABILITY}; ${run.commits.describe()})`
        : ' no checkpoints'),
  );
  console.log(`  the engine's garbage collection paused it, while measured: ${gcPauses.describe()}`);
  await stopPipeline(run);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
}

/** Linux's CPU pressure (share of time some task waited for a core, last 60 s), where the kernel reports it. */
function cpuPressure(): string {
  const file = '/proc/pressure/cpu';
  const avg60 = existsSync(file) ? /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync(file, 'utf8'))?.[1] : undefined;
  return avg60 === undefined ? '' : `, tasks waited for a core ${avg60}% of the last minute`;
}

async function main(): Promise<void> {
  const bootstrap = kafkaBootstrap();
  console.log(`seed 000 (source + mv_gmv_hourly, mv_gmv_daily, mv_gmv_5min as written; topic and bootstrap server changed; no sinks) over Kafka at ${bootstrap}`);
  console.log(
    `machine: ${cpus().length} cores shared with other work (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start${cpuPressure()}), node ${process.version};` +
      ` the engine runs on this process's one thread, the broker beside it`,
  );
  console.log(`peer: none — neither Flink nor RisingWave can run here (offline); PostgreSQL (PGlite) checks the views' contents in part 1`);
  const admin = new Admin({ clientId: 'tally-bench-admin', bootstrapBrokers: [bootstrap] });
  try {
    if (EVENTS > 0) await partThroughput(bootstrap, admin);
    if (SECONDS > 0) await partFreshness(bootstrap, admin);
  } finally {
    await admin.close();
  }
}

await main();
