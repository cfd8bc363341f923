// The WITH and FORMAT options of a Kafka sink (RisingWave's names): topic, brokers, PLAIN or UPSERT JSON, topic creation.
import type { SinkSpec } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { jsonEncodingOf, type JsonEncoding } from '../format/json-row-encoder.js';
import { kafkaSettings } from './kafka-options.js';

/** PLAIN: one message per inserted row. UPSERT: the key's latest row, or a tombstone for a deleted key. */
export type KafkaSinkFormat = 'plain' | 'upsert';

/** What a Kafka sink writes and where, checked once from its options. */
export interface KafkaSinkSettings {
  readonly topic: string;
  readonly bootstrapServers: readonly string[];
  readonly format: KafkaSinkFormat;
  /** PLAIN over a relation with updates and deletes: deletes are dropped and updates write the new row. */
  readonly forceAppendOnly: boolean;
  /** Whether `open` creates the topic when it is missing (`topic.create`, default true). */
  readonly createTopic: boolean;
  readonly encoding: JsonEncoding;
  /** Indexes of the columns that make the message key (the primary key); empty: messages without a key. */
  readonly keyIndexes: readonly number[];
}

const FORCE_APPEND_ONLY = 'force_append_only';
const CREATE_TOPIC = 'topic.create';

/** RisingWave's legacy spelling without a FORMAT clause: WITH (type = 'append-only' | 'upsert'). */
const LEGACY_TYPES: ReadonlyMap<string, KafkaSinkFormat> = new Map([
  ['append-only', 'plain'],
  ['upsert', 'upsert'],
]);

function booleanOption(options: ReadonlyMap<string, string>, name: string): boolean | undefined {
  const given = options.get(name);
  if (given === undefined) return undefined;
  const value = given.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new SqlError('invalid_parameter_value', `invalid value for option "${name}": "${given}"`, { hint: "Use 'true' or 'false'." });
}

function formatOf(spec: SinkSpec): KafkaSinkFormat {
  if (!spec.format) {
    const type = spec.options.get('type');
    const legacy = type === undefined ? undefined : LEGACY_TYPES.get(type.trim().toLowerCase());
    if (legacy) return legacy;
    throw new SqlError('invalid_parameter_value', 'missing FORMAT clause for connector "kafka"', {
      hint: 'Add FORMAT PLAIN ENCODE JSON (append-only) or FORMAT UPSERT ENCODE JSON after the WITH options.',
    });
  }
  const { format, encode } = spec.format;
  if (format !== 'plain' && format !== 'upsert') {
    throw new SqlError('feature_not_supported', `FORMAT ${format.toUpperCase()} is not supported for Kafka sinks`, {
      hint: 'Use FORMAT PLAIN or FORMAT UPSERT.',
    });
  }
  if (encode !== 'json') {
    throw new SqlError('feature_not_supported', `ENCODE ${encode.toUpperCase()} is not supported for Kafka sinks`, { hint: 'Use ENCODE JSON.' });
  }
  return format;
}

/**
 * Reads and checks a Kafka sink's options: `topic` and `properties.bootstrap.server` (as for sources),
 * FORMAT PLAIN | UPSERT ENCODE JSON (or the legacy WITH (type = 'append-only' | 'upsert')), `force_append_only`
 * (in the FORMAT options or WITH), `timestamptz.handling.mode`, `decimal.handling.mode`, `jsonb.handling.mode`,
 * and `topic.create`. A PLAIN sink over a relation with deletes needs force_append_only = 'true', as in
 * RisingWave; an UPSERT sink needs a primary key. Throws SqlError naming the missing or bad option.
 */
export function kafkaSinkSettings(spec: SinkSpec): KafkaSinkSettings {
  const { topic, bootstrapServers } = kafkaSettings(spec);
  const format = formatOf(spec);
  const formatOptions = spec.format?.options ?? spec.options;
  const forceAppendOnly = booleanOption(formatOptions, FORCE_APPEND_ONLY) ?? booleanOption(spec.options, FORCE_APPEND_ONLY) ?? false;
  if (format === 'plain' && spec.type === 'upsert' && !forceAppendOnly) {
    throw new SqlError('invalid_parameter_value', `sink "${spec.name}" cannot be append-only: its rows can be updated and deleted`, {
      hint: "Use FORMAT UPSERT ENCODE JSON, or FORMAT PLAIN ENCODE JSON (force_append_only = 'true') to drop deletes and write updates as the new row.",
    });
  }
  if (format === 'upsert' && spec.primaryKey.length === 0) {
    throw new SqlError('invalid_parameter_value', `FORMAT UPSERT sink "${spec.name}" needs a primary key`, {
      hint: "Add primary_key = 'column, ...' to the WITH options: message keys are made of those columns.",
    });
  }
  return {
    topic,
    bootstrapServers,
    format,
    forceAppendOnly,
    createTopic: booleanOption(spec.options, CREATE_TOPIC) ?? true,
    encoding: jsonEncodingOf(formatOptions),
    keyIndexes: spec.primaryKey,
  };
}
