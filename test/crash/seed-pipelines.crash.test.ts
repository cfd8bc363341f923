// The SIGKILL crash test (issue 3, item 9): a child process runs the seed 000 and 001 pipelines over Kafka on one
// data directory and is killed with SIGKILL at random moments, again and again, while new events arrive; at the
// end no event is lost or counted twice, and every view equals PostgreSQL's answer over the whole input.
//
// Environment: TALLY_CRASH_KILLS (default 20), TALLY_CRASH_EVENTS (events per topic, default 3000),
// TALLY_CRASH_SEED (the events' and the kills' seed; random by default and printed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNearTwins, diffRows, formatRowDiff, isEmptyDiff } from '../differential/row-diff.js';
import { SeededRandom } from '../differential/seeded-random.js';
import type { TextResult } from '../differential/text-result.js';
import { kafkaBroker } from '../support/kafka-broker.js';
import { transpileTree } from '../support/transpile-tree.js';
import { LINE, type ChildConfig, type Dump, type RunSettings } from './child-protocol.js';
import { ChildRun } from './child-run.js';
import { EventFeed } from './event-feed.js';
import { postgresAnswers } from './postgres-answer.js';
import { generateSeedEvents } from './seed-events.js';
import { loadSeedPipelines, missingSeedFiles, withKafkaEndpoint } from './seed-pipelines-sql.js';
import { counted, killRun, type KillPhase, type KillPlan } from './kill-run.js';
import { PARTITIONS, positiveInteger } from './crash-settings.js';

const KILLS = positiveInteger('TALLY_CRASH_KILLS', 20);
const EVENTS_PER_TOPIC = positiveInteger('TALLY_CRASH_EVENTS', 3000);
const SEED = positiveInteger('TALLY_CRASH_SEED', 1 + Math.floor(Math.random() * 1_000_000));
/** This share of the kills lands at a random moment of the start (loading, restoring, opening the sources). */
const EARLY_KILL_SHARE = 0.3;
/**
 * The other kills land at most this long after the run counted its first new events (or found nothing left to
 * count), or, for the first run, after it began creating the pipelines.
 */
const MAX_LATER_KILL_MS = 300;
/** This share of the runs sends no events: the next run starts with a backlog to catch up on. */
const HOLD_BACK_SHARE = 0.25;
const FINAL_RUN_TIMEOUT_MS = 60_000 + EVENTS_PER_TOPIC * 4;
const TIMEOUT_MS = 60_000 + KILLS * 5_000 + EVENTS_PER_TOPIC * 10;

const broker = await kafkaBroker();
const skip = 'skip' in broker ? broker.skip : missingSeedFiles();
if (skip) console.warn(`skipping seed-pipelines.crash.test.ts: ${skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';
const pipelines = skip ? undefined : loadSeedPipelines();
const countView = (source: string): string => `crash_count_${source}`;


interface CrashOutcome {
  readonly dump: Dump;
  readonly expectedCounts: Readonly<Record<string, number>>;
  readonly answers: ReadonlyMap<string, TextResult>;
}

let workDirectory: string | undefined;
let feed: EventFeed | undefined;
let current: ChildRun | undefined;

/** Fractions cutting each topic's events into `slices` slices of uneven sizes. */
function sliceCuts(rng: SeededRandom, slices: number): number[] {
  const cuts = [0];
  for (let slice = 1; slice < slices; slice++) cuts.push((slice + rng.next() * 0.8 - 0.4) / slices);
  cuts.push(1);
  return cuts;
}

/** The child's configuration: the seeds' statements over the fresh topics, and a count view per source. */
function childConfig(dataDir: string, dumpPath: string, topics: ReadonlyMap<string, string>): ChildConfig {
  const { sources, views, statements } = pipelines!;
  const countViews = Object.fromEntries(sources.map((source) => [source.name, countView(source.name)]));
  const endpoint = (name: string): string => withKafkaEndpoint(sources.find((source) => source.name === name)!, topics.get(name)!, bootstrap);
  return {
    dataDir,
    statements: [
      ...statements.map(({ kind, name, sql }) => ({ name, sql: kind === 'source' ? endpoint(name) : sql })),
      ...sources.map((source) => ({ name: countView(source.name), sql: `CREATE MATERIALIZED VIEW ${countView(source.name)} AS SELECT COUNT(*) AS n FROM ${source.name}` })),
    ],
    countViews,
    dumpViews: [...views.map((view) => view.name), ...Object.values(countViews)],
    dumpPath,
  };
}



/** Runs the child again and again on one data directory, killing every run but the last; compares the last run's dump. */
async function crashAndCompare(): Promise<CrashOutcome> {
  const started = performance.now();
  const rng = new SeededRandom(SEED);
  workDirectory = mkdtempSync(join(tmpdir(), 'tally-seed-crash-'));
  const tree = transpileTree(fileURLToPath(new URL('./pipeline-child.ts', import.meta.url)), 'seed-pipelines-crash');
  const transpiledAt = performance.now();
  const events = generateSeedEvents(SEED, EVENTS_PER_TOPIC);
  const expectedCounts = Object.fromEntries([...events].map(([source, list]) => [source, list.length]));
  // Slice k is sent during run k (the final run sends what is left), so that restarted runs find new events.
  feed = await EventFeed.create(bootstrap, events, PARTITIONS, sliceCuts(rng, KILLS + 1));
  const config = childConfig(join(workDirectory, 'data'), join(workDirectory, 'dump.json'), feed.topics);
  const configPath = join(workDirectory, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const settings = (final = false): RunSettings => ({
    barrierIntervalMs: rng.int(20, 50),
    checkpointIntervalMs: rng.pick([0, 0, 10, 50, 100]),
    // The final run reads its backlog at full pace: it is not killed.
    maxRecordsPerEpoch: final ? 100_000 : rng.pick([50, 200, 100_000]),
  });

  // Nothing is sent before every statement exists: a view created after its source has read events would miss them.
  let setUp = false;
  let readyAfterMs = 2000;
  const phases: Record<KillPhase, number> = { starting: 0, 'setting up': 0, running: 0 };
  let checkpoints = 0;
  /** Per kill: events counted at the last report of the run / events sent by then ('-': no report). */
  const killedAt: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const run = (current = ChildRun.start(tree.entry, configPath, settings()));
    // Every draw is made on every run, so that the sequence does not depend on timing.
    const holdBack = rng.chance(HOLD_BACK_SHARE);
    const early = rng.chance(EARLY_KILL_SHARE);
    const earlyDelayMs = rng.next() * readyAfterMs;
    const laterDelayMs = rng.int(0, MAX_LATER_KILL_MS);
    // The first run is killed while it creates the pipelines: the next one must create just what is missing.
    const plan: KillPlan = kill === 0 ? { moment: 'setup', delayMs: laterDelayMs } : early ? { moment: 'early', delayMs: earlyDelayMs } : { moment: 'running', delayMs: laterDelayMs };
    let sendingDone = false;
    const sending = (async () => {
      if (!setUp && (await run.waitFor(LINE.ready)) === undefined) return;
      setUp = true;
      if (!holdBack) await feed!.sendThrough(kill);
      sendingDone = true;
    })();
    const phase = await killRun(run, plan, () => sendingDone, () => feed!.sent);
    await sending;
    phases[phase]++;
    checkpoints += run.progress?.checkpoints ?? 0;
    killedAt.push(`${phase === 'running' ? '' : phase === 'starting' ? 's:' : 'c:'}${run.progress ? counted(run.progress) : '-'}/${feed.sent}`);
    if (run.readyAfterMs !== undefined) readyAfterMs = run.readyAfterMs;
  }

  const killsDoneAt = performance.now();
  const run = (current = ChildRun.start(tree.entry, configPath, settings(true)));
  // PostgreSQL's answer is worked out while the final run catches up.
  const answering = postgresAnswers(pipelines!, events);
  // Awaited below; until then a failure of the final run must not leave it unhandled.
  answering.catch(() => undefined);
  if ((await run.waitFor(LINE.ready)) === undefined) throw new Error(`the final run ended before it was ready (code ${(await run.exited).code}):\n${run.stderr}`);
  await feed.sendThrough(feed.slices - 1);
  run.finish(expectedCounts);
  const stopTimer = new AbortController();
  const timeout = sleep(FINAL_RUN_TIMEOUT_MS, 'timeout' as const, { signal: stopTimer.signal }).catch(() => 'stopped' as const);
  const ended = await Promise.race([run.exited, timeout]);
  stopTimer.abort();
  if (ended === 'timeout') {
    run.kill();
    throw new Error(
      `the final run did not reach the expected counts ${JSON.stringify(expectedCounts)} within ${FINAL_RUN_TIMEOUT_MS / 1000}s; ` +
        `last progress: ${JSON.stringify(run.progress)}\n${run.stderr}`,
    );
  }
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`the final run failed (code ${exit.code}, signal ${exit.signal}):\n${run.stderr}`);
  checkpoints += run.progress?.checkpoints ?? 0;
  const dump = JSON.parse(readFileSync(config.dumpPath, 'utf8')) as Dump;
  const finalRunMs = Math.round(run.age);
  const answers = await answering;
  const seconds = (from: number, to = performance.now()): string => `${((to - from) / 1000).toFixed(1)} s`;
  console.log(
    `seed pipelines crash test (seed ${SEED}): ${KILLS} SIGKILLs and ${KILLS} restarts on one data directory ` +
      `(${phases.starting} kills while starting or restoring, ${phases['setting up']} while creating the pipelines, ${phases.running} while events flowed); ` +
      `${feed.sent} events in ${feed.topics.size} topics (${Object.entries(expectedCounts).map(([source, count]) => `${source} ${count}`).join(', ')}); ` +
      `events counted/sent at each kill (s: starting, c: creating): ${listed(killedAt)}; at least ${checkpoints} checkpoints committed; ` +
      `the final run caught up and dumped in ${finalRunMs} ms; total ${seconds(started)} (transpiling ${seconds(started, transpiledAt)}, ` +
      `killed runs ${seconds(transpiledAt, killsDoneAt)}, final run and PostgreSQL ${seconds(killsDoneAt)})`,
  );
  return { dump, expectedCounts, answers };
}

/** At most `limit` items, then how many more there are: a long run's summary stays one readable line. */
function listed(items: readonly string[], limit = 40): string {
  return items.length <= limit ? items.join(' ') : `${items.slice(0, limit).join(' ')} … (${items.length - limit} more)`;
}

/** The comparison of one view, as the line the summary prints and a failure message when it differs. */
function compareView(name: string, outcome: CrashOutcome): { line: string; failure?: string } {
  const expected = outcome.answers.get(name)!;
  const actual = outcome.dump.views[name];
  if (!actual) return { line: `${name}: missing from the dump`, failure: `view ${name} is missing from the child's dump` };
  const columns = actual.columns.map((column) => column.name);
  if (JSON.stringify(columns) !== JSON.stringify(expected.columns)) {
    const failure = `view ${name}: Tally's columns (${columns.join(', ')}) are not PostgreSQL's (${expected.columns.join(', ')})`;
    return { line: `${name}: columns differ`, failure };
  }
  const diff = diffRows(expected.rows, actual.rows);
  if (isEmptyDiff(diff)) return { line: `${name}: matches PostgreSQL (${expected.rows.length} rows)` };
  const twins = describeNearTwins(diff, expected.columns);
  const failure = [
    `view ${name} differs from PostgreSQL after the kills: ${diff.missing.length} rows missing, ${diff.extra.length} extra ` +
      `(PostgreSQL ${expected.rows.length} rows, Tally ${actual.rows.length}); "-" only in PostgreSQL, "+" only in Tally` +
      ` (${expected.columns.join(' | ')}):`,
    ...formatRowDiff(diff),
    ...(twins ? [twins] : []),
  ].join('\n');
  return { line: `${name}: DIFFERS (${diff.missing.length} missing, ${diff.extra.length} extra of ${expected.rows.length} rows)`, failure };
}

describe.skipIf(skip !== undefined)('seed 000 and 001 pipelines over Kafka under SIGKILL', () => {
  let outcome: CrashOutcome | undefined;
  const verdicts: string[] = [];

  beforeAll(async () => {
    outcome = await crashAndCompare();
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (verdicts.length > 0) console.log(`seed pipelines crash test, views after ${KILLS} kills:\n  ${verdicts.join('\n  ')}`);
    current?.kill();
    await feed?.close();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  it('counts every event exactly once: none lost, none twice', () => {
    const { dump, expectedCounts } = outcome!;
    const countedBySource = Object.fromEntries(Object.keys(expectedCounts).map((source) => [source, Number(dump.views[countView(source)]?.rows[0]?.[0])]));
    expect(countedBySource).toEqual(expectedCounts);
  });

  it.each((pipelines?.views ?? []).map((view) => view.name))('%s equals PostgreSQL over the full input', (name) => {
    const { line, failure } = compareView(name, outcome!);
    verdicts.push(line);
    if (failure) expect.fail(failure);
  });
});
