// The sink crash test (issue 5, items 2 and 6): a child process runs the seed 000 and 001 pipelines over Kafka with
// the seeds' JDBC sinks as written (pointed at the local PostgreSQL, and the same sinks at the local MariaDB), on
// one data directory, and is killed with SIGKILL at random moments, again and again, while new events arrive. At
// the end every target table equals its view and PostgreSQL's answer over the whole input: no change lost, none
// left over from a run that was killed.
//
// Environment: TALLY_SINK_CRASH_KILLS (default 12), TALLY_SINK_CRASH_EVENTS (events per topic, default 1500),
// TALLY_SINK_CRASH_SEED (the events' and the kills' seed; random by default and printed).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlTarget, postgresTarget, uniqueTable, type TestTarget } from '../../src/connectors/jdbc/jdbc-test-targets.test-support.js';
import { diffRows, formatRowDiff, isEmptyDiff } from '../differential/row-diff.js';
import type { TextRow } from '../differential/text-result.js';
import type { ChildConfig } from '../crash/child-protocol.js';
import { countView, countedBySource, runCrashSeries, secondsSince, seedStatements, type CrashHandles, type CrashOutcome } from '../crash/crash-series.js';
import { loadSeedPipelines, missingSeedFiles, withKafkaEndpoint } from '../crash/seed-pipelines-sql.js';
import { kafkaBroker } from '../support/kafka-broker.js';
import { loadSeedJdbcSinks, seedSinkStatement } from './seed-sink-statements.js';
import { canonicalTextRows, type NumericForm } from './sink-dump.js';
import { positiveInteger } from '../crash/crash-settings.js';

const KILLS = positiveInteger('TALLY_SINK_CRASH_KILLS', 12);
const EVENTS_PER_TOPIC = positiveInteger('TALLY_SINK_CRASH_EVENTS', 1500);
const SEED = positiveInteger('TALLY_SINK_CRASH_SEED', 1 + Math.floor(Math.random() * 1_000_000));
/** This share of the kills lands at a random moment of the start (loading, restoring, reopening sinks). */
const EARLY_KILL_SHARE = 0.25;
/**
 * The other kills land at most this long after the run counted its first new events: longer than the seeds'
 * sinks wait to write (their default flush interval is 1 s), so that kills also find writes in flight.
 */
const MAX_LATER_KILL_MS = 1800;
/** This share of the runs sends no events: the next run starts with a backlog to catch up on. */
const HOLD_BACK_SHARE = 0.2;
const FINAL_RUN_TIMEOUT_MS = 90_000 + EVENTS_PER_TOPIC * 4;
const TIMEOUT_MS = 90_000 + KILLS * 8_000 + EVENTS_PER_TOPIC * 10;

interface SinkTarget {
  readonly label: string;
  readonly db: TestTarget;
  /** Appended to each seed sink's name for this server ('' keeps the seed's names). */
  readonly suffix: string;
  readonly numeric: NumericForm;
}

const broker = await kafkaBroker();
const [postgres, mariadb] = await Promise.all([postgresTarget(), mysqlTarget()]);
const targets: SinkTarget[] = [];
if ('skip' in postgres) console.warn(`seed-sinks.crash.test.ts: no PostgreSQL target: ${postgres.skip}`);
else targets.push({ label: 'PostgreSQL', db: postgres, suffix: '', numeric: 'exact' });
if ('skip' in mariadb) console.warn(`seed-sinks.crash.test.ts: no MariaDB target: ${mariadb.skip}`);
else targets.push({ label: 'MariaDB', db: mariadb, suffix: '_mariadb', numeric: 'padded' });
const skip = 'skip' in broker ? broker.skip : targets.length === 0 ? 'neither PostgreSQL nor MariaDB is available' : missingSeedFiles();
if (skip) console.warn(`skipping seed-sinks.crash.test.ts: ${skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';
const pipelines = skip ? undefined : loadSeedPipelines();
const seedSinks = skip ? [] : loadSeedJdbcSinks();

/** One seed sink on one server: the sink's name in Tally, its view, its target table. */
interface SunkTable {
  readonly sink: string;
  readonly view: string;
  readonly table: string;
  readonly target: SinkTarget;
  readonly sql: string;
}

const sunk: SunkTable[] = targets.flatMap((target) =>
  seedSinks.map((seed) => {
    const sink = `${seed.name}${target.suffix}`;
    const table = uniqueTable(seed.sql.match(/\btable\.name\s*=\s*'([^']*)'/)?.[1] ?? seed.name);
    return { sink, view: seed.view, table, target, sql: seedSinkStatement(seed, sink, target.db.url(), table) };
  }),
);

const handles: CrashHandles = {};

/** The seeds' sources over the fresh topics, their views, a count view per source, then every sink. */
function childConfig(dataDir: string, dumpPath: string, topics: ReadonlyMap<string, string>): ChildConfig {
  const { sources, views } = pipelines!;
  const endpoint = (name: string): string => withKafkaEndpoint(sources.find((source) => source.name === name)!, topics.get(name)!, bootstrap);
  const countViews = Object.fromEntries(sources.map((source) => [source.name, countView(source.name)]));
  return {
    dataDir,
    statements: [...seedStatements(pipelines!, endpoint), ...sunk.map(({ sink, sql }) => ({ name: sink, sql }))],
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
      childEntry: fileURLToPath(new URL('../crash/pipeline-child.ts', import.meta.url)),
      treeName: 'seed-sinks-crash',
      workPrefix: 'tally-sink-crash-',
      childConfig,
      // Long intervals too: writes confirmed after a checkpoint are forgotten by a kill, and written again.
      checkpointIntervals: [0, 10, 100, 500, 1500],
      setupKillDelayMs: (rng) => rng.int(0, 300),
      earlyKillShare: EARLY_KILL_SHARE,
      maxLaterKillMs: MAX_LATER_KILL_MS,
      holdBackShare: HOLD_BACK_SHARE,
      finalRunTimeoutMs: FINAL_RUN_TIMEOUT_MS,
    },
    handles,
  );
  const { phases, feed, killedAt, dump, finalRunMs, startedAt, killsDoneAt } = outcome;
  console.log(
    `seed sinks crash test (seed ${SEED}): ${KILLS} SIGKILLs and restarts, sinks into ${targets.map((target) => target.label).join(' and ')} ` +
      `(${phases.starting} kills while starting, ${phases['setting up']} while creating, ${phases.running} while events flowed); ` +
      `${feed.sent} events; counted/sent at each kill: ${killedAt.join(' ')}; ` +
      `final run ${finalRunMs} ms, its sinks wrote ${Object.entries(dump.sinks).map(([name, stats]) => `${name} ${stats.delivered}`).join(', ')} changes; ` +
      `total ${secondsSince(startedAt)} (killed runs ${secondsSince(startedAt, killsDoneAt)})`,
  );
  return outcome;
}

/** Differences between two row lists as a failure message, or undefined when they are equal as multisets. */
function difference(what: string, expected: readonly TextRow[], actual: readonly TextRow[], columns: readonly string[], names: [string, string]): string | undefined {
  const diff = diffRows(expected, actual);
  if (isEmptyDiff(diff)) return undefined;
  return [
    `${what}: ${diff.missing.length} rows only in ${names[0]}, ${diff.extra.length} only in ${names[1]} (${expected.length} and ${actual.length} rows); ` +
      `"-" only in ${names[0]}, "+" only in ${names[1]} (${columns.join(' | ')}):`,
    ...formatRowDiff(diff),
  ].join('\n');
}

describe.skipIf(skip !== undefined)('seed JDBC sinks under SIGKILL', () => {
  let outcome: CrashOutcome | undefined;

  beforeAll(async () => {
    outcome = await crashAndCompare();
  }, TIMEOUT_MS);

  afterAll(async () => {
    handles.current?.kill();
    await handles.feed?.close();
    if (handles.workDirectory) rmSync(handles.workDirectory, { recursive: true, force: true });
    for (const { table, target } of sunk) await target.db.run(`DROP TABLE IF EXISTS ${target.db.quote(table)}`).catch(() => undefined);
    for (const target of targets) await target.db.close();
  });

  it('counts every event exactly once, and every sink confirmed every change', () => {
    const { dump, expectedCounts } = outcome!;
    expect(countedBySource(dump, expectedCounts)).toEqual(expectedCounts);
    for (const { sink } of sunk) expect(dump.sinks[sink]?.pending, `pending changes of ${sink}`).toBe(0);
  });

  it.each(sunk.map((entry) => ({ ...entry, label: `${entry.sink} (${entry.target.label} table ${entry.table})` })))(
    '$label equals its view and PostgreSQL over the full input',
    async ({ view, table, target }) => {
      const { dump, answers } = outcome!;
      const viewDump = dump.views[view]!;
      const columns = viewDump.columns;
      const names = columns.map((column) => column.name);
      const answer = answers.get(view)!;
      expect(answer.columns).toEqual(names);
      const targetRows = (await target.db.rows(table, columns)).map((text) => JSON.parse(text) as TextRow);
      const canonical = (rows: readonly TextRow[]): TextRow[] => canonicalTextRows(rows, columns, target.numeric);
      const failures = [
        difference(`${target.label} table ${table} against view ${view}`, canonical(viewDump.rows), canonical(targetRows), names, ['the view', 'the table']),
        difference(`${target.label} table ${table} against PostgreSQL's ${view}`, canonical(answer.rows), canonical(targetRows), names, ['PostgreSQL', 'the table']),
      ].filter((failure) => failure !== undefined);
      if (failures.length > 0) expect.fail(failures.join('\n'));
      expect(targetRows.length).toBeGreaterThan(0);
    },
  );
});
