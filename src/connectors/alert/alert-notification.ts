// One notification per change of an alert sink (webhook, email): firing (a row appeared), updated (it changed),
// resolved (it disappeared), with a stable id.
import { createHash } from 'node:crypto';
import type { SinkChange, SinkSpec } from '../../stream/sink.js';
import type { Row } from '../../types/value.js';
import { jsonRowEncoder } from '../format/json-row-encoder.js';

export type NotificationEvent = 'firing' | 'updated' | 'resolved';

/** A notification, with its rows already encoded as JSON objects. */
export interface Notification {
  /**
   * The same for the same change of the same sink, on every attempt and after a restart: a receiver that keeps
   * the ids it has seen drops a notification sent again.
   */
  readonly id: string;
  readonly event: NotificationEvent;
  /** The current row; for a resolved notification, the row that disappeared. */
  readonly row: Row;
  readonly rowJson: string;
  /** The row before an update; null for firing and resolved notifications. */
  readonly previous: Row | null;
  readonly previousJson: string | null;
  /** The primary key columns as a JSON object; null for a sink without a primary key. */
  readonly keyJson: string | null;
}

/** 128 bits of SHA-256: ids stay short, collisions stay out of reach. */
const ID_HEX_DIGITS = 32;

/**
 * Builds, once per sink, the function from a change to its notification. The id hashes the sink name, the
 * key, and the rows before and after: a change sent again (a retried batch, a batch replayed after a crash)
 * gets the same id. A later change that repeats an earlier one exactly (a row that resolved and fires again
 * with the same values) gets the same id too: receivers should forget ids after a while (an hour is plenty).
 */
export function notificationsOf(spec: SinkSpec): (change: SinkChange) => Notification {
  const allColumns = spec.columns.map((_, index) => index);
  const rowJsonOf = jsonRowEncoder(spec.columns, allColumns);
  const keyJsonOf = spec.primaryKey.length > 0 ? jsonRowEncoder(spec.columns, spec.primaryKey) : undefined;
  return ({ before, after }) => {
    const row = (after ?? before)!;
    const rowJson = rowJsonOf(row);
    const beforeJson = before === null ? null : after === null ? rowJson : rowJsonOf(before);
    const event: NotificationEvent = before === null ? 'firing' : after === null ? 'resolved' : 'updated';
    const keyJson = keyJsonOf ? keyJsonOf(row) : null;
    const id = createHash('sha256')
      .update(JSON.stringify([spec.name, keyJson, beforeJson, after === null ? null : rowJson]))
      .digest('hex')
      .slice(0, ID_HEX_DIGITS);
    const updated = event === 'updated';
    return { id, event, row, rowJson, previous: updated ? before : null, previousJson: updated ? beforeJson : null, keyJson };
  };
}
