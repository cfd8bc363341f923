import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from './http-test-server.test-support.js';
import { parseEvent, SseClient } from './sse-client.test-support.js';

interface Snapshot {
  epoch: number;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}
interface Changes {
  epoch: number;
  inserts: Record<string, unknown>[];
  deletes: Record<string, unknown>[];
}

describe('GET /v1/views/:name/changes', () => {
  let server: TestHttpServer;
  const clients: SseClient[] = [];
  const subscribe = async (path: string): Promise<SseClient> => {
    const client = await SseClient.connect(server.url(path));
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startTestHttpServer({ heartbeatMs: 60_000 });
    await server.sql(`
      CREATE TABLE orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC);
      INSERT INTO orders VALUES (1, 'S1', 10.00), (2, 'S2', 5.50);
      CREATE MATERIALIZED VIEW seller_totals AS SELECT seller, SUM(total) AS total, COUNT(*) AS orders FROM orders GROUP BY seller;`);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.stop();
  });

  it('sends the snapshot, then each epoch of INSERT, UPDATE and DELETE in order', async () => {
    const client = await subscribe('/v1/views/seller_totals/changes');
    const snapshot = await client.expect<Snapshot>('snapshot');
    expect(snapshot.epoch).toBe(server.engine.epoch);
    expect(snapshot.columns.map((c) => c.name)).toEqual(['seller', 'total', 'orders']);
    expect(snapshot.rows).toEqual(
      expect.arrayContaining([
        { seller: 'S1', total: '10.00', orders: '1' },
        { seller: 'S2', total: '5.50', orders: '1' },
      ]),
    );
    const inserted = await server.sql(`INSERT INTO orders VALUES (3, 'S1', 2.25)`);
    const updated = await server.sql(`UPDATE orders SET total = 6.50 WHERE id = 2`);
    const deleted = await server.sql(`DELETE FROM orders WHERE seller = 'S2'`);
    expect(await client.expect<Changes>('changes')).toEqual({
      epoch: inserted.epoch,
      inserts: [{ seller: 'S1', total: '12.25', orders: '2' }],
      deletes: [{ seller: 'S1', total: '10.00', orders: '1' }],
    });
    expect(await client.expect<Changes>('changes')).toEqual({
      epoch: updated.epoch,
      inserts: [{ seller: 'S2', total: '6.50', orders: '1' }],
      deletes: [{ seller: 'S2', total: '5.50', orders: '1' }],
    });
    expect(await client.expect<Changes>('changes')).toEqual({ epoch: deleted.epoch, inserts: [], deletes: [{ seller: 'S2', total: '6.50', orders: '1' }] });
    expect(snapshot.epoch).toBeLessThan(inserted.epoch);
  });

  it('follows a table, and an http source from its next event', async () => {
    await server.sql(`CREATE SOURCE clicks (page VARCHAR, n BIGINT) WITH (connector = 'http')`);
    const table = await subscribe('/v1/views/orders/changes');
    const source = await subscribe('/v1/views/clicks/changes');
    expect((await table.expect<Snapshot>('snapshot')).rows).toHaveLength(2);
    expect((await source.expect<Snapshot>('snapshot')).rows).toEqual([]);
    await server.sql(`INSERT INTO orders VALUES (7, 'S7', 7)`);
    expect((await table.expect<Changes>('changes')).inserts).toEqual([{ id: 7, seller: 'S7', total: '7' }]);
    const response = await server.post('/v1/ingest/clicks', '[{"page": "/a", "n": 9007199254740993}]');
    expect(response.status).toBe(200);
    expect((await source.expect<Changes>('changes')).inserts).toEqual([{ page: '/a', n: '9007199254740993' }]);
  });

  it('applies column filters to the snapshot and to the changes', async () => {
    const client = await subscribe('/v1/views/orders/changes?seller=S1&total.gt=1');
    expect((await client.expect<Snapshot>('snapshot')).rows).toEqual([{ id: 1, seller: 'S1', total: '10.00' }]);
    await server.sql(`INSERT INTO orders VALUES (3, 'S2', 100)`);
    await server.sql(`INSERT INTO orders VALUES (4, 'S1', 0.5)`);
    const wanted = await server.sql(`INSERT INTO orders VALUES (5, 'S1', 50)`);
    expect(await client.expect<Changes>('changes')).toEqual({ epoch: wanted.epoch, inserts: [{ id: 5, seller: 'S1', total: '50' }], deletes: [] });
  });

  it('serves many subscribers the same epochs', async () => {
    const subscribers = await Promise.all(Array.from({ length: 6 }, () => subscribe('/v1/views/seller_totals/changes')));
    for (const client of subscribers) await client.expect('snapshot');
    const epochs: number[] = [];
    for (let orderId = 10; orderId < 15; orderId++) epochs.push((await server.sql(`INSERT INTO orders VALUES (${orderId}, 'S9', 1)`)).epoch);
    for (const client of subscribers) {
      const seen: number[] = [];
      for (let count = 0; count < epochs.length; count++) seen.push((await client.expect<Changes>('changes')).epoch);
      expect(seen).toEqual(epochs);
    }
  });

  it('forgets a subscriber that leaves', async () => {
    const client = await subscribe('/v1/views/seller_totals/changes');
    await client.expect('snapshot');
    expect(await openStreams(server)).toBe(1);
    client.close();
    await waitFor(async () => (await openStreams(server)) === 0);
    // The engine goes on without it.
    await server.sql(`INSERT INTO orders VALUES (20, 'S1', 1)`);
  });

  it('sends heartbeats', async () => {
    const beating = await startTestHttpServer({ heartbeatMs: 30 });
    try {
      await beating.sql('CREATE TABLE t (v INT)');
      const client = await SseClient.connect(beating.url('/v1/views/t/changes'));
      clients.push(client);
      await client.expect('snapshot');
      expect(await client.expect('heartbeat')).toEqual({ epoch: beating.engine.epoch });
      expect(await client.expect('heartbeat')).toEqual({ epoch: beating.engine.epoch });
    } finally {
      for (const client of clients.splice(0)) client.close();
      await beating.stop();
    }
  });

  it('ends the stream with an error event when the relation is dropped', async () => {
    const client = await subscribe('/v1/views/seller_totals/changes');
    await client.expect('snapshot');
    await server.sql('DROP MATERIALIZED VIEW seller_totals');
    // DROP runs no epoch; the next epoch finds the view gone.
    await server.sql(`INSERT INTO orders VALUES (30, 'S1', 1)`);
    expect(await client.expect('error')).toEqual({ error: { code: '42P01', message: 'relation "seller_totals" was dropped' } });
    expect(await client.next()).toBeUndefined();
    expect(await openStreams(server)).toBe(0);
  });

  it('refuses to follow a view that is not materialized', async () => {
    await server.sql('CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 5');
    const response = await fetch(server.url('/v1/views/big_orders/changes'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: '0A000',
      message: 'cannot follow the changes of view "big_orders": it is not materialized',
    });
  });

  it('answers 404 for an unknown relation and 400 for bad parameters, before streaming', async () => {
    const missing = await fetch(server.url('/v1/views/nope/changes'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('42P01');
    const ordered = await fetch(server.url('/v1/views/orders/changes?order=id'));
    expect(ordered.status).toBe(400);
    expect(((await ordered.json()) as { error: { message: string } }).error.message).toBe('query parameter "order" is not supported on a change stream');
    const column = await fetch(server.url('/v1/views/orders/changes?nope=1'));
    expect(column.status).toBe(400);
    expect(await openStreams(server)).toBe(0);
  });

  it('ends open streams when the server closes', async () => {
    const client = await subscribe('/v1/views/orders/changes');
    await client.expect('snapshot');
    await server.server.close();
    expect(await client.next()).toBeUndefined();
  });
});

describe('a slow subscriber', () => {
  it('is dropped with an error event while the engine and other subscribers go on', async () => {
    const server = await startTestHttpServer({ maxQueuedBytes: 256 * 1024, heartbeatMs: 60_000 });
    await server.sql('CREATE TABLE events (id INT PRIMARY KEY, payload VARCHAR)');
    const fast = await SseClient.connect(server.url('/v1/views/events/changes'));
    const slow = connect(server.server.port, '127.0.0.1');
    try {
      await fast.expect('snapshot');
      // A client that sends its request, reads the start of the answer, and then reads nothing.
      const received: Buffer[] = [];
      slow.on('data', (chunk: Buffer) => received.push(chunk));
      if (slow.connecting) await new Promise<void>((resolve) => slow.once('connect', resolve));
      slow.write(`GET /v1/views/events/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n`);
      await waitFor(async () => Buffer.concat(received).includes('event: snapshot'));
      slow.pause();

      const payload = 'x'.repeat(1000);
      const epochs: number[] = [];
      let nextId = 0;
      let fastRows = 0;
      const started = Date.now();
      // Each epoch is about 100 kB of events, which the fast client reads before the next; the slow one's kernel
      // buffers hold a few MB before its backlog starts to grow on the server.
      while (Date.now() - started < 30_000 && (await droppedStreams(server)) === 0) {
        server.engine.ingest('events', Array.from({ length: 100 }, () => [nextId++, payload]));
        epochs.push(server.engine.epoch);
        const changes = await fast.expect<Changes>('changes', 10_000);
        expect(changes.epoch).toBe(epochs[epochs.length - 1]);
        fastRows += changes.inserts.length;
      }
      expect(await droppedStreams(server)).toBe(1);
      expect(epochs.length).toBeGreaterThan(10);
      // The engine went on: more epochs run, and the fast subscriber still follows them all.
      server.engine.ingest('events', [[nextId++, 'after']]);
      expect((await fast.expect<Changes>('changes')).inserts).toEqual([{ id: nextId - 1, payload: 'after' }]);
      expect(fastRows).toBe(nextId - 1);
      expect(await openStreams(server)).toBe(1);

      // The slow client wakes up: it reads what was sent, ending with the error event, and the stream ends.
      slow.resume();
      await new Promise<void>((resolve) => slow.once('end', resolve));
      const text = Buffer.concat(received).toString('utf8');
      const events = text.split('\n\n').filter((block) => block.includes('event: '));
      const last = parseEvent(events[events.length - 1]!.slice(events[events.length - 1]!.indexOf('event: ')));
      expect(last.event).toBe('error');
      expect(JSON.parse(last.data)).toMatchObject({ error: { code: '53000', message: 'change stream dropped: the client fell more than 262144 bytes behind' } });
    } finally {
      slow.destroy();
      fast.close();
      await server.stop();
    }
  }, 60_000);

  it('is not dropped while it reads a snapshot larger than the backlog allowed', async () => {
    const server = await startTestHttpServer({ maxQueuedBytes: 64 * 1024, heartbeatMs: 60_000 });
    const client = connect(server.server.port, '127.0.0.1');
    try {
      await server.sql('CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR)');
      const payload = 'y'.repeat(1000);
      server.engine.ingest('big', Array.from({ length: 8000 }, (_, id) => [id, payload]));
      const received: Buffer[] = [];
      client.on('data', (chunk: Buffer) => received.push(chunk));
      if (client.connecting) await new Promise<void>((resolve) => client.once('connect', resolve));
      client.pause();
      client.write(`GET /v1/views/big/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      // The snapshot (8 MB) is written, and much of it is still waiting when the next epoch comes.
      await new Promise((resolve) => setTimeout(resolve, 200));
      server.engine.ingest('big', [[8000, 'last']]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await droppedStreams(server)).toBe(0);
      client.resume();
      await waitFor(async () => Buffer.concat(received).includes('"payload":"last"'));
      const text = Buffer.concat(received).toString('utf8');
      expect(text).toContain('event: snapshot');
      expect(text).not.toContain('event: error');
    } finally {
      client.destroy();
      await server.stop();
    }
  }, 60_000);
});

async function metric(server: TestHttpServer, name: string): Promise<number> {
  const text = await (await fetch(server.url('/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no ${name} in the metrics`);
  return Number(line.slice(name.length + 1));
}

const openStreams = (server: TestHttpServer): Promise<number> => metric(server, 'tally_http_change_streams');
const droppedStreams = (server: TestHttpServer): Promise<number> => metric(server, 'tally_http_change_streams_dropped_total');

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
