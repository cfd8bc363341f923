// Turns a batch of sink changes into Kafka messages: PLAIN appends rows, UPSERT writes the key's row or a tombstone.
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkChange } from '../../stream/sink.js';
import { jsonRowEncoder } from '../format/json-row-encoder.js';
import type { KafkaSinkSettings } from './kafka-sink-options.js';

/** One message to produce: the key (absent for a PLAIN sink without a primary key) and the value (null: a tombstone). */
export interface KafkaSinkMessage {
  readonly key: Buffer | undefined;
  readonly value: Buffer | null;
}

/**
 * Builds, once per sink, the function from a batch of changes to its messages, in the batch's order. PLAIN:
 * one message per change that has a new row (a delete, only possible with force_append_only, writes nothing;
 * an update writes the new row). UPSERT: the key is the JSON object of the primary key columns; a change with
 * a new row writes it, a delete writes a tombstone under the old row's key.
 */
export function kafkaSinkMessages(columns: readonly ColumnInfo[], settings: KafkaSinkSettings): (changes: readonly SinkChange[]) => KafkaSinkMessage[] {
  const valueOf = jsonRowEncoder(
    columns,
    columns.map((_, index) => index),
    settings.encoding,
  );
  const keyOf = settings.keyIndexes.length === 0 ? undefined : jsonRowEncoder(columns, settings.keyIndexes, settings.encoding);
  const upsert = settings.format === 'upsert';
  return (changes) => {
    const messages: KafkaSinkMessage[] = [];
    for (const { before, after } of changes) {
      if (after !== null) {
        messages.push({ key: keyOf && Buffer.from(keyOf(after)), value: Buffer.from(valueOf(after)) });
      } else if (upsert && before !== null) {
        messages.push({ key: Buffer.from(keyOf!(before)), value: null });
      }
    }
    return messages;
  };
}
