import { execFile } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './certificate.test-support.js';
import { startTestServer, type TestServer } from './test-server.test-support.js';

const certificate = await selfSignedCertificate();
const skip = 'skip' in certificate ? certificate.skip : undefined;
if (skip) console.log(`skipping TLS tests: ${skip}`);

let tally: TestServer;
let plain: TestServer;

beforeAll(async () => {
  if ('skip' in certificate) return;
  tally = await startTestServer({ tls: certificate, users: new Map([['alice', 's3cret']]) });
  plain = await startTestServer();
});

afterAll(async () => {
  await tally?.stop();
  await plain?.stop();
});

describe.skipIf(skip !== undefined)('TLS', () => {
  it('upgrades a node-postgres connection and authenticates over it', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: tally.port, user: 'alice', password: 's3cret', database: 'dev', ssl: { rejectUnauthorized: false } });
    await client.connect();
    try {
      const socket = (client as unknown as { connection: { stream: { encrypted?: boolean; getProtocol?: () => string } } }).connection.stream;
      expect(socket.encrypted).toBe(true);
      expect((await client.query('SELECT $1::int * 2 AS twice', [21])).rows).toEqual([{ twice: 42 }]);
    } finally {
      await client.end();
    }
  });

  it('still serves clients that do not ask for TLS', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: tally.port, user: 'alice', password: 's3cret', database: 'dev' });
    await client.connect();
    try {
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('answers SSLRequest with N when no certificate is configured', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: plain.port, user: 'root', database: 'dev', ssl: { rejectUnauthorized: false } });
    await expect(client.connect()).rejects.toThrow('The server does not support SSL connections');
    await client.end().catch(() => undefined);
  });

  it('lets psql connect with sslmode=require and a SCRAM password', async (context) => {
    const psqlMissing = await new Promise<string | undefined>((resolve) => {
      execFile('psql', ['--version'], (error) => resolve(error ? error.message : undefined));
    });
    if (psqlMissing) {
      console.log(`skipping the psql TLS test: psql unavailable: ${psqlMissing}`);
      context.skip();
    }
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'psql',
        ['-X', '-A', '-t', `host=127.0.0.1 port=${tally.port} user=alice dbname=dev sslmode=require`, '-c', 'SELECT 6 * 7 AS answer'],
        { env: { ...process.env, PGPASSWORD: 's3cret' }, timeout: 30_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    expect(output).toBe('42\n');
  });
});
