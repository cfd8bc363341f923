// The Kafka source and sink connectors, reading and writing the embedded broker's topics whatever the bootstrap servers say.
import type { SinkConnector } from '../../stream/sink.js';
import type { SourceConnector } from '../../stream/source.js';
import { createKafkaConnector, type KafkaConnectorTuning } from '../kafka/kafka-connector.js';
import { createKafkaSinkConnector } from '../kafka/kafka-sink-connector.js';
import type { EmbeddedKafkaBroker } from './embedded-kafka-broker.js';

/** `connector = 'kafka'` sources over `broker`: the same options, formats and positions as against a real cluster. */
export function embeddedKafkaSourceConnector(broker: EmbeddedKafkaBroker, tuning: Omit<KafkaConnectorTuning, 'createClient' | 'client'> = {}): SourceConnector {
  return createKafkaConnector({ ...tuning, createClient: (endpoint) => broker.client(endpoint.topic) });
}

/** `connector = 'kafka'` sinks into `broker`'s topics. */
export function embeddedKafkaSinkConnector(broker: EmbeddedKafkaBroker): SinkConnector {
  return createKafkaSinkConnector({ createProducer: (endpoint) => broker.producer(endpoint.topic) });
}
