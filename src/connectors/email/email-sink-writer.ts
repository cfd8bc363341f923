// The SinkWriter of an email sink: one message per change, in order, within the rate limit, each accepted by the server.
import type { Transporter } from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import type { Notification } from '../alert/alert-notification.js';
import type { SlidingWindowLimit } from '../alert/sliding-window-limit.js';
import type { EmailMessage } from './email-message.js';
import type { EmailSettings, MailAddress } from './email-options.js';
import { loginSecrets, refusedRecipients, smtpFailure } from './smtp-failure.js';

/** nodemailer's pooled SMTP transport. */
export type SmtpTransport = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

const addressText = (address: unknown): string => (typeof address === 'string' ? address : String((address as { address?: unknown }).address));

/**
 * Sends each change of a batch as one message to every recipient, one message after another, waiting for the
 * rate limit when there is one (messages beyond it are queued, never dropped). `write` resolves when the server
 * accepted every message for every recipient; it rejects at the first failure: a refused connection, login or
 * message (4xx or 5xx reply), a timeout, or a recipient refused. The runtime then writes the batch again: the
 * recipients a message already reached are skipped (the retry's envelope names only the others), so nobody gets
 * a message twice from retries; across a restart, a message sent again keeps its Message-ID.
 */
export class EmailSinkWriter implements SinkWriter {
  /** Recipients each notification of a batch that failed part way already reached: its retry skips them. */
  private readonly reached = new Map<string, Set<string>>();
  private readonly closing = new AbortController();
  private readonly secrets: string[];
  private readonly server: string;

  constructor(
    private readonly sinkName: string,
    private readonly settings: EmailSettings,
    private readonly transport: SmtpTransport,
    private readonly notificationOf: (change: SinkChange) => Notification,
    private readonly messageOf: (notification: Notification) => EmailMessage,
    private readonly limit: SlidingWindowLimit | undefined,
  ) {
    this.secrets = loginSecrets(settings.login);
    this.server = `smtp://${settings.host}:${settings.port}`;
  }

  async write(changes: readonly SinkChange[]): Promise<void> {
    for (const change of changes) {
      const notification = this.notificationOf(change);
      const reached = this.reached.get(notification.id);
      const recipients = reached === undefined ? this.settings.to : this.settings.to.filter((to) => !reached.has(to.address));
      if (recipients.length === 0) continue;
      await this.limit?.acquire(this.closing.signal);
      await this.send(notification, recipients);
    }
    this.reached.clear();
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.transport.close();
  }

  private async send(notification: Notification, recipients: readonly MailAddress[]): Promise<void> {
    const what = `could not deliver notification ${notification.id} of sink "${this.sinkName}" to ${this.server}`;
    const { from, to, timeoutMs } = this.settings;
    const message = this.messageOf(notification);
    let info: SMTPPoolSentMessageInfo;
    try {
      this.closing.signal.throwIfAborted();
      info = await this.transport.sendMail({
        from,
        to: [...to],
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
        // The headers name every recipient; a retry's envelope only those the message has not reached.
        envelope: { from: from.address, to: recipients.map((recipient) => recipient.address) },
      });
    } catch (err) {
      throw new Error(`${what}: ${this.closing.signal.aborted ? 'the sink was closed' : smtpFailure(err, timeoutMs, this.secrets)}`, { cause: err });
    }
    if (info.accepted.length > 0) {
      const reached = this.reached.get(notification.id) ?? new Set<string>();
      for (const address of info.accepted) reached.add(addressText(address));
      this.reached.set(notification.id, reached);
    }
    if (info.rejected.length > 0) throw new Error(`${what}: ${refusedRecipients(info.rejected.map(addressText), info.rejectedErrors, this.secrets)}`);
  }
}
