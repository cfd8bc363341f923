// Tests of the file sink's writer: random batches read back by DuckDB exactly, partitions, atomic publishing, replays.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SinkChange, SinkWriter } from '../../stream/sink.js';
import { civilFromDays, daysFromCivil, TIMESTAMP_NEGATIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY, DATE_POSITIVE_INFINITY, DATE_NEGATIVE_INFINITY } from '../../types/calendar.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { formatValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { columns } from '../source-spec.test-support.js';
import { fileSinkConnector } from './file-sink-connector.js';
import { duckdbRows, parquetArchive } from './file-sink-duckdb.test-support.js';
import { MANIFEST_NAME } from './file-sink-manifest.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function archiveDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-file-sink-'));
  dirs.push(dir);
  return join(dir, 'archive');
}

async function openWriter(cols: readonly ColumnInfo[], options: Record<string, string>, encode = 'parquet'): Promise<SinkWriter> {
  const spec = sinkSpec(cols, { name: 'archive', options: { connector: 'file', ...options }, format: { format: 'plain', encode } });
  fileSinkConnector.validate(spec);
  return fileSinkConnector.open(spec);
}

const inserts = (rows: readonly Row[]): SinkChange[] => rows.map((after) => ({ before: null, after }));

/** Every file under `root`, relative, sorted. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** A small seeded generator (mulberry32), so that a failing case can be run again from its seed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALL_TYPES = columns(
  ['id', 'int8'],
  ['small', 'int2'],
  ['i', 'int4'],
  ['f4', 'float4'],
  ['f8', 'float8'],
  ['price', 'numeric', { precision: 12, scale: 3 }],
  ['wide', 'numeric', { precision: 38, scale: 10 }],
  ['amount', 'numeric'],
  ['label', 'varchar'],
  ['flag', 'boolean'],
  ['day', 'date'],
  ['event_time', 'timestamp'],
  ['seen_at', 'timestamptz'],
  ['clock', 'time'],
  ['span', 'interval'],
  ['doc', 'jsonb'],
  ['tags', 'varchar[]'],
  ['payload', 'bytea'],
);

const TEXTS = ['', 'plain', 'héllo wörld', '日本語のテキスト', 'emoji 🎉🚀', "quote ' and \" and \\", 'line\nbreak\ttab', 'ünïcödé ✓'];
const BASE_MICROS = BigInt(daysFromCivil(2026, 11, 21)) * 86_400_000_000n;

function randomRow(random: () => number, id: number): Row {
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const bigDigits = (digits: number): bigint => {
    let text = '';
    for (let digitIdx = 0; digitIdx < digits; digitIdx++) text += String(int(0, 9));
    return BigInt(text) * (random() < 0.5 ? -1n : 1n);
  };
  const maybe = (make: () => Value): Value => (random() < 0.15 ? null : make());
  // Times within two days around midnight of 2026-11-21, so that rows cross day and hour boundaries.
  const micros = (): bigint => BASE_MICROS + BigInt(int(-86_400, 86_400)) * 1_000_000n + BigInt(int(0, 999_999));
  return [
    BigInt(id),
    maybe(() => int(-32768, 32767)),
    maybe(() => int(-2147483648, 2147483647)),
    maybe(() => Math.fround((random() - 0.5) * 1e6)),
    maybe(() => [0.1, -0, 1e300, -2.5e-300, (random() - 0.5) * 1e9, Number.MAX_VALUE][int(0, 5)]!),
    maybe(() => {
      const scale = int(0, 3);
      return new Numeric(bigDigits(int(1, 9) + scale), scale).withScale(3);
    }),
    maybe(() => new Numeric(bigDigits(int(1, 38)), 10)),
    maybe(() => [new Numeric(bigDigits(int(1, 30)), int(0, 12)), Numeric.NAN, Numeric.POSITIVE_INFINITY, Numeric.parse('6.50')][random() < 0.85 ? 0 : int(1, 3)]!),
    maybe(() => TEXTS[int(0, TEXTS.length - 1)]! + ' #' + id),
    maybe(() => random() < 0.5),
    maybe(() => daysFromCivil(int(1900, 2100), int(1, 12), int(1, 28))),
    micros(),
    maybe(micros),
    maybe(() => int(0, 86_399_999) * 1000 + int(0, 999)),
    maybe(() => new Interval(int(-30, 30), int(-40, 40), BigInt(int(-1e9, 1e9)) * 1000n)),
    maybe(() => `{"k": ${id}, "s": "${TEXTS[int(0, 3)]}"}`),
    maybe(() => [TEXTS[int(0, TEXTS.length - 1)]!, null, 'x,y']),
    maybe(() => Uint8Array.from({ length: int(0, 6) }, () => int(0, 255))),
  ];
}

const text = (type: ColumnInfo['type'], value: Value): string | null => (value === null ? null : formatValue(type, value));
const hex = (value: Value): string | null => (value === null ? null : Buffer.from(value as Uint8Array).toString('hex').toUpperCase());
const epoch = (value: Value): string | null => (value === null ? null : String(value));
const civil = { year: 0, month: 0, day: 0 };

/** What DuckDB must read for a row, column by column, as the query in `readBack` renders it. */
function expected(row: Row): unknown[] {
  const [id, small, i, f4, f8, price, wide, amount, label, flag, day, eventTime, seenAt, clock, span, doc, tags, payload] = row;
  const micros = eventTime as bigint;
  const hours = Number((micros - ((micros % 3_600_000_000n) + 3_600_000_000n) % 3_600_000_000n) / 3_600_000_000n);
  civilFromDays(Math.floor(hours / 24), civil);
  const dt = `${civil.year}-${String(civil.month).padStart(2, '0')}-${String(civil.day).padStart(2, '0')}`;
  return [
    String(id), small === null ? null : String(small), i === null ? null : String(i), f4, f8,
    text('numeric', price!), text('numeric', wide!), text('numeric', amount!), label, flag, text('date', day!),
    epoch(eventTime!), epoch(seenAt!), text('time', clock!), text('interval', span!), doc, text('varchar[]', tags!), hex(payload!),
    dt, ((hours % 24) + 24) % 24,
  ];
}

async function readBack(root: string): Promise<unknown[][]> {
  const rows = await duckdbRows(`
    SELECT id::VARCHAR, small::VARCHAR, i::VARCHAR, f4, f8, price::VARCHAR, wide::VARCHAR, amount, label, flag, day::VARCHAR,
      epoch_us(event_time)::VARCHAR, epoch_us(seen_at)::VARCHAR, clock::VARCHAR, span, doc, tags, hex(payload), dt::VARCHAR, hour
    FROM ${parquetArchive(root)} ORDER BY id`);
  return rows.map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value)));
}

describe('file sink writer', () => {
  it('writes random batches that DuckDB reads back exactly, partitioned by hour across day boundaries', async () => {
    const seed = Date.now() % 100_000;
    const random = randomSource(seed);
    const root = archiveDirectory();
    const writer = await openWriter(ALL_TYPES, { path: root, partition_by: 'event_time', partition_granularity: 'hour' });
    const written: Row[] = [];
    let id = 0;
    for (let batch = 1; batch <= 6; batch++) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 120) }, () => randomRow(random, ++id));
      written.push(...rows);
      await writer.write(inserts(rows), { first: batch, last: batch });
    }
    await writer.close();
    const got = await readBack(root);
    expect(got.length, `seed ${seed}`).toBe(written.length);
    for (const [rowIdx, row] of written.entries()) expect(got[rowIdx], `seed ${seed}, row ${rowIdx}`).toEqual(expected(row));
    const files = filesUnder(root);
    expect(files.every((f) => /^dt=\d{4}-\d\d-\d\d\/hour=\d{1,2}\/part-\d{10}-\d{10}\.parquet$/.test(f)), files.join('\n')).toBe(true);
    expect(new Set(files.map((f) => f.split('/')[0])).size).toBeGreaterThan(1);
  });

  it('describes the Parquet columns with exact types', async () => {
    const root = archiveDirectory();
    const writer = await openWriter(ALL_TYPES, { path: root });
    await writer.write(inserts([randomRow(randomSource(7), 1)]), { first: 1, last: 1 });
    const types = await duckdbRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquetArchive(root)})`);
    expect(Object.fromEntries(types)).toEqual({
      id: 'BIGINT', small: 'SMALLINT', i: 'INTEGER', f4: 'FLOAT', f8: 'DOUBLE', price: 'DECIMAL(12,3)', wide: 'DECIMAL(38,10)',
      amount: 'VARCHAR', label: 'VARCHAR', flag: 'BOOLEAN', day: 'DATE', event_time: 'TIMESTAMP', seen_at: 'TIMESTAMP WITH TIME ZONE',
      clock: 'TIME', span: 'VARCHAR', doc: 'VARCHAR', tags: 'VARCHAR', payload: 'BLOB',
    });
  });

  it('puts NULL, infinite and out-of-range times in the default partition, and keeps the infinities', async () => {
    const root = archiveDirectory();
    const cols = columns(['id', 'int4'], ['day', 'date'], ['seen', 'timestamptz']);
    const writer = await openWriter(cols, { path: root, partition_by: 'seen' });
    const yearTenThousand = BigInt(daysFromCivil(10000, 1, 1)) * 86_400_000_000n;
    await writer.write(inserts([
      [1, DATE_POSITIVE_INFINITY, TIMESTAMP_POSITIVE_INFINITY],
      [2, DATE_NEGATIVE_INFINITY, TIMESTAMP_NEGATIVE_INFINITY],
      [3, null, null],
      [4, 0, yearTenThousand],
      [5, -1, -1n],
    ]), { first: 1, last: 1 });
    expect(filesUnder(root)).toEqual(['dt=1969-12-31/part-0000000001-0000000001.parquet', 'dt=__HIVE_DEFAULT_PARTITION__/part-0000000001-0000000001.parquet']);
    const rows = await duckdbRows(`SELECT id, day::VARCHAR, seen::VARCHAR, dt::VARCHAR FROM ${parquetArchive(root)} ORDER BY id`);
    expect(rows).toEqual([
      [1, 'infinity', 'infinity', null],
      [2, '-infinity', '-infinity', null],
      [3, null, null, null],
      [4, '1970-01-01', '10000-01-01 00:00:00+00', null],
      [5, '1969-12-31', '1969-12-31 23:59:59.999999+00', '1969-12-31'],
    ]);
  });

  it('refuses a value that a Parquet DECIMAL cannot hold, publishing nothing', async () => {
    const root = archiveDirectory();
    const writer = await openWriter(columns(['id', 'int4'], ['price', 'numeric', { precision: 5, scale: 2 }]), { path: root });
    await expect(writer.write(inserts([[1, Numeric.parse('1.50')], [2, Numeric.NAN]]), { first: 1, last: 1 })).rejects.toThrow(
      'value NaN of column "price" does not fit Parquet DECIMAL(5,2)',
    );
    await expect(writer.write(inserts([[1, Numeric.parse('1234.5')]]), { first: 1, last: 1 })).rejects.toThrow('value 1234.5 of column "price" does not fit');
    expect(filesUnder(root)).toEqual([]);
  });

  it('replays batches after a crash: the files of the replayed batches are replaced, the earlier ones kept', async () => {
    const root = archiveDirectory();
    const cols = columns(['id', 'int4'], ['event_time', 'timestamp']);
    const at = (day: number, id: number): Row => [id, BigInt(daysFromCivil(2026, 11, day)) * 86_400_000_000n];
    const before = await openWriter(cols, { path: root, partition_by: 'event_time' });
    await before.write(inserts([at(20, 1), at(21, 2)]), { first: 1, last: 1 });
    await before.write(inserts([at(21, 3), at(22, 4)]), { first: 2, last: 2 });
    await before.write(inserts([at(23, 5)]), { first: 3, last: 3 });
    // A crash: the checkpoint had confirmed batch 1 only. The restored sink replays from 2, with other contents
    // (the restored state produced them again), and a temporary file of an interrupted write is left behind.
    writeFileSync(join(root, 'dt=2026-11-23', '.part-0000000004-0000000004.parquet.tmp'), 'half a file');
    const after = await openWriter(cols, { path: root, partition_by: 'event_time' });
    expect(filesUnder(root)).not.toContain('dt=2026-11-23/.part-0000000004-0000000004.parquet.tmp');
    await after.write(inserts([at(21, 30), at(24, 40)]), { first: 2, last: 3 });
    await after.write(inserts([at(24, 50)]), { first: 4, last: 4 });
    expect(filesUnder(root)).toEqual([
      'dt=2026-11-20/part-0000000001-0000000001.parquet',
      'dt=2026-11-21/part-0000000001-0000000001.parquet',
      'dt=2026-11-21/part-0000000002-0000000003.parquet',
      'dt=2026-11-24/part-0000000002-0000000003.parquet',
      'dt=2026-11-24/part-0000000004-0000000004.parquet',
    ]);
    const rows = await duckdbRows(`SELECT id, dt::VARCHAR FROM ${parquetArchive(root)} ORDER BY id`);
    expect(rows).toEqual([[1, '2026-11-20'], [2, '2026-11-21'], [30, '2026-11-21'], [40, '2026-11-24'], [50, '2026-11-24']]);
  });

  it('leaves no temporary file after a failed write, and writes its retry once', async () => {
    const root = archiveDirectory();
    const cols = columns(['id', 'int4'], ['d', 'date']);
    const writer = await openWriter(cols, { path: root, partition_by: 'd' });
    await writer.write(inserts([[1, 100]]), { first: 1, last: 1 });
    // The first attempt of batch 2 fails on its second partition: its directory name is taken by a file.
    writeFileSync(join(root, 'dt=1970-04-12'), 'in the way');
    await expect(writer.write(inserts([[2, 100], [3, 101]]), { first: 2, last: 2 })).rejects.toThrow(/could not write archive/);
    rmSync(join(root, 'dt=1970-04-12'));
    // The retry merges batch 3 in, as the runtime does when batches wait.
    await writer.write(inserts([[2, 100], [3, 101], [4, 101]]), { first: 2, last: 3 });
    const rows = await duckdbRows(`SELECT id FROM ${parquetArchive(root)} ORDER BY id`);
    expect(rows).toEqual([[1], [2], [3], [4]]);
    expect(filesUnder(root).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('starts a new sink after the parts an earlier one left, and a resumed one from the recorded base', async () => {
    const root = archiveDirectory();
    const cols = columns(['id', 'int4']);
    const first = await openWriter(cols, { path: root });
    await first.write(inserts([[1]]), { first: 1, last: 1 });
    await first.write(inserts([[2]]), { first: 2, last: 2 });
    // The sink is created again (or the engine ran without a data directory): its batches start at 1 again.
    const second = await openWriter(cols, { path: root });
    await second.write(inserts([[10]]), { first: 1, last: 1 });
    await second.write(inserts([[20]]), { first: 2, last: 2 });
    expect(JSON.parse(readFileSync(join(root, MANIFEST_NAME), 'utf8'))).toEqual({ sink: 'archive', batch_base: 2 });
    // The second sink restarts from a checkpoint that had confirmed its batch 1: it replays its batch 2.
    const resumed = await openWriter(cols, { path: root });
    await resumed.write(inserts([[21]]), { first: 2, last: 2 });
    expect(filesUnder(root)).toEqual([
      MANIFEST_NAME,
      'part-0000000001-0000000001.parquet',
      'part-0000000002-0000000002.parquet',
      'part-0000000003-0000000003.parquet',
      'part-0000000004-0000000004.parquet',
    ]);
    expect(await duckdbRows(`SELECT id FROM ${parquetArchive(root)} ORDER BY id`)).toEqual([[1], [2], [10], [21]]);
  });

  it('numbers direct writes after the highest part', async () => {
    const root = archiveDirectory();
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'part-0000000007-0000000009.jsonl'), '{"id":0}\n');
    writeFileSync(join(root, 'notes.txt'), 'not a part file');
    const writer = await openWriter(columns(['id', 'int4']), { path: root }, 'json');
    await writer.write(inserts([[1], [2]]));
    await writer.write(inserts([[3]]));
    expect(filesUnder(root)).toEqual(['notes.txt', 'part-0000000007-0000000009.jsonl', 'part-0000000010-0000000010.jsonl', 'part-0000000011-0000000011.jsonl']);
    expect(readFileSync(join(root, 'part-0000000010-0000000010.jsonl'), 'utf8')).toBe('{"id":1}\n{"id":2}\n');
  });

  it('fails to open a directory that cannot be created', async () => {
    const root = archiveDirectory();
    mkdirSync(join(root, '..'), { recursive: true });
    writeFileSync(root, 'a file');
    await expect(openWriter(columns(['id', 'int4']), { path: join(root, 'below') })).rejects.toThrow(`could not open archive directory "${join(root, 'below')}": not a directory`);
  });
});
