// The Kafka target: each stream to its topic (created when missing), values as JSON, keys where a stream has them.
import { platformaticKafkaProducer, type KafkaSinkProducer } from '../../connectors/kafka/platformatic-kafka-producer.js';
import type { CommerceStream, GeneratedRecord } from './commerce-streams.js';
import type { GeneratorTarget } from './generator-target.js';

export interface KafkaTargetOptions {
  readonly bootstrapServers: readonly string[];
  readonly clientId?: string;
  /** The topic of a stream (default: the stream's name). */
  readonly topicOf?: (stream: CommerceStream) => string;
  /** The producer of one topic (default: Tally's Kafka sink producer: idempotent, acks from all in-sync replicas). */
  readonly createProducer?: (topic: string) => KafkaSinkProducer;
}

/** Writes to Kafka through one producer per topic, each made (and its topic prepared) on the stream's first send. */
export function kafkaTarget(options: KafkaTargetOptions): GeneratorTarget {
  const clientId = options.clientId ?? 'tally-datagen';
  const topicOf = options.topicOf ?? ((stream: CommerceStream) => stream);
  const createProducer =
    options.createProducer ?? ((topic: string) => platformaticKafkaProducer({ topic, bootstrapServers: options.bootstrapServers, clientId }));
  const producers = new Map<string, Promise<KafkaSinkProducer>>();

  const producerFor = (topic: string): Promise<KafkaSinkProducer> => {
    let ready = producers.get(topic);
    if (!ready) {
      const producer = createProducer(topic);
      ready = producer.prepareTopic({ create: true, compact: false }).then(() => producer);
      // A failed preparation is tried again on the next send.
      ready.catch(() => {
        producers.delete(topic);
        return producer.close().catch(() => undefined);
      });
      producers.set(topic, ready);
    }
    return ready;
  };

  return {
    async send(stream, records: readonly GeneratedRecord[]) {
      if (records.length === 0) return;
      const producer = await producerFor(topicOf(stream));
      await producer.send(records.map(({ key, value }) => ({ key: key === undefined ? undefined : Buffer.from(key), value: Buffer.from(JSON.stringify(value)) })));
    },
    async close() {
      const all = [...producers.values()];
      producers.clear();
      await Promise.all(all.map((ready) => ready.then((producer) => producer.close(), () => undefined)));
    },
  };
}
