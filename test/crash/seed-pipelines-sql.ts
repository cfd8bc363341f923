// The SQL of seeds 000 and 001 as the crash test runs it: in Tally over fresh topics, and in PostgreSQL as plain views.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScript } from '../../src/sql/index.js';
import type * as ast from '../../src/sql/ast.js';
import { tumbleInPostgres } from '../differential/views.js';

/** The seed SQL files of the pipelines, in the order they are run. */
export const SEED_SQL_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'shared', 'seed-sql');
export const SEED_FILES = ['000_gmv_risingwave.sql', '001_seller_performance_risingwave.sql'] as const;

/** One statement that Tally runs, named by the object it creates. */
export interface NamedStatement {
  readonly name: string;
  readonly sql: string;
}

/** A source of the seeds: its statement and the PostgreSQL table standing for it. */
export interface SeedSource extends NamedStatement {
  readonly topicInSeed: string;
  /** `CREATE TABLE name (columns as the seed declares them)`. */
  readonly postgresTable: string;
}

/** A materialized view of the seeds: its statement and the equivalent PostgreSQL view. */
export interface SeedView extends NamedStatement {
  /** `CREATE VIEW name AS ...` with TUMBLE spelled out in PostgreSQL. */
  readonly postgresView: string;
}

export interface SeedPipelines {
  readonly sources: readonly SeedSource[];
  readonly views: readonly SeedView[];
  /** Every statement Tally runs, in the seeds' order (sinks left out: their JDBC targets do not exist). */
  readonly statements: readonly (NamedStatement & { readonly kind: 'source' | 'view' })[];
}

/** The reason the seed files cannot be read, or undefined when they are all there. */
export function missingSeedFiles(dir = SEED_SQL_DIR): string | undefined {
  const missing = SEED_FILES.filter((file) => !existsSync(join(dir, file)));
  return missing.length > 0 ? `seed SQL not found: ${missing.map((file) => join(dir, file)).join(', ')}` : undefined;
}

/** Reads the seed files. Any statement other than CREATE SOURCE, CREATE MATERIALIZED VIEW and CREATE SINK is refused. */
export function loadSeedPipelines(dir = SEED_SQL_DIR): SeedPipelines {
  const sources: SeedSource[] = [];
  const views: SeedView[] = [];
  const statements: (NamedStatement & { kind: 'source' | 'view' })[] = [];
  for (const file of SEED_FILES) {
    const script = readFileSync(join(dir, file), 'utf8');
    for (const { statement, text } of parseScript(script)) {
      if (statement.kind === 'createSink') continue;
      if (statement.kind === 'createSource') {
        const source = seedSource(script, statement, text, file);
        sources.push(source);
        statements.push({ kind: 'source', name: source.name, sql: source.sql });
      } else if (statement.kind === 'createView' && statement.materialized) {
        const name = lastPart(statement.name);
        const query = script.slice(statement.query.span.start, statement.query.span.end);
        views.push({ name, sql: text, postgresView: `CREATE VIEW ${name} AS ${translateTumble(query)}` });
        statements.push({ kind: 'view', name, sql: text });
      } else {
        throw new Error(`${file}: unexpected ${statement.kind} statement in a seed pipeline`);
      }
    }
  }
  return { sources, views, statements };
}

function seedSource(script: string, statement: ast.CreateSource, text: string, file: string): SeedSource {
  const name = lastPart(statement.name);
  const topic = statement.with.find((option) => option.key === 'topic');
  if (!topic) throw new Error(`${file}: source ${name} has no topic option`);
  const columns = statement.columns.map((column) => script.slice(column.span.start, column.span.end));
  return { name, sql: text, topicInSeed: topic.value, postgresTable: `CREATE TABLE ${name} (${columns.join(', ')})` };
}

/**
 * The statement of a source with its topic and bootstrap servers replaced, everything else as the seed wrote it.
 * Throws when the statement does not name each exactly once.
 */
export function withKafkaEndpoint(source: SeedSource, topic: string, bootstrap: string): string {
  let sql = source.sql;
  for (const [pattern, value] of [
    [/(\btopic\s*=\s*)'[^']*'/g, topic],
    [/(\bproperties\.bootstrap\.server\s*=\s*)'[^']*'/g, bootstrap],
  ] as const) {
    const matches = sql.match(pattern)?.length ?? 0;
    if (matches !== 1) throw new Error(`source ${source.name}: expected one ${pattern.source} option, found ${matches}`);
    sql = sql.replace(pattern, (_, prefix: string) => `${prefix}'${value}'`);
  }
  return sql;
}

/** The query with RisingWave's `TUMBLE(table, column, INTERVAL 'size')` in FROM spelled out in PostgreSQL. */
export function translateTumble(query: string): string {
  return query.replace(/\bTUMBLE\s*\(\s*(\w+)\s*,\s*(\w+)\s*,\s*INTERVAL\s*'([^']+)'\s*\)/gi, (_, table: string, column: string, size: string) =>
    tumbleInPostgres(table, column, size),
  );
}

const lastPart = (name: ast.ObjectName): string => name.parts[name.parts.length - 1]!;
