// Request bodies of webhook notifications: Tally's JSON, Slack's and DingTalk's and WeChat Work's text messages, or a template.
import type { SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { formatValue } from '../../types/text-format.js';
import type { Notification } from '../alert/alert-notification.js';
import type { WebhookFormat, WebhookSettings } from './webhook-options.js';
import { compileTemplate } from '../alert/alert-template.js';

type Render = (notification: Notification) => string;

/** `[FIRING] sla_alerts: seller_id=s1, sla_compliance_rate=0.93`: the event, the sink, the row's columns as text. */
function defaultText(spec: SinkSpec): Render {
  const names = spec.columns.map((column) => column.name + '=');
  const types = spec.columns.map((column) => column.type);
  const head = ` ${spec.name}: `;
  return (n) => {
    let text = '[' + n.event.toUpperCase() + ']' + head;
    for (let index = 0; index < names.length; index++) {
      text += (index === 0 ? '' : ', ') + names[index] + (formatValue(types[index]!, n.row[index] ?? null) ?? 'NULL');
    }
    return text;
  };
}

/** `{"id", "sink", "event", "key"?, "row", "previous"?}`. */
function jsonBody(spec: SinkSpec): Render {
  const sink = JSON.stringify(spec.name);
  return (n) =>
    `{"id":"${n.id}","sink":${sink},"event":"${n.event}"` +
    (n.keyJson === null ? '' : `,"key":${n.keyJson}`) +
    `,"row":${n.rowJson}` +
    (n.previousJson === null ? '' : `,"previous":${n.previousJson}`) +
    '}';
}

/** The message bodies of the chat robots, around a text. */
const CHAT_BODIES: Readonly<Record<'slack' | 'dingtalk' | 'wechat', (text: string) => string>> = {
  // Slack incoming webhooks: {"text": ...}.
  slack: (text) => JSON.stringify({ text }),
  // DingTalk custom robots and WeChat Work group robots: a text message.
  dingtalk: (text) => JSON.stringify({ msgtype: 'text', text: { content: text } }),
  wechat: (text) => JSON.stringify({ msgtype: 'text', text: { content: text } }),
};

function renderFor(format: WebhookFormat, spec: SinkSpec, template: string | undefined): Render {
  switch (format) {
    case 'json':
      if (template !== undefined) {
        throw new SqlError('invalid_parameter_value', 'option "template" does not apply to webhook format "json"', {
          hint: "Use format = 'template' to send the template as the body, or a chat format to send it as the text.",
        });
      }
      return jsonBody(spec);
    case 'template':
      return compileTemplate(template!, spec, 'json');
    case 'slack':
    case 'dingtalk':
    case 'wechat': {
      const text = template === undefined ? defaultText(spec) : compileTemplate(template, spec, 'text');
      const body = CHAT_BODIES[format];
      return (n) => body(text(n));
    }
  }
}

/**
 * Builds, once per sink (also at CREATE time, to check the template), the request body of a notification.
 * Format 'json': `{"id", "sink", "event", "key", "row", "previous"}` with rows as JSON objects (see
 * jsonRowEncoder). Chat formats: the template as the text, or `[EVENT] sink: column=value, ...`. Format
 * 'template': the template with its placeholders filled for a JSON body.
 */
export function payloadOf(spec: SinkSpec, settings: WebhookSettings): Render {
  return renderFor(settings.format, spec, settings.template);
}
