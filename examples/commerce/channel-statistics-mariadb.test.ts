// Seed 003's Flink job as written, through a real Kafka topic into MariaDB: the published per-channel figures.
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import mysql from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../../src/index.js';
import type { Engine } from '../../src/engine.js';
import { SEED_SQL_DIR } from '../../test/crash/seed-pipelines-sql.js';
import { kafkaBroker } from '../../test/support/kafka-broker.js';
import { pipelineText } from './pipeline-files.test-support.js';

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

async function connectMariadb(): Promise<mysql.Connection | { skip: string }> {
  try {
    return await mysql.createConnection({ ...MARIADB, connectTimeout: 5000, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  } catch (err) {
    return { skip: `MariaDB unavailable at 127.0.0.1:3306: ${(err as Error).message}` };
  }
}

const [broker, mariadb] = await Promise.all([kafkaBroker(), connectMariadb()]);
const skip = 'skip' in broker ? broker.skip : 'skip' in mariadb ? mariadb.skip : undefined;
if (skip) console.warn(`skipping channel-statistics-mariadb.test.ts: ${skip}`);

const run = `${process.pid}_${Date.now().toString(36)}`;
const topic = `trade_order_detail_info_${run}`;
const table = `trade_channel_collect_${run}`;

/** 003_channel_statistics.sql with the test's endpoints: the broker's address, a fresh topic and a fresh MariaDB table. */
function jobForTest(bootstrap: string): string {
  const job = pipelineText('003_channel_statistics.sql');
  const replaced = job
    .replace('"127.0.0.1:9092"', `"${bootstrap}"`)
    .replace('"connector.topic" = "trade_order_detail_info"', `"connector.topic" = "${topic}"`)
    .replace('"connector.table" = "trade_channel_collect"', `"connector.table" = "${table}"`);
  if ([bootstrap, topic, table].some((part) => !replaced.includes(part))) throw new Error('003_channel_statistics.sql changed: endpoints not found');
  return replaced;
}

/** The result table's DDL from 003_result_table_mysql.sql, for the test's table in database test. */
function resultTableDdl(): string {
  const sql = pipelineText('003_result_table_mysql.sql');
  return sql.slice(sql.indexOf('CREATE TABLE')).replace('`dli-demo`.`trade_channel_collect`', `\`test\`.\`${table}\``).replace(/;\s*$/, '');
}

describe.skipIf(skip !== undefined)('seed 003 through Kafka into MariaDB', () => {
  const connection = mariadb as mysql.Connection;
  const bootstrap = (broker as { bootstrap: string }).bootstrap;
  const admin = new Admin({ clientId: 'tally-commerce-003', bootstrapBrokers: [bootstrap] });
  let db: Engine | undefined;

  afterAll(async () => {
    await db?.close();
    await connection.query(`DROP TABLE IF EXISTS \`${table}\``).catch(() => undefined);
    await connection.end();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.close();
  });

  it('writes the published per-channel figures of 2021-03-25', async () => {
    await connection.query(resultTableDdl());
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    db = await open({ dialect: 'flink', barrierIntervalMs: 100 });
    await db.execute(jobForTest(bootstrap), { dialect: 'flink' });

    // "connector.startup-mode" = "latest-offset": the source started at the topic's end when it was created,
    // so the records are produced only now.
    const producer = new Producer({ clientId: 'tally-commerce-003', bootstrapBrokers: [bootstrap], serializers: stringSerializers, idempotent: true });
    const records = readFileSync(join(SEED_SQL_DIR, '003_trade_order_detail.jsonl'), 'utf8').trim().split('\n');
    try {
      await producer.send({ messages: records.map((value) => ({ topic, value })) });
    } finally {
      await producer.close();
    }

    const read = async (): Promise<string[]> => {
      const [rows] = await connection.query({
        sql: `SELECT begin_time, channel_code, channel_name, cur_gmv, cur_order_user_count, cur_order_count, last_pay_time, flink_current_time FROM \`${table}\``,
        rowsAsArray: true,
      });
      return (rows as unknown[][]).map((row) => row.slice(0, 7).map(String).join(' | ') + (row[7] ? ' | (time)' : ' | NULL')).sort();
    };
    const expected = [
      '2021-03-25 00:00:00 | appShop | Shopping App | 50.5 | 1 | 1 | 2021-03-25 06:07:00 | (time)',
      '2021-03-25 00:00:00 | miniAppShop |  Miniprogram | 148.8 | 2 | 2 | 2021-03-25 12:03:00 | (time)',
      '2021-03-25 00:00:00 | other | Other | 400 | 1 | 1 | 2021-03-25 15:10:00 | (time)',
      '2021-03-25 00:00:00 | webShop | Website | 986.5 | 2 | 5 | 2021-03-25 16:16:16 | (time)',
    ];
    // Wait for the pipeline to read the topic and the sink to flush (every second, by the job's options).
    let rows: string[] = [];
    for (let attempt = 0; attempt < 600; attempt++) {
      await db.execute('FLUSH');
      await db.sinksDrained(30_000);
      rows = await read();
      if (JSON.stringify(rows) === JSON.stringify(expected)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows).toEqual(expected);
    expect([...db.sourceStats().values()].reduce((sum, stats) => sum + stats.records, 0)).toBe(records.length);
  });
});
