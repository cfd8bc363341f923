// Test support: the PostgreSQL 15 server the system catalogs are compared with, or why a comparison skips.
import pg from 'pg';

/** 127.0.0.1:5432, trust, database `test`, as the repository's tests assume. */
const ORACLE = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', connectionTimeoutMillis: 3000 } as const;

/** A connected client, or the reason comparisons with PostgreSQL skip (printed by the caller). */
export async function connectOracle(): Promise<{ client: pg.Client } | { skip: string }> {
  const client = new pg.Client(ORACLE);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { client };
  } catch (err) {
    await client.end().catch(() => undefined);
    return { skip: `PostgreSQL at ${ORACLE.host}:${ORACLE.port} unavailable: ${(err as Error).message}` };
  }
}

/** Rows of `sql` with every value as PostgreSQL's text (NULL as null). */
export async function textRows(client: pg.Client, sql: string, params: unknown[] = []): Promise<(string | null)[][]> {
  const result = await client.query({ text: sql, values: params, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } });
  return result.rows as (string | null)[][];
}
