// Tests of the JDBC sink against the real PostgreSQL and MariaDB servers: workloads, idempotence, checks, outages.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import { SqlError } from '../../types/error.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { jdbcSinkConnector } from './jdbc-sink.js';
import { canonicalRow, canonicalRows, mysqlTarget, postgresTarget, sinkSpec, uniqueTable, type TestTarget } from './jdbc-test-targets.test-support.js';
import { MYSQL_WORKLOAD_DDL, POSTGRES_WORKLOAD_DDL, SinkWorkload, WORKLOAD_COLUMNS, WORKLOAD_KEY } from './sink-workload.test-support.js';
import { TcpProxy } from './tcp-proxy.test-support.js';

const targets = await Promise.all([postgresTarget(), mysqlTarget()]);
const labels = ['PostgreSQL', 'MariaDB'];
for (const [index, target] of targets.entries()) {
  if ('skip' in target) console.warn(`skipping ${labels[index]} tests in jdbc-sink.test.ts: ${target.skip}`);
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Expects the promise to reject; returns the error. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe.each(targets.map((target, index) => ({ label: labels[index]!, target })))('jdbc sink into $label', ({ target: found }) => {
  const skip = 'skip' in found;
  const db = found as TestTarget;
  const workloadDdl = (): string => (db.dialect === 'postgres' ? POSTGRES_WORKLOAD_DDL : MYSQL_WORKLOAD_DDL);
  const tables: string[] = [];
  const writers: SinkWriter[] = [];

  async function table(ddl: string, prefix = 'tally_sink'): Promise<string> {
    const name = uniqueTable(prefix);
    tables.push(name);
    await db.run(`CREATE TABLE ${db.quote(name)} ${ddl}`);
    return name;
  }

  async function open(name: string, options: Record<string, string>, columns: readonly ColumnInfo[] = WORKLOAD_COLUMNS, type: 'upsert' | 'append-only' = 'upsert', key: readonly number[] = WORKLOAD_KEY): Promise<SinkWriter> {
    const spec = sinkSpec('test_sink', columns, { connector: 'jdbc', 'jdbc.url': db.url(), 'table.name': name, ...options }, type, key);
    jdbcSinkConnector.validate(spec);
    const writer = await jdbcSinkConnector.open(spec);
    writers.push(writer);
    return writer;
  }

  async function expectTarget(name: string, model: Iterable<Row>, columns: readonly ColumnInfo[] = WORKLOAD_COLUMNS): Promise<void> {
    expect(await db.rows(name, columns)).toEqual(canonicalRows(model, columns));
  }

  afterAll(async () => {
    if (skip) return;
    for (const writer of writers) await writer.close().catch(() => undefined);
    for (const name of tables) await db.run(`DROP TABLE IF EXISTS ${db.quote(name)}`).catch(() => undefined);
    await db.close();
  });

  it.skipIf(skip)('keeps the target equal to a model over random upsert and delete batches; re-applying a batch changes nothing', async () => {
    const name = await table(workloadDdl());
    const writer = await open(name, {});
    const workload = new SinkWorkload(db.dialect === 'postgres' ? 7 : 11);
    for (let batchIdx = 0; batchIdx < 30; batchIdx++) {
      const batch = workload.batch(30);
      await writer.write(batch);
      await expectTarget(name, workload.model.values());
      await writer.write(batch);
      await expectTarget(name, workload.model.values());
    }
    expect(workload.model.size).toBeGreaterThan(10);
  });

  it.skipIf(skip)('writes batches larger than one statement in one transaction', async () => {
    const columns: ColumnInfo[] = [
      { name: 'id', type: 'int8' },
      { name: 'label', type: 'varchar' },
      { name: 'price', type: 'numeric', modifier: { precision: 12, scale: 2 } },
    ];
    const name = await table(db.dialect === 'postgres'
      ? '(id bigint PRIMARY KEY, label text, price numeric(12,2))'
      : '(id BIGINT PRIMARY KEY, label TEXT, price DECIMAL(12,2))');
    const writer = await open(name, {}, columns, 'upsert', [0]);
    const model = new Map<bigint, Row>();
    const inserts: SinkChange[] = [];
    for (let id = 0n; id < 23_456n; id++) {
      const row: Row = [id, `item ${id} ${'x'.repeat(Number(id % 50n))}`, new Numeric(id * 7n, 2)];
      model.set(id, row);
      inserts.push({ before: null, after: row });
    }
    await writer.write(inserts);
    await expectTarget(name, model.values(), columns);
    const mixed: SinkChange[] = [];
    for (let id = 0n; id < 23_456n; id += 2n) {
      const before = model.get(id)!;
      if (id % 4n === 0n) {
        mixed.push({ before, after: null });
        model.delete(id);
      } else {
        const after: Row = [id, 'changed', new Numeric(-id, 2)];
        mixed.push({ before, after });
        model.set(id, after);
      }
    }
    await writer.write(mixed);
    await expectTarget(name, model.values(), columns);
  });

  it.skipIf(skip)('appends every row of an append-only sink', async () => {
    const columns: ColumnInfo[] = [
      { name: 'event_id', type: 'int8' },
      { name: 'payload', type: 'varchar' },
      { name: 'at', type: 'timestamptz' },
    ];
    const name = await table(db.dialect === 'postgres' ? '(event_id bigint, payload text, at timestamptz)' : '(event_id BIGINT, payload TEXT, at DATETIME(6))');
    const writer = await open(name, { type: 'append-only' }, columns, 'append-only', []);
    const rows: Row[] = [];
    for (let batchIdx = 0; batchIdx < 5; batchIdx++) {
      const batch: SinkChange[] = [];
      for (let i = 0; i < 7; i++) {
        // The same row twice: an append-only target keeps both.
        const row: Row = [BigInt(i % 3), i % 2 === 0 ? `ünï ${i}` : null, 1_700_000_000_000_000n + BigInt(batchIdx * 1000 + i)];
        rows.push(row);
        batch.push({ before: null, after: row });
      }
      await writer.write(batch);
      await expectTarget(name, rows, columns);
    }
  });

  it.skipIf(skip)('creates a missing target table with mapped types and the key when asked to', async () => {
    const name = uniqueTable('tally_sink_created');
    tables.push(name);
    const missing = await rejection(open(name, {}));
    expect(missing).toBeInstanceOf(SqlError);
    expect(missing.message).toMatch(/^target table ".*" of sink "test_sink" does not exist$/);
    expect((missing as SqlError).hint).toContain("table.create_if_missing = 'true'");

    const writer = await open(name, { 'table.create_if_missing': 'true' });
    const workload = new SinkWorkload(23);
    for (let batchIdx = 0; batchIdx < 10; batchIdx++) {
      await writer.write(workload.batch(40));
      await expectTarget(name, workload.model.values());
    }
    const types = await db.columnTypes(name);
    if (db.dialect === 'postgres') {
      expect(types.get('amount')?.type).toBe('numeric(20,2)');
      expect(types.get('updated_at')?.type).toBe('timestamp with time zone');
      expect(types.get('item_id')?.type).toBe('bigint');
    } else {
      expect(types.get('amount')?.type).toBe('decimal(20,2)');
      expect(types.get('region')).toEqual({ type: 'varchar(255)', collation: expect.stringMatching(/^utf8mb4_(nopad_bin|0900_bin|bin)$/) });
      expect(types.get('updated_at')?.type).toBe('datetime(6)');
    }
    // Opening again finds the table it created and accepts it.
    await open(name, { 'table.create_if_missing': 'true' });
  });

  it.skipIf(skip)('tells keys apart by case and trailing blanks, as Tally does', async () => {
    const columns: ColumnInfo[] = [{ name: 'code', type: 'varchar' }, { name: 'n', type: 'int4' }];
    const name = uniqueTable('tally_sink_keys');
    tables.push(name);
    const writer = await open(name, { 'table.create_if_missing': 'true' }, columns, 'upsert', [0]);
    const rows: Row[] = [['a', 1], ['A', 2], ['a ', 3], ['ä', 4]];
    await writer.write(rows.map((after) => ({ before: null, after })));
    await expectTarget(name, rows, columns);
  });

  it.skipIf(skip)('rejects a target that does not match at open, naming the columns', async () => {
    const pg = db.dialect === 'postgres';
    const noNote = await table(pg
      ? '(region text, item_id bigint, amount numeric(20,2), updated_at timestamptz, local_time timestamp, day date, active boolean, ratio float8, qty int, PRIMARY KEY (region, item_id))'
      : '(region VARCHAR(64), item_id BIGINT, amount DECIMAL(20,2), updated_at DATETIME(6), local_time DATETIME(6), day DATE, active BOOLEAN, ratio DOUBLE, qty INT, PRIMARY KEY (region, item_id))');
    expect((await rejection(open(noNote, {}))).message).toMatch(/^target table ".*" has no column "note"$/);

    const narrow = await table(pg
      ? '(region text, item_id bigint, amount numeric(10,2), updated_at timestamptz, local_time timestamp, day date, note text, active boolean, ratio float8, qty smallint, PRIMARY KEY (region, item_id))'
      : '(region VARCHAR(64), item_id BIGINT, amount DECIMAL(10,2), updated_at DATETIME(6), local_time DATETIME(6), day DATE, note TEXT, active BOOLEAN, ratio DOUBLE, qty SMALLINT, PRIMARY KEY (region, item_id))');
    const typeError = await rejection(open(narrow, {}));
    expect(typeError).toBeInstanceOf(SqlError);
    expect((typeError as SqlError).condition).toBe('datatype_mismatch');
    expect(typeError.message).toMatch(/cannot take the values of sink "test_sink": "amount" (numeric|decimal)\(10,2\) for numeric\(20,2\), "qty" smallint for integer$/);

    const extraNotNull = await table(pg
      ? `${POSTGRES_WORKLOAD_DDL.slice(0, -1)}, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), comment text)`
      : `${MYSQL_WORKLOAD_DDL.replace('PRIMARY KEY', 'created_by VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, comment TEXT, PRIMARY KEY')}`);
    expect((await rejection(open(extraNotNull, {}))).message).toMatch(/has NOT NULL column "created_by" that sink "test_sink" does not write$/);

    const noKey = await table(pg
      ? POSTGRES_WORKLOAD_DDL.replace(', PRIMARY KEY (region, item_id)', ', UNIQUE (region)')
      : MYSQL_WORKLOAD_DDL.replace('PRIMARY KEY (region, item_id)', 'UNIQUE KEY (region)'));
    const keyError = await rejection(open(noKey, {}));
    expect(keyError.message).toMatch(/has no primary key or unique index on \("region", "item_id"\)$/);
    expect((keyError as SqlError).detail).toBe('Its unique keys are ("region").');
    // The same table takes an append-only sink: it needs no key.
    await open(noKey, { type: 'append-only' }, WORKLOAD_COLUMNS, 'append-only', []);

    const view = uniqueTable('tally_sink_view');
    tables.push(view);
    await db.run(`CREATE VIEW ${db.quote(view)} AS SELECT * FROM ${db.quote(noNote)}`);
    expect((await rejection(open(view, {}))).message).toMatch(/is not a table$/);
    await db.run(`DROP VIEW ${db.quote(view)}`);
  });

  it.skipIf(skip)('finds a table by its qualified name or schema.name', async () => {
    const name = await table(workloadDdl());
    const schema = db.dialect === 'postgres' ? 'public' : 'test';
    const workload = new SinkWorkload(3);
    const qualified = await open(`${schema}.${name}`, {});
    await qualified.write(workload.batch(10));
    const bySchemaOption = await open(name, { 'schema.name': schema });
    await bySchemaOption.write(workload.batch(10));
    await expectTarget(name, workload.model.values());
  });

  it.skipIf(skip)('rejects a batch the target refuses with a SqlError, and writes the next one', async () => {
    const columns: ColumnInfo[] = [{ name: 'id', type: 'int8' }, { name: 'qty', type: 'int4' }];
    const name = await table(db.dialect === 'postgres'
      ? '(id bigint PRIMARY KEY, qty integer CHECK (qty >= 0))'
      : '(id BIGINT PRIMARY KEY, qty INT CHECK (qty >= 0))');
    const writer = await open(name, {}, columns, 'upsert', [0]);
    const refused = await rejection(writer.write([{ before: null, after: [1n, 5] }, { before: null, after: [2n, -1] }]));
    expect(refused).toBeInstanceOf(SqlError);
    expect((refused as SqlError).condition).toBe('data_exception');
    expect(refused.message).toMatch(/^could not write sink "test_sink" to ".*" at 127\.0\.0\.1:\d+: .*(check|CONSTRAINT)/i);
    // Nothing of the refused batch was applied.
    await expectTarget(name, [], columns);
    await writer.write([{ before: null, after: [1n, 5] }]);
    await expectTarget(name, [[1n, 5]], columns);
  });

  it.skipIf(skip)('rejects promptly when the target cannot be reached, with the password masked', async () => {
    const port = await closedPort();
    const spec = sinkSpec('unreachable', WORKLOAD_COLUMNS, {
      connector: 'jdbc',
      'jdbc.url': `${db.url(port)}&password=hunter22`,
      'table.name': 't',
    }, 'upsert', WORKLOAD_KEY);
    const err = await rejection(jdbcSinkConnector.open(spec));
    expect(err).not.toBeInstanceOf(SqlError);
    expect(err.message).toContain(`could not connect to ${db.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL'} at 127.0.0.1:${port} for sink "unreachable"`);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain('hunter22');
  });

  it.skipIf(skip)('rejects writes while the server is gone, leaves no partial batch, and catches up when it returns', async () => {
    const name = await table(workloadDdl());
    const proxy = new TcpProxy(db.port);
    await proxy.start();
    const spec = sinkSpec('proxied', WORKLOAD_COLUMNS, { connector: 'jdbc', 'jdbc.url': db.url(proxy.port), 'table.name': name }, 'upsert', WORKLOAD_KEY);
    const writer = await jdbcSinkConnector.open(spec);
    writers.push(writer);
    const workload = new SinkWorkload(5);
    await writer.write(workload.batch(20));
    await expectTarget(name, workload.model.values());

    // Gone between batches.
    await proxy.stop();
    const pending = workload.batch(20);
    const gone = await rejection(writer.write(pending));
    expect(gone).not.toBeInstanceOf(SqlError);
    expect(gone.message).toMatch(/^could not write sink "proxied" to ".*" at 127\.0\.0\.1:\d+: /);
    await proxy.start();
    await writer.write(pending);
    await expectTarget(name, workload.model.values());

    // Gone in the middle of a batch larger than one statement: nothing of it is applied.
    const big: SinkChange[] = [];
    const bigModel = new Map(workload.model);
    for (let i = 0; i < 30_000; i++) {
      const row = workload.row(`bulk ${i}`, BigInt(i));
      big.push({ before: null, after: row });
      bigModel.set(`bulk ${i}`, row);
    }
    const beforeBig = canonicalRows(workload.model.values(), WORKLOAD_COLUMNS);
    // About the text of the batch: the cut comes after the first statements ran inside the transaction.
    const batchChars = big.reduce((sum, change) => sum + canonicalRow(change.after!, WORKLOAD_COLUMNS).length, 0);
    proxy.cutAfter(Math.floor(batchChars * 0.6));
    await rejection(writer.write(big));
    expect(proxy.cutDone()).toBe(true);
    expect(await db.rows(name, WORKLOAD_COLUMNS)).toEqual(beforeBig);
    await proxy.start();
    await writer.write(big);
    await expectTarget(name, bigModel.values());
    await writer.close();
    await proxy.stop();
  });
});
