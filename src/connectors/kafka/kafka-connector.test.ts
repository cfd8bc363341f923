// Tests of the Kafka connector against a real broker: views over a topic, startup modes, resume, dead letters, seed 003.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBroker } from '../../../test/support/kafka-broker.js';
import { Engine } from '../../engine/engine.js';
import { parseScript } from '../../sql/index.js';
import type { SourceReader } from '../../stream/source.js';
import type { DataType } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { createKafkaConnector } from './kafka-connector.js';
import type { KafkaSourceReader } from './kafka-source-reader.js';

const broker = await kafkaBroker();
if ('skip' in broker) console.warn(`skipping kafka-connector.test.ts: ${broker.skip}`);
const bootstrap = 'bootstrap' in broker ? broker.bootstrap : '';

const SEED_SQL = join(fileURLToPath(new URL('../../../..', import.meta.url)), 'shared/seed-sql');
const SEED_003_JOB = join(SEED_SQL, '003_channel_gmv_flink.sql');
const SEED_003_RECORDS = join(SEED_SQL, '003_trade_order_detail.jsonl');

// New partitions are looked for every 300 ms instead of every few seconds, to keep the test short.
const connector = createKafkaConnector({ reader: { metadataRefreshMs: 300 } });
const clientId = 'tally-kafka-connector-test';
let admin: Admin;
let producer: Producer<string, string, string, string>;
const topics: string[] = [];

async function freshTopic(partitions: number): Promise<string> {
  const topic = `tally-kafka-source-${process.pid}-${Date.now()}-${topics.length}`;
  await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  topics.push(topic);
  return topic;
}

async function send(topic: string, messages: readonly { partition: number; value: string; key?: string }[]): Promise<void> {
  await producer.send({ messages: messages.map((m) => ({ topic, ...m })) });
}

async function openEngine(): Promise<Engine> {
  // No barrier loop in the way: FLUSH reads the sources.
  return Engine.open({ sourceConnectors: [connector], barrierIntervalMs: 3_600_000 });
}

/** Rows of a query as text, in PostgreSQL's output format. */
async function query(db: Engine, sql: string): Promise<(string | null)[][]> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error(`expected rows from ${sql}`);
  return result.rows.map((row) => row.map((value, i) => formatValue(result.columns[i]!.type as DataType, value)));
}

/** FLUSHes until `sql` gives `expected` (all records read) or the time is up; returns what it gave last. */
async function flushUntil(db: Engine, sql: string, expected: unknown, timeoutMs = 10_000): Promise<(string | null)[][]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await db.execute('FLUSH');
    const rows = await query(db, sql);
    if (JSON.stringify(rows) === JSON.stringify(expected) || Date.now() > deadline) return rows;
  }
}

const cents = (n: bigint): string => `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;

describe.skipIf('skip' in broker)('kafka connector', () => {
  beforeAll(async () => {
    admin = new Admin({ clientId, bootstrapBrokers: [bootstrap] });
    // Idempotent: a send retried while a new topic's leader gets ready must not write records twice.
    producer = new Producer({ clientId, bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true });
  });

  afterAll(async () => {
    await producer?.close();
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.close();
  });

  it('keeps a view over a 3-partition topic equal to the events; a bad message becomes a dead letter', async () => {
    const topic = await freshTopic(3);
    const orders = Array.from({ length: 300 }, (_, i) => ({ orderId: `o${i}`, merchant: `m${i % 4}`, totalCents: BigInt((i * 3917) % 100_000) }));
    const message = (o: (typeof orders)[number], i: number) => ({
      partition: i % 3,
      key: o.orderId,
      value: JSON.stringify({ order_id: o.orderId, merchant_id: o.merchant, total: cents(o.totalCents) }),
    });
    // Half before the source exists (read from the earliest offset), a bad record, then the rest.
    await send(topic, orders.slice(0, 150).map(message));
    await send(topic, [{ partition: 1, value: '{"order_id": "broken", "total": ' }]);
    const db = await openEngine();
    try {
      await db.execute(`
        CREATE SOURCE orders (order_id VARCHAR, merchant_id VARCHAR, total NUMERIC)
          WITH (connector = 'kafka', topic = '${topic}', properties.bootstrap.server = '${bootstrap}', scan.startup.mode = 'earliest')
          FORMAT PLAIN ENCODE JSON;
        CREATE MATERIALIZED VIEW gmv AS SELECT merchant_id, COUNT(*) AS orders, SUM(total) AS gmv FROM orders GROUP BY merchant_id;
      `);
      await send(topic, orders.slice(150).map((o, i) => message(o, i + 150)));
      const expected = ['m0', 'm1', 'm2', 'm3'].map((m) => {
        const mine = orders.filter((o) => o.merchant === m);
        return [m, String(mine.length), cents(mine.reduce((sum, o) => sum + o.totalCents, 0n))];
      });
      expect(await flushUntil(db, 'SELECT * FROM gmv ORDER BY merchant_id', expected)).toEqual(expected);
      const deadLetters = await query(db, 'SELECT source, "offset", payload FROM tally_dead_letters');
      expect(deadLetters).toEqual([['orders', '1-50', '{"order_id": "broken", "total": ']]);
      expect(db.sourceStats().get('orders')).toMatchObject({ records: 300, deadLetters: 1, pollErrors: 0 });
    } finally {
      await db.close();
    }
  });

  it("reads from the beginning with 'earliest' and only new records with 'latest'", async () => {
    const topic = await freshTopic(3);
    const event = (n: number) => ({ partition: n % 3, value: JSON.stringify({ n }) });
    await send(topic, [1, 2, 3, 4, 5, 6].map(event));
    const db = await openEngine();
    try {
      const withOptions = (mode: string) => `WITH (connector = 'kafka', topic = '${topic}', properties.bootstrap.server = '${bootstrap}', scan.startup.mode = '${mode}')`;
      await db.execute(`
        CREATE SOURCE early (n INT) ${withOptions('earliest')};
        CREATE SOURCE late (n INT) ${withOptions('latest')};
        CREATE MATERIALIZED VIEW counts AS
          SELECT 'early' AS source, COUNT(*) AS events, SUM(n) AS total FROM early
          UNION ALL SELECT 'late', COUNT(*), SUM(n) FROM late;
      `);
      await send(topic, [7, 8, 9].map(event));
      const expected = [
        ['early', '9', '45'],
        ['late', '3', '24'],
      ];
      expect(await flushUntil(db, 'SELECT * FROM counts ORDER BY source', expected)).toEqual(expected);
    } finally {
      await db.close();
    }
  });

  it('resumes a new reader at the position of an old one: only new records, none twice', async () => {
    const topic = await freshTopic(3);
    const spec = sourceSpec(columns(['n', 'int4']), { topic, 'properties.bootstrap.server': bootstrap });
    const event = (n: number) => ({ partition: n % 3, value: JSON.stringify({ n }) });
    const readUntil = async (reader: SourceReader, count: number): Promise<number[]> => {
      const seen: number[] = [];
      const deadline = Date.now() + 10_000;
      while (seen.length < count && Date.now() < deadline) {
        const batch = await reader.poll(count - seen.length);
        seen.push(...batch.changes.rows.map((row) => row[0] as number));
      }
      return seen;
    };
    await send(topic, Array.from({ length: 30 }, (_, n) => event(n)));
    const first = (await connector.open(spec, undefined)) as KafkaSourceReader;
    expect(first.lag()).toBe(30);
    const firstRead = await readUntil(first, 20);
    expect(firstRead).toHaveLength(20);
    const position = JSON.parse(JSON.stringify(first.position())) as unknown;
    await first.close();

    await send(topic, Array.from({ length: 10 }, (_, n) => event(30 + n)));
    const second = (await connector.open(spec, position)) as KafkaSourceReader;
    const secondRead = await readUntil(second, 20);
    expect([...firstRead, ...secondRead].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect((await second.poll(100)).changes.rows).toEqual([]);
    expect(second.position()).toEqual(Object.fromEntries([0, 1, 2].map((p) => [p, String(Math.ceil((40 - p) / 3))])));
    expect([...second.partitionLag().values()]).toEqual([0n, 0n, 0n]);
    await second.close();
  });

  it('reads a partition added to the topic after the source started', async () => {
    const topic = await freshTopic(1);
    const db = await openEngine();
    try {
      await db.execute(`CREATE SOURCE events (n INT) WITH (connector = 'kafka', topic = '${topic}', properties.bootstrap.server = '${bootstrap}');
        CREATE MATERIALIZED VIEW total AS SELECT COUNT(*) AS events, SUM(n) AS total FROM events;`);
      await send(topic, [{ partition: 0, value: '{"n": 1}' }]);
      expect(await flushUntil(db, 'SELECT * FROM total', [['1', '1']])).toEqual([['1', '1']]);
      await admin.createPartitions({ topics: [{ name: topic, count: 2 }] });
      await producer.metadata({ topics: [topic], forceUpdate: true });
      await send(topic, [{ partition: 1, value: '{"n": 10}' }, { partition: 1, value: '{"n": 100}' }]);
      expect(await flushUntil(db, 'SELECT * FROM total', [['3', '111']])).toEqual([['3', '111']]);
    } finally {
      await db.close();
    }
  });

  it('refuses to create a source on a topic that does not exist', async () => {
    const db = await openEngine();
    try {
      await expect(
        db.execute(`CREATE SOURCE nothing (n INT) WITH (connector = 'kafka', topic = 'tally-no-such-topic-${Date.now()}', properties.bootstrap.server = '${bootstrap}')`),
      ).rejects.toThrow(/^could not open Kafka topic "tally-no-such-topic-\d+" at .*: unknown topic/);
      await expect(query(db, 'SELECT * FROM nothing')).rejects.toThrow('relation "nothing" does not exist');
    } finally {
      await db.close();
    }
  });

  it.runIf(existsSync(SEED_003_JOB) && existsSync(SEED_003_RECORDS))("runs seed 003's Flink source table as written, over Kafka", async () => {
    const topic = await freshTopic(3);
    const [source, , view, insert] = parseScript(readFileSync(SEED_003_JOB, 'utf8'), { dialect: 'flink' });
    const table = source!.text
      .replace('"xxxx:9092,xxxx:9092,xxxx:9092"', `"${bootstrap}"`)
      .replace('"trade_order_detail_info"', `"${topic}"`);
    expect(table).toContain('"connector.startup-mode" = "latest-offset"');
    const db = await Engine.open({ dialect: 'flink', sourceConnectors: [connector], barrierIntervalMs: 3_600_000 });
    try {
      await db.execute(table);
      db.executeStatement(view!.statement, view!.text);
      const records = readFileSync(SEED_003_RECORDS, 'utf8').trim().split('\n');
      await send(
        topic,
        records.map((line) => {
          const orderId = (JSON.parse(line) as { order_id: string }).order_id;
          return { partition: Number(BigInt(orderId) % 3n), key: orderId, value: line };
        }),
      );
      const count = [[String(records.length)]];
      expect(await flushUntil(db, 'SELECT COUNT(*) FROM trade_order_detail', count)).toEqual(count);
      const select = insert!.text.replace(/^[\s\S]*?insert\s+into\s+\w+\s*/i, '');
      const rows = (await query(db, select)).map((row) => row.slice(0, 7).join(' | ')).sort();
      // The figures seed 003 publishes (test/seeds/seed-003-flink.test.ts feeds the same records directly).
      expect(rows).toEqual([
        '2021-03-25 00:00:00 | appShop | Shopping App | 50.5 | 1 | 1 | 2021-03-25 06:07:00',
        '2021-03-25 00:00:00 | miniAppShop |  Miniprogram | 148.8 | 2 | 2 | 2021-03-25 12:03:00',
        '2021-03-25 00:00:00 | other | Other | 400 | 1 | 1 | 2021-03-25 15:10:00',
        '2021-03-25 00:00:00 | webShop | Website | 986.5 | 2 | 5 | 2021-03-25 16:16:16',
      ]);
    } finally {
      await db.close();
    }
  });
});
