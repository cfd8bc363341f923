// The seeds' JDBC sinks as written, pointed at the test servers: seed 000 into PostgreSQL, seed 003 into MariaDB.
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { jdbcFlushSettings } from './flush-settings.js';
import { jdbcSinkConnector } from './jdbc-sink.js';
import { canonicalRows, mysqlTarget, postgresTarget, sinkSpec, uniqueTable, type TestTarget } from './jdbc-test-targets.test-support.js';
import { seed003MysqlDdl, seed003ResultTable, seedSinks } from './seed-sinks.test-support.js';

const [postgres, mariadb] = await Promise.all([postgresTarget(), mysqlTarget()]);
if ('skip' in postgres) console.warn(`skipping seed 000 sink test in jdbc-seeds.test.ts: ${postgres.skip}`);
if ('skip' in mariadb) console.warn(`skipping seed 003 sink test in jdbc-seeds.test.ts: ${mariadb.skip}`);

const writers: SinkWriter[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const writer of writers) await writer.close();
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  if (!('skip' in postgres)) await postgres.close();
  if (!('skip' in mariadb)) await mariadb.close();
});

/** A row of `columns` from PostgreSQL text forms (null for NULL). */
const row = (columns: readonly ColumnInfo[], ...texts: (string | null)[]): Row =>
  texts.map((text, index) => (text === null ? null : parseValue(columns[index]!.type, text)));

/** mv_gmv_hourly's columns as Tally types them: counts bigint, sums and rounded averages numeric. */
const GMV_HOURLY: ColumnInfo[] = [
  { name: 'merchant_id', type: 'varchar' }, { name: 'channel', type: 'varchar' },
  { name: 'hour_start', type: 'timestamptz' }, { name: 'hour_end', type: 'timestamptz' },
  { name: 'order_count', type: 'int8' }, { name: 'gmv', type: 'numeric' }, { name: 'gross_subtotal', type: 'numeric' },
  { name: 'total_discount', type: 'numeric' }, { name: 'aov', type: 'numeric' }, { name: 'unique_buyers', type: 'int8' },
  { name: 'refund_count', type: 'int8' }, { name: 'refund_rate_pct', type: 'numeric' },
];

/** The dashboard table an application team would make for it. */
const GMV_HOURLY_DDL = `(merchant_id varchar(64) NOT NULL, channel varchar(32) NOT NULL, hour_start timestamptz NOT NULL,
  hour_end timestamptz, order_count bigint, gmv numeric(18,2), gross_subtotal numeric(18,2), total_discount numeric(18,2),
  aov numeric(18,2), unique_buyers bigint, refund_count bigint, refund_rate_pct numeric(7,2),
  updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (merchant_id, channel, hour_start))`;

async function apply(writer: SinkWriter, model: Map<string, Row>, key: (row: Row) => string, changes: SinkChange[]): Promise<void> {
  await writer.write(changes);
  for (const { before, after } of changes) {
    if (before) model.delete(key(before));
    if (after) model.set(key(after), after);
  }
}

describe.skipIf('skip' in postgres)('seed 000 sink_gmv_hourly into PostgreSQL', () => {
  it('upserts and deletes hourly GMV rows by (merchant_id, channel, hour_start)', async () => {
    const db = postgres as TestTarget;
    const table = uniqueTable('gmv_hourly');
    await db.run(`CREATE TABLE ${db.quote(table)} ${GMV_HOURLY_DDL}`);
    cleanups.push(() => db.run(`DROP TABLE ${db.quote(table)}`));
    const options = Object.fromEntries(seedSinks('000_gmv_risingwave.sql').get('sink_gmv_hourly')!);
    const spec = sinkSpec('sink_gmv_hourly', GMV_HOURLY, { ...options, 'jdbc.url': db.url(), 'table.name': table }, 'upsert');
    jdbcSinkConnector.validate(spec);
    const writer = await jdbcSinkConnector.open(spec);
    writers.push(writer);

    const model = new Map<string, Row>();
    const key = (r: Row): string => JSON.stringify([r[0], r[1], String(r[2])]);
    const first = row(GMV_HOURLY, 'm1', 'web', '2026-11-20 10:00:00+00', '2026-11-20 11:00:00+00', '3', '300.50', '310.00', '9.50', '100.17', '3', '0', '0.00');
    const second = row(GMV_HOURLY, 'm2', 'pos', '2026-11-20 10:00:00+00', '2026-11-20 11:00:00+00', '1', '99999999999999.99', '99999999999999.99', '0', '99999999999999.99', '1', '1', '100.00');
    await apply(writer, model, key, [{ before: null, after: first }, { before: null, after: second }]);
    const updated = row(GMV_HOURLY, 'm1', 'web', '2026-11-20 10:00:00+00', '2026-11-20 11:00:00+00', '4', '400.75', '420.00', '19.25', '100.19', '4', '1', '25.00');
    await apply(writer, model, key, [{ before: first, after: updated }, { before: second, after: null }]);
    expect(await db.rows(table, GMV_HOURLY)).toEqual(canonicalRows(model.values(), GMV_HOURLY));
    expect(model.size).toBe(1);
  });
});

describe.skipIf('skip' in mariadb)('seed 003 trade_channel_collect into MariaDB', () => {
  it("runs the Flink result table's options against the seed's MySQL table", async () => {
    const db = mariadb as TestTarget;
    const table = uniqueTable('trade_channel_collect');
    await db.run(seed003MysqlDdl('test', table));
    cleanups.push(() => db.run(`DROP TABLE ${db.quote(table)}`));
    const { columns, primaryKey, options } = seed003ResultTable();
    const spec = sinkSpec('trade_channel_collect', columns, {
      ...Object.fromEntries(options),
      'connector.url': db.url(),
      'connector.table': table,
    }, 'upsert', primaryKey);
    jdbcSinkConnector.validate(spec);
    expect(jdbcFlushSettings(spec.options)).toEqual({ maxRows: 1000, intervalMs: 1000 });
    const writer = await jdbcSinkConnector.open(spec);
    writers.push(writer);

    const model = new Map<string, Row>();
    const key = (r: Row): string => JSON.stringify([r[0], r[1]]);
    const day = '2021-03-25 00:00:00';
    const web = row(columns, day, 'webShop', 'Website', '1065.35', '3', '4', '2021-03-25 12:00:00', '2021-03-25 12:03:00');
    const app = row(columns, day, 'appShop', 'Shopping App', '0.1', '1', '1', '2021-03-25 11:00:00', '2021-03-25 12:03:00');
    const other = row(columns, day, 'other', 'Other', '12345678.91', '2', '2', null, null);
    await apply(writer, model, key, [{ before: null, after: web }, { before: null, after: app }, { before: null, after: other }]);
    const webLater = row(columns, day, 'webShop', 'Website', '2130.7', '5', '7', '2021-03-25 13:10:00', '2021-03-25 13:10:01');
    await apply(writer, model, key, [{ before: web, after: webLater }, { before: other, after: null }]);
    expect(await db.rows(table, columns)).toEqual(canonicalRows(model.values(), columns));
    expect(model.size).toBe(2);
  });
});
