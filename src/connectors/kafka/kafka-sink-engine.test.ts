// The Kafka UPSERT sink through the whole engine: after a random workload, the topic read as a table equals the view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBroker } from '../../../test/support/kafka-broker.js';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { Engine } from '../../engine/engine.js';
import { open } from '../../index.js';
import { jsonRowDecoder } from '../format/json-row-decoder.js';
import { parseExactJson } from '../format/parse-exact-json.js';
import { OrderWorkload, relationText, rowText } from '../order-workload.test-support.js';

const broker = await kafkaBroker();
if ('skip' in broker) console.warn(`skipping kafka-sink-engine.test.ts: ${broker.skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';

const clientId = 'tally-kafka-sink-engine-test';
const topics: string[] = [];
const dirs: string[] = [];
let admin: Admin;

function freshTopicName(): string {
  const topic = `tally-kafka-sink-engine-${process.pid}-${Date.now()}-${topics.length}`;
  topics.push(topic);
  return topic;
}

const VIEW = `CREATE MATERIALIZED VIEW merchant_gmv AS
  SELECT merchant, COUNT(*) AS orders, SUM(total) FILTER (WHERE status <> 'cancelled') AS gmv,
    COUNT(*) FILTER (WHERE status = 'paid') AS paid
  FROM orders GROUP BY merchant`;
const VIEW_ROWS = 'SELECT merchant, orders, gmv, paid FROM merchant_gmv';

const sinkDdl = (topic: string): string =>
  `CREATE SINK merchant_gmv_sink FROM merchant_gmv WITH (connector = 'kafka', properties.bootstrap.server = '${bootstrap}',
    topic = '${topic}', primary_key = 'merchant') FORMAT UPSERT ENCODE JSON`;

interface ReadMessage {
  readonly key: string;
  readonly value: string | undefined;
}

/** Every message of the topic, from the first to the end offsets it has now, in each partition's order. */
async function readWholeTopic(topic: string, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const consumer = new Consumer<string, string, string, string>({
    clientId,
    groupId: `${topic}-reader-${Date.now()}`,
    bootstrapBrokers: [bootstrap],
    deserializers: stringDeserializers,
  });
  const read: ReadMessage[] = [];
  try {
    const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic)!;
    const remaining = new Set(ends.flatMap((end, partition) => (end > 0n ? [partition] : [])));
    if (remaining.size === 0) return read;
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false, maxWaitTime: 200 });
    const timer = setTimeout(() => void stream.close(), timeoutMs);
    try {
      for await (const message of stream) {
        read.push({ key: message.key, value: message.value || undefined });
        if (message.offset >= ends[message.partition]! - 1n) remaining.delete(message.partition);
        if (remaining.size === 0) break;
      }
    } finally {
      clearTimeout(timer);
      await stream.close();
    }
    if (remaining.size > 0) throw new Error(`read ${read.length} messages of ${topic} but not to the end of partitions ${[...remaining].join(', ')}`);
  } finally {
    await consumer.close(true);
  }
  return read;
}

/** The table an UPSERT topic describes, as sorted lines of text: the last value of each key, tombstoned keys gone. */
function foldedText(messages: readonly ReadMessage[], columns: readonly ColumnInfo[]): string[] {
  const table = new Map<string, string>();
  for (const { key, value } of messages) {
    if (value === undefined) table.delete(key);
    else table.set(key, value);
  }
  const decode = jsonRowDecoder(columns);
  return [...table].map(([key, value]) => {
    const row = decode(parseExactJson(value));
    // The key names the row it stands for.
    expect(JSON.parse(key)).toEqual({ merchant: row[0] });
    return rowText(columns, row);
  }).sort();
}

async function runWorkload(db: Engine, workload: OrderWorkload, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await db.execute(workload.step());
}

async function expectTopicEqualsView(db: Engine, topic: string): Promise<number> {
  await db.sinksDrained(30_000);
  const view = await relationText(db, VIEW_ROWS);
  const messages = await readWholeTopic(topic);
  expect(foldedText(messages, view.columns)).toEqual(view.lines);
  return messages.filter((m) => m.value === undefined).length;
}

describe.skipIf('skip' in broker)('kafka sink through the engine', () => {
  beforeAll(() => {
    admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an UPSERT topic equal to a grouped view under a random workload', async () => {
    const topic = freshTopicName();
    const workload = new OrderWorkload(20261121);
    const db = await open();
    try {
      await db.execute(`${workload.ddl}; ${VIEW}`);
      await runWorkload(db, workload, 20);
      await db.execute(sinkDdl(topic));
      await runWorkload(db, workload, 100);
      await expectTopicEqualsView(db, topic);
      await runWorkload(db, workload, 150);
      const tombstones = await expectTopicEqualsView(db, topic);
      expect(workload.vanished).toBeGreaterThan(0);
      expect(tombstones).toBeGreaterThan(0);
      expect(db.sinkStats().get('merchant_gmv_sink')!.pending).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('keeps the topic equal to the view across a restart with a data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-kafka-sink-'));
    dirs.push(dir);
    const topic = freshTopicName();
    const workload = new OrderWorkload(7);
    let db = await open({ dataDir: dir, durability: 'none' });
    try {
      await db.execute(`${workload.ddl}; ${VIEW}; ${sinkDdl(topic)}`);
      await runWorkload(db, workload, 120);
      await db.close();
      db = await open({ dataDir: dir, durability: 'none' });
      await runWorkload(db, workload, 120);
      const tombstones = await expectTopicEqualsView(db, topic);
      expect(workload.vanished).toBeGreaterThan(0);
      expect(tombstones).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
