// Starts an engine served over pg-wire on a free port, for client tests; and finds the PostgreSQL used as oracle.
import pg from 'pg';
import type { Engine, EngineOptions } from '../../engine.js';
import { open } from '../../index.js';
import { PgWireServer, type PgWireServerOptions } from './index.js';

export interface TestServer {
  readonly engine: Engine;
  readonly server: PgWireServer;
  readonly port: number;
  stop(): Promise<void>;
}

/** An in-memory engine with the built-in connectors, listening on 127.0.0.1 on a port the system picks. */
export async function startTestServer(
  options: Omit<PgWireServerOptions, 'engine' | 'port'> = {},
  engineOptions: EngineOptions = {},
): Promise<TestServer> {
  const engine = await open(engineOptions);
  const logged: string[] = [];
  const server = await PgWireServer.start({ engine, port: 0, log: (line) => logged.push(line), ...options });
  return {
    engine,
    server,
    port: server.address.port,
    async stop() {
      await server.close();
      await engine.close();
      if (logged.length > 0) throw new Error(`the server logged:\n${logged.join('\n')}`);
    },
  };
}

/** The PostgreSQL server tests compare with (127.0.0.1:5432, trust, database `test`). */
export const ORACLE = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;

/** Resolves to undefined when the oracle PostgreSQL answers, else to the reason a test comparing with it skips. */
export async function oracleUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ ...ORACLE, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL at ${ORACLE.host}:${ORACLE.port} unavailable: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A table name no other test run uses. */
export const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
