// connector = 'webhook': alerts as HTTP notifications (JSON, Slack, DingTalk, WeChat Work, or a template), one per change.
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { notificationsOf } from '../alert/alert-notification.js';
import { webhookSettings } from './webhook-options.js';
import { payloadOf } from './webhook-payload.js';
import { SlidingWindowLimit, systemClock, type LimitClock } from '../alert/sliding-window-limit.js';
import { WebhookSinkWriter } from './webhook-sink-writer.js';

/** The rate limit counts notifications per minute. */
const RATE_WINDOW_MS = 60_000;

/** Knobs for tests: the clock of the rate limit. */
export interface WebhookSinkTuning {
  readonly clock?: LimitClock;
}

/**
 * A webhook sink connector. Options: see `webhookSettings`. `validate` also compiles the template, so a
 * placeholder naming no column fails CREATE SINK. `open` sends nothing: a receiver is only reached by the
 * first notification (a probe request would itself be a message in a chat channel).
 */
export function createWebhookSinkConnector(tuning: WebhookSinkTuning = {}): SinkConnector {
  return {
    name: 'webhook',

    validate(spec: SinkSpec): void {
      payloadOf(spec, webhookSettings(spec));
    },

    async open(spec: SinkSpec): Promise<SinkWriter> {
      const settings = webhookSettings(spec);
      const limit = settings.rateLimitPerMinute === undefined ? undefined : new SlidingWindowLimit(settings.rateLimitPerMinute, RATE_WINDOW_MS, tuning.clock ?? systemClock);
      return new WebhookSinkWriter(spec.name, settings, notificationsOf(spec), payloadOf(spec, settings), limit);
    },
  };
}

/** The webhook sink connector the engine registers. */
export const webhookSinkConnector: SinkConnector = createWebhookSinkConnector();
