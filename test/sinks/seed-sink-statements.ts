// The JDBC sinks of seeds 000 and 001 as written, pointed at a test server under new sink and table names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScript } from '../../src/sql/index.js';
import { SEED_FILES, SEED_SQL_DIR } from '../crash/seed-pipelines-sql.js';

/** One CREATE SINK of a seed: its name, the view it sinks, its text. */
export interface SeedSink {
  readonly name: string;
  readonly view: string;
  readonly sql: string;
}

/** Every `connector = 'jdbc'` CREATE SINK ... FROM view of the seed files, in order. */
export function loadSeedJdbcSinks(dir = SEED_SQL_DIR): SeedSink[] {
  const sinks: SeedSink[] = [];
  for (const file of SEED_FILES) {
    for (const { statement, text } of parseScript(readFileSync(join(dir, file), 'utf8'))) {
      if (statement.kind !== 'createSink' || !statement.from) continue;
      if (!statement.with.some((option) => option.key === 'connector' && option.value === 'jdbc')) continue;
      const last = (parts: readonly string[]): string => parts[parts.length - 1]!;
      sinks.push({ name: last(statement.name.parts), view: last(statement.from.parts), sql: text });
    }
  }
  return sinks;
}

/** Replaces the one match of `pattern` (a prefix group, then a quoted value) in `sql`; throws when there is not exactly one. */
function replaceOnce(sql: string, pattern: RegExp, replacement: (prefix: string) => string, what: string): string {
  const matches = sql.match(pattern)?.length ?? 0;
  if (matches !== 1) throw new Error(`expected one ${what} in ${sql.slice(0, 60)}…, found ${matches}`);
  return sql.replace(pattern, (_, prefix: string) => replacement(prefix));
}

/**
 * The seed's statement with another sink name, `jdbc.url` and `table.name`, and `table.create_if_missing`
 * added after the table name: every other option as the seed wrote it.
 */
export function seedSinkStatement(sink: SeedSink, name: string, url: string, table: string): string {
  let sql = replaceOnce(sink.sql, /^(\s*CREATE\s+SINK\s+)\w+/gi, (prefix) => `${prefix}${name}`, 'sink name');
  sql = replaceOnce(sql, /(\bjdbc\.url\s*=\s*)'[^']*'/g, (prefix) => `${prefix}'${url}'`, 'jdbc.url option');
  return replaceOnce(sql, /(\btable\.name\s*=\s*)'[^']*'/g, (prefix) => `${prefix}'${table}', table.create_if_missing = 'true'`, 'table.name option');
}
