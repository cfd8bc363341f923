// Tests of the email sink against an in-process SMTP receiver: messages per event, templates, login, refusals and
// retries, unreachable and silent servers, STARTTLS, rate limits.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SinkChange, SinkConnector, SinkWriter } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import type { LimitClock } from '../alert/sliding-window-limit.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { createEmailSinkConnector, emailSinkConnector } from './email-sink-connector.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.test-support.js';

const cols = columns(['seller_id', 'varchar'], ['sla_compliance_rate', 'numeric'], ['late_orders', 'int8']);
const row = (seller: string, rate: string, late: bigint): Row => [seller, Numeric.parse(rate), late];
const a1 = row('s1', '0.93', 7n);
const a2 = row('s1', '0.90', 9n);
const b1 = row('s2', '0.50', 9223372036854775807n);

let receiver: SmtpReceiver;

beforeAll(async () => {
  receiver = await startSmtpReceiver();
});

afterAll(async () => {
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
});

/** A spec for the receiver at `port`; an option given as undefined is left out. */
function specOf(options: Record<string, string | undefined>, port = receiver.port) {
  const all: Record<string, string | undefined> = {
    connector: 'email',
    'smtp.host': '127.0.0.1',
    'smtp.port': String(port),
    'smtp.starttls': 'disabled',
    from: 'Tally alerts <alerts@mail.example.com>',
    to: 'Ops <ops@example.com>, oncall@example.com',
    ...options,
  };
  const given = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return sinkSpec(cols, { name: 'sla_alerts', options: given, type: 'upsert', primaryKey: ['seller_id'] });
}

async function withWriter<T>(options: Record<string, string>, use: (writer: SinkWriter) => Promise<T>, connector: SinkConnector = emailSinkConnector): Promise<T> {
  const spec = specOf(options);
  connector.validate(spec);
  const writer = await connector.open(spec);
  try {
    return await use(writer);
  } finally {
    await writer.close();
  }
}

/** What `promise` rejected with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('email sink connector', () => {
  it('sends one message per change: firing, updated, resolved, to every recipient, with ids and headers', async () => {
    await withWriter({}, async (writer) => {
      await writer.write([{ before: null, after: a1 }, { before: null, after: b1 }]);
      await writer.write([{ before: a1, after: a2 }]);
      await writer.write([{ before: a2, after: null }]);
    });
    const mails = receiver.received;
    expect(mails.map((m) => m.headers.get('subject'))).toEqual([
      '[FIRING] sla_alerts: seller_id=s1',
      '[FIRING] sla_alerts: seller_id=s2',
      '[UPDATED] sla_alerts: seller_id=s1',
      '[RESOLVED] sla_alerts: seller_id=s1',
    ]);
    for (const mail of mails) {
      expect(mail.mailFrom).toBe('alerts@mail.example.com');
      expect(mail.rcptTo).toEqual(['ops@example.com', 'oncall@example.com']);
      expect(mail.headers.get('from')).toBe('Tally alerts <alerts@mail.example.com>');
      expect(mail.headers.get('to')).toBe('Ops <ops@example.com>, oncall@example.com');
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      const id = mail.headers.get('x-tally-notification-id')!;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(mail.headers.get('message-id')).toBe(`<${id}@mail.example.com>`);
      expect(mail.body).toContain(`\nNotification ${id}\n`);
    }
    expect(mails.map((m) => m.headers.get('x-tally-event'))).toEqual(['firing', 'firing', 'updated', 'resolved']);
    expect(new Set(mails.map((m) => m.headers.get('message-id'))).size).toBe(4);
    expect(mails[1]!.body).toContain('late_orders:         9223372036854775807\n');
    expect(mails[2]!.body).toMatch(/^UPDATED: a row of sla_alerts changed\.\n\nseller_id: +s1\nsla_compliance_rate: 0\.90 \(was 0\.93\)\nlate_orders: +9 \(was 7\)\n/);
    expect(mails[3]!.body).toMatch(/^RESOLVED: a row left sla_alerts\.\n/);
  });

  it('gives a change sent again the same Message-ID', async () => {
    await withWriter({}, (writer) => writer.write([{ before: null, after: a1 }]));
    await withWriter({}, (writer) => writer.write([{ before: null, after: [...a1] }]));
    const [first, again] = receiver.received;
    expect(again!.headers.get('message-id')).toBe(first!.headers.get('message-id'));
  });

  it('renders the subject and body templates', async () => {
    const options = { subject: 'SLA {{event}} for {{seller_id}} ({{sink}})', body: 'Seller {{seller_id}} is at {{sla_compliance_rate}} with {{late_orders}} late orders.\nRow: {{row}}' };
    await withWriter(options, (writer) => writer.write([{ before: null, after: a1 }, { before: a1, after: null }]));
    expect(receiver.received.map((m) => m.headers.get('subject'))).toEqual(['SLA firing for s1 (sla_alerts)', 'SLA resolved for s1 (sla_alerts)']);
    // SMTP ends the message's last line.
    expect(receiver.received[0]!.body).toBe('Seller s1 is at 0.93 with 7 late orders.\nRow: {"seller_id":"s1","sla_compliance_rate":"0.93","late_orders":7}\n');
  });

  it('logs in with smtp.user and smtp.password; a refused login fails open and never shows the password', async () => {
    const secured = await startSmtpReceiver({ users: { alerts: 'correct-horse' } });
    try {
      const options = (password: string) => specOf({ 'smtp.user': 'alerts', 'smtp.password': password }, secured.port);
      const writer = await emailSinkConnector.open(options('correct-horse'));
      await writer.write([{ before: null, after: a1 }]);
      await writer.close();
      expect(secured.received.map((m) => m.user)).toEqual(['alerts']);

      const refused = await failure(emailSinkConnector.open(options('wrong-battery')));
      expect(refused.message).toBe(
        `could not connect to SMTP server smtp://127.0.0.1:${secured.port}: login refused: 535 Authentication credentials invalid (check smtp.user and smtp.password)`,
      );
      // Without a login, the server refuses the message itself.
      const anonymous = await emailSinkConnector.open(specOf({}, secured.port));
      const withoutLogin = await failure(anonymous.write([{ before: null, after: a1 }]));
      await anonymous.close();
      expect(withoutLogin.message).toMatch(/^could not deliver notification [0-9a-f]{32} of sink "sla_alerts" to smtp:\/\/127\.0\.0\.1:\d+: MAIL FROM refused: 530 Error: authentication Required \(a permanent failure: /);
      expect(secured.received).toHaveLength(1);
    } finally {
      await secured.close();
    }
  });

  it('rejects a write when a recipient is refused (550); the retry reaches only the recipients it missed', async () => {
    receiver.refuseRecipient('oncall@example.com', '550 5.1.1 No such user here');
    const changes: SinkChange[] = [{ before: null, after: a1 }, { before: null, after: b1 }];
    await withWriter({}, async (writer) => {
      const refused = await failure(writer.write(changes));
      expect(refused.message).toMatch(
        /^could not deliver notification [0-9a-f]{32} of sink "sla_alerts" to smtp:\/\/127\.0\.0\.1:\d+: the server refused recipient oncall@example\.com \(550 5\.1\.1 No such user here\)$/,
      );
      expect(receiver.received.map((m) => m.rcptTo)).toEqual([['ops@example.com']]);
      // The runtime writes the same batch again.
      await writer.write(changes);
    });
    expect(receiver.received.map((m) => m.rcptTo)).toEqual([['ops@example.com'], ['oncall@example.com'], ['ops@example.com', 'oncall@example.com']]);
    const ids = receiver.received.map((m) => m.headers.get('message-id'));
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('rejects a write when the message is refused (451, 554), and delivers it once when the server accepts', async () => {
    await withWriter({}, async (writer) => {
      receiver.refuseMessage('451 4.3.0 Try again later');
      await expect(writer.write([{ before: null, after: a1 }])).rejects.toThrow(/: DATA refused: 451 4\.3\.0 Try again later \(a temporary failure\)$/);
      receiver.refuseMessage('554 5.7.1 Message rejected as spam');
      await expect(writer.write([{ before: null, after: a1 }])).rejects.toThrow(
        /: DATA refused: 554 5\.7\.1 Message rejected as spam \(a permanent failure: retrying will not help until the options or the server change\)$/,
      );
      expect(receiver.received).toHaveLength(0);
      await writer.write([{ before: null, after: a1 }]);
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.rcptTo).toEqual(['ops@example.com', 'oncall@example.com']);
  });

  it('fails open when the server cannot be reached or does not answer, and a write when it went away', async () => {
    const port = await closedPort();
    await expect(emailSinkConnector.open(specOf({}, port))).rejects.toThrow(`could not connect to SMTP server smtp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);

    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const silentPort = (silent.address() as AddressInfo).port;
      await expect(emailSinkConnector.open(specOf({ timeout_ms: '300' }, silentPort))).rejects.toThrow(
        // Which of nodemailer's timers (greeting, socket) fires first depends on scheduling: either says the same.
        /: no answer within 300 ms \((Greeting never received|Timeout)\)$/,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }

    const leaving = await startSmtpReceiver();
    const writer = await emailSinkConnector.open(specOf({}, leaving.port));
    try {
      await writer.write([{ before: null, after: a1 }]);
      await leaving.close();
      await expect(writer.write([{ before: null, after: b1 }])).rejects.toThrow(
        new RegExp(`^could not deliver notification [0-9a-f]{32} of sink "sla_alerts" to smtp://127\\.0\\.0\\.1:${leaving.port}: `),
      );
    } finally {
      await writer.close();
    }
    expect(leaving.received).toHaveLength(1);
  });

  it("upgrades with STARTTLS when the server offers it, and checks the server's certificate", async () => {
    const tls = await startSmtpReceiver({ starttls: true });
    try {
      const writer = await emailSinkConnector.open(specOf({ 'smtp.starttls': 'auto', 'smtp.tls.verify': 'false' }, tls.port));
      await writer.write([{ before: null, after: a1 }]);
      await writer.close();
      expect(tls.received.map((m) => m.secure)).toEqual([true]);
      // smtp-server's built-in certificate is self-signed (and expired): nobody trusts it.
      await expect(emailSinkConnector.open(specOf({ 'smtp.starttls': 'auto' }, tls.port))).rejects.toThrow(/smtp\.tls\.verify = 'false' accepts it\)$/);
    } finally {
      await tls.close();
    }
    // Without STARTTLS on offer, 'required' refuses to go on in plain text.
    await expect(emailSinkConnector.open(specOf({ 'smtp.starttls': 'required' }))).rejects.toThrow(
      /^could not connect to SMTP server smtp:\/\/127\.0\.0\.1:\d+: STARTTLS refused: 500 /,
    );
    await expect(emailSinkConnector.open(specOf({ 'smtp.starttls': undefined, 'smtp.secure': 'true' }))).rejects.toThrow(/: TLS handshake failed: the server does not speak TLS on this port/);
    const plain = await emailSinkConnector.open(specOf({ 'smtp.starttls': 'disabled' }));
    await plain.write([{ before: null, after: a1 }]);
    await plain.close();
    expect(receiver.received.map((m) => m.secure)).toEqual([false]);
  });

  it('queues messages beyond rate_limit until the window allows them, dropping none', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock: LimitClock = {
      now: () => now,
      async sleep(ms) {
        sleeps.push(ms);
        now += ms;
      },
    };
    const changes: SinkChange[] = Array.from({ length: 5 }, (_, i) => ({ before: null, after: row(`s${i}`, '0.5', BigInt(i)) }));
    await withWriter({ rate_limit: '2' }, (writer) => writer.write(changes), createEmailSinkConnector({ clock }));
    expect(receiver.received.map((m) => m.headers.get('subject'))).toEqual(changes.map((_, i) => `[FIRING] sla_alerts: seller_id=s${i}`));
    // Two at once, then each pair a minute after the pair before.
    expect(sleeps).toEqual([60_000, 60_000]);
    expect(now).toBe(120_000);
  });

  it('closing a sink that waits for its rate limit rejects the write', async () => {
    const writer = await emailSinkConnector.open(specOf({ rate_limit: '1' }));
    const waiting = writer.write([{ before: null, after: a1 }, { before: null, after: b1 }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.close();
    await expect(waiting).rejects.toThrow();
    expect(receiver.received).toHaveLength(1);
  });
});
