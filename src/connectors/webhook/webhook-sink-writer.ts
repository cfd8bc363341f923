// The SinkWriter of a webhook sink: one POST per change, in order, within the rate limit, each acknowledged by a 2xx.
import { createHmac } from 'node:crypto';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import type { Notification } from '../alert/alert-notification.js';
import type { WebhookSettings } from './webhook-options.js';
import type { SlidingWindowLimit } from '../alert/sliding-window-limit.js';

/** The header that carries a notification's id, for receivers whose body (a chat text, a template) lacks it. */
export const NOTIFICATION_ID_HEADER = 'x-tally-notification-id';
/** How much of a refusing receiver's answer goes into the error. */
const MAX_ANSWER_CHARS = 200;

/** The url without its query (DingTalk and WeChat Work put their access tokens there): safe for messages and logs. */
const shownUrl = (url: URL): string => url.origin + url.pathname;

/** DingTalk's signature: the url gets `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)). */
function signedUrl(url: URL, secret: string): URL {
  const signed = new URL(url);
  const timestamp = String(Date.now());
  signed.searchParams.set('timestamp', timestamp);
  signed.searchParams.set('sign', createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
  return signed;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ANSWER_CHARS ? line.slice(0, MAX_ANSWER_CHARS) + '...' : line;
}

/** Why a request got no answer: a timeout, a closed sink, or the network error under fetch's "fetch failed". */
function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (err instanceof Error && err.name === 'AbortError') return 'the sink was closed';
  const cause = err instanceof Error ? (err.cause as { message?: unknown } | undefined) : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
  return message.replace(/\.$/, '');
}

/** The robots answer 200 with {"errcode": n, "errmsg": ...}: a non-zero errcode is a refusal. */
function robotRefusal(answer: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return undefined;
  }
  const { errcode, errmsg } = (parsed ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (typeof errcode !== 'number' || errcode === 0) return undefined;
  return `errcode ${errcode}${typeof errmsg === 'string' ? `: ${errmsg}` : ''}`;
}

function statusProblem(status: number): string {
  if (status === 429) return 'HTTP 429 (too many requests: lower rate_limit)';
  if (status >= 400 && status < 500) return `HTTP ${status} (a client error: retrying will not help until the url, format, template or headers change)`;
  return `HTTP ${status}`;
}

/**
 * Sends each change of a batch as one notification, one after another, waiting for the rate limit when there
 * is one (notifications beyond it are queued, never dropped or merged: `write` resolves later). `write`
 * resolves when every notification was answered with a 2xx (and, for DingTalk and WeChat Work, errcode 0); it
 * rejects at the first failure, naming the notification, the receiver and its answer. The runtime then sends
 * the batch again: the notifications this writer already delivered of it are skipped, and a restart sends
 * again only batches never acknowledged, with the same ids (`x-tally-notification-id`, and `id` in JSON).
 */
export class WebhookSinkWriter implements SinkWriter {
  /** Ids delivered of a batch that failed part way: its retry skips them. */
  private readonly delivered = new Set<string>();
  private readonly closing = new AbortController();
  private readonly headers: Record<string, string>;

  constructor(
    private readonly sinkName: string,
    private readonly settings: WebhookSettings,
    private readonly notificationOf: (change: SinkChange) => Notification,
    private readonly bodyOf: (notification: Notification) => string,
    private readonly limit: SlidingWindowLimit | undefined,
  ) {
    this.headers = { 'content-type': 'application/json; charset=utf-8', ...Object.fromEntries(settings.headers) };
  }

  async write(changes: readonly SinkChange[]): Promise<void> {
    for (const change of changes) {
      const notification = this.notificationOf(change);
      if (this.delivered.has(notification.id)) continue;
      await this.limit?.acquire(this.closing.signal);
      await this.post(notification);
      this.delivered.add(notification.id);
    }
    this.delivered.clear();
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  private async post(notification: Notification): Promise<void> {
    const { url, secret, timeoutMs, format } = this.settings;
    const what = `could not deliver notification ${notification.id} of sink "${this.sinkName}" to ${shownUrl(url)}`;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), this.closing.signal]);
    let status: number;
    let answer: string;
    try {
      const response = await fetch(secret === undefined ? url : signedUrl(url, secret), {
        method: 'POST',
        headers: { ...this.headers, [NOTIFICATION_ID_HEADER]: notification.id },
        body: this.bodyOf(notification),
        signal,
      });
      status = response.status;
      answer = await response.text();
    } catch (err) {
      throw new Error(`${what}: ${failureReason(err, timeoutMs)}`, { cause: err });
    }
    if (status < 200 || status > 299) {
      const shown = oneLine(answer);
      throw new Error(`${what}: ${statusProblem(status)}${shown === '' ? '' : `: ${shown}`}`);
    }
    if (format === 'dingtalk' || format === 'wechat') {
      const refusal = robotRefusal(answer);
      if (refusal !== undefined) throw new Error(`${what}: the robot refused it: ${refusal}`);
    }
  }
}
