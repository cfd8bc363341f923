// connector = 'email': alerts as email through an SMTP server, one message per change (firing, updated, resolved).
import nodemailer from 'nodemailer';
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { notificationsOf } from '../alert/alert-notification.js';
import { SlidingWindowLimit, systemClock, type LimitClock } from '../alert/sliding-window-limit.js';
import { emailMessagesOf } from './email-message.js';
import { emailSettings, type EmailSettings } from './email-options.js';
import { EmailSinkWriter, type SmtpTransport } from './email-sink-writer.js';
import { loginSecrets, smtpFailure } from './smtp-failure.js';

/** The rate limit counts messages per minute. */
const RATE_WINDOW_MS = 60_000;

/** Knobs for tests: the clock of the rate limit. */
export interface EmailSinkTuning {
  readonly clock?: LimitClock;
}

/**
 * One pooled connection, kept open between messages (a batch of alerts is not a connection per message) and
 * used by one message at a time, so messages leave in the order of their changes.
 */
function transportFor(settings: EmailSettings): SmtpTransport {
  const { host, port, tls, verifyCertificate, login, timeoutMs } = settings;
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host,
    port,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls-required',
    ignoreTLS: tls === 'none',
    tls: { rejectUnauthorized: verifyCertificate },
    ...(login ? { auth: { user: login.user, pass: login.password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Messages are built from text only: nothing may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/**
 * An email sink connector. Options: see `emailSettings`. `validate` also compiles the subject and body
 * templates, so a placeholder naming no column fails CREATE SINK. `open` connects and logs in (and sends no
 * message), so an unreachable server or a refused login shows at CREATE SINK.
 */
export function createEmailSinkConnector(tuning: EmailSinkTuning = {}): SinkConnector {
  return {
    name: 'email',

    validate(spec: SinkSpec): void {
      emailMessagesOf(spec, emailSettings(spec));
    },

    async open(spec: SinkSpec): Promise<SinkWriter> {
      const settings = emailSettings(spec);
      const transport = transportFor(settings);
      try {
        await transport.verify();
      } catch (err) {
        transport.close();
        const reason = smtpFailure(err, settings.timeoutMs, loginSecrets(settings.login));
        throw new Error(`could not connect to SMTP server smtp://${settings.host}:${settings.port}: ${reason}`, { cause: err });
      }
      const limit = settings.rateLimitPerMinute === undefined ? undefined : new SlidingWindowLimit(settings.rateLimitPerMinute, RATE_WINDOW_MS, tuning.clock ?? systemClock);
      return new EmailSinkWriter(spec.name, settings, transport, notificationsOf(spec), emailMessagesOf(spec, settings), limit);
    },
  };
}

/** The email sink connector the engine registers (`connector = 'email'`). */
export const emailSinkConnector: SinkConnector = createEmailSinkConnector();
