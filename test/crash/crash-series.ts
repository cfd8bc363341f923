// The series both SIGKILL crash tests run: a child started again and again on one data directory and killed at
// random moments while the seed events arrive slice by slice, then a final run that catches up and dumps its views
// (and sink counters), with PostgreSQL's answer over the whole input worked out meanwhile.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SeededRandom } from '../differential/seeded-random.js';
import type { TextResult } from '../differential/text-result.js';
import { transpileTree } from '../support/transpile-tree.js';
import { LINE, type ChildConfig, type Dump, type RunSettings } from './child-protocol.js';
import { ChildRun } from './child-run.js';
import { EventFeed } from './event-feed.js';
import { counted, killRun, type KillPhase, type KillPlan } from './kill-run.js';
import { postgresAnswers } from './postgres-answer.js';
import { generateSeedEvents } from './seed-events.js';
import type { SeedPipelines } from './seed-pipelines-sql.js';
import { PARTITIONS } from './crash-settings.js';

export interface CrashSeriesOptions {
  readonly seed: number;
  readonly kills: number;
  readonly eventsPerTopic: number;
  readonly bootstrap: string;
  readonly pipelines: SeedPipelines;
  /** The child (test/crash/pipeline-child.ts) and a name for its transpiled tree. */
  readonly childEntry: string;
  readonly treeName: string;
  readonly workPrefix: string;
  readonly childConfig: (dataDir: string, dumpPath: string, topics: ReadonlyMap<string, string>) => ChildConfig;
  /** Checkpoint intervals the runs draw from. */
  readonly checkpointIntervals: readonly number[];
  /** The delay of the first kill, which lands while the child creates its statements. */
  readonly setupKillDelayMs: (rng: SeededRandom, laterDelayMs: number) => number;
  /** This share of the kills lands at a random moment of the start (loading, restoring, opening the sources). */
  readonly earlyKillShare: number;
  /** The other kills land at most this long after the run counted its first new events. */
  readonly maxLaterKillMs: number;
  /** This share of the runs sends no events: the next run starts with a backlog to catch up on. */
  readonly holdBackShare: number;
  readonly finalRunTimeoutMs: number;
}

/** What the series leaves to clean up, set as it goes (a failing series still leaves them for afterAll). */
export interface CrashHandles {
  workDirectory?: string;
  feed?: EventFeed;
  current?: ChildRun;
}

export interface CrashOutcome {
  readonly dump: Dump;
  readonly expectedCounts: Readonly<Record<string, number>>;
  readonly answers: ReadonlyMap<string, TextResult>;
  readonly phases: Readonly<Record<KillPhase, number>>;
  /** Per kill: events counted at the last report of the run / events sent by then ('-': no report; s: starting, c: creating). */
  readonly killedAt: readonly string[];
  /** Checkpoints the runs reported committed (at least). */
  readonly checkpoints: number;
  readonly feed: EventFeed;
  readonly finalRunMs: number;
  /** performance.now() at the start, after transpiling, and after the killed runs. */
  readonly startedAt: number;
  readonly transpiledAt: number;
  readonly killsDoneAt: number;
}

/** Runs the child again and again on one data directory, killing every run but the last; returns the last run's dump. */
export async function runCrashSeries(options: CrashSeriesOptions, handles: CrashHandles): Promise<CrashOutcome> {
  const startedAt = performance.now();
  const rng = new SeededRandom(options.seed);
  const workDirectory = (handles.workDirectory = mkdtempSync(join(tmpdir(), options.workPrefix)));
  const tree = transpileTree(options.childEntry, options.treeName);
  const transpiledAt = performance.now();
  const events = generateSeedEvents(options.seed, options.eventsPerTopic);
  const expectedCounts = Object.fromEntries([...events].map(([source, list]) => [source, list.length]));
  // Slice k is sent during run k (the final run sends what is left), so that restarted runs find new events.
  const feed = (handles.feed = await EventFeed.create(options.bootstrap, events, PARTITIONS, sliceCuts(rng, options.kills + 1)));
  const config = options.childConfig(join(workDirectory, 'data'), join(workDirectory, 'dump.json'), feed.topics);
  const configPath = join(workDirectory, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const settings = (final = false): RunSettings => ({
    barrierIntervalMs: rng.int(20, 50),
    checkpointIntervalMs: rng.pick(options.checkpointIntervals),
    // The final run reads its backlog at full pace: it is not killed.
    maxRecordsPerEpoch: final ? 100_000 : rng.pick([50, 200, 100_000]),
  });

  // Nothing is sent before every statement exists: a view created after its source has read events would miss them.
  let setUp = false;
  let readyAfterMs = 2000;
  const phases: Record<KillPhase, number> = { starting: 0, 'setting up': 0, running: 0 };
  let checkpoints = 0;
  const killedAt: string[] = [];
  for (let kill = 0; kill < options.kills; kill++) {
    const run = (handles.current = ChildRun.start(tree.entry, configPath, settings()));
    // Every draw is made on every run, so that the sequence does not depend on timing.
    const holdBack = rng.chance(options.holdBackShare);
    const early = rng.chance(options.earlyKillShare);
    const earlyDelayMs = rng.next() * readyAfterMs;
    const laterDelayMs = rng.int(0, options.maxLaterKillMs);
    // The first run is killed while it creates its statements: the next one must create just what is missing.
    const plan: KillPlan =
      kill === 0
        ? { moment: 'setup', delayMs: options.setupKillDelayMs(rng, laterDelayMs) }
        : early
          ? { moment: 'early', delayMs: earlyDelayMs }
          : { moment: 'running', delayMs: laterDelayMs };
    let sendingDone = false;
    const sending = (async () => {
      if (!setUp && (await run.waitFor(LINE.ready)) === undefined) return;
      setUp = true;
      if (!holdBack) await feed.sendThrough(kill);
      sendingDone = true;
    })();
    const phase = await killRun(run, plan, () => sendingDone, () => feed.sent);
    await sending;
    phases[phase]++;
    checkpoints += run.progress?.checkpoints ?? 0;
    killedAt.push(`${phase === 'running' ? '' : phase === 'starting' ? 's:' : 'c:'}${run.progress ? counted(run.progress) : '-'}/${feed.sent}`);
    if (run.readyAfterMs !== undefined) readyAfterMs = run.readyAfterMs;
  }

  const killsDoneAt = performance.now();
  const run = (handles.current = ChildRun.start(tree.entry, configPath, settings(true)));
  // PostgreSQL's answer is worked out while the final run catches up.
  const answering = postgresAnswers(options.pipelines, events);
  // Awaited below; until then a failure of the final run must not leave it unhandled.
  answering.catch(() => undefined);
  if ((await run.waitFor(LINE.ready)) === undefined) throw new Error(`the final run ended before it was ready (code ${(await run.exited).code}):\n${run.stderr}`);
  await feed.sendThrough(feed.slices - 1);
  run.finish(expectedCounts);
  const stopTimer = new AbortController();
  const timeout = sleep(options.finalRunTimeoutMs, 'timeout' as const, { signal: stopTimer.signal }).catch(() => 'stopped' as const);
  const ended = await Promise.race([run.exited, timeout]);
  stopTimer.abort();
  if (ended === 'timeout') {
    run.kill();
    throw new Error(
      `the final run did not reach the expected counts ${JSON.stringify(expectedCounts)} within ${options.finalRunTimeoutMs / 1000}s; ` +
        `last progress: ${JSON.stringify(run.progress)}\n${run.stderr}`,
    );
  }
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`the final run failed (code ${exit.code}, signal ${exit.signal}):\n${run.stderr}`);
  checkpoints += run.progress?.checkpoints ?? 0;
  const dump = JSON.parse(readFileSync(config.dumpPath, 'utf8')) as Dump;
  const finalRunMs = Math.round(run.age);
  const answers = await answering;
  return { dump, expectedCounts, answers, phases, killedAt, checkpoints, feed, finalRunMs, startedAt, transpiledAt, killsDoneAt };
}

/** Fractions cutting each topic's events into `slices` slices of uneven sizes. */
function sliceCuts(rng: SeededRandom, slices: number): number[] {
  const cuts = [0];
  for (let slice = 1; slice < slices; slice++) cuts.push((slice + rng.next() * 0.8 - 0.4) / slices);
  cuts.push(1);
  return cuts;
}

/** Seconds from `from` to `to` (default now), for the summary lines. */
export const secondsSince = (from: number, to = performance.now()): string => `${((to - from) / 1000).toFixed(1)} s`;

/** The count view the crash tests add per source: `SELECT COUNT(*)`, so that every event is counted once. */
export const countView = (source: string): string => `crash_count_${source}`;

/** The child's statements: the seeds' sources over the fresh topics, their views, then a count view per source. */
export function seedStatements(pipelines: SeedPipelines, endpoint: (source: string) => string): { name: string; sql: string }[] {
  return [
    ...pipelines.statements.map(({ kind, name, sql }) => ({ name, sql: kind === 'source' ? endpoint(name) : sql })),
    ...pipelines.sources.map((source) => ({ name: countView(source.name), sql: `CREATE MATERIALIZED VIEW ${countView(source.name)} AS SELECT COUNT(*) AS n FROM ${source.name}` })),
  ];
}

/** Events each source's count view holds in the dump, by source. */
export function countedBySource(dump: Dump, expectedCounts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.keys(expectedCounts).map((source) => [source, Number(dump.views[countView(source)]?.rows[0]?.[0])]));
}
