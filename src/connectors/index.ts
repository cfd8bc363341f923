// The source and sink connectors that ship with Tally, for the engine to register.
import type { SinkConnector } from '../stream/sink.js';
import type { SourceConnector } from '../stream/source.js';
import { datagenConnector } from './datagen/datagen-connector.js';
import { fileConnector } from './file/file-connector.js';
import { kafkaConnector } from './kafka/kafka-connector.js';
import { postgresCdcConnector } from './postgres-cdc/postgres-cdc-connector.js';
import { kafkaSinkConnector } from './kafka/kafka-sink-connector.js';
import { webhookSinkConnector } from './webhook/webhook-sink-connector.js';
import { jdbcSinkConnector } from './jdbc/jdbc-sink.js';
import { fileSinkConnector, fsSinkConnector } from './file/file-sink-connector.js';
import { emailSinkConnector } from './email/email-sink-connector.js';

export { decoderFor } from './format/decoder-for.js';
export type { DecodedRecords, RecordDecoder } from './format/record-decoder.js';

/** Connectors polled by the runtime (`connector = 'file'`, `'datagen'`, `'kafka'`, `'postgres-cdc'`); the engine registers each at start. */
export const defaultSourceConnectors: SourceConnector[] = [fileConnector, datagenConnector, kafkaConnector, postgresCdcConnector];

/** Connectors that sinks write through (`connector = 'jdbc'`, `'kafka'`, `'webhook'`, `'email'`, `'file'`/`'fs'`). */
export const defaultSinkConnectors: SinkConnector[] = [jdbcSinkConnector, kafkaSinkConnector, webhookSinkConnector, emailSinkConnector, fileSinkConnector, fsSinkConnector];
