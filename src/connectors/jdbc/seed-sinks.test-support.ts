// The JDBC sinks of the seeds, as the parser reads them: RisingWave CREATE SINKs (000, 001), Flink's result table (003).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { detectDialect, parseScript, type CreateSink, type CreateTable } from '../../sql/index.js';
import { resolveTypeName } from '../../types/type-name.js';

export const SEED_SQL = join(fileURLToPath(new URL('../../../..', import.meta.url)), 'shared/seed-sql');

function statements(file: string) {
  const sql = readFileSync(join(SEED_SQL, file), 'utf8');
  return parseScript(sql, { dialect: detectDialect(sql) }).map((parsed) => parsed.statement);
}

/** Each CREATE SINK of a seed file: its name and WITH options (keys as the parser gives them). */
export function seedSinks(file: string): Map<string, Map<string, string>> {
  const sinks = statements(file).filter((statement): statement is CreateSink => statement.kind === 'createSink');
  return new Map(sinks.map((sink) => [sink.name.parts.join('.'), new Map(sink.with.map((option) => [option.key, option.value]))]));
}

/** Seed 003's Flink result table `trade_channel_collect`: columns, primary key (NOT ENFORCED) and WITH options. */
export function seed003ResultTable(): { columns: ColumnInfo[]; primaryKey: number[]; options: Map<string, string> } {
  const table = statements('003_channel_gmv_flink.sql').find(
    (statement): statement is CreateTable => statement.kind === 'createTable' && statement.name.parts.join('.') === 'trade_channel_collect',
  );
  if (!table) throw new Error('seed 003 has no trade_channel_collect table');
  const columns = table.columns.map((column): ColumnInfo => {
    const { type, modifier } = resolveTypeName(column.type.name, column.type.modifiers, column.type.isArray);
    return modifier ? { name: column.name, type, modifier } : { name: column.name, type };
  });
  const primaryKey = table.primaryKey.map((name) => columns.findIndex((column) => column.name === name));
  return { columns, primaryKey, options: new Map(table.with.map((option) => [option.key, option.value])) };
}

/** Seed 003's MySQL DDL of the result table, for a table of another name in another database. */
export function seed003MysqlDdl(database: string, table: string): string {
  const sql = readFileSync(join(SEED_SQL, '003_result_table_mysql.sql'), 'utf8');
  const create = sql.slice(sql.indexOf('CREATE TABLE'));
  return create.replace('`dli-demo`.`trade_channel_collect`', `\`${database}\`.\`${table}\``).replace(/;\s*$/, '');
}
