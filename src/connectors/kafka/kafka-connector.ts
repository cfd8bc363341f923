// connector = 'kafka' (also Flink's "connector.type" = 'kafka'): a topic read at offsets kept in Tally's checkpoints.
import type { SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { SqlError } from '../../types/error.js';
import { decoderFor } from '../format/decoder-for.js';
import { describeKafkaError } from './describe-kafka-error.js';
import { kafkaFormatSpec, kafkaSettings } from './kafka-options.js';
import { parseKafkaPosition } from './kafka-position.js';
import { KafkaSourceReader, type KafkaReaderTuning } from './kafka-source-reader.js';
import type { KafkaClient } from './kafka-client.js';
import { platformaticKafkaClient, type KafkaClientTuning, type KafkaEndpoint } from './platformatic-kafka-client.js';

/** Knobs for tests and benchmarks: the reader's timing and the client's timeouts and fetch sizes; another client (an embedded broker's). */
export interface KafkaConnectorTuning {
  readonly reader?: KafkaReaderTuning;
  readonly client?: KafkaClientTuning;
  readonly createClient?: (endpoint: KafkaEndpoint, tuning: KafkaClientTuning) => KafkaClient;
}

/** Client ids must be one word. */
const clientIdOf = (name: string): string => `tally-${name.replace(/\s+/g, '_')}`;

/**
 * A Kafka source connector. Options: see `kafkaSettings`. Formats: FORMAT PLAIN ENCODE JSON (the default, also
 * Flink's "format.type" = 'json'), PLAIN CSV, UPSERT JSON (message keys fill or delete rows by key) and DEBEZIUM
 * JSON. `open` fails when the brokers cannot be reached or the topic does not exist; the reader it returns
 * also has `lag()`.
 */
export function createKafkaConnector(tuning: KafkaConnectorTuning = {}): SourceConnector {
  const createClient = tuning.createClient ?? platformaticKafkaClient;
  return {
    name: 'kafka',

    validate(spec: SourceSpec): void {
      kafkaSettings(spec);
      decoderFor(kafkaFormatSpec(spec));
    },

    async open(spec: SourceSpec, position: unknown): Promise<SourceReader> {
      const settings = kafkaSettings(spec);
      const formatSpec = kafkaFormatSpec(spec);
      const decoder = decoderFor(formatSpec);
      const resumeAt = parseKafkaPosition(position);
      const bootstrap = settings.bootstrapServers.join(',');
      const clientId = clientIdOf(spec.name);
      const client = createClient({ topic: settings.topic, bootstrapServers: settings.bootstrapServers, clientId, groupId: settings.groupId ?? clientId }, tuning.client ?? {});
      const source = {
        topic: settings.topic,
        bootstrap,
        startup: settings.startup,
        decoder,
        withKeys: (formatSpec.format?.format ?? 'plain') !== 'plain',
      };
      try {
        return await KafkaSourceReader.open(client, source, resumeAt, tuning.reader);
      } catch (err) {
        throw new SqlError('invalid_parameter_value', `could not open Kafka topic "${settings.topic}" at ${bootstrap}: ${describeKafkaError(err)}`);
      }
    },
  };
}

/** The Kafka connector the engine registers. */
export const kafkaConnector: SourceConnector = createKafkaConnector();
