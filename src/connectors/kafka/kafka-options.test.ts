// Tests of the Kafka source options: RisingWave's names, Flink's legacy and current ones, and their errors.
import { describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { kafkaFormatSpec, kafkaSettings } from './kafka-options.js';

const cols = columns(['order_id', 'varchar']);
const settingsOf = (options: Record<string, string>) => kafkaSettings(sourceSpec(cols, options));
const base = { topic: 'orders', 'properties.bootstrap.server': 'localhost:9092' };

describe('kafkaSettings', () => {
  it("reads RisingWave's options, starting at the earliest offset by default", () => {
    expect(settingsOf(base)).toEqual({ topic: 'orders', bootstrapServers: ['localhost:9092'], startup: { kind: 'earliest' } });
    expect(settingsOf({ ...base, 'scan.startup.mode': 'latest', 'properties.group.id': 'g1' })).toEqual({
      topic: 'orders',
      bootstrapServers: ['localhost:9092'],
      startup: { kind: 'latest' },
      groupId: 'g1',
    });
    expect(settingsOf({ topic: 'orders', 'properties.bootstrap.servers': 'a:1, b:2' }).bootstrapServers).toEqual(['a:1', 'b:2']);
  });

  it('starts at a timestamp, which wins over the mode', () => {
    expect(settingsOf({ ...base, 'scan.startup.timestamp_millis': '1700000000000' }).startup).toEqual({ kind: 'timestamp', millis: 1700000000000n });
    expect(settingsOf({ ...base, 'scan.startup.mode': 'latest', 'scan.startup.timestamp.millis': '5' }).startup).toEqual({ kind: 'timestamp', millis: 5n });
  });

  it("reads Flink's legacy connector.* options (seed 003)", () => {
    const settings = settingsOf({
      'connector.type': 'kafka',
      'connector.version': '0.10',
      'connector.properties.bootstrap.servers': 'k1:9092,k2:9092,k3:9092',
      'connector.properties.group.id': 'trade_order',
      'connector.topic': 'trade_order_detail_info',
      'format.type': 'json',
      'connector.startup-mode': 'latest-offset',
    });
    expect(settings).toEqual({
      topic: 'trade_order_detail_info',
      bootstrapServers: ['k1:9092', 'k2:9092', 'k3:9092'],
      startup: { kind: 'latest' },
      groupId: 'trade_order',
    });
    const legacy = { 'connector.topic': 't', 'connector.properties.bootstrap.servers': 'k:1' };
    expect(settingsOf({ ...legacy, 'connector.startup-mode': 'earliest-offset' }).startup).toEqual({ kind: 'earliest' });
    expect(settingsOf({ ...legacy, 'connector.startup-mode': 'timestamp', 'connector.startup-timestamp-millis': '42' }).startup).toEqual({
      kind: 'timestamp',
      millis: 42n,
    });
  });

  it('names the missing or bad option', () => {
    expect(() => settingsOf({ 'properties.bootstrap.server': 'k:1' })).toThrow('missing option "topic" for connector "kafka"');
    expect(() => settingsOf({ topic: 'orders' })).toThrow('missing option "properties.bootstrap.server" for connector "kafka"');
    expect(() => settingsOf({ ...base, topic: 'a;b' })).toThrow('invalid value for option "topic": "a;b"');
    expect(() => settingsOf({ ...base, 'properties.bootstrap.server': 'k:1,,k 2' })).toThrow(
      'invalid value for option "properties.bootstrap.server": "k:1,,k 2"',
    );
    expect(() => settingsOf({ ...base, 'scan.startup.mode': 'group-offsets' })).toThrow('invalid value for option "scan.startup.mode": "group-offsets"');
    expect(() => settingsOf({ ...base, 'scan.startup.timestamp_millis': 'yesterday' })).toThrow(
      'invalid value for option "scan.startup.timestamp_millis": "yesterday"',
    );
    expect(() => settingsOf({ ...base, 'scan.startup.mode': 'timestamp' })).toThrow('missing option "scan.startup.timestamp_millis" for startup mode "timestamp"');
    expect(() => settingsOf({ ...base, 'properties.security.protocol': 'SASL_SSL' })).toThrow('Kafka security protocol "SASL_SSL" is not supported');
    expect(settingsOf({ ...base, 'properties.security.protocol': 'plaintext' }).topic).toBe('orders');
  });
});

describe('kafkaFormatSpec', () => {
  it("maps Flink's format.type 'json' to FORMAT PLAIN ENCODE JSON; a FORMAT clause wins", () => {
    expect(kafkaFormatSpec(sourceSpec(cols, { ...base, 'format.type': 'json' })).format).toEqual({ format: 'plain', encode: 'json', options: new Map() });
    expect(kafkaFormatSpec(sourceSpec(cols, base)).format).toBeUndefined();
    const upsert = sourceSpec(cols, { ...base, 'format.type': 'json' }, { format: 'upsert', encode: 'json' });
    expect(kafkaFormatSpec(upsert).format?.format).toBe('upsert');
    expect(() => kafkaFormatSpec(sourceSpec(cols, { ...base, 'format.type': 'avro' }))).toThrow('format.type "avro" is not supported for connector "kafka"');
  });
});
