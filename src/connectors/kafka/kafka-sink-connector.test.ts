// Tests of the Kafka sink against a real broker: UPSERT keys and tombstones, PLAIN appends, exact values, topics, outages.
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBroker } from '../../../test/support/kafka-broker.js';
import type { SinkChange, SinkSpec, SinkWriter } from '../../stream/sink.js';
import { valuesEqual } from '../../types/compare.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { jsonRowDecoder } from '../format/json-row-decoder.js';
import { parseExactJson } from '../format/parse-exact-json.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec, type SinkSpecParts } from '../sink-spec.test-support.js';
import { createKafkaSinkConnector } from './kafka-sink-connector.js';
import { kafkaSinkMessages } from './kafka-sink-messages.js';
import { kafkaSinkSettings } from './kafka-sink-options.js';
import { KafkaSinkWriter } from './kafka-sink-writer.js';
import { platformaticKafkaProducer } from './platformatic-kafka-producer.js';

const broker = await kafkaBroker();
if ('skip' in broker) console.warn(`skipping kafka-sink-connector.test.ts: ${broker.skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';

const connector = createKafkaSinkConnector({ producer: { connectTimeoutMs: 1000, retries: 2, retryDelayMs: 100 } });
const clientId = 'tally-kafka-sink-test';
const topics: string[] = [];
let admin: Admin;

function freshTopicName(): string {
  const topic = `tally-kafka-sink-${process.pid}-${Date.now()}-${topics.length}`;
  topics.push(topic);
  return topic;
}

interface ReadMessage {
  readonly partition: number;
  readonly key: string | undefined;
  readonly value: string | undefined;
}

/** Reads `count` messages of the topic from the beginning, with a consumer of a fresh group. */
async function readBack(topic: string, count: number, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const consumer = new Consumer<string, string, string, string>({
    clientId,
    groupId: `${topic}-reader-${Date.now()}`,
    bootstrapBrokers: [bootstrap],
    deserializers: stringDeserializers,
  });
  const read: ReadMessage[] = [];
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false, maxWaitTime: 200 });
  const timer = setTimeout(() => void stream.close(), timeoutMs);
  try {
    for await (const message of stream) {
      read.push({ partition: message.partition, key: message.key || undefined, value: message.value ?? undefined });
      if (read.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close();
    await consumer.close(true);
  }
  return read;
}

/** The table an UPSERT topic describes: the last value of each key, keys whose last message is a tombstone gone. */
function compacted(messages: readonly ReadMessage[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const { key, value } of messages) {
    if (value === undefined || value === '') table.delete(key!);
    else table.set(key!, value);
  }
  return table;
}

const cols = columns(['seller_id', 'varchar'], ['orders', 'int8'], ['gmv', 'numeric'], ['last_order_ts', 'timestamptz'], ['note', 'varchar']);
const row = (seller: string, orders: bigint, gmv: string, ts: string, note: string | null = null): Row => [
  seller,
  orders,
  Numeric.parse(gmv),
  parseValue('timestamptz', ts),
  note,
];

async function withSink<T>(parts: SinkSpecParts, use: (writer: SinkWriter, spec: SinkSpec) => Promise<T>): Promise<T> {
  const spec = sinkSpec(cols, parts);
  connector.validate(spec);
  const writer = await connector.open(spec);
  try {
    return await use(writer, spec);
  } finally {
    await writer.close();
  }
}

describe.skipIf('skip' in broker)('kafka sink connector', () => {
  beforeAll(() => {
    admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.close();
  });

  it('UPSERT: creates a compacted topic, keys by the primary key, tombstones deletes, keeps values exact', async () => {
    const topic = freshTopicName();
    const a1 = row('s1', 9223372036854775807n, '12345678901234567890.123456789', '2026-11-21 08:00:00.000001+00', 'say "hi"\n');
    const a2 = row('s1', 9223372036854775806n, '0.10', '2026-11-21 09:30:00+00');
    const b1 = row('s2', 1n, '-0.000000000000000001', '1969-12-31 23:59:59.5+00');
    const c1 = row('s3', 7n, '6.50', '2026-01-01 00:00:00+00');
    const batches: SinkChange[][] = [
      [{ before: null, after: a1 }, { before: null, after: b1 }, { before: null, after: c1 }],
      [{ before: a1, after: a2 }, { before: b1, after: null }],
    ];
    const options = { connector: 'kafka', topic, 'properties.bootstrap.server': bootstrap };
    await withSink({ options, format: { format: 'upsert', encode: 'json' }, type: 'upsert', primaryKey: ['seller_id'] }, async (writer) => {
      for (const batch of batches) await writer.write(batch);
    });

    const read = await readBack(topic, 5);
    expect(read.map((m) => [m.key, m.value ?? null])).toEqual([
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9223372036854775807,"gmv":"12345678901234567890.123456789","last_order_ts":"2026-11-21T08:00:00.000001Z","note":"say \\"hi\\"\\n"}'],
      ['{"seller_id":"s2"}', '{"seller_id":"s2","orders":1,"gmv":"-0.000000000000000001","last_order_ts":"1969-12-31T23:59:59.500000Z","note":null}'],
      ['{"seller_id":"s3"}', '{"seller_id":"s3","orders":7,"gmv":"6.50","last_order_ts":"2026-01-01T00:00:00.000000Z","note":null}'],
      ['{"seller_id":"s1"}', '{"seller_id":"s1","orders":9223372036854775806,"gmv":"0.10","last_order_ts":"2026-11-21T09:30:00.000000Z","note":null}'],
      ['{"seller_id":"s2"}', null],
    ]);
    // The topic read as a table is the sunk relation, value for value.
    const decode = jsonRowDecoder(cols);
    const table = [...compacted(read).values()].map((value) => decode(parseExactJson(value)));
    const expected = [a2, c1];
    expect(table).toHaveLength(expected.length);
    table.forEach((decoded, r) => decoded.forEach((value, i) => expect(value === null ? expected[r]![i] === null : valuesEqual(cols[i]!.type, value, expected[r]![i]!)).toBe(true)));
    expect((table[0]![2] as Numeric).toString()).toBe('0.10');

    const described = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic, configurationKeys: ['cleanup.policy'] }] });
    expect(described[0]!.configs.find((c) => c.name === 'cleanup.policy')?.value).toBe('compact');
  });

  it('UPSERT: a batch written twice (a retry) leaves the same table, and every key stays in one partition in order', async () => {
    const topic = freshTopicName();
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    const options = { connector: 'kafka', topic, 'properties.bootstrap.server': bootstrap, 'topic.create': 'false' };
    const sellers = Array.from({ length: 40 }, (_, i) => `seller-${i}`);
    const version = (seller: string, n: number) => row(seller, BigInt(n), `${n}.00`, '2026-11-21 00:00:00+00');
    const first: SinkChange[] = sellers.map((s) => ({ before: null, after: version(s, 1) }));
    const second: SinkChange[] = sellers.map((s, i) => (i % 4 === 0 ? { before: version(s, 1), after: null } : { before: version(s, 1), after: version(s, 2) }));
    await withSink({ options, format: { format: 'upsert', encode: 'json' }, type: 'upsert', primaryKey: ['seller_id'] }, async (writer) => {
      await writer.write(first);
      await writer.write(second);
      await writer.write(second);
    });
    const read = await readBack(topic, 120);
    expect(read).toHaveLength(120);
    const table = compacted(read);
    expect([...table.keys()].sort()).toEqual(sellers.filter((_, i) => i % 4 !== 0).map((s) => JSON.stringify({ seller_id: s })).sort());
    for (const value of table.values()) expect(JSON.parse(value).orders).toBe(2);
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const { key, partition } of read) partitionsOfKey.set(key!, (partitionsOfKey.get(key!) ?? new Set()).add(partition));
    expect([...partitionsOfKey.values()].every((p) => p.size === 1)).toBe(true);
    expect(new Set(read.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('PLAIN: appends every new row once, in chunks when a batch exceeds one request', async () => {
    const topic = freshTopicName();
    const options = { connector: 'kafka', topic, 'properties.bootstrap.server': bootstrap };
    const note = 'x'.repeat(400);
    const rows = Array.from({ length: 4000 }, (_, i) => row(`s${i % 7}`, BigInt(i), `${i}.${String(i % 100).padStart(2, '0')}`, '2026-11-21 08:00:00+00', note));
    await withSink({ options, format: { format: 'plain', encode: 'json' } }, async (writer) => {
      // About 2 MB in one batch: more than the broker takes in one record batch.
      await writer.write(rows.map((after) => ({ before: null, after })));
    });
    const read = await readBack(topic, rows.length);
    expect(read).toHaveLength(rows.length);
    expect(read.every((m) => m.key === undefined)).toBe(true);
    expect(read.map((m) => JSON.parse(m.value!).orders)).toEqual(rows.map((_, i) => i));
    expect(JSON.parse(read[1234]!.value!).gmv).toBe('1234.34');
  });

  it("PLAIN with force_append_only drops deletes and writes updates as the new row", async () => {
    const topic = freshTopicName();
    const options = { connector: 'kafka', topic, 'properties.bootstrap.server': bootstrap };
    const a1 = row('s1', 1n, '1', '2026-11-21 08:00:00+00');
    const a2 = row('s1', 2n, '2', '2026-11-21 08:00:00+00');
    const b1 = row('s2', 1n, '1', '2026-11-21 08:00:00+00');
    const format = { format: 'plain', encode: 'json', options: { force_append_only: 'true' } };
    await withSink({ options, format, type: 'upsert', primaryKey: ['seller_id'] }, async (writer) => {
      await writer.write([{ before: null, after: a1 }, { before: null, after: b1 }]);
      await writer.write([{ before: a1, after: a2 }, { before: b1, after: null }]);
    });
    const read = await readBack(topic, 3);
    expect(read.map((m) => [m.key, JSON.parse(m.value!).orders])).toEqual([
      ['{"seller_id":"s1"}', 1],
      ['{"seller_id":"s2"}', 1],
      ['{"seller_id":"s1"}', 2],
    ]);
  });

  it("rejects at open when topic.create = 'false' and the topic is missing", async () => {
    const options = { connector: 'kafka', topic: freshTopicName(), 'properties.bootstrap.server': bootstrap, 'topic.create': 'false' };
    await expect(withSink({ options, format: { format: 'plain', encode: 'json' } }, async () => undefined)).rejects.toThrow(/^Kafka topic "tally-kafka-sink-.*" does not exist$/);
  });

  it('rejects at open and at write when the brokers cannot be reached', async () => {
    const options = { connector: 'kafka', topic: 'unreachable', 'properties.bootstrap.server': '127.0.0.1:1' };
    await expect(withSink({ options, format: { format: 'plain', encode: 'json' } }, async () => undefined)).rejects.toThrow(
      /^could not open Kafka topic "unreachable" at 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    // A writer whose brokers went away after it opened.
    const spec = sinkSpec(cols, { options, format: { format: 'plain', encode: 'json' } });
    const settings = kafkaSinkSettings(spec);
    const producer = platformaticKafkaProducer({ topic: 'unreachable', bootstrapServers: ['127.0.0.1:1'], clientId }, { connectTimeoutMs: 500, retries: 0, retryDelayMs: 50 });
    const writer = new KafkaSinkWriter(producer, kafkaSinkMessages(cols, settings), { topic: 'unreachable', bootstrap: '127.0.0.1:1' });
    await expect(writer.write([{ before: null, after: row('s1', 1n, '1', '2026-11-21 08:00:00+00') }])).rejects.toThrow(
      /^could not write to Kafka topic "unreachable" at 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    await writer.close();
  });
});
