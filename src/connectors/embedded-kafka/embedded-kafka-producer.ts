// The KafkaSinkProducer of a Kafka sink writing to a topic of the embedded broker.
import { SqlError } from '../../types/error.js';
import type { KafkaSinkProducer } from '../kafka/platformatic-kafka-producer.js';
import type { EmbeddedKafkaBroker } from './embedded-kafka-broker.js';

/**
 * Writes a sink's messages to `topic`: keyed messages go to their key's partition (murmur2, as the real producer's
 * Java-compatible partitioner), a null value is a tombstone. `send` resolves once the records are appended (and
 * synced, for a durable broker), as acks = all does.
 */
export function embeddedKafkaProducer(broker: EmbeddedKafkaBroker, topic: string): KafkaSinkProducer {
  return {
    async prepareTopic(preparation): Promise<void> {
      if (preparation.create) await broker.createTopic(topic, { compact: preparation.compact });
      if (!broker.hasTopic(topic)) {
        throw new SqlError('undefined_object', `Kafka topic "${topic}" does not exist`, {
          hint: "Create the topic, or leave out topic.create = 'false' so that the sink creates it.",
        });
      }
    },

    async send(messages): Promise<void> {
      await broker.produce(
        topic,
        messages.map(({ key, value }) => ({ key: key ?? null, value })),
      );
    },

    async close(): Promise<void> {},
  };
}
