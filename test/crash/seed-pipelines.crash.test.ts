// The SIGKILL crash test (issue 3, item 9): a child process runs the seed 000 and 001 pipelines over Kafka on one
// data directory and is killed with SIGKILL at random moments, again and again, while new events arrive; at the
// end no event is lost or counted twice, and every view equals PostgreSQL's answer over the whole input.
//
// Environment: TALLY_CRASH_KILLS (default 20), TALLY_CRASH_EVENTS (events per topic, default 3000),
// TALLY_CRASH_SEED (the events' and the kills' seed; random by default and printed).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNearTwins, diffRows, formatRowDiff, isEmptyDiff } from '../differential/row-diff.js';
import { kafkaBroker } from '../support/kafka-broker.js';
import type { ChildConfig } from './child-protocol.js';
import { countView, countedBySource, runCrashSeries, secondsSince, seedStatements, type CrashHandles, type CrashOutcome } from './crash-series.js';
import { loadSeedPipelines, missingSeedFiles, withKafkaEndpoint } from './seed-pipelines-sql.js';
import { positiveInteger } from './crash-settings.js';

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
const handles: CrashHandles = {};

/** The child's configuration: the seeds' statements over the fresh topics, and a count view per source. */
function childConfig(dataDir: string, dumpPath: string, topics: ReadonlyMap<string, string>): ChildConfig {
  const { sources, views } = pipelines!;
  const countViews = Object.fromEntries(sources.map((source) => [source.name, countView(source.name)]));
  const endpoint = (name: string): string => withKafkaEndpoint(sources.find((source) => source.name === name)!, topics.get(name)!, bootstrap);
  return {
    dataDir,
    statements: seedStatements(pipelines!, endpoint),
    countViews,
    dumpViews: [...views.map((view) => view.name), ...Object.values(countViews)],
    dumpPath,
  };
}

/** Runs the series and prints its summary line. */
async function crashAndCompare(): Promise<CrashOutcome> {
  const outcome = await runCrashSeries(
    {
      seed: SEED,
      kills: KILLS,
      eventsPerTopic: EVENTS_PER_TOPIC,
      bootstrap,
      pipelines: pipelines!,
      childEntry: fileURLToPath(new URL('./pipeline-child.ts', import.meta.url)),
      treeName: 'seed-pipelines-crash',
      workPrefix: 'tally-seed-crash-',
      childConfig,
      checkpointIntervals: [0, 0, 10, 50, 100],
      setupKillDelayMs: (_rng, laterDelayMs) => laterDelayMs,
      earlyKillShare: EARLY_KILL_SHARE,
      maxLaterKillMs: MAX_LATER_KILL_MS,
      holdBackShare: HOLD_BACK_SHARE,
      finalRunTimeoutMs: FINAL_RUN_TIMEOUT_MS,
    },
    handles,
  );
  const { phases, feed, expectedCounts, killedAt, checkpoints, finalRunMs, startedAt, transpiledAt, killsDoneAt } = outcome;
  console.log(
    `seed pipelines crash test (seed ${SEED}): ${KILLS} SIGKILLs and ${KILLS} restarts on one data directory ` +
      `(${phases.starting} kills while starting or restoring, ${phases['setting up']} while creating the pipelines, ${phases.running} while events flowed); ` +
      `${feed.sent} events in ${feed.topics.size} topics (${Object.entries(expectedCounts).map(([source, count]) => `${source} ${count}`).join(', ')}); ` +
      `events counted/sent at each kill (s: starting, c: creating): ${listed(killedAt)}; at least ${checkpoints} checkpoints committed; ` +
      `the final run caught up and dumped in ${finalRunMs} ms; total ${secondsSince(startedAt)} (transpiling ${secondsSince(startedAt, transpiledAt)}, ` +
      `killed runs ${secondsSince(transpiledAt, killsDoneAt)}, final run and PostgreSQL ${secondsSince(killsDoneAt)})`,
  );
  return outcome;
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
    handles.current?.kill();
    await handles.feed?.close();
    if (handles.workDirectory) rmSync(handles.workDirectory, { recursive: true, force: true });
  });

  it('counts every event exactly once: none lost, none twice', () => {
    const { dump, expectedCounts } = outcome!;
    expect(countedBySource(dump, expectedCounts)).toEqual(expectedCounts);
  });

  it.each((pipelines?.views ?? []).map((view) => view.name))('%s equals PostgreSQL over the full input', (name) => {
    const { line, failure } = compareView(name, outcome!);
    verdicts.push(line);
    if (failure) expect.fail(failure);
  });
});
