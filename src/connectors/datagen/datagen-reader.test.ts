// Tests of the datagen source: rate, determinism, types, options.
import { describe, expect, it } from 'vitest';
import type { SourceBatch } from '../../stream/source.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { datagenConnector } from './datagen-connector.js';
import { DatagenReader } from './datagen-reader.js';
import { fieldPlanFor } from './field-plan-for.js';

const orderColumns = columns(
  ['order_id', 'int8'],
  ['merchant_id', 'varchar'],
  ['total', 'numeric', { precision: 10, scale: 2 }],
  ['qty', 'int4'],
  ['created_at', 'timestamptz'],
);
const orderOptions = {
  'fields.order_id.kind': 'sequence',
  'fields.order_id.start': '1000',
  'fields.order_id.end': '1999',
  'fields.merchant_id.length': '4',
  'fields.total.min': '1',
  'fields.total.max': '500',
  'fields.qty.min': '1',
  'fields.qty.max': '5',
  'fields.qty.seed': '7',
  'fields.created_at.max_past': '1 hour',
  'fields.created_at.basetime': '2026-11-20 12:00:00+00',
  'datagen.rows.per.second': '100',
};

/** A reader whose clock the test moves. */
function readerAt(options: Record<string, string>, cols = orderColumns, rows = 0) {
  const clock = { ms: 1_000_000 };
  const spec = sourceSpec(cols, options);
  datagenConnector.validate(spec);
  const plans = cols.map((column, index) => fieldPlanFor(column, index, spec.options));
  const rate = Number(options['datagen.rows.per.second'] ?? '10');
  const reader = new DatagenReader(plans, rate, { rows, startedAtMs: 0 }, () => clock.ms);
  return { reader, clock };
}

const printable = (batch: SourceBatch) => batch.changes.rows.map((row: Row) => row.map((v) => (v instanceof Uint8Array ? [...v] : String(v))));

describe('DatagenReader', () => {
  it('generates at the configured rate, carrying fractions, capped per poll', async () => {
    const { reader, clock } = readerAt({ 'datagen.rows.per.second': '10' }, columns(['n', 'int4']));
    expect((await reader.poll(1000)).changes.rows).toHaveLength(0);
    clock.ms += 1000;
    expect((await reader.poll(1000)).changes.rows).toHaveLength(10);
    clock.ms += 250;
    expect((await reader.poll(1000)).changes.rows).toHaveLength(2);
    clock.ms += 250;
    expect((await reader.poll(1000)).changes.rows).toHaveLength(3);
    clock.ms += 3_600_000; // a long pause owes at most five seconds of rows
    expect((await reader.poll(20)).changes.rows).toHaveLength(20);
    expect((await reader.poll(1000)).changes.rows).toHaveLength(30);
    expect(reader.position()).toEqual({ rows: 65, startedAtMs: 0 });
  });

  it('is deterministic for a seed, however rows are split into polls or restarts', async () => {
    const whole = readerAt(orderOptions);
    whole.clock.ms += 1000;
    const all = printable(await whole.reader.poll(1000));
    expect(all).toHaveLength(100);
    const split = readerAt(orderOptions);
    const parts: unknown[] = [];
    for (let step = 0; step < 10; step++) {
      split.clock.ms += 100;
      parts.push(...printable(await split.reader.poll(1000)));
    }
    expect(parts).toEqual(all);
    const resumed = readerAt(orderOptions, orderColumns, 60);
    resumed.clock.ms += 400;
    expect(printable(await resumed.reader.poll(1000))).toEqual(all.slice(60));
    const reseeded = readerAt({ ...orderOptions, 'fields.qty.seed': '8' });
    reseeded.clock.ms += 1000;
    const other = printable(await reseeded.reader.poll(1000));
    expect(other.map((row) => row[3])).not.toEqual(all.map((row) => row[3]));
    expect(other.map((row) => row[1])).toEqual(all.map((row) => row[1]));
  });

  it('types every value and keeps to the options', async () => {
    const { reader, clock } = readerAt(orderOptions);
    clock.ms += 1000;
    const rows = (await reader.poll(1000)).changes.rows;
    const base = parseValue('timestamptz', '2026-11-20 12:00:00+00') as bigint;
    rows.forEach((row, index) => {
      expect(row[0]).toBe(1000n + BigInt(index));
      expect(row[1]).toMatch(/^[A-Za-z0-9]{4}$/);
      const total = row[2] as Numeric;
      expect(total).toBeInstanceOf(Numeric);
      expect(total.scale).toBe(2);
      expect(total.compare(Numeric.parse('1')) >= 0 && total.compare(Numeric.parse('500')) <= 0).toBe(true);
      expect(row[3]).toBeGreaterThanOrEqual(1);
      expect(row[3]).toBeLessThanOrEqual(5);
      const at = row[4] as bigint;
      expect(at <= base && at >= base - 3_600_000_000n).toBe(true);
    });
    expect(new Set(rows.map((row) => row[3])).size).toBe(5);
  });

  it('ends when a sequence passes its end', async () => {
    const { reader, clock } = readerAt({ 'fields.n.kind': 'sequence', 'fields.n.start': '1.5', 'fields.n.end': '4', 'datagen.rows.per.second': '100' }, columns(['n', 'numeric']));
    clock.ms += 1000;
    expect(printable(await reader.poll(1000))).toEqual([['1.5'], ['2.5'], ['3.5']]);
    clock.ms += 1000;
    expect((await reader.poll(1000)).changes.rows).toEqual([]);
  });

  it('generates every column type', async () => {
    const cols = columns(
      ['b', 'boolean'], ['s', 'int2'], ['f', 'float4'], ['d', 'float8'], ['t', 'varchar'], ['bytes', 'bytea'],
      ['day', 'date'], ['tod', 'time'], ['ts', 'timestamp'], ['iv', 'interval'], ['doc', 'jsonb'], ['tags', 'varchar[]'],
      ['ids', 'int4[]'], ['rand_ts', 'timestamptz'],
    );
    const { reader, clock } = readerAt({
      'fields.ids.length': '2', 'fields.ids._.kind': 'sequence', 'fields.ids._.start': '10',
      'fields.rand_ts.min': '2026-01-01 00:00:00+00', 'fields.rand_ts.max': '2026-01-02 00:00:00+00',
      'fields.day.min': '2026-01-01', 'fields.day.max': '2026-01-31',
    }, cols);
    clock.ms += 300;
    const rows = (await reader.poll(100)).changes.rows;
    expect(rows).toHaveLength(3);
    const [row] = rows;
    expect(typeof row![0]).toBe('boolean');
    expect(Number.isInteger(row![1])).toBe(true);
    expect(row![2]).toBe(Math.fround(row![2] as number));
    expect(typeof row![3]).toBe('number');
    expect(row![4]).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(row![5]).toBeInstanceOf(Uint8Array);
    expect(row![6]).toBeGreaterThanOrEqual(parseValue('date', '2026-01-01') as number);
    expect(typeof row![7]).toBe('number');
    expect(row![8]).toBe(BigInt(clock.ms) * 1000n);
    expect(row![9]).toBeInstanceOf(Interval);
    expect(() => parseValue('jsonb', row![10] as string)).not.toThrow();
    expect((row![11] as string[]).length).toBe(3);
    expect(rows.map((r) => r[12])).toEqual([[10, 11], [12, 13], [14, 15]]);
    expect(row![13]).toBeGreaterThanOrEqual(parseValue('timestamptz', '2026-01-01 00:00:00+00') as bigint);
  });
});

describe('datagenConnector', () => {
  const cols = columns(['n', 'int4'], ['at', 'timestamp']);
  it('checks options at CREATE time', () => {
    const bad: [Record<string, string>, string][] = [
      [{ 'fields.m.kind': 'random' }, 'column "m" named by option "fields.m.kind" does not exist'],
      [{ 'fields.n.mn': '1' }, 'unrecognized option "fields.n.mn" for connector "datagen"'],
      [{ 'fields.n.kind': 'walk' }, 'invalid value for option "fields.n.kind": "walk"'],
      [{ 'fields.n.min': 'x' }, 'invalid value for option "fields.n.min": "x"'],
      [{ 'fields.n.min': '5', 'fields.n.max': '1' }, 'invalid value for option "fields.n.min": "5"'],
      [{ 'fields.n.kind': 'sequence', 'fields.n.start': '5', 'fields.n.end': '1' }, 'option "fields.n.start" must not be greater than "fields.n.end"'],
      [{ 'fields.at.kind': 'sequence' }, 'datagen cannot generate a sequence of type timestamp without time zone for column "at"'],
      [{ 'datagen.rows.per.second': '0' }, 'invalid value for option "datagen.rows.per.second": "0"'],
      [{ 'fields.n.max': '3000000000' }, 'invalid value for option "fields.n.max": "3000000000"'],
    ];
    for (const [options, message] of bad) expect(() => datagenConnector.validate(sourceSpec(cols, options)), message).toThrow(message);
    expect(() => datagenConnector.validate(sourceSpec(cols, { 'datagen.split.num': '4', connector: 'datagen' }))).not.toThrow();
  });

  it('opens at a checkpointed position', async () => {
    const reader = await datagenConnector.open(sourceSpec(cols), { rows: 42, startedAtMs: 5 });
    expect(reader.position()).toEqual({ rows: 42, startedAtMs: 5 });
    await expect(datagenConnector.open(sourceSpec(cols), { rows: -1 })).rejects.toThrow('invalid checkpoint position for a datagen source');
  });
});
