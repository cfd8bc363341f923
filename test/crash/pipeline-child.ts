// The crash tests' child: runs the seed pipelines (and their sinks, when the statements make some) on a data
// directory until it is killed, or told to finish; then waits for every sink's target to confirm every change, and
// dumps the views and the sinks' counters.
// Usage: node pipeline-child.js <config.json> <barrierIntervalMs> <checkpointIntervalMs> <maxRecordsPerEpoch>
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatValue, open, type Engine } from '../../src/index.js';
import { FINISH, LINE, type ChildConfig, type DumpedSinkStats, type Dump, type Progress, type ViewDump } from './child-protocol.js';

const PROGRESS_INTERVAL_MS = 100;
/** The final run's sinks catch up on the backlog of every killed run: allow them time. */
const SINK_DRAIN_MS = 60_000;

const [configPath, barrierText, checkpointText, maxRecordsText] = process.argv.slice(2);
if (configPath === undefined || barrierText === undefined || checkpointText === undefined || maxRecordsText === undefined) {
  throw new Error('usage: pipeline-child <config.json> <barrierIntervalMs> <checkpointIntervalMs> <maxRecordsPerEpoch>');
}
const config = JSON.parse(readFileSync(configPath, 'utf8')) as ChildConfig;
const started = performance.now();
const say = (word: string, argument: string | number): void => void process.stdout.write(`${word} ${argument}\n`);
const elapsed = (): number => Math.round(performance.now() - started);

async function rowsOf(engine: Engine, sql: string): Promise<ViewDump> {
  const results = await engine.execute(sql);
  const result = results[results.length - 1];
  if (result?.kind !== 'rows') throw new Error(`${sql} returned no rows`);
  return {
    columns: result.columns.map((column) => ({ name: column.name, type: column.type })),
    rows: result.rows.map((row) => row.map((value, columnIdx) => formatValue(result.columns[columnIdx]!.type, value))),
  };
}

const engine = await open({
  dataDir: config.dataDir,
  durability: 'fsync',
  barrierIntervalMs: Number(barrierText),
  checkpointIntervalMs: Number(checkpointText),
  maxRecordsPerEpoch: Number(maxRecordsText),
});
say(LINE.opened, elapsed());

// A run killed during the setup left the statements before the kill committed: create only what is missing.
const existing = new Set<string>();
for (const show of ['SHOW SOURCES', 'SHOW MATERIALIZED VIEWS', 'SHOW SINKS']) for (const [name] of (await rowsOf(engine, show)).rows) existing.add(name!);
for (const { name, sql } of config.statements) {
  if (existing.has(name)) continue;
  await engine.execute(sql);
  say(LINE.created, name);
}
say(LINE.ready, elapsed());

let expected: Readonly<Record<string, number>> | undefined;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.startsWith(`${FINISH} `)) expected = JSON.parse(line.slice(FINISH.length + 1)) as Record<string, number>;
});

async function progress(): Promise<Progress> {
  const counts: Record<string, number> = {};
  for (const [source, view] of Object.entries(config.countViews)) {
    const [row] = (await rowsOf(engine, `SELECT n FROM ${view}`)).rows;
    counts[source] = Number(row?.[0] ?? 0);
  }
  return { counts, epoch: engine.epoch, checkpoints: engine.checkpointStats()?.count ?? 0, epochError: engine.lastEpochError };
}

/** Counts equal to the expected ones, or one above its expected count (then waiting longer cannot help). */
function settled(counts: Readonly<Record<string, number>>, target: Readonly<Record<string, number>>): boolean {
  const sources = Object.keys(target);
  return sources.every((source) => counts[source] === target[source]) || sources.some((source) => (counts[source] ?? 0) > target[source]!);
}

/** Waits for the sinks' targets, then writes the views and the sinks' counters. */
async function dump(): Promise<void> {
  await engine.sinksDrained(SINK_DRAIN_MS);
  const views: Record<string, ViewDump> = {};
  for (const view of config.dumpViews) views[view] = await rowsOf(engine, `SELECT * FROM ${view}`);
  const sinks: Record<string, DumpedSinkStats> = {};
  for (const [name, stats] of engine.sinkStats()) sinks[name] = { delivered: stats.delivered, errors: stats.errors, pending: stats.pending, lastError: stats.lastError };
  const written: Dump = { views, sinks };
  const temporary = `${config.dumpPath}.partial`;
  writeFileSync(temporary, JSON.stringify(written));
  renameSync(temporary, config.dumpPath);
  say(LINE.dumped, config.dumpPath);
}

let last = '';
let busy = false;
let finishing = false;
/** Reports progress when it changed; dumps and exits once told to finish and the counts are reached. */
function tick(): void {
  if (busy || finishing) return;
  busy = true;
  void (async () => {
    const report = await progress();
    const text = JSON.stringify(report);
    if (text !== last) say(LINE.progress, text);
    last = text;
    if (expected && settled(report.counts, expected)) {
      finishing = true;
      await dump();
      process.exit(0);
    }
  })()
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    })
    .finally(() => {
      busy = false;
    });
}

// The first report comes with `ready`: the counts this run starts from.
tick();
setInterval(tick, PROGRESS_INTERVAL_MS);
