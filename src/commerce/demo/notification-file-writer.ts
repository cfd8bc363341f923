// The demo's stand-in for a webhook receiver that does not answer: each notification the webhook would have
// POSTed is appended, as the same JSON body, to a JSON-lines file, so that the alerts can still be read.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { notificationsOf } from '../../connectors/alert/alert-notification.js';
import type { WebhookSettings } from '../../connectors/webhook/webhook-options.js';
import { payloadOf } from '../../connectors/webhook/webhook-payload.js';
import type { SinkChange, SinkSpec, SinkWriter } from '../../stream/sink.js';

/**
 * Writes one line per change: the body the webhook sends. A batch the runtime retries after a failed append may
 * be appended twice; every body carries the notification's id (format 'json'), by which a reader drops repeats.
 */
export async function notificationFileWriter(spec: SinkSpec, settings: WebhookSettings, path: string): Promise<SinkWriter> {
  await mkdir(dirname(path), { recursive: true });
  const notificationOf = notificationsOf(spec);
  const bodyOf = payloadOf(spec, settings);
  return {
    async write(changes: readonly SinkChange[]): Promise<void> {
      if (changes.length === 0) return;
      const lines = changes.map((change) => bodyOf(notificationOf(change)).replace(/\n/g, ' ') + '\n');
      await appendFile(path, lines.join(''));
    },
    async close(): Promise<void> {},
  };
}
