// Templates of alert texts (webhook bodies, chat texts, email subjects and bodies): {{column}}, {{event}}, {{sink}},
// {{notification_id}} and {{row}} placeholders.
import type { SinkSpec } from '../../stream/sink.js';
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { formatValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { valueEncoder } from '../format/json-row-encoder.js';
import type { Notification } from './alert-notification.js';

/**
 * Where the rendered text goes. `json`: into a JSON body, so a value is its JSON encoding with the quotes of a
 * string taken off (`"{{seller_id}}"` is a JSON string, `{{rate}}` a number, `{{ok}}` true or false, NULL is
 * null). `text`: into a chat message, so a value is its PostgreSQL text (NULL is "NULL").
 */
export type TemplateTarget = 'json' | 'text';

type Part = (notification: Notification) => string;

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** The placeholders every template has, besides the columns (which they hide). */
const RESERVED: Readonly<Record<string, (target: TemplateTarget, sinkName: string) => Part>> = {
  event: () => (n) => n.event,
  sink: (target, sinkName) => {
    const text = target === 'json' ? JSON.stringify(sinkName).slice(1, -1) : sinkName;
    return () => text;
  },
  notification_id: () => (n) => n.id,
  row: () => (n) => n.rowJson,
};

function valueText(type: DataType, target: TemplateTarget): (value: Value) => string {
  if (target === 'text') return (value) => formatValue(type, value) ?? 'NULL';
  const encode = valueEncoder(type);
  return (value) => {
    if (value === null) return 'null';
    const json = encode(value);
    return json.startsWith('"') ? json.slice(1, -1) : json;
  };
}

function placeholderPart(name: string, spec: SinkSpec, target: TemplateTarget): Part {
  const reserved = RESERVED[name];
  if (reserved) return reserved(target, spec.name);
  const index = spec.columns.findIndex((column) => column.name === name);
  if (index < 0) {
    throw new SqlError('invalid_parameter_value', `template placeholder "{{${name}}}" names no column of sink "${spec.name}"`, {
      hint: `Use {{event}}, {{sink}}, {{notification_id}}, {{row}} or a column: ${spec.columns.map((c) => c.name).join(', ')}.`,
    });
  }
  const text = valueText(spec.columns[index]!.type, target);
  return (n) => text(n.row[index] ?? null);
}

/**
 * Compiles a template once per sink; throws SqlError at CREATE time for a placeholder that names nothing.
 * Rendering a notification then concatenates the literal text and the placeholders' values.
 */
export function compileTemplate(template: string, spec: SinkSpec, target: TemplateTarget): (notification: Notification) => string {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const literal = template.slice(last, match.index);
    if (literal !== '') parts.push(() => literal);
    parts.push(placeholderPart(match[1]!, spec, target));
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  if (tail !== '') parts.push(() => tail);
  return (notification) => {
    let text = '';
    for (const part of parts) text += part(notification);
    return text;
  };
}
