// The PostgreSQL and MariaDB servers that JDBC sink tests write to, with helpers to set up and read target tables.
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkSpec } from '../../stream/sink.js';
import { formatValue, parseValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';

export const POSTGRES_PORT = 5432;
export const MYSQL_PORT = 3306;

/** A database server under test: runs SQL as an administrator and reads tables back in a canonical form. */
export interface TestTarget {
  readonly dialect: 'postgres' | 'mysql';
  readonly port: number;
  /** The sink URL for this server, optionally through another port (a proxy). */
  url(port?: number): string;
  run(sql: string): Promise<void>;
  /** Rows of `table` as canonical text (each column parsed as the sink column's type, then printed), sorted. */
  rows(table: string, columns: readonly ColumnInfo[]): Promise<string[]>;
  /** Column name → type as the server shows it (`numeric(20,2)`, `varchar(255)`), and collation where there is one. */
  columnTypes(table: string): Promise<Map<string, { type: string; collation: string | null }>>;
  quote(name: string): string;
  close(): Promise<void>;
}

let tableCounter = 0;

/** A table name no other test run uses. */
export function uniqueTable(prefix: string): string {
  tableCounter++;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${tableCounter}`;
}

/** A row as canonical text: each value printed in PostgreSQL's text form for the sink column's type. */
export function canonicalRow(row: readonly Value[], columns: readonly ColumnInfo[]): string {
  return JSON.stringify(row.map((value, index) => formatValue(columns[index]!.type, value)));
}

/** Canonical, sorted rows of a model of the target. */
export function canonicalRows(rows: Iterable<Row>, columns: readonly ColumnInfo[]): string[] {
  return [...rows].map((row) => canonicalRow(row, columns)).sort();
}

function canonicalText(texts: readonly (string | Uint8Array | null)[], columns: readonly ColumnInfo[]): string {
  return canonicalRow(texts.map((text, index) => (text === null || typeof text !== 'string' ? text : parseValue(columns[index]!.type, text))), columns);
}

/** A SinkSpec for tests. */
export function sinkSpec(
  name: string,
  columns: readonly ColumnInfo[],
  options: Record<string, string>,
  type: 'upsert' | 'append-only' = 'upsert',
  primaryKey: readonly number[] = [],
): SinkSpec {
  return { name, columns, options: new Map(Object.entries(options)), type, primaryKey };
}

/** The test PostgreSQL server (127.0.0.1:5432, db test, trust auth), or why there is none. */
export async function postgresTarget(): Promise<TestTarget | { skip: string }> {
  const client = new pg.Client({
    host: '127.0.0.1', port: POSTGRES_PORT, user: 'postgres', database: 'test', options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 5000,
    // Every value as the server's text: no lossy conversion to JS numbers or Dates.
    types: { getTypeParser: () => (text: string) => text },
  });
  try {
    await client.connect();
  } catch (err) {
    return { skip: `PostgreSQL unavailable at 127.0.0.1:${POSTGRES_PORT}: ${(err as Error).message}` };
  }
  client.on('error', () => undefined);
  const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  return {
    dialect: 'postgres',
    port: POSTGRES_PORT,
    url: (port = POSTGRES_PORT) => `jdbc:postgresql://127.0.0.1:${port}/test?user=postgres`,
    run: async (sql) => void (await client.query(sql)),
    rows: async (table, columns) => {
      const result = await client.query({ text: `SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)}`, rowMode: 'array' });
      return (result.rows as (string | null)[][]).map((row) => canonicalText(row, columns)).sort();
    },
    columnTypes: async (table) => {
      const result = await client.query<{ name: string; type: string; collation: string | null }>(
        `SELECT column_name AS name, format_type(a.atttypid, a.atttypmod) AS type, c.collation_name AS collation
         FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident($1)) AND a.attname = c.column_name
         WHERE c.table_name = $1`,
        [table],
      );
      return new Map(result.rows.map((row) => [row.name, { type: row.type, collation: row.collation }]));
    },
    quote,
    close: () => client.end(),
  };
}

/** The test MariaDB/MySQL server (127.0.0.1:3306, root without password, db test), or why there is none. */
export async function mysqlTarget(): Promise<TestTarget | { skip: string }> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({
      host: '127.0.0.1', port: MYSQL_PORT, user: 'root', database: 'test', charset: 'utf8mb4', connectTimeout: 5000,
      dateStrings: true, supportBigNumbers: true, bigNumberStrings: true,
    });
  } catch (err) {
    return { skip: `MariaDB unavailable at 127.0.0.1:${MYSQL_PORT}: ${(err as Error).message}` };
  }
  connection.on('error', () => undefined);
  await connection.query(`SET SESSION time_zone = '+00:00'`);
  const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
  return {
    dialect: 'mysql',
    port: MYSQL_PORT,
    url: (port = MYSQL_PORT) => `jdbc:mysql://127.0.0.1:${port}/test?user=root`,
    run: async (sql) => void (await connection.query(sql)),
    rows: async (table, columns) => {
      const binary = new Set(columns.filter((c) => c.type === 'bytea').map((c) => c.name));
      const [rows] = await connection.query({
        sql: `SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)}`,
        rowsAsArray: true,
        // Every value as the server's text (bytea as bytes): no lossy conversion to JS numbers.
        typeCast: (field) => (binary.has(field.name) ? field.buffer() : field.string()),
      });
      return (rows as (string | Uint8Array | null)[][]).map((row) => canonicalText(row, columns)).sort();
    },
    columnTypes: async (table) => {
      const [rows] = await connection.query(
        `SELECT column_name AS name, column_type AS type, collation_name AS collation FROM information_schema.columns WHERE table_schema = 'test' AND table_name = ?`,
        [table],
      );
      return new Map((rows as { name: string; type: string; collation: string | null }[]).map((row) => [row.name, { type: row.type, collation: row.collation }]));
    },
    quote,
    close: () => connection.end(),
  };
}
