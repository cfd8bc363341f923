// An engine running the commerce pipelines as written, fed from memory: Kafka topics, REES46 files in a temp dir.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileConnector } from '../../src/connectors/file/file-connector.js';
import { fileSinkConnector } from '../../src/connectors/file/file-sink-connector.js';
import { jdbcSinkConnector } from '../../src/connectors/jdbc/jdbc-sink.js';
import { kafkaSinkConnector } from '../../src/connectors/kafka/kafka-sink-connector.js';
import { webhookSinkConnector } from '../../src/connectors/webhook/webhook-sink-connector.js';
import { Engine } from '../../src/engine.js';
import type { MemoryTarget } from '../../src/engine/memory-sink.test-support.js';
import { detectDialect } from '../../src/sql/index.js';
import { formatValue } from '../../src/types/text-format.js';
import type { TextResult } from '../../test/differential/text-result.js';
import type { CommerceWorkload } from './commerce-workload.test-support.js';
import { REES46_HEADER } from './commerce-workload.test-support.js';
import { TopicFeed, inMemorySinks } from './feed-connectors.test-support.js';
import { pipelineText, type PipelineFile } from './pipeline-files.test-support.js';

export interface CommerceEngine {
  readonly db: Engine;
  readonly feed: TopicFeed;
  /** What each JDBC, webhook and Kafka sink delivered, by sink name (the Parquet archive is written for real). */
  readonly sinkTargets: ReadonlyMap<string, MemoryTarget>;
  /** The directory standing for the demo's: rees46/incoming/ and rees46/archive/ live under it. */
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * The text of a pipeline file as the engine runs it here: as written, except that seed 004's relative paths
 * are resolved against `dir` (as the demo resolves them against its own directory), and files are taken as
 * soon as two scans agree (settle_ms 0) rather than after a second.
 */
export function runnableText(file: PipelineFile, dir: string): string {
  const text = pipelineText(file);
  return text.replace(/\bpath = '(rees46\/[^']*)'/g, (_, relative: string) =>
    `path = '${join(dir, relative)}'${relative.includes('incoming') ? ", settle_ms = '0'" : ''}`,
  );
}

/** Opens an engine with every file's statements run in order (sources read only when the test flushes). */
export async function openCommerceEngine(files: readonly PipelineFile[]): Promise<CommerceEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-commerce-'));
  mkdirSync(join(dir, 'rees46', 'incoming'), { recursive: true });
  const feed = new TopicFeed();
  const sinks = [jdbcSinkConnector, webhookSinkConnector, kafkaSinkConnector].map(inMemorySinks);
  const sinkTargets = new Map<string, MemoryTarget>();
  const db = await Engine.open({
    sourceConnectors: [feed.connector, fileConnector],
    sinkConnectors: [...sinks.map((sink) => sink.connector), fileSinkConnector],
    // Epochs run when the test flushes; clock-dependent views are evaluated at each of them.
    barrierIntervalMs: 3_600_000,
  });
  for (const file of files) {
    const text = runnableText(file, dir);
    await db.execute(text, { dialect: detectDialect(text) });
  }
  for (const sink of sinks) for (const [name, target] of sink.targets) sinkTargets.set(name, target);
  return {
    db,
    feed,
    sinkTargets,
    dir,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Produces the workload's messages and drops its REES46 files, then runs epochs until all of it is read. */
export async function feedWorkload(engine: CommerceEngine, workload: CommerceWorkload, expectedRees46Rows: number): Promise<void> {
  for (const [topic, messages] of workload.topics) engine.feed.produce(topic, messages);
  const incoming = join(engine.dir, 'rees46', 'incoming');
  workload.rees46Files.forEach((lines, fileIdx) => {
    const name = `2019-Dec-${fileIdx}.csv`;
    // Written under a hidden name and renamed: the source never sees half a file.
    writeFileSync(join(incoming, `.${name}`), [REES46_HEADER, ...lines].join('\n') + '\n');
    renameSync(join(incoming, `.${name}`), join(incoming, name));
  });
  for (let attempt = 0; attempt < 500; attempt++) {
    await engine.db.execute('FLUSH');
    const read = expectedRees46Rows === 0 ? 0 : await countRows(engine.db, 'processed_events');
    if (engine.feed.unread() === 0 && read >= expectedRees46Rows) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the pipelines did not read the workload: ${engine.feed.unread()} messages unread`);
}

async function countRows(db: Engine, relation: string): Promise<number> {
  const [result] = await db.execute(`SELECT COUNT(*) FROM ${relation}`);
  if (result?.kind !== 'rows') throw new Error(`expected rows from ${relation}`);
  return Number(result.rows[0]![0]);
}

/** The contents of relations as PostgreSQL's text output. */
export async function tallyContents(db: Engine, names: readonly string[]): Promise<Map<string, TextResult>> {
  const contents = new Map<string, TextResult>();
  for (const name of names) {
    const [result] = await db.execute(`SELECT * FROM ${name}`);
    if (result?.kind !== 'rows') throw new Error(`expected rows from ${name}`);
    contents.set(name, {
      columns: result.columns.map((column) => column.name),
      rows: result.rows.map((row) => row.map((value, columnIdx) => formatValue(result.columns[columnIdx]!.type, value))),
    });
  }
  return contents;
}
