// The WITH options of a webhook sink: url, payload format, template, headers, rate limit, timeout, DingTalk secret.
import type { SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';

/** Payload shapes: Tally's JSON, Slack and DingTalk and WeChat Work robots' text messages, or the user's template. */
export type WebhookFormat = 'json' | 'slack' | 'dingtalk' | 'wechat' | 'template';

/** What a webhook sink sends and where, checked once from its options. */
export interface WebhookSettings {
  readonly url: URL;
  readonly format: WebhookFormat;
  /** The body (format 'template') or the message text (chat formats); undefined: the built-in text. */
  readonly template: string | undefined;
  /** Extra request headers by lower-case name (`headers.x-token` gives `x-token`). */
  readonly headers: ReadonlyMap<string, string>;
  /** Most notifications sent in any 60 seconds; undefined: no limit. */
  readonly rateLimitPerMinute: number | undefined;
  readonly timeoutMs: number;
  /** DingTalk's signing secret ("SEC..."): requests then carry `timestamp` and `sign`. */
  readonly secret: string | undefined;
}

const FORMATS: readonly WebhookFormat[] = ['json', 'slack', 'dingtalk', 'wechat', 'template'];
/** The robots' own limits (20 messages a minute each): staying under them avoids refused messages. */
const DEFAULT_RATE_LIMITS: Partial<Record<WebhookFormat, number>> = { dingtalk: 20, wechat: 20 };
const DEFAULT_TIMEOUT_MS = 10_000;
const HEADER_PREFIX = 'headers.';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,8}$/;

function invalidValue(name: string, value: string, hint: string): SqlError {
  return new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${value}"`, { hint });
}

function urlOf(options: ReadonlyMap<string, string>): URL {
  const given = options.get('url');
  if (given === undefined || given.trim() === '') {
    throw new SqlError('invalid_parameter_value', 'missing option "url" for connector "webhook"', {
      hint: "Add WITH (connector = 'webhook', url = 'https://...').",
    });
  }
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw invalidValue('url', given, 'Give an absolute http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidValue('url', given, 'Give an absolute http:// or https:// URL.');
  return url;
}

function formatOf(options: ReadonlyMap<string, string>): WebhookFormat {
  const given = options.get('format');
  if (given === undefined) return 'json';
  const format = given.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw invalidValue('format', given, `Use one of ${FORMATS.map((f) => `'${f}'`).join(', ')}.`);
  }
  return format as WebhookFormat;
}

function positiveInteger(options: ReadonlyMap<string, string>, name: string, hint: string): number | undefined {
  const given = options.get(name);
  if (given === undefined) return undefined;
  if (!POSITIVE_INTEGER.test(given.trim())) throw invalidValue(name, given, hint);
  return Number(given.trim());
}

function headersOf(options: ReadonlyMap<string, string>): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [key, value] of options) {
    if (!key.startsWith(HEADER_PREFIX)) continue;
    const name = key.slice(HEADER_PREFIX.length).toLowerCase();
    if (!HEADER_NAME.test(name)) throw invalidValue(key, value, 'Name a header with letters, digits and "-".');
    if (/[\r\n]/.test(value)) throw invalidValue(key, value, 'A header value is one line.');
    headers.set(name, value);
  }
  return headers;
}

/**
 * Reads and checks a webhook sink's options: `url` (required), `format` ('json', the default, 'slack',
 * 'dingtalk', 'wechat' or 'template'), `template` (required by format 'template'), `headers.<name>`,
 * `rate_limit` (notifications per minute; 20 by default for DingTalk and WeChat Work), `timeout_ms` (default
 * 10000) and `secret` (DingTalk signing). Throws SqlError naming the missing or bad option.
 */
export function webhookSettings(spec: SinkSpec): WebhookSettings {
  const { options } = spec;
  const format = formatOf(options);
  const template = options.get('template');
  if (format === 'template' && (template === undefined || template.trim() === '')) {
    throw new SqlError('invalid_parameter_value', 'missing option "template" for webhook format "template"', {
      hint: 'Give the request body with {{column}} and {{event}} placeholders, e.g. template = \'{"seller": "{{seller_id}}", "state": "{{event}}"}\'.',
    });
  }
  const secret = options.get('secret');
  if (secret !== undefined && format !== 'dingtalk') {
    throw new SqlError('invalid_parameter_value', 'option "secret" applies only to webhook format "dingtalk"', { hint: 'Remove it, or use format = \'dingtalk\'.' });
  }
  return {
    url: urlOf(options),
    format,
    template,
    headers: headersOf(options),
    rateLimitPerMinute: positiveInteger(options, 'rate_limit', 'Give the most notifications per minute, a positive integer.') ?? DEFAULT_RATE_LIMITS[format],
    timeoutMs: positiveInteger(options, 'timeout_ms', 'Give milliseconds, a positive integer.') ?? DEFAULT_TIMEOUT_MS,
    secret,
  };
}
