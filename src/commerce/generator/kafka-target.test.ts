// Tests of the Kafka target against a real broker: topics made on first use, values and keys read back, UPSERT keys.
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBroker } from '../../../test/support/kafka-broker.js';
import { createKafkaConnector } from '../../connectors/kafka/kafka-connector.js';
import { Engine } from '../../engine/engine.js';
import type { CommerceStream } from './commerce-streams.js';
import { sendRun } from './generator-run.test-support.js';
import { kafkaTarget } from './kafka-target.js';

const broker = await kafkaBroker();
if ('skip' in broker) console.warn(`skipping kafka-target.test.ts: ${broker.skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';
const clientId = 'tally-datagen-kafka-test';
const prefix = `tally-datagen-${process.pid}-${Date.now()}-`;
const topicOf = (stream: CommerceStream): string => `${prefix}${stream}`;

interface ReadMessage {
  readonly key: string | undefined;
  readonly value: string;
}

/** Reads `count` messages of `topic` from the beginning with a consumer of a fresh group. */
async function readBack(topic: string, count: number, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const consumer = new Consumer<string, string, string, string>({ clientId, groupId: `${topic}-reader`, bootstrapBrokers: [bootstrap], deserializers: stringDeserializers });
  const read: ReadMessage[] = [];
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false, maxWaitTime: 200 });
  const timer = setTimeout(() => void stream.close(), timeoutMs);
  try {
    for await (const message of stream) {
      read.push({ key: message.key || undefined, value: message.value ?? '' });
      if (read.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close();
    await consumer.close(true);
  }
  return read;
}

describe.skipIf('skip' in broker)('kafkaTarget', () => {
  let admin: Admin;
  const streams: CommerceStream[] = ['ecommerce.orders', 'ecommerce.orders.eu', 'seller_fulfillment'];

  beforeAll(() => {
    admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
  });
  afterAll(async () => {
    await admin?.deleteTopics({ topics: streams.map(topicOf) }).catch(() => undefined);
    await admin?.close();
  });

  it('creates each topic and writes JSON values with the order id as a JSON-string key; Tally reads the UPSERT region', async () => {
    const target = kafkaTarget({ bootstrapServers: [bootstrap], clientId, topicOf });
    const { sent } = await sendRun(target, { seed: 41, rate: 200, durationMs: 20_000, streams });
    await target.close();
    for (const stream of streams) {
      const records = sent.get(stream)!;
      expect(records.length).toBeGreaterThan(100);
      const read = await readBack(topicOf(stream), records.length);
      const asSent = records.map((record) => ({ key: record.key, value: JSON.stringify(record.value) }));
      const order = (messages: readonly ReadMessage[]): string[] => messages.map((message) => JSON.stringify(message)).sort();
      expect(order(read)).toEqual(order(asSent));
    }
    expect(sent.get('ecommerce.orders.eu')!.every((record) => record.key === JSON.stringify(record.value.order_id))).toBe(true);

    const db = await Engine.open({ sourceConnectors: [createKafkaConnector()], barrierIntervalMs: 3_600_000 });
    try {
      await db.execute(`
        CREATE TABLE orders_eu (order_id VARCHAR PRIMARY KEY, merchant_id VARCHAR, customer_id VARCHAR, channel VARCHAR, payment_method VARCHAR,
          subtotal NUMERIC, discount NUMERIC, total NUMERIC, status VARCHAR, created_at TIMESTAMPTZ)
        WITH (connector = 'kafka', topic = '${topicOf('ecommerce.orders.eu')}', properties.bootstrap.server = '${bootstrap}', scan.startup.mode = 'earliest')
        FORMAT UPSERT ENCODE JSON;
        CREATE MATERIALIZED VIEW eu_status AS SELECT status, COUNT(*) AS n FROM orders_eu GROUP BY status;`);
      const latest = new Map<unknown, unknown>();
      for (const record of sent.get('ecommerce.orders.eu')!) latest.set(record.value.order_id, record.value.status);
      const expected = [...new Set(latest.values())].sort().map((status) => [status, String([...latest.values()].filter((s) => s === status).length)]);
      const deadline = Date.now() + 20_000;
      let answer: string[][] = [];
      while (Date.now() < deadline) {
        await db.execute('FLUSH');
        const [result] = await db.execute('SELECT status, n FROM eu_status ORDER BY status');
        answer = result?.kind === 'rows' ? result.rows.map((row) => row.map(String)) : [];
        if (JSON.stringify(answer) === JSON.stringify(expected)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answer).toEqual(expected);
      expect(expected.map(([status]) => status)).toContain('cancelled');
    } finally {
      await db.close();
    }
  });
});
