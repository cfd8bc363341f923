// The demo's MySQL/MariaDB result tables: a pipeline whose JDBC sink table writes to a reachable MySQL gets its
// target table created there from the pipeline's `NNN_*_mysql.sql` DDL (seed 003's trade_channel_collect), so that
// the job can start writing at once. An unreachable MySQL is the Tally-table stand-in's business, not this file's.
import mysql from 'mysql2/promise';
import { parseJdbcUrl } from '../../connectors/jdbc/jdbc-url.js';
import { parseScript } from '../../sql/index.js';
import type { PipelineFile } from './pipeline-files.js';

/** A MySQL table a pipeline's JDBC sink writes: where, and the DDL that makes it. */
export interface MysqlResultTable {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  readonly table: string;
  /** `CREATE TABLE IF NOT EXISTS database.table (...)`. */
  readonly ddl: string;
}

const option = (options: readonly { key: string; value: string }[], ...keys: string[]): string | undefined =>
  options.find((o) => keys.includes(o.key.toLowerCase()))?.value;

/**
 * The MySQL tables that `pipeline`'s Flink/JDBC sink tables write, each with the DDL of `ddlText` (a script of
 * `CREATE TABLE` statements for MySQL, as seed 003's result-table file) for the table of the same name, re-aimed at
 * the database of the sink's URL. Sink tables without a matching CREATE TABLE in `ddlText` are left out.
 */
export function mysqlResultTables(pipeline: PipelineFile, ddlText: string): MysqlResultTable[] {
  const tables: MysqlResultTable[] = [];
  for (const { statement } of parseScript(pipeline.sql, { dialect: pipeline.dialect })) {
    if (statement.kind !== 'createTable') continue;
    const connector = option(statement.with, 'connector', 'connector.type');
    const urlText = option(statement.with, 'connector.url', 'jdbc.url', 'url');
    if (connector !== 'jdbc' || urlText === undefined || !urlText.startsWith('jdbc:mysql:')) continue;
    const url = parseJdbcUrl(urlText, 'connector.url');
    const table = option(statement.with, 'connector.table', 'table.name') ?? statement.name.parts.at(-1)!;
    const create = ddlFor(ddlText, table);
    if (create === undefined || url.database === '') continue;
    tables.push({
      host: url.host,
      port: url.port,
      user: option(statement.with, 'connector.username', 'user') ?? url.user ?? 'root',
      password: option(statement.with, 'connector.password', 'password') ?? url.password,
      database: url.database,
      table,
      ddl: create.replace(/^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[^\s(]+/i, `CREATE TABLE IF NOT EXISTS \`${url.database}\`.\`${table}\``),
    });
  }
  return tables;
}

/** The `CREATE TABLE` statement of `ddlText` whose table (last name part, backquotes dropped) is `table`. */
function ddlFor(ddlText: string, table: string): string | undefined {
  return ddlText
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .find((statement) => {
      const name = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)/i.exec(statement)?.[1];
      return name !== undefined && name.split('.').at(-1)!.replace(/`/g, '') === table;
    });
}

/** Creates the table when it is missing; throws what MySQL said when it cannot. */
export async function ensureMysqlTable(target: MysqlResultTable): Promise<void> {
  const connection = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, connectTimeout: 5000 });
  try {
    await connection.query(target.ddl);
  } finally {
    await connection.end();
  }
}
