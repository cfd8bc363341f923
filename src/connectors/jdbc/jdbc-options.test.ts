// Tests of the JDBC sink options: the seeds' statements as written, RisingWave's and Flink's names, and the errors.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { SqlError } from '../../types/error.js';
import { jdbcFlushSettings } from './flush-settings.js';
import { jdbcSinkSettings } from './jdbc-options.js';
import { jdbcSinkConnector } from './jdbc-sink.js';
import { sinkSpec } from './jdbc-test-targets.test-support.js';
import { seed003ResultTable, seedSinks } from './seed-sinks.test-support.js';

const GMV_COLUMNS: ColumnInfo[] = [
  { name: 'merchant_id', type: 'varchar' },
  { name: 'channel', type: 'varchar' },
  { name: 'hour_start', type: 'timestamptz' },
  { name: 'day', type: 'timestamptz' },
  { name: 'gmv', type: 'numeric' },
];
const SELLER_COLUMNS: ColumnInfo[] = [{ name: 'seller_id', type: 'varchar' }, { name: 'gmv_today', type: 'numeric' }];

const settingsOf = (options: Record<string, string>, columns = GMV_COLUMNS, type: 'upsert' | 'append-only' = 'upsert', key: number[] = []) =>
  jdbcSinkSettings(sinkSpec('s', columns, options, type, key));

/** The message of what `run` throws, checked to be a SqlError. */
function sqlError(run: () => unknown): SqlError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SqlError);
    return err as SqlError;
  }
  throw new Error('expected an error');
}

describe('jdbc sink options of the seeds', () => {
  it("reads seed 000's sinks: PostgreSQL URL without credentials, composite primary_key", () => {
    const sinks = seedSinks('000_gmv_risingwave.sql');
    expect([...sinks.keys()]).toEqual(['sink_gmv_hourly', 'sink_gmv_daily']);
    const hourly = jdbcSinkSettings(sinkSpec('sink_gmv_hourly', GMV_COLUMNS, Object.fromEntries(sinks.get('sink_gmv_hourly')!), 'upsert'));
    expect(hourly).toEqual({
      url: { dialect: 'postgres', host: 'app-db', port: 5432, database: 'commerce', parameters: new Map() },
      table: 'gmv_hourly',
      type: 'upsert',
      key: [0, 1, 2],
      createIfMissing: false,
      connectTimeoutMs: 10_000,
    });
    const daily = jdbcSinkSettings(sinkSpec('sink_gmv_daily', GMV_COLUMNS, Object.fromEntries(sinks.get('sink_gmv_daily')!), 'upsert'));
    expect(daily.key).toEqual([0, 1, 3]);
    expect(daily.table).toBe('gmv_daily');
  });

  it("reads seed 001's sinks: user and password in the URL", () => {
    for (const [name, options] of seedSinks('001_seller_performance_risingwave.sql')) {
      const settings = jdbcSinkSettings(sinkSpec(name, SELLER_COLUMNS, Object.fromEntries(options), 'upsert'));
      expect(settings).toMatchObject({ user: 'rw', password: 'secret', key: [0], type: 'upsert' });
      expect(settings.url).toMatchObject({ host: 'dashboarddb', port: 5432, database: 'marketplace' });
      expect(['seller_performance_live', 'seller_sla_live']).toContain(settings.table);
    }
  });

  it("reads seed 003's Flink result table: connector.* options, PRIMARY KEY NOT ENFORCED, flush triggers", () => {
    const { columns, primaryKey, options } = seed003ResultTable();
    expect(columns.map((column) => `${column.name}:${column.type}`)).toEqual([
      'begin_time:varchar', 'channel_code:varchar', 'channel_name:varchar', 'cur_gmv:float8', 'cur_order_user_count:int8',
      'cur_order_count:int8', 'last_pay_time:varchar', 'flink_current_time:varchar',
    ]);
    const spec = sinkSpec('trade_channel_collect', columns, Object.fromEntries(options), 'upsert', primaryKey);
    jdbcSinkConnector.validate(spec);
    expect(jdbcSinkSettings(spec)).toMatchObject({
      url: { dialect: 'mysql', host: 'xxxx', port: 3306, database: 'xxxx' },
      table: 'xxxx',
      type: 'upsert',
      key: [0, 1],
    });
    expect(jdbcFlushSettings(options)).toEqual({ maxRows: 1000, intervalMs: 1000 });
  });
});

describe('jdbcSinkSettings', () => {
  const url = 'jdbc:postgresql://db:5432/app?user=u&password=p';

  it('lets user and password options override the URL, and reads Flink-style names', () => {
    expect(settingsOf({ 'jdbc.url': url, 'table.name': 't', user: 'admin', password: 'x', primary_key: 'merchant_id' })).toMatchObject({
      user: 'admin',
      password: 'x',
    });
    expect(settingsOf({ 'connector.url': 'jdbc:mysql://m/shop', 'connector.table': 't', 'connector.username': 'f', 'connector.password': 'pw' }, GMV_COLUMNS, 'append-only')).toMatchObject({
      url: { dialect: 'mysql', host: 'm', port: 3306, database: 'shop' },
      user: 'f',
      password: 'pw',
      type: 'append-only',
      key: [],
    });
  });

  it('takes the schema from the table name, schema.name, or currentSchema', () => {
    expect(settingsOf({ 'jdbc.url': url, 'table.name': 'analytics.gmv', primary_key: 'channel' })).toMatchObject({ schema: 'analytics', table: 'gmv' });
    expect(settingsOf({ 'jdbc.url': url, 'table.name': 'gmv', 'schema.name': 'rt', primary_key: 'channel' })).toMatchObject({ schema: 'rt', table: 'gmv' });
    expect(settingsOf({ 'jdbc.url': `${url}&currentSchema=live`, 'table.name': 'gmv', primary_key: 'channel' })).toMatchObject({ schema: 'live' });
    expect(settingsOf({ 'jdbc.url': 'jdbc:mysql://m:3306', 'table.name': 'shop.gmv', primary_key: 'channel' })).toMatchObject({ schema: 'shop', table: 'gmv' });
  });

  it('takes the type and key from the spec when the options give none, and create_if_missing', () => {
    const settings = settingsOf({ 'jdbc.url': url, 'table.name': 't', 'table.create_if_missing': 'TRUE' }, GMV_COLUMNS, 'upsert', [1, 0]);
    expect(settings).toMatchObject({ type: 'upsert', key: [1, 0], createIfMissing: true });
    expect(settingsOf({ 'jdbc.url': `${url}&connectTimeout=3`, 'table.name': 't' }, GMV_COLUMNS, 'append-only').connectTimeoutMs).toBe(3000);
    expect(settingsOf({ 'jdbc.url': 'jdbc:mysql://m/d?connectTimeout=2500', 'table.name': 't' }, GMV_COLUMNS, 'append-only').connectTimeoutMs).toBe(2500);
  });

  it('names the missing or bad option', () => {
    const base = { 'jdbc.url': url, 'table.name': 't', primary_key: 'channel' };
    expect(sqlError(() => settingsOf({ 'table.name': 't' })).message).toBe('missing option "jdbc.url" for connector "jdbc"');
    expect(sqlError(() => settingsOf({ 'jdbc.url': url })).message).toBe('missing option "table.name" for connector "jdbc"');
    expect(sqlError(() => settingsOf({ ...base, 'jdbc.url': 'jdbc:oracle://h:1521/x' })).message).toBe('JDBC URL scheme "jdbc:oracle" is not supported');
    expect(sqlError(() => settingsOf({ ...base, 'jdbc.url': 'postgresql://h/x' })).message).toBe('invalid value for option "jdbc.url": "postgresql://h/x"');
    expect(sqlError(() => settingsOf({ ...base, type: 'retract' })).message).toBe('invalid value for option "type": "retract"');
    expect(sqlError(() => settingsOf({ ...base, 'table.name': 'a.b.c' })).message).toBe('invalid value for option "table.name": "a.b.c"');
    expect(sqlError(() => settingsOf({ ...base, 'table.create_if_missing': 'yes please' })).message).toBe(
      'invalid value for option "table.create_if_missing": "yes please"',
    );
    expect(sqlError(() => settingsOf({ 'jdbc.url': 'jdbc:mysql://m:3306', 'table.name': 't', primary_key: 'channel' })).message).toBe(
      'option "jdbc.url" names no database for table "t"',
    );
    expect(sqlError(() => settingsOf({ ...base, 'connector.write.flush.interval': 'soon' })).message).toBe(
      'invalid value for option "connector.write.flush.interval": "soon"',
    );
  });

  it('needs a primary key for upsert sinks, made of the sink columns', () => {
    const upsertless = sqlError(() => settingsOf({ 'jdbc.url': url, 'table.name': 't', type: 'upsert' }));
    expect(upsertless.message).toBe('upsert sink "s" needs a primary key');
    expect(upsertless.hint).toContain("primary_key = 'col1,col2'");
    const unknown = sqlError(() => settingsOf({ 'jdbc.url': url, 'table.name': 't', primary_key: 'merchant_id, hour' }));
    expect(unknown.message).toBe('primary key column "hour" does not exist in sink "s"');
    expect(unknown.condition).toBe('undefined_column');
    expect(unknown.detail).toBe('The sink\'s columns are "merchant_id", "channel", "hour_start", "day", "gmv".');
    expect(sqlError(() => settingsOf({ 'jdbc.url': url, 'table.name': 't', primary_key: 'channel,,day' })).message).toBe(
      'invalid value for option "primary_key": "channel,,day"',
    );
    expect(settingsOf({ 'jdbc.url': url, 'table.name': 't', type: 'append-only' }).key).toEqual([]);
  });
});

describe('jdbcSinkConnector.validate', () => {
  const spec = (options: Record<string, string>) => sinkSpec('masked', GMV_COLUMNS, { connector: 'jdbc', 'table.name': 't', primary_key: 'channel', ...options });

  it('masks passwords in every option error', () => {
    const cases: Record<string, string>[] = [
      { 'jdbc.url': 'jdbc:postgresql://db:99999/app?user=u&password=hunter22' },
      { 'jdbc.url': 'jdbc:mysql://root:hunter22@/x' },
      { 'jdbc.url': 'jdbc:postgresql://db/app?password=hunter22', primary_key: 'nope' },
      { 'jdbc.url': 'jdbc:postgresql://db/app', password: 'hunter22', 'table.name': 'hunter22.x.y' },
    ];
    for (const options of cases) {
      const err = sqlError(() => jdbcSinkConnector.validate(spec(options)));
      expect(`${err.message} ${err.detail ?? ''}`).not.toContain('hunter22');
    }
    expect(sqlError(() => jdbcSinkConnector.validate(spec(cases[0]!))).message).toBe(
      'invalid value for option "jdbc.url": "jdbc:postgresql://db:99999/app?user=u&password=***"',
    );
    expect(sqlError(() => jdbcSinkConnector.validate(spec(cases[1]!))).message).toBe('invalid value for option "jdbc.url": "jdbc:mysql://root:***@/x"');
  });

  it('rejects at open without connecting when the options are bad', async () => {
    await expect(jdbcSinkConnector.open(spec({}))).rejects.toThrow('missing option "jdbc.url" for connector "jdbc"');
  });
});
