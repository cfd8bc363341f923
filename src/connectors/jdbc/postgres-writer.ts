// The PostgreSQL writer of a JDBC sink: one transaction per batch, deletes then upserts, in unnest chunks.
import pg from 'pg';
import type { SinkSpec, SinkWriter, SinkChange } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { splitChanges, type SplitPlan } from './change-split.js';
import type { JdbcSinkSettings } from './jdbc-options.js';
import { postgresStatements, type PostgresStatementPlan, type PostgresStatements, type PreparedStatement } from './postgres-statements.js';
import { describePostgresTable, isPostgresTable, postgresCreateTable, type PostgresQueryable } from './postgres-target.js';
import { checkTarget, targetDisplayName } from './target-check.js';
import { targetError } from './target-error.js';
import { postgresText, type PostgresText } from './value-params.js';

/** Rows per statement: large enough to amortize a round trip, small enough to bound one statement's memory. */
export const POSTGRES_CHUNK_ROWS = 10_000;
/** How long an unused connection stays open between batches. */
const IDLE_TIMEOUT_MS = 60_000;
/**
 * A statement that takes longer rejects (and the server cancels it): a server that stopped answering without
 * closing the connection must not hold the sink forever. A chunk normally takes well under a second.
 */
const STATEMENT_TIMEOUT_MS = 60_000;
/** Idle time before TCP keepalive probes start, so that a vanished server is noticed between batches. */
const KEEPALIVE_DELAY_MS = 10_000;

/** A pool of one connection: writes are sequential, and a dead connection is replaced at the next write. */
function postgresPool(settings: JdbcSinkSettings): pg.Pool {
  const { url } = settings;
  const pool = new pg.Pool({
    host: url.host,
    port: url.port,
    ...(url.database !== '' ? { database: url.database } : {}),
    ...(settings.user !== undefined ? { user: settings.user } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    max: 1,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    query_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'tally',
    // Timestamps without a zone are written as UTC wall times, as Tally reads them.
    options: `-c TimeZone=UTC -c statement_timeout=${STATEMENT_TIMEOUT_MS}`,
  });
  // A connection that dies (server restart) is reported on the pool when idle and on the client when checked
  // out; the query in flight rejects anyway, and the next write connects again.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Columns of `rows` as arrays of text (null for NULL): the unnest parameters of one chunk. */
function columnArrays(rows: readonly Row[], start: number, end: number, columns: readonly number[], texts: readonly PostgresText[]): (string | null)[][] {
  return columns.map((columnIdx) => {
    const text = texts[columnIdx]!;
    const values = new Array<string | null>(end - start);
    for (let rowIdx = start; rowIdx < end; rowIdx++) {
      const value = rows[rowIdx]![columnIdx]!;
      values[rowIdx - start] = value === null ? null : text(value);
    }
    return values;
  });
}

class PostgresSinkWriter implements SinkWriter {
  private readonly allColumns: readonly number[];

  constructor(
    private readonly pool: pg.Pool,
    private readonly statements: PostgresStatements,
    private readonly plan: SplitPlan,
    private readonly texts: readonly PostgresText[],
    private readonly describe: (err: unknown) => Error,
  ) {
    this.allColumns = texts.map((_, index) => index);
  }

  async write(changes: readonly SinkChange[]): Promise<void> {
    if (changes.length === 0) return;
    const { deletes, upserts } = splitChanges(this.plan, changes);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.describe(err);
    }
    try {
      await client.query('BEGIN');
      if (this.statements.delete) await this.run(client, this.statements.delete, deletes, this.plan.key);
      await this.run(client, this.statements.write, upserts, this.allColumns);
      await client.query('COMMIT');
      client.release();
    } catch (err) {
      // The connection may be dead or mid-transaction: drop it rather than reuse it.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(err instanceof Error ? err : true);
      throw this.describe(err);
    }
  }

  private async run(client: pg.PoolClient, statement: PreparedStatement, rows: readonly Row[], columns: readonly number[]): Promise<void> {
    for (let start = 0; start < rows.length; start += POSTGRES_CHUNK_ROWS) {
      const end = Math.min(rows.length, start + POSTGRES_CHUNK_ROWS);
      await client.query({ name: statement.name, text: statement.text, values: columnArrays(rows, start, end, columns, this.texts) });
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Finds the target table, creating it when missing and the sink asks to; checks it against the sink. */
async function checkedTarget(client: PostgresQueryable, spec: SinkSpec, settings: JdbcSinkSettings): Promise<PostgresStatementPlan> {
  let target = await describePostgresTable(client, settings.schema, settings.table);
  if (!target && settings.createIfMissing) {
    await client.query(postgresCreateTable(settings.schema, settings.table, spec.columns, settings.type === 'upsert' ? settings.key : []));
    target = await describePostgresTable(client, settings.schema, settings.table);
  }
  if (!target) {
    const shown = settings.schema === undefined ? `"${settings.table}"` : targetDisplayName({ schema: settings.schema, name: settings.table });
    throw new SqlError('undefined_table', `target table ${shown} of sink "${spec.name}" does not exist`, {
      hint: "Create the table, or add table.create_if_missing = 'true' to the sink's options.",
    });
  }
  if (!isPostgresTable(target.relkind)) {
    throw new SqlError('wrong_object_type', `target ${targetDisplayName(target)} of sink "${spec.name}" is not a table`);
  }
  const columns = checkTarget({ name: spec.name, columns: spec.columns, type: settings.type, key: settings.key }, target, false);
  return { schema: target.schema, table: target.name, columns, type: settings.type, key: settings.key };
}

/**
 * Opens a PostgreSQL sink: connects (rejecting promptly when the server cannot be reached), checks or creates
 * the target table, and prepares the statements. Called by the JDBC connector's `open`.
 */
export async function openPostgresWriter(spec: SinkSpec, settings: JdbcSinkSettings): Promise<SinkWriter> {
  const secrets = [settings.password, settings.url.password];
  const where = `${settings.url.host}:${settings.url.port}`;
  const pool = postgresPool(settings);
  try {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw targetError(err, `could not connect to PostgreSQL at ${where} for sink "${spec.name}"`, secrets);
    }
    let plan: PostgresStatementPlan;
    try {
      plan = await checkedTarget(client, spec, settings);
      client.release();
    } catch (err) {
      client.release(true);
      throw targetError(err, `could not check the target table of sink "${spec.name}" at ${where}`, secrets);
    }
    const statements = postgresStatements(plan);
    const shown = targetDisplayName({ schema: plan.schema, name: plan.table });
    return new PostgresSinkWriter(
      pool,
      statements,
      { type: settings.type, key: settings.key, keyTypes: settings.key.map((index) => spec.columns[index]!.type) },
      spec.columns.map((column) => postgresText(column.type)),
      (err) => targetError(err, `could not write sink "${spec.name}" to ${shown} at ${where}`, secrets),
    );
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
