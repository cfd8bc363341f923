// The demo's connectors: unreachable Kafka and JDBC endpoints replaced by the embedded broker and Tally tables, said once each.
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { relationText } from '../../connectors/order-workload.test-support.js';
import type { Engine } from '../../engine/engine.js';
import { open } from '../../index.js';
import { demoConnectors, type DemoConnectors } from './demo-connectors.js';
import { EndpointProbe, parseEndpoint, tcpReachable } from './endpoint-probe.js';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-demo-connectors-'));
  dirs.push(dir);
  return dir;
}

async function openDemo(dataDir: string, printed: string[]): Promise<{ demo: DemoConnectors; db: Engine }> {
  const asked: string[] = [];
  const demo = await demoConnectors({
    dataDir,
    print: (line) => printed.push(line),
    // Nothing answers, as on a laptop without Kafka or databases.
    probe: async ({ host, port }) => {
      asked.push(`${host}:${port}`);
      return false;
    },
  });
  closers.push(() => demo.close());
  const db = await open({ dataDir: join(dataDir, 'tally'), durability: 'none', sourceConnectors: demo.sourceConnectors, sinkConnectors: demo.sinkConnectors, barrierIntervalMs: 3_600_000, checkpointIntervalMs: 0 });
  demo.attach(db);
  closers.push(() => db.close());
  return { demo, db };
}

const PIPELINE = `CREATE SOURCE orders (order_id VARCHAR, merchant_id VARCHAR, total NUMERIC)
    WITH (connector = 'kafka', topic = 'ecommerce.orders', properties.bootstrap.server = 'kafka:9092') FORMAT PLAIN ENCODE JSON;
  CREATE MATERIALIZED VIEW merchant_gmv AS SELECT merchant_id, COUNT(*) AS orders, SUM(total) AS gmv FROM orders GROUP BY merchant_id;
  CREATE SINK merchant_gmv_sink FROM merchant_gmv WITH (connector = 'jdbc',
    jdbc.url = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret', table.name = 'merchant_gmv_live', type = 'upsert', primary_key = 'merchant_id');
  CREATE SINK merchant_gmv_topic FROM merchant_gmv WITH (connector = 'kafka', properties.bootstrap.server = 'kafka:9092', topic = 'merchant.gmv', primary_key = 'merchant_id')
    FORMAT UPSERT ENCODE JSON;
  CREATE SOURCE rees46 (event_type VARCHAR, price NUMERIC) WITH (connector = 'file', path = 'rees46/incoming/', settle_ms = '0') FORMAT PLAIN ENCODE CSV`;

describe('demo connectors', () => {
  it('run a pipeline written for kafka:9092 and dashboarddb:5432 on the embedded broker and a Tally table', async () => {
    const dataDir = freshDir();
    const printed: string[] = [];
    const { demo, db } = await openDemo(dataDir, printed);
    await db.execute(PIPELINE);
    expect(statSync(join(dataDir, 'files', 'rees46', 'incoming')).isDirectory()).toBe(true);
    expect(await demo.kafkaReachable('kafka:9092')).toBe(false);
    await demo.broker.produce(
      'ecommerce.orders',
      [['O-1', 'M001', '10.00'], ['O-2', 'M002', '5.50'], ['O-3', 'M001', '2.25']].map(([id, merchant, total]) => ({ value: `{"order_id":"${id}","merchant_id":"${merchant}","total":${total}}` })),
    );
    const expected = ['M001|2|12.25', 'M002|1|5.50'];
    let lines: string[] = [];
    for (let attempt = 0; attempt < 20 && JSON.stringify(lines) !== JSON.stringify(expected); attempt++) {
      await db.execute('FLUSH');
      lines = (await relationText(db, 'SELECT merchant_id, orders, gmv FROM merchant_gmv')).lines;
    }
    expect(lines).toEqual(expected);
    await db.sinksDrained(30_000);
    expect((await relationText(db, 'SELECT merchant_id, orders, gmv FROM merchant_gmv_live')).lines).toEqual(expected);
    const ends = (await demo.broker.endOffsets('merchant.gmv'))!;
    expect(ends.reduce((sum, end) => sum + end, 0n)).toBeGreaterThanOrEqual(2n);
    expect(printed).toEqual([
      'source orders: kafka:9092 not reachable; reading embedded Kafka topic ecommerce.orders',
      'sink merchant_gmv_sink: dashboarddb:5432 not reachable; writing into Tally table merchant_gmv_live',
      'sink merchant_gmv_topic: kafka:9092 not reachable; writing into embedded Kafka topic merchant.gmv',
    ]);
  });

  it('keep the embedded topics and the stand-in table across a restart of the demo', async () => {
    const dataDir = freshDir();
    let run = await openDemo(dataDir, []);
    await run.db.execute(PIPELINE);
    await run.demo.broker.produce('ecommerce.orders', [{ value: '{"order_id":"O-1","merchant_id":"M001","total":1.00}' }]);
    await run.db.execute('FLUSH');
    await run.db.sinksDrained(30_000);
    for (const close of closers.splice(0).reverse()) await close();

    const printed: string[] = [];
    run = await openDemo(dataDir, printed);
    await run.demo.broker.produce('ecommerce.orders', [{ value: '{"order_id":"O-2","merchant_id":"M001","total":2.00}' }]);
    await run.db.execute('FLUSH');
    await run.db.sinksDrained(30_000);
    expect((await relationText(run.db, 'SELECT merchant_id, orders, gmv FROM merchant_gmv_live')).lines).toEqual(['M001|2|3.00']);
    expect(printed).toHaveLength(3);
  });
});

describe('endpoint probe', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('finds a listening port reachable, and a closed port or a host that does not resolve not', async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await tcpReachable({ host: '127.0.0.1', port }, 5000)).toBe(true);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await tcpReachable({ host: '127.0.0.1', port: closedPort }, 5000)).toBe(false);
    expect(await tcpReachable({ host: 'kafka.invalid', port: 9092 }, 5000)).toBe(false);
  });

  it('asks each endpoint once, and reads host:port forms', async () => {
    let asked = 0;
    const probe = new EndpointProbe(100, async () => ++asked === 1);
    expect(await probe.anyReachable([parseEndpoint('kafka:9092', 1), parseEndpoint('kafka', 9092)])).toBe(true);
    expect(asked).toBe(1);
    expect(parseEndpoint('[::1]:19092', 9092)).toEqual({ host: '::1', port: 19092 });
    expect(parseEndpoint('[::1]', 9092)).toEqual({ host: '::1', port: 9092 });
  });
});
