// The embedded broker under the engine: Kafka sources (PLAIN, UPSERT) read its topics into views, across a restart
// from a checkpoint; a Kafka sink writes its topic equal to the view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { Engine } from '../../engine/engine.js';
import { jsonRowDecoder } from '../format/json-row-decoder.js';
import { parseExactJson } from '../format/parse-exact-json.js';
import { seededRandom } from '../jdbc/sink-workload.test-support.js';
import { OrderWorkload, relationText, rowText } from '../order-workload.test-support.js';
import { EmbeddedKafkaBroker } from './embedded-kafka-broker.js';
import { embeddedKafkaSinkConnector, embeddedKafkaSourceConnector } from './embedded-kafka-connectors.js';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openBroker(directory?: string): Promise<EmbeddedKafkaBroker> {
  const broker = await EmbeddedKafkaBroker.open(directory === undefined ? {} : { directory, sync: false });
  closers.push(() => broker.close());
  return broker;
}

async function openEngine(broker: EmbeddedKafkaBroker, dataDir?: string): Promise<Engine> {
  const db = await Engine.open({
    sourceConnectors: [embeddedKafkaSourceConnector(broker)],
    sinkConnectors: [embeddedKafkaSinkConnector(broker)],
    // No barrier loop in the way: FLUSH reads the sources, and every epoch commits a checkpoint.
    barrierIntervalMs: 3_600_000,
    checkpointIntervalMs: 0,
    ...(dataDir === undefined ? {} : { dataDir, durability: 'none' as const }),
  });
  closers.push(() => db.close());
  return db;
}

const ORDERS_SOURCE = `CREATE SOURCE orders (order_id VARCHAR, merchant_id VARCHAR, total NUMERIC, status VARCHAR)
  WITH (connector = 'kafka', topic = 'ecommerce.orders', properties.bootstrap.server = 'kafka:9092') FORMAT PLAIN ENCODE JSON;
  CREATE MATERIALIZED VIEW merchant_gmv AS SELECT merchant_id, COUNT(*) AS orders, SUM(total) AS gmv FROM orders GROUP BY merchant_id`;
const MERCHANT_GMV = 'SELECT merchant_id, orders, gmv FROM merchant_gmv';

interface Order {
  readonly orderId: string;
  readonly merchantId: string;
  readonly cents: number;
  readonly status: string;
}

const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const orderJson = (o: Order): string => `{"order_id":"${o.orderId}","merchant_id":"${o.merchantId}","total":${money(o.cents)},"status":"${o.status}"}`;

function orders(seed: number, count: number, firstId = 0): Order[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => ({
    orderId: `O-${firstId + index}`,
    merchantId: `M00${1 + Math.floor(random() * 6)}`,
    cents: 1 + Math.floor(random() * 50_000),
    status: random() < 0.8 ? 'paid' : 'cancelled',
  }));
}

/** The view's rows as `merchant|orders|gmv` lines, as the engine prints them, computed from the orders. */
function merchantGmvLines(all: readonly Order[]): string[] {
  const groups = new Map<string, { orders: number; cents: number }>();
  for (const o of all) {
    const group = groups.get(o.merchantId) ?? { orders: 0, cents: 0 };
    group.orders++;
    group.cents += o.cents;
    groups.set(o.merchantId, group);
  }
  return [...groups].map(([merchant, g]) => `${merchant}|${g.orders}|${money(g.cents)}`).sort();
}

/** FLUSHes until the query gives `expected` or `attempts` FLUSHes went by; returns the lines it gave last. */
async function flushUntil(db: Engine, sql: string, expected: readonly string[], attempts = 50): Promise<string[]> {
  let lines: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    await db.execute('FLUSH');
    lines = (await relationText(db, sql)).lines;
    if (JSON.stringify(lines) === JSON.stringify(expected)) break;
  }
  return lines;
}

describe('Kafka sources over the embedded broker', () => {
  it('keeps a view over a PLAIN topic of three partitions equal to the produced orders', async () => {
    const broker = await openBroker();
    await broker.createTopic('ecommerce.orders', { partitions: 3 });
    const db = await openEngine(broker);
    await db.execute(ORDERS_SOURCE);
    const first = orders(1, 700);
    await broker.produce('ecommerce.orders', first.map((o) => ({ key: o.orderId, value: orderJson(o) })));
    expect(await flushUntil(db, MERCHANT_GMV, merchantGmvLines(first))).toEqual(merchantGmvLines(first));
    const second = orders(2, 300, 700);
    await broker.produce('ecommerce.orders', [...second.map((o) => ({ value: orderJson(o) })), { value: '{"order_id": oops' }]);
    const all = [...first, ...second];
    expect(await flushUntil(db, MERCHANT_GMV, merchantGmvLines(all))).toEqual(merchantGmvLines(all));
    const letters = (await relationText(db, 'SELECT source, payload FROM tally_dead_letters')).lines;
    expect(letters).toEqual(['orders|{"order_id": oops']);
  });

  it('applies an UPSERT topic by key: status updates replace orders, tombstones delete them', async () => {
    const broker = await openBroker();
    const db = await openEngine(broker);
    await db.execute(`CREATE TABLE orders_eu (order_id VARCHAR PRIMARY KEY, merchant_id VARCHAR, total NUMERIC, status VARCHAR)
      WITH (connector = 'kafka', topic = 'ecommerce.orders.eu', properties.bootstrap.server = 'kafka:9092') FORMAT UPSERT ENCODE JSON;
      CREATE MATERIALIZED VIEW eu_by_status AS SELECT status, COUNT(*) AS orders, SUM(total) AS gmv FROM orders_eu GROUP BY status`);
    const placed = orders(3, 400).map((o) => ({ ...o, orderId: `O-eu-${o.orderId.slice(2)}`, status: 'paid' }));
    // Message keys as the contract has them: the order id as a JSON string.
    const keyOf = (o: Order): string => JSON.stringify(o.orderId);
    await broker.produce('ecommerce.orders.eu', placed.map((o) => ({ key: keyOf(o), value: orderJson(o) })));
    const random = seededRandom(4);
    const latest = new Map(placed.map((o) => [o.orderId, o]));
    const updates: Order[] = [];
    for (const o of placed) if (random() < 0.3) updates.push({ ...o, status: random() < 0.5 ? 'cancelled' : 'refunded' });
    const deleted = placed.filter(() => random() < 0.1);
    await broker.produce('ecommerce.orders.eu', [
      ...updates.map((o) => ({ key: keyOf(o), value: orderJson(o) })),
      ...deleted.map((o) => ({ key: JSON.stringify({ order_id: o.orderId }), value: null })),
    ]);
    for (const o of updates) latest.set(o.orderId, o);
    for (const o of deleted) latest.delete(o.orderId);
    const groups = new Map<string, { orders: number; cents: number }>();
    for (const o of latest.values()) {
      const group = groups.get(o.status) ?? { orders: 0, cents: 0 };
      group.orders++;
      group.cents += o.cents;
      groups.set(o.status, group);
    }
    const expected = [...groups].map(([status, g]) => `${status}|${g.orders}|${money(g.cents)}`).sort();
    expect(expected).toHaveLength(3);
    expect(deleted.length).toBeGreaterThan(0);
    expect(await flushUntil(db, 'SELECT status, orders, gmv FROM eu_by_status', expected)).toEqual(expected);
    expect(db.rowCount('orders_eu')).toBe(latest.size);
  });

  it('resumes from its checkpoint after a restart of engine and broker: nothing lost, nothing counted twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-embedded-kafka-engine-'));
    dirs.push(dir);
    const brokerDir = join(dir, 'embedded-kafka');
    const dataDir = join(dir, 'tally');
    let broker = await openBroker(brokerDir);
    await broker.createTopic('ecommerce.orders', { partitions: 2 });
    let db = await openEngine(broker, dataDir);
    await db.execute(ORDERS_SOURCE);
    const first = orders(5, 500);
    await broker.produce('ecommerce.orders', first.map((o) => ({ key: o.orderId, value: orderJson(o) })));
    expect(await flushUntil(db, MERCHANT_GMV, merchantGmvLines(first))).toEqual(merchantGmvLines(first));
    await db.close();
    // Records arrive while Tally is down; then both restart.
    const second = orders(6, 300, 500);
    await broker.produce('ecommerce.orders', second.map((o) => ({ key: o.orderId, value: orderJson(o) })));
    await broker.close();

    broker = await openBroker(brokerDir);
    db = await openEngine(broker, dataDir);
    const all = [...first, ...second];
    expect(await flushUntil(db, MERCHANT_GMV, merchantGmvLines(all))).toEqual(merchantGmvLines(all));
    const third = orders(7, 200, 800);
    await broker.produce('ecommerce.orders', third.map((o) => ({ key: o.orderId, value: orderJson(o) })));
    all.push(...third);
    expect(await flushUntil(db, MERCHANT_GMV, merchantGmvLines(all))).toEqual(merchantGmvLines(all));
    await db.execute('FLUSH');
    expect((await relationText(db, MERCHANT_GMV)).lines).toEqual(merchantGmvLines(all));
  });
});

describe('a Kafka sink into the embedded broker', () => {
  const VIEW = `CREATE MATERIALIZED VIEW merchant_gmv AS
    SELECT merchant, COUNT(*) AS orders, SUM(total) FILTER (WHERE status <> 'cancelled') AS gmv FROM orders GROUP BY merchant`;

  /** The table an UPSERT topic describes: each key's last value, tombstoned keys gone. */
  async function foldedTopic(broker: EmbeddedKafkaBroker, topic: string, columns: readonly ColumnInfo[]): Promise<{ lines: string[]; tombstones: number }> {
    const table = new Map<string, string>();
    let tombstones = 0;
    const ends = (await broker.endOffsets(topic))!;
    for (let partition = 0; partition < ends.length; partition++) {
      for (let offset = 0n; offset < ends[partition]!; ) {
        const messages = await broker.read(topic, partition, offset);
        for (const { key, value } of messages) {
          const keyText = key!.toString('utf8');
          if (value === null) {
            table.delete(keyText);
            tombstones++;
          } else {
            table.set(keyText, value.toString('utf8'));
          }
        }
        offset += BigInt(messages.length);
      }
    }
    const decode = jsonRowDecoder(columns);
    const lines = [...table].map(([key, value]) => {
      const row = decode(parseExactJson(value));
      expect(JSON.parse(key)).toEqual({ merchant: row[0] });
      return rowText(columns, row);
    });
    return { lines: lines.sort(), tombstones };
  }

  it('keeps an UPSERT topic equal to a grouped view under a random workload', async () => {
    const broker = await openBroker();
    const db = await openEngine(broker);
    const workload = new OrderWorkload(20261121);
    await db.execute(`${workload.ddl}; ${VIEW}`);
    for (let step = 0; step < 30; step++) await db.execute(workload.step());
    await db.execute(`CREATE SINK merchant_gmv_sink FROM merchant_gmv
      WITH (connector = 'kafka', properties.bootstrap.server = 'kafka:9092', topic = 'merchant.gmv', primary_key = 'merchant') FORMAT UPSERT ENCODE JSON`);
    for (let step = 0; step < 200; step++) await db.execute(workload.step());
    await db.sinksDrained(30_000);
    const view = await relationText(db, 'SELECT merchant, orders, gmv FROM merchant_gmv');
    const topic = await foldedTopic(broker, 'merchant.gmv', view.columns);
    expect(topic.lines).toEqual(view.lines);
    expect(workload.vanished).toBeGreaterThan(0);
    expect(topic.tombstones).toBeGreaterThan(0);
  });
});
