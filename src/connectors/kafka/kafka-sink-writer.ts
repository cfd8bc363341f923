// The SinkWriter of a Kafka sink: encodes a batch of changes and produces it in chunks the brokers accept.
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import { describeKafkaError } from './describe-kafka-error.js';
import type { KafkaSinkMessage } from './kafka-sink-messages.js';
import type { KafkaSinkProducer } from './platformatic-kafka-producer.js';

/**
 * Most bytes of keys and values in one send: well under the broker's default max.message.bytes (1 MiB), which
 * bounds a partition's record batch in one request.
 */
const DEFAULT_MAX_SEND_BYTES = 512 * 1024;

/** Where a writer writes, for its error messages. */
export interface KafkaSinkTarget {
  readonly topic: string;
  readonly bootstrap: string;
}

/**
 * Writes batches to one topic. `write` resolves when the brokers acknowledged every message of the batch. A
 * rejected batch may have been written in part: written again, an UPSERT topic ends with the same latest value
 * per key, a PLAIN topic may hold some rows twice (at least once).
 */
export class KafkaSinkWriter implements SinkWriter {
  constructor(
    private readonly producer: KafkaSinkProducer,
    private readonly toMessages: (changes: readonly SinkChange[]) => KafkaSinkMessage[],
    private readonly target: KafkaSinkTarget,
    private readonly maxSendBytes = DEFAULT_MAX_SEND_BYTES,
  ) {}

  async write(changes: readonly SinkChange[]): Promise<void> {
    const messages = this.toMessages(changes);
    let start = 0;
    let bytes = 0;
    for (let index = 0; index < messages.length; index++) {
      const { key, value } = messages[index]!;
      const size = (key?.length ?? 0) + (value?.length ?? 0);
      if (index > start && bytes + size > this.maxSendBytes) {
        await this.send(messages.slice(start, index));
        start = index;
        bytes = 0;
      }
      bytes += size;
    }
    if (start < messages.length) await this.send(start === 0 ? messages : messages.slice(start));
  }

  close(): Promise<void> {
    return this.producer.close();
  }

  private async send(messages: readonly KafkaSinkMessage[]): Promise<void> {
    try {
      await this.producer.send(messages);
    } catch (err) {
      const { topic, bootstrap } = this.target;
      throw new Error(`could not write to Kafka topic "${topic}" at ${bootstrap}: ${describeKafkaError(err)}`, { cause: err });
    }
  }
}
