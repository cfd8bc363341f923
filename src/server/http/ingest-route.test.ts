import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../index.js';
import { startTestHttpServer, type TestHttpServer } from './http-test-server.test-support.js';

interface IngestAnswer {
  ingested?: number;
  epoch?: number;
  error?: { code: string; message: string; detail?: string };
  records?: { line: number; record: number; error: string }[];
}

describe('POST /v1/ingest/:source', () => {
  let server: TestHttpServer;
  const ingest = async (relation: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: IngestAnswer }> => {
    const response = await server.post(`/v1/ingest/${relation}`, body, contentType);
    return { status: response.status, body: (await response.json()) as IngestAnswer };
  };
  const rows = async (relation: string): Promise<unknown[][]> => {
    const [result] = await server.engine.execute(`SELECT * FROM ${relation} ORDER BY 1, 2`);
    return result!.kind === 'rows' ? result!.rows : [];
  };

  beforeAll(async () => {
    server = await startTestHttpServer();
    await server.sql(`
      CREATE SOURCE clicks (page VARCHAR, amount NUMERIC, at TIMESTAMPTZ) WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
      CREATE MATERIALIZED VIEW page_totals AS SELECT page, SUM(amount) AS amount, COUNT(*) AS clicks FROM clicks GROUP BY page;
      CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL) WITH (connector = 'http');
      CREATE TABLE plain (id INT);`);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('ingests a JSON array into a source as one epoch, numbers exact', async () => {
    const before = server.engine.epoch;
    const answer = await ingest('clicks', '[{"page": "/a", "amount": 1.10, "at": "2024-01-01T00:00:00Z"}, {"page": "/a", "amount": 0.20}, {"page": "/b", "amount": 12345678901234567890.01}]');
    expect(answer).toEqual({ status: 200, body: { ingested: 3, epoch: before + 1 } });
    expect(await rows('page_totals')).toEqual([
      ['/a', expect.anything(), 2n],
      ['/b', expect.anything(), 1n],
    ]);
    const view = (await (await fetch(server.url('/v1/views/page_totals?order=page'))).json()) as { rows: unknown[] };
    expect(view.rows).toEqual([
      { page: '/a', amount: '1.30', clicks: '2' },
      { page: '/b', amount: '12345678901234567890.01', clicks: '1' },
    ]);
  });

  it('ingests JSON lines into a table with a primary key, upserting by key', async () => {
    const first = await ingest('accounts', '{"id": 9007199254740993, "name": "ann"}\n\n{"id": 2, "name": "bob"}\n', 'application/x-ndjson');
    expect(first.body.ingested).toBe(2);
    const second = await ingest('accounts', '{"id": 2, "name": "bobby"}', 'application/x-ndjson; charset=utf-8');
    expect(second.body.ingested).toBe(1);
    expect(await rows('accounts')).toEqual([
      [2n, 'bobby'],
      [9007199254740993n, 'ann'],
    ]);
  });

  it('ingests one object, and nothing for an empty array', async () => {
    expect((await ingest('accounts', '{"id": 3, "name": "cy"}')).body.ingested).toBe(1);
    const epoch = server.engine.epoch;
    expect(await ingest('accounts', '[]')).toEqual({ status: 200, body: { ingested: 0, epoch } });
  });

  it('refuses a body with bad records, listing their lines, and ingests none of it', async () => {
    const before = await rows('accounts');
    const answer = await ingest('accounts', '[\n{"id": 10, "name": "ok"},\n{"id": "ten", "name": "x"},\n{"id": true, "name": "y"},\n{"id": 12, "name": },\n"not an object"\n]');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: '22P02', message: '4 of 5 records could not be decoded', detail: 'Nothing was ingested.' });
    expect(answer.body.records!.map((r) => [r.line, r.record])).toEqual([
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
    ]);
    expect(answer.body.records![0]!.error).toBe('invalid input syntax for type bigint: "ten"');
    expect(answer.body.records![3]!.error).toBe('JSON record is not an object');
    expect(await rows('accounts')).toEqual(before);
  });

  it('lists the bad lines of JSON lines', async () => {
    const answer = await ingest('clicks', '{"page": "/c", "amount": 1}\n{"page": "/c", "amount": "lots"}\n\n{"page": \n', 'application/x-ndjson');
    expect(answer.status).toBe(400);
    expect(answer.body.records!.map((r) => r.line)).toEqual([2, 4]);
    expect(answer.body.records![0]!.error).toBe('invalid input syntax for type numeric: "lots"');
  });

  it('reports a constraint the engine enforces as an error, with nothing ingested', async () => {
    const answer = await ingest('accounts', '[{"id": 20, "name": null}]');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('23502');
  });

  it('refuses relations that are not http sources, and unknown ones', async () => {
    expect(await ingest('plain', '[{"id": 1}]')).toMatchObject({ status: 400, body: { error: { code: '42809', message: '"plain" is not an http source or table' } } });
    expect(await ingest('page_totals', '[]')).toMatchObject({ status: 400, body: { error: { code: '42809' } } });
    expect(await ingest('nowhere', '[]')).toMatchObject({ status: 404, body: { error: { code: '42P01', message: 'relation "nowhere" does not exist' } } });
    expect(await ingest('clicks', 'page,amount', 'text/plain')).toMatchObject({ status: 415, body: { error: { message: 'cannot ingest a body of type "text/plain"' } } });
    expect(await ingest('clicks', '[{"page": "/x"}')).toMatchObject({ status: 400, body: { error: { code: '22P02', message: 'invalid JSON in request body: unexpected end of input at line 1' } } });
  });

  it('refuses a body over the size limit', async () => {
    const small = await startTestHttpServer({ bodyLimit: 1000 });
    try {
      await small.sql(`CREATE SOURCE s (v VARCHAR) WITH (connector = 'http')`);
      const response = await small.post('/v1/ingest/s', JSON.stringify([{ v: 'x'.repeat(2000) }]));
      expect(response.status).toBe(413);
      expect(((await response.json()) as IngestAnswer).error).toMatchObject({ code: '54000', message: 'request body is larger than 1000 bytes' });
    } finally {
      await small.stop();
    }
  });
});

describe('ingest with a data directory', () => {
  it('acknowledges rows that a restart finds again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-http-ingest-'));
    try {
      // A checkpoint interval far beyond the test: only the commit that ingest makes before answering can keep the rows.
      const server = await startTestHttpServer({}, { dataDir, checkpointIntervalMs: 3_600_000 });
      await server.sql(`CREATE TABLE events (id INT PRIMARY KEY, v NUMERIC) WITH (connector = 'http')`);
      const response = await server.post('/v1/ingest/events', '[{"id": 1, "v": 1.50}, {"id": 2, "v": 2.25}]');
      expect(response.status).toBe(200);
      expect(server.engine.checkpointStats()!.count).toBeGreaterThanOrEqual(2);
      // Closing without a final checkpoint: the store is what was committed when the request was answered.
      const reopened = await reopenAfterCopy(dataDir, server);
      const [result] = await reopened.execute('SELECT id, v FROM events ORDER BY id');
      expect(result!.kind === 'rows' ? result!.rows.map((row) => row.map(String)) : []).toEqual([
        ['1', '1.50'],
        ['2', '2.25'],
      ]);
      await reopened.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * Copies the data directory as the running server left it (as a crash would leave it), stops the server, and opens
 * an engine on the copy.
 */
async function reopenAfterCopy(dataDir: string, server: TestHttpServer): Promise<Awaited<ReturnType<typeof open>>> {
  const { cp } = await import('node:fs/promises');
  const copy = `${dataDir}-copy`;
  await cp(dataDir, copy, { recursive: true });
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
  await cp(copy, dataDir, { recursive: true });
  await rm(copy, { recursive: true, force: true });
  return open({ dataDir });
}
