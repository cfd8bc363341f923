import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConnector, SourceReader } from '../../stream/source.js';
import { startTestServer, type TestServer } from './test-server.test-support.js';
import { noticeFields, sendCancel, WireClient, type Received } from './wire-client.test-support.js';

/** A source whose reader opens only when the test says so: CREATE SOURCE waits for it, as for a slow broker. */
function gatedConnector(): { connector: SourceConnector; open: () => void; opening: Promise<void> } {
  let open!: () => void;
  let signalOpening!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const opening = new Promise<void>((resolve) => {
    signalOpening = resolve;
  });
  const reader: SourceReader = {
    poll: async () => ({ changes: { rows: [], weights: [] }, deadLetters: [] }),
    position: () => null,
    close: async () => undefined,
  };
  const connector: SourceConnector = {
    name: 'gate',
    validate: () => undefined,
    open: async () => {
      signalOpening();
      await gate;
      return reader;
    },
  };
  return { connector, open, opening };
}

const gated = gatedConnector();
let tally: TestServer;

/** 3,000 rows: a three-way cross join of them (27 billion rows) runs for hours, so only a cancel ends it. */
const ENDLESS = 'SELECT count(*) FROM numbers a, numbers b, numbers c';

beforeAll(async () => {
  tally = await startTestServer({}, { sourceConnectors: [gated.connector] });
  await tally.engine.execute('CREATE TABLE numbers (n INT)');
  tally.engine.ingest('numbers', Array.from({ length: 3000 }, (_, i) => [i]));
});

afterAll(async () => {
  await tally.stop();
});

const types = (messages: readonly Received[]): string => messages.map((m) => m.type).join('');

describe('CancelRequest', () => {
  it('cancels the statements of a query that have not started, with 57014', async () => {
    const client = await WireClient.connect(tally.port);
    client.query("CREATE SOURCE gated_events (a INT) WITH (connector = 'gate'); SELECT 1; SELECT 2").flush();
    await gated.opening;
    await sendCancel(tally.port, client.processId, client.secretKey);
    gated.open();
    const replies = await client.until('Z');
    // The statement waiting for its source finishes; the next one is where the cancel takes effect.
    expect(types(replies)).toBe('CEZ');
    expect(replies[0]!.body.toString('utf8')).toBe('CREATE SOURCE\0');
    expect(noticeFields(replies[1]!)).toMatchObject({ S: 'ERROR', C: '57014', M: 'canceling statement due to user request' });
    // The cancel does not outlive its query.
    expect(types(await client.query('SELECT 3').until('Z'))).toBe('TDCZ');
    client.end();
  });

  it('stops a query while it runs, and a running query does not stall the other connections', async () => {
    const long = await WireClient.connect(tally.port);
    const other = await WireClient.connect(tally.port);
    const replies = long.query(ENDLESS).until('Z');
    // The other connection is answered while the long query works.
    expect(types(await other.query('SELECT 1').until('Z'))).toBe('TDCZ');
    expect(types(await other.query('SELECT count(*) FROM numbers').until('Z'))).toBe('TDCZ');
    await sendCancel(tally.port, long.processId, long.secretKey);
    const answer = await replies;
    expect(types(answer)).toBe('EZ');
    expect(noticeFields(answer[0]!)).toMatchObject({ C: '57014', M: 'canceling statement due to user request' });
    expect(types(await long.query('SELECT 3').until('Z'))).toBe('TDCZ');
    long.end();
    other.end();
  });

  it('stops a statement that runs past statement_timeout', async () => {
    const client = await WireClient.connect(tally.port);
    expect(types(await client.query("SET statement_timeout = '50ms'").until('Z'))).toBe('CZ');
    const show = await client.query('SHOW statement_timeout').until('Z');
    expect(show[1]!.body.toString('utf8')).toContain('50ms');
    const answer = await client.query(ENDLESS).until('Z');
    expect(types(answer)).toBe('EZ');
    expect(noticeFields(answer[0]!)).toMatchObject({ C: '57014', M: 'canceling statement due to statement timeout' });
    // Quick statements are unaffected, and RESET turns the timeout off.
    expect(types(await client.query('SELECT count(*) FROM numbers').until('Z'))).toBe('TDCZ');
    expect(types(await client.query('RESET statement_timeout').until('Z'))).toBe('CZ');
    const invalid = await client.query("SET statement_timeout = 'soon'").until('Z');
    expect(noticeFields(invalid[0]!)).toMatchObject({ C: '22023', M: 'invalid value for parameter "statement_timeout": "soon"' });
    client.end();
  });

  it('stops a parameterized query (extended protocol) on statement_timeout', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: tally.port, user: 'root', database: 'dev' });
    await client.connect();
    try {
      await client.query('SET statement_timeout = 100');
      await expect(client.query(`${ENDLESS} WHERE a.n >= $1`, [0])).rejects.toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
      expect((await client.query('SELECT count(*) AS n FROM numbers WHERE n >= $1', [10])).rows).toEqual([{ n: '2990' }]);
    } finally {
      await client.end();
    }
  });

  it('is ignored when the key is wrong or the connection is idle', async () => {
    const client = await WireClient.connect(tally.port);
    await sendCancel(tally.port, client.processId, client.secretKey);
    await sendCancel(tally.port, client.processId, client.secretKey + 1);
    expect(types(await client.query('SELECT 1').until('Z'))).toBe('TDCZ');
    client.end();
  });

  it('gives each connection its own key', async () => {
    const first = await WireClient.connect(tally.port);
    const second = await WireClient.connect(tally.port);
    expect(first.processId).not.toBe(second.processId);
    first.end();
    second.end();
  });
});
