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

beforeAll(async () => {
  tally = await startTestServer({}, { sourceConnectors: [gated.connector] });
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
