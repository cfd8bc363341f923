// connector = 'kafka' as a sink: FORMAT PLAIN | UPSERT ENCODE JSON to one topic, through an idempotent producer.
import type { SinkConnector, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { describeKafkaError } from './describe-kafka-error.js';
import { kafkaSinkMessages } from './kafka-sink-messages.js';
import { kafkaSinkSettings } from './kafka-sink-options.js';
import { KafkaSinkWriter } from './kafka-sink-writer.js';
import { platformaticKafkaProducer, type KafkaProducerTuning, type KafkaSinkProducer, type KafkaProducerEndpoint } from './platformatic-kafka-producer.js';

/** Knobs for tests: the producer's timeouts and retries, another producer, the bytes per send. */
export interface KafkaSinkTuning {
  readonly producer?: KafkaProducerTuning;
  readonly createProducer?: (endpoint: KafkaProducerEndpoint, tuning: KafkaProducerTuning) => KafkaSinkProducer;
  readonly maxSendBytes?: number;
}

/** Client ids must be one word. */
const clientIdOf = (name: string): string => `tally-sink-${name.replace(/\s+/g, '_')}`;

/**
 * A Kafka sink connector. Options: see `kafkaSinkSettings`. `open` creates the topic when it is missing (an
 * UPSERT topic with cleanup.policy = compact) unless topic.create = 'false', and rejects when the brokers
 * cannot be reached or the topic is missing.
 */
export function createKafkaSinkConnector(tuning: KafkaSinkTuning = {}): SinkConnector {
  const createProducer = tuning.createProducer ?? platformaticKafkaProducer;
  return {
    name: 'kafka',

    validate(spec: SinkSpec): void {
      kafkaSinkSettings(spec);
    },

    async open(spec: SinkSpec): Promise<SinkWriter> {
      const settings = kafkaSinkSettings(spec);
      const bootstrap = settings.bootstrapServers.join(',');
      const producer = createProducer({ topic: settings.topic, bootstrapServers: settings.bootstrapServers, clientId: clientIdOf(spec.name) }, tuning.producer ?? {});
      try {
        await producer.prepareTopic(settings.createTopic ? { create: true, compact: settings.format === 'upsert' } : { create: false });
      } catch (err) {
        await producer.close().catch(() => undefined);
        if (err instanceof SqlError) throw err;
        throw new SqlError('invalid_parameter_value', `could not open Kafka topic "${settings.topic}" at ${bootstrap}: ${describeKafkaError(err)}`);
      }
      return new KafkaSinkWriter(producer, kafkaSinkMessages(spec.columns, settings), { topic: settings.topic, bootstrap }, tuning.maxSendBytes);
    },
  };
}

/** The Kafka sink connector the engine registers. */
export const kafkaSinkConnector: SinkConnector = createKafkaSinkConnector();
