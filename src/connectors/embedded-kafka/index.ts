// The embedded Kafka broker: an in-process stand-in for a Kafka cluster, and the connectors that use it.
export { EmbeddedKafkaBroker, type EmbeddedKafkaOptions, type EmbeddedMessage, type ProducedOffset, type ProducedRecord } from './embedded-kafka-broker.js';
export { embeddedKafkaSinkConnector, embeddedKafkaSourceConnector } from './embedded-kafka-connectors.js';
