// The email of a notification: subject and text body (templates or the built-in texts), Message-ID and headers.
import type { SinkSpec } from '../../stream/sink.js';
import { formatValue } from '../../types/text-format.js';
import type { Notification, NotificationEvent } from '../alert/alert-notification.js';
import { compileTemplate } from '../alert/alert-template.js';
import type { EmailSettings } from './email-options.js';

/** What differs from one message of a sink to the next; sender and recipients are the sink's. */
export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
  /** `<notification id@sender's domain>`: the same for every resend of a change, so receivers can drop repeats. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

type Render = (notification: Notification) => string;

/** The header that carries a notification's id, as for webhooks. */
export const NOTIFICATION_ID_HEADER = 'X-Tally-Notification-Id';

const OPENINGS: Readonly<Record<NotificationEvent, (sink: string) => string>> = {
  firing: (sink) => `FIRING: a row appeared in ${sink}.`,
  updated: (sink) => `UPDATED: a row of ${sink} changed.`,
  resolved: (sink) => `RESOLVED: a row left ${sink}.`,
};

/** `[FIRING] sla_alerts: seller_id=s1`: the event, the sink, and the key's columns when the sink has a key. */
function defaultSubject(spec: SinkSpec): Render {
  const key = spec.primaryKey.map((index) => ({ index, name: spec.columns[index]!.name, type: spec.columns[index]!.type }));
  return (n) => {
    let subject = `[${n.event.toUpperCase()}] ${spec.name}`;
    for (let at = 0; at < key.length; at++) {
      const { index, name, type } = key[at]!;
      subject += (at === 0 ? ': ' : ', ') + name + '=' + (formatValue(type, n.row[index] ?? null) ?? 'NULL');
    }
    return subject;
  };
}

/**
 * A plain-text body: what happened, one `column: value` line per column (with `(was ...)` after the values an
 * update changed), and the notification id.
 */
function defaultBody(spec: SinkSpec): Render {
  const names = spec.columns.map((column) => column.name);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const labels = names.map((name) => (name + ':').padEnd(width));
  const types = spec.columns.map((column) => column.type);
  return (n) => {
    let text = OPENINGS[n.event](spec.name) + '\n\n';
    for (let index = 0; index < labels.length; index++) {
      const value = formatValue(types[index]!, n.row[index] ?? null) ?? 'NULL';
      text += labels[index] + value;
      if (n.previous !== null) {
        const before = formatValue(types[index]!, n.previous[index] ?? null) ?? 'NULL';
        if (before !== value) text += ` (was ${before})`;
      }
      text += '\n';
    }
    return text + `\nNotification ${n.id}\n`;
  };
}

/** A subject is one line: line breaks a template or a value brings become spaces. */
const oneLine = (render: Render): Render => (n) => render(n).replace(/\s*[\r\n]+\s*/g, ' ');

/**
 * Builds, once per sink (also at CREATE time, to check the templates), the message of a notification. Templates
 * take `{{column}}`, `{{event}}`, `{{sink}}`, `{{notification_id}}` and `{{row}}`, values as PostgreSQL text.
 */
export function emailMessagesOf(spec: SinkSpec, settings: EmailSettings): (notification: Notification) => EmailMessage {
  const subjectOf = oneLine(settings.subject === undefined ? defaultSubject(spec) : compileTemplate(settings.subject, spec, 'text'));
  const textOf = settings.body === undefined ? defaultBody(spec) : compileTemplate(settings.body, spec, 'text');
  const domain = settings.from.address.slice(settings.from.address.lastIndexOf('@') + 1);
  return (n) => ({
    subject: subjectOf(n),
    text: textOf(n),
    messageId: `<${n.id}@${domain}>`,
    headers: {
      [NOTIFICATION_ID_HEADER]: n.id,
      'X-Tally-Event': n.event,
      // RFC 3834: vacation responders and the like do not answer machine-sent mail.
      'Auto-Submitted': 'auto-generated',
    },
  });
}
