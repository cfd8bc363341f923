// `tally demo`: the commerce application in one process — the engine with the five pipelines, the generator
// feeding them, pg-wire, the HTTP API and the dashboard. Kafka and databases that do not answer are replaced by
// embedded equivalents (demo-connectors.ts); a second run resumes from the data directory's last checkpoint.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StartError, startServer, type RunningServer } from '../start-command.js';
import { CommerceGenerator, runPacer, summaryLine, systemClock, type PacerSummary } from '../../commerce/generator/index.js';
import { demoConnectors, type DemoConnectors } from '../../commerce/demo/demo-connectors.js';
import { demoGeneratorTarget, type DemoGeneratorTarget } from '../../commerce/demo/demo-generator-target.js';
import { DEMO_SELLERS, demoUserStatements } from '../../commerce/demo/demo-users.js';
import { ensureMysqlTable, mysqlResultTables } from '../../commerce/demo/mysql-result-tables.js';
import { COMMERCE_EXAMPLES_DIR, pipelineFiles } from '../../commerce/demo/pipeline-files.js';

export interface DemoOptions {
  /** Default `./tally-demo`. */
  readonly dataDir?: string;
  readonly pgPort?: string;
  readonly httpPort?: string;
  /** Generated events per second outside flash sales (default 200). */
  readonly rate?: number;
  /** The generator's seed (default: the time of the start, so that every run generates new orders). */
  readonly seed?: number;
  /** How long a Kafka or database endpoint has to answer before its embedded equivalent is used (default 1000 ms). */
  readonly probeTimeoutMs?: number;
  /** How often sources are read and views advance (default 250 ms: a purchase is on the dashboard within a second). */
  readonly barrierIntervalMs?: number;
  /** How often the generator's totals are printed (default every 30 s). */
  readonly summaryEveryMs?: number;
}

/** A running demo. */
export interface RunningDemo {
  readonly server: RunningServer;
  readonly connectors: DemoConnectors;
  readonly target: DemoGeneratorTarget;
  readonly dataDir: string;
  /** Whether the pipelines were created by this run (false: restored from the data directory). */
  readonly created: boolean;
  /** The dashboard's address. */
  readonly dashboardUrl: string;
  /** Stops the generator and waits for it; the pipelines and servers keep running (`stop` still ends them). */
  stopGenerator(): Promise<void>;
  /** Stops the generator, then the servers and the engine (a final checkpoint), then the embedded broker. */
  stop(): Promise<PacerSummary>;
}

export const DEFAULT_DEMO_DIR = 'tally-demo';
const DEFAULT_RATE = 200;
const DEFAULT_BARRIER_MS = 250;
/** A relation of the first pipeline: in the catalog of a data directory where loading the pipelines began. */
const FIRST_PIPELINE_VIEW = 'mv_gmv_hourly';
/** Written once every pipeline and the demo users were created. */
const LOADED_MARKER = 'demo-pipelines-loaded';

export async function startDemo(options: DemoOptions, print: (line: string) => void): Promise<RunningDemo> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DEMO_DIR);
  await mkdir(dataDir, { recursive: true });
  const say = (line: string): void => print(`tally demo: ${line}`);
  const connectors = await demoConnectors({ dataDir, probeTimeoutMs: options.probeTimeoutMs, print: say });
  let server: RunningServer;
  try {
    server = await startServer({ dataDir, pgPort: options.pgPort, httpPort: options.httpPort }, print, {
      sourceConnectors: connectors.sourceConnectors,
      sinkConnectors: connectors.sinkConnectors,
      barrierIntervalMs: options.barrierIntervalMs ?? DEFAULT_BARRIER_MS,
    });
  } catch (err) {
    await connectors.close();
    throw err;
  }
  const { engine } = server;
  connectors.attach(engine);
  const loadedMarker = join(dataDir, LOADED_MARKER);
  const created = !existsSync(loadedMarker);
  let target: DemoGeneratorTarget;
  try {
    if (created) {
      // A run stopped half-way through loading left some pipelines in the catalog: their names are taken now.
      if (engine.relation(FIRST_PIPELINE_VIEW) !== undefined) {
        throw new StartError(`an earlier run of the demo stopped while creating its pipelines in ${dataDir}: delete the directory to start afresh`);
      }
      await loadPipelines(server, connectors, say);
      await writeFile(loadedMarker, `${new Date().toISOString()}\n`);
    } else {
      say(`pipelines restored from ${dataDir} (delete the directory to start afresh)`);
    }
    target = await demoGeneratorTarget(engine, connectors, join(dataDir, 'files'));
  } catch (err) {
    await server.stop();
    await connectors.close();
    throw err;
  }

  const seed = options.seed ?? Date.now() % 2 ** 31;
  const generator = new CommerceGenerator({ seed, clock: systemClock, rate: options.rate ?? DEFAULT_RATE, streams: target.streams });
  const abort = new AbortController();
  const pacing = runPacer({
    generator,
    target,
    signal: abort.signal,
    summaryEveryMs: options.summaryEveryMs ?? 30_000,
    onSummary: (summary, final) => {
      if (!final) say(summaryLine(summary, false, 'generated for '));
    },
  });
  // A failing target (a full disk) stops the generator; the servers stay up for reading what is there.
  pacing.catch((err: unknown) => say(`the generator stopped: ${(err as Error).message}`));

  const dashboardUrl = `http://${server.http.host}:${server.http.port}/`;
  say(`generating ${options.rate ?? DEFAULT_RATE} events/s (ten times that in flash sales), seed ${seed}, run ${generator.runTag}:`);
  for (const line of target.description) say(`  ${line}`);
  say(`dashboard:  ${dashboardUrl}  (sign in as a seller: ${DEMO_SELLERS[0]!.user} / ${DEMO_SELLERS[0]!.password})`);
  say(`psql:       psql -h ${server.pgWire.address.host} -p ${server.pgWire.address.port} -U root dev`);
  say(`            e.g. SELECT * FROM mv_platform_gmv_today;  SELECT * FROM seller_leaderboard ORDER BY total_gmv DESC LIMIT 5;`);
  say('press Ctrl-C to stop; run it again to resume from the last checkpoint');

  return {
    server,
    connectors,
    target,
    dataDir,
    created,
    dashboardUrl,
    async stopGenerator() {
      abort.abort();
      await pacing.catch(() => undefined);
    },
    async stop() {
      abort.abort();
      const summary = await pacing.catch(() => undefined);
      // Each step even when one before it fails: the final checkpoint and the data directory's lock matter most.
      try {
        await target.close();
      } finally {
        try {
          await server.stop();
        } finally {
          await connectors.close();
        }
      }
      return summary ?? { elapsedMs: 0, total: 0, perStream: new Map(), flashSale: false };
    },
  };
}

/** Runs examples/commerce/ in order, after creating the MySQL result tables that reachable servers lack; then the demo users. */
async function loadPipelines(server: RunningServer, connectors: DemoConnectors, say: (line: string) => void): Promise<void> {
  const files = await pipelineFiles();
  for (const file of files) {
    const ddlPath = join(COMMERCE_EXAMPLES_DIR, file.name.replace(/^(\d{3})_.*$/, '$1_result_table_mysql.sql'));
    const ddl = await readFile(ddlPath, 'utf8').catch(() => undefined);
    for (const table of ddl === undefined ? [] : mysqlResultTables(file, ddl)) {
      if (!(await connectors.reachable(table))) continue;
      await ensureMysqlTable(table);
      say(`${file.name}: MySQL table ${table.database}.${table.table} ready at ${table.host}:${table.port}`);
    }
    await server.engine.execute(file.sql, { dialect: file.dialect });
    say(`${file.name}: running`);
  }
  await server.engine.execute(demoUserStatements());
}
