// Tests of the postgres-cdc reader against the real PostgreSQL server: snapshot, stream, restarts, bad values, errors.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SourceBatch, SourceConnector, SourceReader, SourceSpec } from '../../stream/source.js';
import { formatValue } from '../../types/text-format.js';
import { columns } from '../source-spec.test-support.js';
import { parseCdcPosition } from './cdc-position.js';
import { canonicalRows, canonicalTexts, cdcSpec, cdcTestServer, type CdcTestServer } from './cdc-test-server.test-support.js';
import { CdcWorkload, WORKLOAD_COLUMNS, WORKLOAD_KEY, workloadDdl } from './cdc-workload.test-support.js';
import { KeyedTableModel } from './keyed-table-model.test-support.js';
import { formatLsn } from './lsn.js';
import { createPostgresCdcConnector, postgresCdcConnector } from './postgres-cdc-connector.js';

const found = await cdcTestServer();
const skip = 'skip' in found;
if (skip) console.warn(`skipping postgres-cdc-reader.test.ts: ${found.skip}`);
const server = found as CdcTestServer;

const readers: SourceReader[] = [];

afterEach(async () => {
  if (skip) return;
  for (const reader of readers.splice(0)) await reader.close().catch(() => undefined);
  await server.dropSlots();
});

afterAll(async () => {
  if (!skip) await server.cleanup();
});

/** A fresh upstream table, slot and publication; `ddl` gets the table's name. */
async function upstream(ddl: (table: string) => string): Promise<{ table: string; slot: string; publication: string }> {
  const table = server.name('table', 'cdc_t');
  await server.run(ddl(table));
  return { table, slot: server.name('slot', 'cdc_slot'), publication: server.name('publication', 'cdc_pub') };
}

function specFor(names: { table: string; slot: string; publication: string }, cols: readonly ColumnInfo[] = WORKLOAD_COLUMNS, key: readonly number[] = WORKLOAD_KEY): SourceSpec {
  return cdcSpec(cols, key, { 'table.name': names.table, 'slot.name': names.slot, 'publication.name': names.publication });
}

async function open(spec: SourceSpec, position?: unknown, connector: SourceConnector = postgresCdcConnector): Promise<SourceReader> {
  connector.validate(spec);
  const reader = await connector.open(spec, position);
  readers.push(reader);
  return reader;
}

const inSnapshot = (reader: SourceReader): boolean => parseCdcPosition(reader.position())?.snapshot !== undefined;

/** Polls through the rest of the snapshot, checking that no poll returns more than `maxRecords` rows. */
async function readSnapshot(reader: SourceReader, model: KeyedTableModel, maxRecords: number): Promise<number> {
  let polls = 0;
  while (inSnapshot(reader)) {
    const batch = await reader.poll(maxRecords);
    expect(batch.changes.rows.length).toBeLessThanOrEqual(maxRecords);
    model.apply(batch.changes);
    polls++;
  }
  return polls;
}

async function upstreamRows(table: string, cols: readonly ColumnInfo[] = WORKLOAD_COLUMNS): Promise<string[]> {
  const texts = await server.texts(`SELECT ${cols.map((c) => `"${c.name}"`).join(', ')} FROM "${table}"`);
  return canonicalTexts(texts, cols);
}

/**
 * Polls until the model equals the upstream table (changes arrive in the background), then a few more times
 * to see that nothing more comes; fails after `timeoutMs`.
 */
async function catchUp(reader: SourceReader, model: KeyedTableModel, table: string, maxRecords = 1000, timeoutMs = 20_000): Promise<void> {
  const expected = await upstreamRows(table);
  const deadline = Date.now() + timeoutMs;
  while (JSON.stringify(canonicalRows(model.rows.values(), WORKLOAD_COLUMNS)) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) break;
    model.apply((await reader.poll(maxRecords)).changes);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (let extra = 0; extra < 5; extra++) {
    model.apply((await reader.poll(maxRecords)).changes);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(canonicalRows(model.rows.values(), WORKLOAD_COLUMNS)).toEqual(expected);
}

async function slotConfirmedLsn(slot: string): Promise<string | null> {
  return (await server.texts('SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1', [slot]))[0]?.[0] ?? null;
}

async function slotCount(slot: string): Promise<number> {
  return Number((await server.texts('SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1', [slot]))[0]![0]);
}

describe('postgres-cdc reader without a server', () => {
  it('fails to open with the address and the cause', async () => {
    const spec = cdcSpec(WORKLOAD_COLUMNS, WORKLOAD_KEY, { 'table.name': 't', port: '1' });
    await expect(postgresCdcConnector.open(spec, undefined)).rejects.toThrow(/^could not read upstream table "public.t" at 127.0.0.1:1: .*ECONNREFUSED/);
  });
});

describe.skipIf(skip)('postgres-cdc reader', () => {
  it('reads a consistent snapshot in chunks, then exactly the changes after it (REPLICA IDENTITY FULL, strict)', async () => {
    const names = await upstream(workloadDdl);
    await server.run(`ALTER TABLE "${names.table}" REPLICA IDENTITY FULL`);
    const workload = new CdcWorkload(server, names.table, 1);
    await workload.insertRows(300);
    // Committed after the slot was created and before its snapshot is imported: the snapshot must not see them
    // (it is the slot's, not a new one), the stream must deliver them, once.
    const connector = createPostgresCdcConnector({
      beforeSnapshot: async () => {
        for (let txn = 0; txn < 40; txn++) await workload.transaction();
      },
    });
    const reader = await open(specFor(names), undefined, connector);
    for (let txn = 0; txn < 10; txn++) await workload.transaction();
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, true);
    const polls = await readSnapshot(reader, model, 50);
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(model.rows.size).toBe(300);
    for (let round = 0; round < 10; round++) {
      for (let txn = 0; txn < 10; txn++) await workload.transaction();
      model.apply((await reader.poll(7)).changes);
    }
    await catchUp(reader, model, names.table);
  });

  it('follows inserts, updates, key changes and deletes with the default replica identity', async () => {
    const names = await upstream(workloadDdl);
    const workload = new CdcWorkload(server, names.table, 2);
    await workload.insertRows(100);
    const reader = await open(specFor(names));
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, false);
    await readSnapshot(reader, model, 1000);
    for (let round = 0; round < 20; round++) {
      for (let txn = 0; txn < 5; txn++) await workload.transaction();
      model.apply((await reader.poll(1000)).changes);
    }
    await catchUp(reader, model, names.table);
  });

  it('hands out whole transactions: a transaction larger than maxRecords comes in one poll', async () => {
    const names = await upstream(workloadDdl);
    const reader = await open(specFor(names));
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, false);
    await readSnapshot(reader, model, 10);
    const workload = new CdcWorkload(server, names.table, 3);
    await workload.insertRows(25);
    await workload.insertRows(3);
    let batch: SourceBatch = { changes: { rows: [], weights: [] }, deadLetters: [] };
    for (let attempt = 0; attempt < 200 && batch.changes.rows.length === 0; attempt++) {
      batch = await reader.poll(10);
      if (batch.changes.rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(batch.changes.rows.length).toBe(25);
    model.apply(batch.changes);
    await catchUp(reader, model, names.table, 10);
  });

  it('keeps numeric digits, timestamptz microseconds and 64-bit integers exact, in the snapshot and the stream', async () => {
    const names = await upstream((t) => `CREATE TABLE "${t}" (id int PRIMARY KEY, amount numeric(38,10), ts timestamptz, big bigint, d date, tags text[],
      flag boolean, span interval, at time, ratio float8, raw bytea, doc jsonb, ref uuid, local timestamp)`);
    const cols = columns(['id', 'int4'], ['amount', 'numeric'], ['ts', 'timestamptz'], ['big', 'int8'], ['d', 'date'], ['tags', 'varchar[]'],
      ['flag', 'boolean'], ['span', 'interval'], ['at', 'time'], ['ratio', 'float8'], ['raw', 'bytea'], ['doc', 'jsonb'], ['ref', 'varchar'], ['local', 'timestamp']);
    const values = [
      ['1', '1234567890123456789012345678.0123456789', '2024-02-29 23:59:59.999999+05:30', '9223372036854775807', '2024-02-29', '{a,"b c",NULL}',
        'true', '1 year 2 months 3 days 04:05:06.000007', '23:59:59.999999', '0.1', '\\x00ff10', '{"b": [1, 2.50], "a": "é"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-01-01 00:00:00.000001'],
      ['2', '-0.0000000001', '1999-12-31 23:59:59.000001+00', '-9223372036854775808', '0001-01-01', '{}',
        'false', '-00:00:00.000001', '00:00:00', '-1.7976931348623157e308', '\\x', '[]', '00000000-0000-0000-0000-000000000000', '1970-01-01 00:00:00'],
    ];
    const insert = `INSERT INTO "${names.table}" VALUES (${values[0]!.map((_, index) => `$${index + 1}`).join(', ')})`;
    await server.run(insert, values[0]);
    const reader = await open(specFor(names, cols, [0]));
    await server.run(insert, values[1]);
    const seen: string[][] = [];
    for (let attempt = 0; attempt < 200 && seen.length < 2; attempt++) {
      const batch = await reader.poll(100);
      expect(batch.deadLetters).toEqual([]);
      for (const row of batch.changes.rows) seen.push(row.map((value, index) => formatValue(cols[index]!.type, value) ?? 'NULL'));
      if (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(seen).toEqual([
      ['1', '1234567890123456789012345678.0123456789', '2024-02-29 18:29:59.999999+00', '9223372036854775807', '2024-02-29', '{a,"b c",NULL}',
        't', '1 year 2 mons 3 days 04:05:06.000007', '23:59:59.999999', '0.1', '\\x00ff10', '{"a": "é", "b": [1, 2.50]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-01-01 00:00:00.000001'],
      ['2', '-0.0000000001', '1999-12-31 23:59:59.000001+00', '-9223372036854775808', '0001-01-01', '{}',
        'f', '-00:00:00.000001', '00:00:00', '-1.7976931348623157e+308', '\\x', '[]', '00000000-0000-0000-0000-000000000000', '1970-01-01 00:00:00'],
    ]);
  });

  it('resumes from a stored position with nothing lost or doubled; the slot is advanced only to committed positions', async () => {
    const names = await upstream(workloadDdl);
    await server.run(`ALTER TABLE "${names.table}" REPLICA IDENTITY FULL`);
    const workload = new CdcWorkload(server, names.table, 4);
    await workload.insertRows(50);
    const spec = specFor(names);
    const first = await open(spec);
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, true);
    await readSnapshot(first, model, 20);
    const start = await slotConfirmedLsn(names.slot);
    for (let txn = 0; txn < 20; txn++) await workload.transaction();
    await catchUp(first, model, names.table);
    const committed = first.position();
    // Read on past the position that will be committed: the slot must not move past it.
    for (let txn = 0; txn < 10; txn++) await workload.transaction();
    await catchUp(first, model, names.table);
    const stored = first.position();
    expect(await slotConfirmedLsn(names.slot)).toBe(start);
    first.positionCommitted!(committed);
    const committedLsn = formatLsn(parseCdcPosition(committed)!.lsn);
    for (let attempt = 0; attempt < 100 && (await slotConfirmedLsn(names.slot)) !== committedLsn; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await slotConfirmedLsn(names.slot)).toBe(committedLsn);
    await first.close();
    expect(await slotCount(names.slot)).toBe(1);

    for (let txn = 0; txn < 20; txn++) await workload.transaction();
    // The slot is behind the stored position: the server must start at the position, not at the slot.
    const second = await open(spec, stored);
    await catchUp(second, model, names.table);
    for (let txn = 0; txn < 10; txn++) await workload.transaction();
    await catchUp(second, model, names.table);
  });

  it('resumes a snapshot cut off by a restart after the last key taken, and converges with the stream', async () => {
    const names = await upstream(workloadDdl);
    const workload = new CdcWorkload(server, names.table, 5);
    await workload.insertRows(500);
    const spec = specFor(names);
    const first = await open(spec);
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, false);
    for (let poll = 0; poll < 2; poll++) model.apply((await first.poll(100)).changes);
    const stored = first.position();
    expect(parseCdcPosition(stored)?.snapshot).toEqual({ key: ['id'], after: ['200'] });
    await first.close();
    for (let txn = 0; txn < 60; txn++) await workload.transaction();
    const second = await open(spec, stored);
    const resumed = await second.poll(100);
    // The rest of the table, after the last key taken, not the whole table again.
    expect(Math.min(...resumed.changes.rows.map((row) => row[0] as number))).toBeGreaterThan(200);
    model.apply(resumed.changes);
    await readSnapshot(second, model, 100);
    await catchUp(second, model, names.table);
  });

  it('turns values that do not convert into dead letters and goes on', async () => {
    const names = await upstream((t) => `CREATE TABLE "${t}" (id int PRIMARY KEY, label text, price numeric)`);
    const cols = columns(['id', 'int4'], ['label', 'int4'], ['price', 'numeric', { precision: 5, scale: 2 }]);
    await server.run(`INSERT INTO "${names.table}" VALUES (1, '10', 1.5), (2, 'abc', 2), (3, '30', 12345.678)`);
    const reader = await open(specFor(names, cols, [0]));
    const snapshot = await reader.poll(100);
    expect(canonicalRows(snapshot.changes.rows, cols)).toEqual(['["1","10","1.50"]']);
    expect(snapshot.deadLetters).toEqual([
      { offset: 'snapshot row 2', payload: '{"op":"r","after":{"id":"2","label":"abc","price":"2"}}', error: 'invalid input syntax for type integer: "abc"' },
      { offset: 'snapshot row 3', payload: '{"op":"r","after":{"id":"3","label":"30","price":"12345.678"}}', error: expect.stringContaining('numeric field overflow') },
    ]);
    await server.run(`BEGIN; INSERT INTO "${names.table}" VALUES (4, 'x', 1); UPDATE "${names.table}" SET label = '11' WHERE id = 1; COMMIT`);
    let batch = await reader.poll(100);
    for (let attempt = 0; attempt < 200 && batch.changes.rows.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      batch = await reader.poll(100);
    }
    expect(canonicalRows(batch.changes.rows, cols)).toEqual(['["1","11","1.50"]']);
    expect(batch.deadLetters).toHaveLength(1);
    expect(batch.deadLetters[0]!.offset).toMatch(/^lsn [0-9A-F]+\/[0-9A-F]+ change 1$/);
    expect(JSON.parse(batch.deadLetters[0]!.payload)).toEqual({ op: 'c', after: { id: '4', label: 'x', price: '1' } });
    expect(batch.deadLetters[0]!.error).toBe('invalid input syntax for type integer: "x"');
  });

  it('reports a TRUNCATE and an unsent unchanged TOASTed value as dead letters', async () => {
    const names = await upstream((t) => `CREATE TABLE "${t}" (id int PRIMARY KEY, doc text, n int)`);
    const cols = columns(['id', 'int4'], ['doc', 'varchar'], ['n', 'int4']);
    const reader = await open(specFor(names, cols, [0]));
    expect((await reader.poll(10)).changes.rows).toEqual([]);
    // Random text does not compress: stored out of line (TOASTed), and not resent by an update of another column.
    await server.run(`INSERT INTO "${names.table}" SELECT 1, string_agg(md5(g::text), ''), 0 FROM generate_series(1, 400) g`);
    await server.run(`UPDATE "${names.table}" SET n = 1 WHERE id = 1`);
    await server.run(`TRUNCATE "${names.table}"`);
    const letters: SourceBatch['deadLetters'][number][] = [];
    let inserted = 0;
    for (let attempt = 0; attempt < 200 && letters.length < 2; attempt++) {
      const batch = await reader.poll(10);
      inserted += batch.changes.rows.length;
      letters.push(...batch.deadLetters);
      if (letters.length < 2) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(inserted).toBe(1);
    expect(letters.map((l) => l.error)).toEqual([
      `the unchanged value of column "doc" was not sent by upstream table "public.${names.table}"`,
      `TRUNCATE of upstream table "public.${names.table}" was not applied: the table keeps its rows; drop and create it again to take a new snapshot`,
    ]);
  });

  it('rejects at open an upstream table that is missing, lacks a column, has no identity, or has another key', async () => {
    const names = await upstream((t) => `CREATE TABLE "${t}" (id int PRIMARY KEY, a text)`);
    const open1 = (spec: SourceSpec): Promise<SourceReader> => open(spec);
    await expect(open1(cdcSpec(columns(['id', 'int4']), [0], { 'table.name': `${names.table}_missing`, 'slot.name': names.slot }))).rejects.toThrow(
      `upstream table "public.${names.table}_missing" does not exist`,
    );
    await expect(open1(specFor(names, columns(['id', 'int4'], ['b', 'varchar']), [0]))).rejects.toThrow(
      `column "b" does not exist in upstream table "public.${names.table}"`,
    );
    await expect(open1(specFor(names, columns(['id', 'int4'], ['a', 'varchar']), [1]))).rejects.toThrow(
      `the primary key (a) differs from the key (id) of upstream table "public.${names.table}"`,
    );
    await expect(open1(specFor(names, columns(['a', 'varchar']), [0]))).rejects.toThrow(`the table lacks column "id" of the replica identity`);
    const keyless = await upstream((t) => `CREATE TABLE "${t}" (id int, a text)`);
    await expect(open1(specFor(keyless, columns(['id', 'int4']), [0]))).rejects.toThrow(`upstream table "public.${keyless.table}" has no replica identity`);
    // Nothing was set up upstream for the tables that were refused.
    expect(await slotCount(names.slot)).toBe(0);
    expect(await slotCount(keyless.slot)).toBe(0);
    const publications = await server.texts('SELECT count(*) FROM pg_publication WHERE pubname = $1', [keyless.publication]);
    expect(publications[0]![0]).toBe('0');
  });

  it('needs an existing publication when publication.create.enable is false; a resumed slot must exist', async () => {
    const names = await upstream(workloadDdl);
    const spec = cdcSpec(WORKLOAD_COLUMNS, WORKLOAD_KEY, {
      'table.name': names.table, 'slot.name': names.slot, 'publication.name': names.publication, 'publication.create.enable': 'false',
    });
    await expect(open(spec)).rejects.toThrow(`publication "${names.publication}" does not exist upstream`);
    await server.run(`CREATE PUBLICATION "${names.publication}" FOR TABLE "${names.table}"`);
    const reader = await open(spec);
    await reader.poll(10);
    const stored = reader.position();
    await reader.close();
    await server.run('SELECT pg_drop_replication_slot($1)', [names.slot]);
    await expect(open(spec, stored)).rejects.toThrow(`replication slot "${names.slot}" of upstream table "public.${names.table}" does not exist`);
  });

  it('starts the stream again after a lost connection, with nothing lost or doubled', async () => {
    const names = await upstream(workloadDdl);
    await server.run(`ALTER TABLE "${names.table}" REPLICA IDENTITY FULL`);
    const workload = new CdcWorkload(server, names.table, 6);
    await workload.insertRows(20);
    const reader = await open(specFor(names));
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, true);
    await readSnapshot(reader, model, 100);
    const errors: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let txn = 0; txn < 10; txn++) await workload.transaction();
      await catchUp(reader, model, names.table);
      // Cut the stream in the middle of the next transactions.
      const cut = workload.transaction().then(() => workload.transaction());
      await server.run('SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1', [names.slot]);
      await cut;
      for (let poll = 0; poll < 100 && errors.length <= round; poll++) {
        try {
          model.apply((await reader.poll(1000)).changes);
        } catch (err) {
          errors.push((err as Error).message);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await catchUp(reader, model, names.table);
    expect(errors).toHaveLength(3);
    for (const message of errors) expect(message).toMatch(/replication stream|terminat/);
  });

  it('pauses the stream while polls lag, and reads on when they catch up', async () => {
    const names = await upstream(workloadDdl);
    const workload = new CdcWorkload(server, names.table, 7);
    const reader = await open(specFor(names), undefined, createPostgresCdcConnector({ bufferRows: 3 }));
    const model = new KeyedTableModel(WORKLOAD_COLUMNS, WORKLOAD_KEY, false);
    await readSnapshot(reader, model, 100);
    await reader.poll(1);
    for (let txn = 0; txn < 60; txn++) await workload.transaction();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await catchUp(reader, model, names.table, 2);
  });

  it('keeps its slot on close and drops it on release', async () => {
    const names = await upstream(workloadDdl);
    const first = await open(specFor(names));
    await first.poll(10);
    await first.poll(10);
    await first.close();
    expect(await slotCount(names.slot)).toBe(1);
    // A fresh open (no position) replaces a slot left over by a run that never checkpointed.
    const second = await open(specFor(names));
    expect(inSnapshot(second)).toBe(true);
    await second.poll(10);
    await second.poll(10);
    await second.release!();
    expect(await slotCount(names.slot)).toBe(0);
  });
});
