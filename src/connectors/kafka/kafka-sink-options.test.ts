// Tests of the Kafka sink's options: formats, RisingWave's append-only rule, primary keys, topic creation, encodings.
import { describe, expect, it } from 'vitest';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec, type SinkSpecParts } from '../sink-spec.test-support.js';
import { kafkaSinkSettings } from './kafka-sink-options.js';

const cols = columns(['seller_id', 'varchar'], ['region', 'varchar'], ['rate', 'numeric']);
const where = { topic: 'alerts', 'properties.bootstrap.server': 'kafka:9092' };
const settings = (parts: SinkSpecParts) => kafkaSinkSettings(sinkSpec(cols, { options: where, ...parts }));
const plainJson = { format: 'plain', encode: 'json' };
const upsertJson = { format: 'upsert', encode: 'json' };

describe('kafkaSinkSettings', () => {
  it('reads a PLAIN JSON sink with the defaults', () => {
    expect(settings({ format: plainJson })).toEqual({
      topic: 'alerts',
      bootstrapServers: ['kafka:9092'],
      format: 'plain',
      forceAppendOnly: false,
      createTopic: true,
      encoding: { timestamptz: 'utc_string', numeric: 'string', jsonb: 'string' },
      keyIndexes: [],
    });
  });

  it('keys UPSERT messages by the primary key and needs one', () => {
    expect(settings({ format: upsertJson, type: 'upsert', primaryKey: ['region', 'seller_id'] })).toMatchObject({ format: 'upsert', keyIndexes: [1, 0] });
    expect(() => settings({ format: upsertJson, type: 'upsert' })).toThrow('FORMAT UPSERT sink "snk" needs a primary key');
  });

  it("refuses PLAIN over a relation with deletes unless force_append_only = 'true', as RisingWave does", () => {
    expect(() => settings({ format: plainJson, type: 'upsert', primaryKey: ['seller_id'] })).toThrow('sink "snk" cannot be append-only: its rows can be updated and deleted');
    expect(settings({ format: { ...plainJson, options: { force_append_only: 'true' } }, type: 'upsert' }).forceAppendOnly).toBe(true);
    expect(settings({ format: plainJson, options: { ...where, force_append_only: 'TRUE' }, type: 'upsert' }).forceAppendOnly).toBe(true);
    expect(() => settings({ format: { ...plainJson, options: { force_append_only: 'yes' } } })).toThrow('invalid value for option "force_append_only": "yes"');
  });

  it("accepts RisingWave's legacy WITH (type = ...) without a FORMAT clause, and asks for FORMAT otherwise", () => {
    expect(settings({ options: { ...where, type: 'append-only' } }).format).toBe('plain');
    expect(settings({ options: { ...where, type: 'upsert' }, type: 'upsert', primaryKey: ['seller_id'] }).format).toBe('upsert');
    expect(() => settings({})).toThrow('missing FORMAT clause for connector "kafka"');
  });

  it('names unsupported formats and encodes', () => {
    expect(() => settings({ format: { format: 'debezium', encode: 'json' } })).toThrow('FORMAT DEBEZIUM is not supported for Kafka sinks');
    expect(() => settings({ format: { format: 'plain', encode: 'avro' } })).toThrow('ENCODE AVRO is not supported for Kafka sinks');
  });

  it('reads topic.create and the JSON encoding options of the FORMAT clause', () => {
    expect(settings({ format: plainJson, options: { ...where, 'topic.create': 'false' } }).createTopic).toBe(false);
    const encoding = settings({ format: { ...plainJson, options: { 'timestamptz.handling.mode': 'utc_without_suffix', 'decimal.handling.mode': 'number' } } }).encoding;
    expect(encoding).toEqual({ timestamptz: 'utc_without_suffix', numeric: 'number', jsonb: 'string' });
    expect(() => settings({ format: { ...plainJson, options: { 'jsonb.handling.mode': 'raw' } } })).toThrow('unrecognized value for option "jsonb.handling.mode": "raw"');
  });

  it('checks the topic and brokers as sources do', () => {
    expect(() => settings({ format: plainJson, options: { 'properties.bootstrap.server': 'kafka:9092' } })).toThrow('missing option "topic" for connector "kafka"');
    expect(() => settings({ format: plainJson, options: { topic: 'alerts' } })).toThrow('missing option "properties.bootstrap.server" for connector "kafka"');
    expect(() => settings({ format: plainJson, options: { ...where, topic: 'two topics' } })).toThrow('invalid value for option "topic"');
  });
});
