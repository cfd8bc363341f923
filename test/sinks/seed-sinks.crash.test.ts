// The sink crash test (issue 5, items 2 and 6): a child process runs the seed 000 and 001 pipelines over Kafka with
// the seeds' JDBC sinks as written (pointed at the local PostgreSQL, and the same sinks at the local MariaDB), on
// one data directory, and is killed with SIGKILL at random moments, again and again, while new events arrive. At
// the end every target table equals its view and PostgreSQL's answer over the whole input: no change lost, none
// left over from a run that was killed.
//
// Environment: TALLY_SINK_CRASH_KILLS (default 12), TALLY_SINK_CRASH_EVENTS (events per topic, default 1500),
// TALLY_SINK_CRASH_SEED (the events' and the kills' seed; random by default and printed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlTarget, postgresTarget, uniqueTable, type TestTarget } from '../../src/connectors/jdbc/jdbc-test-targets.test-support.js';
import { diffRows, formatRowDiff, isEmptyDiff } from '../differential/row-diff.js';
import { SeededRandom } from '../differential/seeded-random.js';
import type { TextResult, TextRow } from '../differential/text-result.js';
import { LINE, type ChildConfig, type Dump, type RunSettings } from '../crash/child-protocol.js';
import { ChildRun } from '../crash/child-run.js';
import { EventFeed } from '../crash/event-feed.js';
import { postgresAnswers } from '../crash/postgres-answer.js';
import { generateSeedEvents } from '../crash/seed-events.js';
import { loadSeedPipelines, missingSeedFiles, withKafkaEndpoint } from '../crash/seed-pipelines-sql.js';
import { kafkaBroker } from '../support/kafka-broker.js';
import { transpileTree } from '../support/transpile-tree.js';
import { loadSeedJdbcSinks, seedSinkStatement } from './seed-sink-statements.js';
import { canonicalTextRows, type NumericForm } from './sink-dump.js';
import { counted, killRun, type KillPhase, type KillPlan } from '../crash/kill-run.js';
import { PARTITIONS, positiveInteger } from '../crash/crash-settings.js';

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

const countView = (source: string): string => `crash_count_${source}`;


interface CrashOutcome {
  readonly dump: Dump;
  readonly expectedCounts: Readonly<Record<string, number>>;
  readonly answers: ReadonlyMap<string, TextResult>;
}

let workDirectory: string | undefined;
let feed: EventFeed | undefined;
let current: ChildRun | undefined;

function sliceCuts(rng: SeededRandom, slices: number): number[] {
  const cuts = [0];
  for (let slice = 1; slice < slices; slice++) cuts.push((slice + rng.next() * 0.8 - 0.4) / slices);
  cuts.push(1);
  return cuts;
}

/** The seeds' sources over the fresh topics, their views, a count view per source, then every sink. */
function childConfig(dataDir: string, dumpPath: string, topics: ReadonlyMap<string, string>): ChildConfig {
  const { sources, views, statements } = pipelines!;
  const endpoint = (name: string): string => withKafkaEndpoint(sources.find((source) => source.name === name)!, topics.get(name)!, bootstrap);
  const countViews = Object.fromEntries(sources.map((source) => [source.name, countView(source.name)]));
  return {
    dataDir,
    statements: [
      ...statements.map(({ kind, name, sql }) => ({ name, sql: kind === 'source' ? endpoint(name) : sql })),
      ...sources.map((source) => ({ name: countView(source.name), sql: `CREATE MATERIALIZED VIEW ${countView(source.name)} AS SELECT COUNT(*) AS n FROM ${source.name}` })),
      ...sunk.map(({ sink, sql }) => ({ name: sink, sql })),
    ],
    countViews,
    dumpViews: [...views.map((view) => view.name), ...Object.values(countViews)],
    dumpPath,
  };
}



async function crashAndCompare(): Promise<CrashOutcome> {
  const started = performance.now();
  const rng = new SeededRandom(SEED);
  workDirectory = mkdtempSync(join(tmpdir(), 'tally-sink-crash-'));
  const tree = transpileTree(fileURLToPath(new URL('../crash/pipeline-child.ts', import.meta.url)), 'seed-sinks-crash');
  const events = generateSeedEvents(SEED, EVENTS_PER_TOPIC);
  const expectedCounts = Object.fromEntries([...events].map(([source, list]) => [source, list.length]));
  feed = await EventFeed.create(bootstrap, events, PARTITIONS, sliceCuts(rng, KILLS + 1));
  const config = childConfig(join(workDirectory, 'data'), join(workDirectory, 'dump.json'), feed.topics);
  const configPath = join(workDirectory, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const settings = (final = false): RunSettings => ({
    barrierIntervalMs: rng.int(20, 50),
    // Long intervals too: writes confirmed after a checkpoint are forgotten by a kill, and written again.
    checkpointIntervalMs: rng.pick([0, 10, 100, 500, 1500]),
    maxRecordsPerEpoch: final ? 100_000 : rng.pick([50, 200, 100_000]),
  });

  let setUp = false;
  let readyAfterMs = 2000;
  const phases: Record<KillPhase, number> = { starting: 0, 'setting up': 0, running: 0 };
  const killedAt: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const run = (current = ChildRun.start(tree.entry, configPath, settings()));
    const holdBack = rng.chance(HOLD_BACK_SHARE);
    const early = rng.chance(EARLY_KILL_SHARE);
    const earlyDelayMs = rng.next() * readyAfterMs;
    const laterDelayMs = rng.int(0, MAX_LATER_KILL_MS);
    // The first run is killed while it creates the pipelines and sinks: the next one must create just what is missing.
    const plan: KillPlan = kill === 0 ? { moment: 'setup', delayMs: rng.int(0, 300) } : early ? { moment: 'early', delayMs: earlyDelayMs } : { moment: 'running', delayMs: laterDelayMs };
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
    killedAt.push(`${phase === 'running' ? '' : phase === 'starting' ? 's:' : 'c:'}${run.progress ? counted(run.progress) : '-'}/${feed.sent}`);
    if (run.readyAfterMs !== undefined) readyAfterMs = run.readyAfterMs;
  }

  const killsDoneAt = performance.now();
  const run = (current = ChildRun.start(tree.entry, configPath, settings(true)));
  const answering = postgresAnswers(pipelines!, events);
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
    throw new Error(`the final run did not finish within ${FINAL_RUN_TIMEOUT_MS / 1000}s; last progress: ${JSON.stringify(run.progress)}\n${run.stderr}`);
  }
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`the final run failed (code ${exit.code}, signal ${exit.signal}):\n${run.stderr}`);
  const dump = JSON.parse(readFileSync(config.dumpPath, 'utf8')) as Dump;
  const answers = await answering;
  const seconds = (from: number, to = performance.now()): string => `${((to - from) / 1000).toFixed(1)} s`;
  console.log(
    `seed sinks crash test (seed ${SEED}): ${KILLS} SIGKILLs and restarts, sinks into ${targets.map((target) => target.label).join(' and ')} ` +
      `(${phases.starting} kills while starting, ${phases['setting up']} while creating, ${phases.running} while events flowed); ` +
      `${feed.sent} events; counted/sent at each kill: ${killedAt.join(' ')}; ` +
      `final run ${Math.round(run.age)} ms, its sinks wrote ${Object.entries(dump.sinks).map(([name, stats]) => `${name} ${stats.delivered}`).join(', ')} changes; ` +
      `total ${seconds(started)} (killed runs ${seconds(started, killsDoneAt)})`,
  );
  return { dump, expectedCounts, answers };
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
    current?.kill();
    await feed?.close();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
    for (const { table, target } of sunk) await target.db.run(`DROP TABLE IF EXISTS ${target.db.quote(table)}`).catch(() => undefined);
    for (const target of targets) await target.db.close();
  });

  it('counts every event exactly once, and every sink confirmed every change', () => {
    const { dump, expectedCounts } = outcome!;
    const countedBySource = Object.fromEntries(Object.keys(expectedCounts).map((source) => [source, Number(dump.views[countView(source)]?.rows[0]?.[0])]));
    expect(countedBySource).toEqual(expectedCounts);
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
