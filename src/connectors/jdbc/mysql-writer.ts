// The MySQL/MariaDB writer of a JDBC sink: one transaction per batch, deletes then upserts, in multi-row chunks.
import mysql from 'mysql2/promise';
import type { SinkChange, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import type { Row } from '../../types/value.js';
import { splitChanges, type SplitPlan } from './change-split.js';
import type { JdbcSinkSettings } from './jdbc-options.js';
import { mysqlChunks, mysqlStatements, type ChunkLimits, type MysqlStatementPlan, type MysqlStatements, type MysqlStatementShape } from './mysql-statements.js';
import { describeMysqlTable, mysqlBinaryCollation, mysqlCreateTable, type MysqlQueryable } from './mysql-target.js';
import { checkTarget, targetDisplayName } from './target-check.js';
import { targetError } from './target-error.js';
import { mysqlLiteral, type MysqlLiteral } from './value-params.js';

/** Rows per statement at most: bounds the time one statement holds its locks. */
export const MYSQL_CHUNK_ROWS = 5_000;
/** Room left in a packet for the protocol's framing. */
const PACKET_MARGIN_BYTES = 4096;
/** UTF-8 bytes per UTF-16 code unit at most. */
const MAX_BYTES_PER_UNIT = 3;
const IDLE_TIMEOUT_MS = 60_000;
/** A statement that takes longer rejects: a server that stopped answering must not hold the sink forever. */
const STATEMENT_TIMEOUT_MS = 60_000;
/** Idle time before TCP keepalive probes start, so that a vanished server is noticed between batches. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * Per connection, before its first write: timestamps are read as UTC wall times (TIMESTAMP columns too), and
 * string literals keep backslash escapes whatever the server's sql_mode says.
 */
const SESSION_SQL = `SET SESSION time_zone = '+00:00',
  sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))`;

function mysqlPool(settings: JdbcSinkSettings): mysql.Pool {
  const { url } = settings;
  return mysql.createPool({
    host: url.host,
    port: url.port,
    ...(url.database !== '' ? { database: url.database } : {}),
    ...(settings.user !== undefined ? { user: settings.user } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    charset: 'utf8mb4',
    connectionLimit: 1,
    maxIdle: 1,
    idleTimeout: IDLE_TIMEOUT_MS,
    connectTimeout: settings.connectTimeoutMs,
    enableKeepAlive: true,
    keepAliveInitialDelay: KEEPALIVE_DELAY_MS,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
}

class MysqlSinkWriter implements SinkWriter {
  /** Core connections whose session is set up (a replaced connection is set up again). */
  private readonly ready = new WeakSet<object>();

  constructor(
    private readonly pool: mysql.Pool,
    private readonly statements: MysqlStatements,
    private readonly plan: SplitPlan,
    private readonly literals: readonly MysqlLiteral[],
    private readonly limits: ChunkLimits,
    private readonly describe: (err: unknown) => Error,
  ) {}

  async write(changes: readonly SinkChange[]): Promise<void> {
    if (changes.length === 0) return;
    const { deletes, upserts } = splitChanges(this.plan, changes);
    let connection: mysql.PoolConnection;
    try {
      connection = await this.connection();
    } catch (err) {
      throw this.describe(err);
    }
    try {
      await connection.beginTransaction();
      if (this.statements.delete) await this.run(connection, this.statements.delete, deletes);
      await this.run(connection, this.statements.write, upserts);
      await connection.commit();
      connection.release();
    } catch (err) {
      // The connection may be dead or mid-transaction: drop it rather than reuse it.
      await connection.rollback().catch(() => undefined);
      connection.destroy();
      throw this.describe(err);
    }
  }

  private async connection(): Promise<mysql.PoolConnection> {
    const connection = await this.pool.getConnection();
    if (this.ready.has(connection.connection)) return connection;
    try {
      await connection.query(SESSION_SQL);
    } catch (err) {
      connection.destroy();
      throw err;
    }
    this.ready.add(connection.connection);
    return connection;
  }

  private async run(connection: mysql.PoolConnection, shape: MysqlStatementShape, rows: readonly Row[]): Promise<void> {
    for (const sql of mysqlChunks(shape, rows, this.literals, this.limits)) await connection.query({ sql, timeout: STATEMENT_TIMEOUT_MS });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Finds the target table, creating it when missing and the sink asks to; checks it against the sink. */
async function checkedTarget(db: MysqlQueryable, spec: SinkSpec, settings: JdbcSinkSettings, database: string): Promise<MysqlStatementPlan> {
  let target = await describeMysqlTable(db, database, settings.table);
  if (!target && settings.createIfMissing) {
    const collation = await mysqlBinaryCollation(db);
    await db.query(mysqlCreateTable(database, settings.table, spec.columns, settings.type === 'upsert' ? settings.key : [], collation));
    target = await describeMysqlTable(db, database, settings.table);
  }
  if (!target) {
    throw new SqlError('undefined_table', `target table ${targetDisplayName({ schema: database, name: settings.table })} of sink "${spec.name}" does not exist`, {
      hint: "Create the table, or add table.create_if_missing = 'true' to the sink's options.",
    });
  }
  if (target.tableType !== 'BASE TABLE') {
    throw new SqlError('wrong_object_type', `target ${targetDisplayName(target)} of sink "${spec.name}" is not a table`);
  }
  // MySQL column names are case-insensitive.
  const columns = checkTarget({ name: spec.name, columns: spec.columns, type: settings.type, key: settings.key }, target, true);
  return { database, table: target.name, columns: columns.map((column) => column.name), type: settings.type, key: settings.key };
}

async function chunkLimits(db: MysqlQueryable): Promise<ChunkLimits> {
  const [rows] = (await db.query('SELECT @@max_allowed_packet AS packet')) as [{ packet: number | string }[], unknown];
  const packet = Number(rows[0]?.packet ?? 4 * 1024 * 1024);
  return { maxChars: Math.floor((packet - PACKET_MARGIN_BYTES) / MAX_BYTES_PER_UNIT), maxRows: MYSQL_CHUNK_ROWS };
}

/**
 * Opens a MySQL or MariaDB sink: connects (rejecting promptly when the server cannot be reached), checks or
 * creates the target table, and sizes statements below the server's max_allowed_packet. Called by the JDBC
 * connector's `open`.
 */
export async function openMysqlWriter(spec: SinkSpec, settings: JdbcSinkSettings): Promise<SinkWriter> {
  const secrets = [settings.password, settings.url.password];
  const where = `${settings.url.host}:${settings.url.port}`;
  const database = settings.schema ?? settings.url.database;
  const pool = mysqlPool(settings);
  try {
    let connection: mysql.PoolConnection;
    try {
      connection = await pool.getConnection();
    } catch (err) {
      throw targetError(err, `could not connect to MySQL at ${where} for sink "${spec.name}"`, secrets);
    }
    let plan: MysqlStatementPlan;
    let limits: ChunkLimits;
    try {
      plan = await checkedTarget(connection, spec, settings, database);
      limits = await chunkLimits(connection);
      connection.release();
    } catch (err) {
      connection.destroy();
      throw targetError(err, `could not check the target table of sink "${spec.name}" at ${where}`, secrets);
    }
    const shown = targetDisplayName({ schema: plan.database, name: plan.table });
    return new MysqlSinkWriter(
      pool,
      mysqlStatements(plan),
      { type: settings.type, key: settings.key, keyTypes: settings.key.map((index) => spec.columns[index]!.type) },
      spec.columns.map(mysqlLiteral),
      limits,
      (err) => targetError(err, `could not write sink "${spec.name}" to ${shown} at ${where}`, secrets),
    );
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
