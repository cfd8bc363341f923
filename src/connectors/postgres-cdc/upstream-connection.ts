// Connections to the upstream server: plain ones for the catalog and the snapshot, replication ones for the slot.
import pg from 'pg';
import type { UpstreamServer } from './postgres-cdc-options.js';

/**
 * Session settings that fix the text form of values (the walsender uses them for pgoutput too): ISO dates,
 * UTC offsets, PostgreSQL interval style, shortest exact floats, UTF-8.
 */
const SESSION_OPTIONS = '-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=1 -c client_encoding=UTF8';

/** Every value as the server's text: no lossy conversion to JS numbers or Dates. */
const TEXT_TYPES = { getTypeParser: () => (text: string) => text };

const CONNECT_TIMEOUT_MS = 10_000;

/** pg's client config plus `replication`, which pg supports but @types/pg does not declare. */
type ClientConfig = pg.ClientConfig & { replication?: 'database' };

function clientConfig(server: UpstreamServer, replication: boolean): ClientConfig {
  return {
    host: server.host,
    port: server.port,
    user: server.user,
    ...(server.password !== undefined ? { password: server.password } : {}),
    database: server.database,
    ssl: server.ssl ? { rejectUnauthorized: false } : false,
    options: SESSION_OPTIONS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'tally-postgres-cdc',
    types: TEXT_TYPES,
    ...(replication ? { replication: 'database' as const } : {}),
  };
}

/**
 * Connects to the upstream server; `replication` opens a logical replication connection (replication=database),
 * which takes replication commands as well as SQL. Errors after connecting are kept from crashing the process:
 * the pending query of the client rejects with them instead.
 */
export async function connectUpstream(server: UpstreamServer, replication = false): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(server, replication));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/** The SQLSTATE of a server error, if `err` is one. */
export function sqlStateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The message of a connection or server error, for Tally's errors. */
export function describeUpstreamError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeUpstreamError(err.errors[0]);
  const message = err instanceof Error ? err.message : String(err);
  return message === '' && (err as { code?: unknown }).code ? String((err as { code: unknown }).code) : message;
}
