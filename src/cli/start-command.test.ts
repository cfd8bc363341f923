import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStart, startServer, StartError } from './start-command.js';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tally-start-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function query(port: number, sql: string, config: pg.ClientConfig = {}): Promise<unknown[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'root', database: 'dev', ...config });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('tally start', () => {
  it('serves pg-wire and says where', async () => {
    const lines: string[] = [];
    const server = await startServer({ pgPort: '0', httpPort: '0' }, (line) => lines.push(line));
    try {
      const port = server.pgWire.address.port;
      expect(lines[0]).toBe(`tally: pg-wire listening on 127.0.0.1:${port}`);
      const http = `http://127.0.0.1:${server.http.port}`;
      expect(lines).toContain(`tally: HTTP API listening on ${http} (/v1/sql, /v1/views/:name, /v1/views/:name/changes, /v1/changes, /v1/ingest/:source, /health, /metrics)`);
      expect(lines).toContain(`tally: dashboard on ${http}/`);
      const page = await fetch(`${http}/dashboard`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="importmap">');
      expect(await query(port, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      // On loopback a request without credentials runs as root, as a pg-wire login without a password does.
      const answer = await fetch(`${http}/v1/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT 2 AS two' }) });
      expect(answer.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('keeps what it was told across a stop and a start with a data directory', async () => {
    const dataDir = join(workDir, 'data');
    const first = await startServer({ pgPort: '0', httpPort: '0', dataDir }, () => undefined);
    const firstPort = first.pgWire.address.port;
    await query(firstPort, 'CREATE TABLE kept (seller VARCHAR, amount INT)');
    await query(firstPort, 'CREATE MATERIALIZED VIEW kept_totals AS SELECT seller, sum(amount) AS total FROM kept GROUP BY seller');
    await query(firstPort, "INSERT INTO kept VALUES ('S1', 5), ('S1', 7), ('S2', 1)");
    await first.stop();
    const second = await startServer({ pgPort: '0', httpPort: '0', dataDir }, () => undefined);
    try {
      expect(await query(second.pgWire.address.port, 'SELECT * FROM kept_totals ORDER BY seller')).toEqual([{ seller: 'S1', total: '12' }, { seller: 'S2', total: '1' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses to listen beyond this machine without passwords', async () => {
    await expect(startServer({ pgPort: '0', httpPort: '0', host: '0.0.0.0' }, () => undefined)).rejects.toThrow(
      new StartError('refusing to listen on 0.0.0.0 without passwords: configure users in the --config file, create users with passwords (CREATE USER ... PASSWORD) in the data directory, or listen on 127.0.0.1'),
    );
  });

  it('counts users made with CREATE USER in the data directory, and asks them for their passwords', async () => {
    const dataDir = join(workDir, 'users');
    await expect(startServer({ pgPort: '0', httpPort: '0', host: '0.0.0.0', dataDir }, () => undefined)).rejects.toThrow(StartError);
    const local = await startServer({ pgPort: '0', httpPort: '0', dataDir }, () => undefined);
    await query(local.pgWire.address.port, "CREATE USER s1 WITH PASSWORD 'seller pass' SCOPE (seller = 'S1')");
    await query(local.pgWire.address.port, "CREATE TABLE owned (seller VARCHAR, amount INT); INSERT INTO owned VALUES ('S1', 1), ('S2', 2); GRANT SELECT ON owned TO s1");
    await local.stop();
    const lines: string[] = [];
    const open = await startServer({ pgPort: '0', httpPort: '0', host: '0.0.0.0', dataDir }, (line) => lines.push(line));
    try {
      const port = open.pgWire.address.port;
      expect(lines[0]).toBe(`tally: pg-wire listening on 0.0.0.0:${port} (SCRAM-SHA-256)`);
      expect(await query(port, 'SELECT * FROM owned', { user: 's1', password: 'seller pass' })).toEqual([{ seller: 'S1', amount: 1 }]);
      // Over HTTP beyond loopback: no credentials, no answer; the user's password shows its own rows only.
      const http = `http://127.0.0.1:${open.http.port}/v1/views/owned`;
      expect((await fetch(http)).status).toBe(401);
      const basic = `Basic ${Buffer.from('s1:seller pass').toString('base64')}`;
      const rows = (await (await fetch(http, { headers: { authorization: basic } })).json()) as { rows: unknown[] };
      expect(rows.rows).toHaveLength(1);
      // Root has no password: beyond loopback it cannot log in at all.
      await expect(query(port, 'SELECT 1', { password: 'anything' })).rejects.toThrow('password authentication failed for user "root"');
    } finally {
      await open.stop();
    }
  });

  it('takes users from the config file and then asks every client for a password', async () => {
    const config = join(workDir, 'tally.json');
    await writeFile(config, JSON.stringify({ host: '0.0.0.0', pgPort: 0, httpPort: 0, users: { root: 'rootpass' } }));
    const server = await startServer({ config }, () => undefined);
    try {
      const port = server.pgWire.address.port;
      expect(await query(port, 'SELECT 2 AS two', { password: 'rootpass' })).toEqual([{ two: 2 }]);
      await expect(query(port, 'SELECT 2', { password: 'wrong' })).rejects.toThrow('password authentication failed for user "root"');
    } finally {
      await server.stop();
    }
  });

  it('reports bad settings with exit code 2, before starting anything', async () => {
    const lines: string[] = [];
    expect(await runStart({ pgPort: 'http' }, (line) => lines.push(line), new Promise(() => undefined))).toBe(2);
    const config = join(workDir, 'bad.json');
    await writeFile(config, JSON.stringify({ pgPort: 1, colour: 'blue' }));
    expect(await runStart({ config }, (line) => lines.push(line), new Promise(() => undefined))).toBe(2);
    expect(lines).toEqual([
      'tally: --pg-port must be a port number from 0 to 65535, not "http"',
      `tally: config file "${config}": unrecognized setting "colour"`,
    ]);
  });

  it('stops on a signal: connections end, the engine closes, exit code 0', async () => {
    const lines: string[] = [];
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const running = runStart({ pgPort: '0', httpPort: '0' }, (line) => lines.push(line), stopped);
    while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const port = Number(/:(\d+)$/.exec(lines[0]!)![1]);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'root', database: 'dev' });
    await client.connect();
    const ended = new Promise<Error>((resolve) => client.on('error', resolve));
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect((await ended).message).toBe('terminating connection due to administrator command');
    expect(lines.slice(-2)).toEqual(['tally: SIGTERM received, stopping', 'tally: stopped']);
    await client.end().catch(() => undefined);
  });
});
