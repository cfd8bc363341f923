// An in-process SMTP receiver for email sink tests: records each message, logs users in, refuses on request.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message the receiver accepted, with its envelope and its headers (unfolded, by lower-case name). */
export interface ReceivedMail {
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** The user the session logged in as, if it did. */
  readonly user: string | undefined;
  /** Whether the session was encrypted (TLS or STARTTLS). */
  readonly secure: boolean;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Refuses `address` at RCPT TO with `reply` (`550 No such user`) for its next `times` attempts. */
  refuseRecipient(address: string, reply: string, times?: number): void;
  /** Refuses the next `times` messages after DATA with `reply` (`451 Try again later`). */
  refuseMessage(reply: string, times?: number): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** Users and their passwords: login is then required. */
  readonly users?: Readonly<Record<string, string>>;
  /** Offer STARTTLS (with smtp-server's built-in certificate, which no client trusts). Default false. */
  readonly starttls?: boolean;
}

/** An Error carrying an SMTP reply `code text`, as smtp-server sends it. */
function replyError(reply: string): Error {
  const match = /^(\d{3})\s+(.*)$/.exec(reply);
  if (!match) throw new Error(`not an SMTP reply: ${reply}`);
  return Object.assign(new Error(match[2]), { responseCode: Number(match[1]) });
}

/** Headers and body of a raw message; a quoted-printable or base64 body decoded. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
    body = decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startSmtpReceiver(options: ReceiverOptions = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const recipientRefusals = new Map<string, { reply: string; times: number }>();
  let messageRefusal: { reply: string; times: number } | undefined;
  const users = options.users;
  const serverOptions: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    // Closing waits this long for clients' open connections (a sink's pool keeps one) before dropping them.
    closeTimeout: 100,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    authOptional: users === undefined,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (users !== undefined && auth.username !== undefined && users[auth.username] === auth.password) return callback(null, { user: auth.username });
      callback(replyError('535 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = recipientRefusals.get(address.address);
      if (refusal && refusal.times > 0) {
        refusal.times--;
        return callback(replyError(refusal.reply));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (messageRefusal && messageRefusal.times > 0) {
          messageRefusal.times--;
          return callback(replyError(messageRefusal.reply));
        }
        const mailFrom = session.envelope.mailFrom;
        received.push({
          mailFrom: mailFrom === false ? '' : mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((to) => to.address),
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    refuseRecipient(address, reply, times = 1) {
      recipientRefusals.set(address, { reply, times });
    },
    refuseMessage(reply, times = 1) {
      messageRefusal = { reply, times };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
