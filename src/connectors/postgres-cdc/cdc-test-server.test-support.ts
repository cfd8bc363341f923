// The PostgreSQL server that postgres-cdc tests follow (127.0.0.1:5432, db test, trust), with cleanup of what they make.
import pg from 'pg';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SourceSpec } from '../../stream/source.js';
import { formatValue, parseValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';

export const CDC_HOST = '127.0.0.1';
export const CDC_PORT = 5432;
export const CDC_DATABASE = 'test';

/** An administrator's connection to the test server, and the names of what the tests made there. */
export interface CdcTestServer {
  readonly client: pg.Client;
  run(sql: string, values?: unknown[]): Promise<void>;
  /** Rows of a query, every value as the server's text. */
  texts(sql: string, values?: unknown[]): Promise<(string | null)[][]>;
  /** A name unique to this test run, remembered for cleanup: kind 'table', 'slot' or 'publication'. */
  name(kind: 'table' | 'slot' | 'publication', prefix: string): string;
  /** Drops the slots that `name` handed out so far (the server has few to spare), ending connections that hold them. */
  dropSlots(): Promise<void>;
  /** Drops every table, slot and publication that `name` handed out, and closes the connection. */
  cleanup(): Promise<void>;
}

let counter = 0;

/** The test server, or why the postgres-cdc tests cannot run (no server, or wal_level is not logical). */
export async function cdcTestServer(): Promise<CdcTestServer | { skip: string }> {
  const client = new pg.Client({
    host: CDC_HOST, port: CDC_PORT, user: 'postgres', database: CDC_DATABASE, options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 5000,
    types: { getTypeParser: () => (text: string) => text },
  });
  try {
    await client.connect();
  } catch (err) {
    return { skip: `PostgreSQL unavailable at ${CDC_HOST}:${CDC_PORT}: ${(err as Error).message}` };
  }
  client.on('error', () => undefined);
  const level = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (level !== 'logical') {
    await client.end();
    return { skip: `PostgreSQL at ${CDC_HOST}:${CDC_PORT} has wal_level "${level}", not "logical" (run scripts/postgres-logical.sh)` };
  }
  const made = { table: new Set<string>(), slot: new Set<string>(), publication: new Set<string>() };
  const run = async (sql: string, values?: unknown[]): Promise<void> => void (await client.query(sql, values));
  const dropSlots = async (): Promise<void> => {
    for (const slot of made.slot) {
      // A walsender whose client just went away may hold the slot a moment longer: end it, then drop.
      for (let attempt = 0; attempt < 50; attempt++) {
        await run('SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL', [slot]);
        const dropped = await run('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]).then(() => true, () => false);
        if (dropped) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      made.slot.delete(slot);
    }
  };
  return {
    client,
    run,
    texts: async (sql, values) => (await client.query<(string | null)[]>({ text: sql, values, rowMode: 'array' })).rows,
    name(kind, prefix) {
      counter++;
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
      made[kind].add(name);
      return name;
    },
    dropSlots,
    async cleanup() {
      await dropSlots();
      for (const publication of made.publication) await run(`DROP PUBLICATION IF EXISTS "${publication}"`).catch(() => undefined);
      for (const table of made.table) await run(`DROP TABLE IF EXISTS "${table}"`).catch(() => undefined);
      await client.end();
    },
  };
}

/** A postgres-cdc spec for the test server. */
export function cdcSpec(columns: readonly ColumnInfo[], primaryKey: readonly number[], options: Record<string, string>): SourceSpec {
  return {
    name: 'cdc',
    columns,
    primaryKey,
    options: new Map(Object.entries({
      connector: 'postgres-cdc', hostname: CDC_HOST, port: String(CDC_PORT), username: 'postgres', 'database.name': CDC_DATABASE, ...options,
    })),
  };
}

/** A row as canonical text: each value printed in PostgreSQL's text form for its column's type. */
export function canonicalRow(row: readonly Value[], columns: readonly ColumnInfo[]): string {
  return JSON.stringify(row.map((value, index) => formatValue(columns[index]!.type, value)));
}

/** Rows of the server (as text) in canonical form, sorted: each value read with the column's text input, then printed. */
export function canonicalTexts(rows: readonly (readonly (string | null)[])[], columns: readonly ColumnInfo[]): string[] {
  return rows.map((texts) => canonicalRow(texts.map((text, index) => (text === null ? null : parseValue(columns[index]!.type, text))), columns)).sort();
}

export const canonicalRows = (rows: Iterable<Row>, columns: readonly ColumnInfo[]): string[] =>
  [...rows].map((row) => canonicalRow(row, columns)).sort();
