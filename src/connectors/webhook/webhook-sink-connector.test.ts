// Tests of the webhook sink against a local HTTP receiver: bodies, events, headers, failures and retries, timeouts, rate limits.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import type { LimitClock } from '../alert/sliding-window-limit.js';
import { createWebhookSinkConnector, webhookSinkConnector } from './webhook-sink-connector.js';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** What the receiver answers next: a status, a body, and how long it waits first. */
interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly delayMs?: number;
}

let server: Server;
let base = '';
const received: Received[] = [];
let answers: Answer[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      const reply = () => response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  answers = [];
});

const cols = columns(['seller_id', 'varchar'], ['sla_compliance_rate', 'numeric'], ['shipped_orders', 'int8']);
const row = (seller: string, rate: string, shipped: bigint): Row => [seller, Numeric.parse(rate), shipped];

async function withWriter<T>(options: Record<string, string>, use: (writer: SinkWriter) => Promise<T>, connector = webhookSinkConnector): Promise<T> {
  const spec = sinkSpec(cols, { name: 'sla_alerts', options: { connector: 'webhook', ...options }, type: 'upsert', primaryKey: ['seller_id'] });
  connector.validate(spec);
  const writer = await connector.open(spec);
  try {
    return await use(writer);
  } finally {
    await writer.close();
  }
}

const a1 = row('s1', '0.93', 100n);
const a2 = row('s1', '0.90', 120n);
const b1 = row('s2', '0.50', 9223372036854775807n);

describe('webhook sink connector', () => {
  it('POSTs one JSON notification per change: firing, updated, resolved, with ids and headers', async () => {
    await withWriter({ url: `${base}/alerts?token=t`, 'headers.authorization': 'Bearer secret-token' }, async (writer) => {
      await writer.write([{ before: null, after: a1 }, { before: null, after: b1 }]);
      await writer.write([{ before: a1, after: a2 }, { before: b1, after: null }]);
    });
    expect(received).toHaveLength(4);
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.event, b.key.seller_id])).toEqual([
      ['firing', 's1'],
      ['firing', 's2'],
      ['updated', 's1'],
      ['resolved', 's2'],
    ]);
    expect(bodies[1]).toMatchObject({ sink: 'sla_alerts', row: { seller_id: 's2', sla_compliance_rate: '0.50' } });
    expect(received[1]!.body).toContain('"shipped_orders":9223372036854775807');
    expect(bodies[2]).toMatchObject({ row: { sla_compliance_rate: '0.90' }, previous: { sla_compliance_rate: '0.93' } });
    for (const [i, r] of received.entries()) {
      expect(r.url).toBe('/alerts?token=t');
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['authorization']).toBe('Bearer secret-token');
      expect(r.headers['x-tally-notification-id']).toBe(bodies[i].id);
    }
    expect(new Set(bodies.map((b) => b.id)).size).toBe(4);
  });

  it('sends the Slack, DingTalk, WeChat Work and template bodies', async () => {
    const change: SinkChange[] = [{ before: null, after: a1 }];
    const text = '[FIRING] sla_alerts: seller_id=s1, sla_compliance_rate=0.93, shipped_orders=100';
    for (const format of ['slack', 'dingtalk', 'wechat']) {
      answers.push({ status: 200, body: format === 'slack' ? 'ok' : '{"errcode":0,"errmsg":"ok"}' });
      await withWriter({ url: `${base}/${format}`, format }, (writer) => writer.write(change));
    }
    await withWriter({ url: `${base}/custom`, format: 'template', template: '{"who": "{{seller_id}}", "rate": {{sla_compliance_rate}}, "what": "{{event}}"}' }, (writer) =>
      writer.write(change),
    );
    expect(received.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ['/slack', { text }],
      ['/dingtalk', { msgtype: 'text', text: { content: text } }],
      ['/wechat', { msgtype: 'text', text: { content: text } }],
      ['/custom', { who: 's1', rate: 0.93, what: 'firing' }],
    ]);
  });

  it('rejects on a 500 and, retried, sends only what was not delivered; the same ids both times', async () => {
    answers = [{ status: 200 }, { status: 500, body: 'upstream\ndown' }];
    const batch: SinkChange[] = [{ before: null, after: a1 }, { before: null, after: b1 }];
    await withWriter({ url: `${base}/hook` }, async (writer) => {
      await expect(writer.write(batch)).rejects.toThrow(/^could not deliver notification [0-9a-f]{32} of sink "sla_alerts" to http:\/\/127\.0\.0\.1:\d+\/hook: HTTP 500: upstream down$/);
      await writer.write(batch);
    });
    expect(received.map((r) => JSON.parse(r.body).key.seller_id)).toEqual(['s1', 's2', 's2']);
    expect(received[1]!.headers['x-tally-notification-id']).toBe(received[2]!.headers['x-tally-notification-id']);
  });

  it('says when a 4xx is a client error, names 429, hides the query string, and reads robot refusals', async () => {
    const change: SinkChange[] = [{ before: null, after: a1 }];
    answers = [{ status: 404, body: 'no such hook' }];
    await expect(withWriter({ url: `${base}/gone?key=secret-key` }, (writer) => writer.write(change))).rejects.toThrow(
      /to http:\/\/127\.0\.0\.1:\d+\/gone: HTTP 404 \(a client error: retrying will not help until the url, format, template or headers change\): no such hook$/,
    );
    answers = [{ status: 429 }];
    await expect(withWriter({ url: `${base}/busy` }, (writer) => writer.write(change))).rejects.toThrow(/HTTP 429 \(too many requests: lower rate_limit\)$/);
    answers = [{ status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' }];
    await expect(withWriter({ url: `${base}/robot?access_token=t`, format: 'dingtalk' }, (writer) => writer.write(change))).rejects.toThrow(
      /the robot refused it: errcode 310000: keywords not in content$/,
    );
  });

  it('rejects when the receiver does not answer within timeout_ms, or cannot be reached', async () => {
    answers = [{ status: 200, delayMs: 1000 }];
    await expect(withWriter({ url: `${base}/slow`, timeout_ms: '200' }, (writer) => writer.write([{ before: null, after: a1 }]))).rejects.toThrow(/\/slow: no answer within 200 ms$/);
    // A port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(withWriter({ url: `http://127.0.0.1:${port}/down` }, (writer) => writer.write([{ before: null, after: a1 }]))).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${port}/down: connect ECONNREFUSED`),
    );
  });

  it('signs DingTalk requests with the secret', async () => {
    answers = [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }];
    const secret = 'SECtest-secret';
    await withWriter({ url: `${base}/robot/send?access_token=t`, format: 'dingtalk', secret }, (writer) => writer.write([{ before: null, after: a1 }]));
    const query = new URL(received[0]!.url, base).searchParams;
    const timestamp = query.get('timestamp')!;
    expect(query.get('access_token')).toBe('t');
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    expect(query.get('sign')).toBe(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
  });

  it('queues notifications beyond rate_limit until the window allows them, dropping none', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock: LimitClock = {
      now: () => now,
      async sleep(ms) {
        sleeps.push(ms);
        now += ms;
      },
    };
    const connector = createWebhookSinkConnector({ clock });
    const changes: SinkChange[] = Array.from({ length: 5 }, (_, i) => ({ before: null, after: row(`s${i}`, '0.5', BigInt(i)) }));
    await withWriter({ url: `${base}/limited`, rate_limit: '2' }, (writer) => writer.write(changes), connector);
    expect(received.map((r) => JSON.parse(r.body).key.seller_id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    // Two at once, then each pair a minute after the pair before.
    expect(sleeps).toEqual([60_000, 60_000]);
    expect(now).toBe(120_000);
  });

  it('closing a sink that waits for its rate limit rejects the write', async () => {
    const connector = createWebhookSinkConnector();
    const spec = sinkSpec(cols, { name: 'sla_alerts', options: { url: `${base}/limited`, rate_limit: '1' } });
    const writer = await connector.open(spec);
    const waiting = writer.write([{ before: null, after: a1 }, { before: null, after: b1 }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writer.close();
    await expect(waiting).rejects.toThrow();
    expect(received).toHaveLength(1);
  });
});
