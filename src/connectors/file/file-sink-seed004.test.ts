// Seed 004's archive: REES46 events read from CSV files, filtered by a view, archived as Parquet by day; DuckDB reads them back.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { duckdbRows, parquetArchive } from './file-sink-duckdb.test-support.js';
import { fileConnector } from './file-connector.js';
import { fileSinkConnector } from './file-sink-connector.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const EVENT_TYPES = ['view', 'cart', 'remove_from_cart', 'purchase'];
const BRANDS = ['', 'runail', 'f.o.x', 'grattol', 'irisk', 'masura', 'кондитер', '香奈儿'];
const CATEGORY_CODES = ['', 'appliances.environment.vacuum', 'stationery.cartrige', 'accessories.bag'];

interface Event {
  readonly fields: readonly string[];
  /** Whether the view keeps it: carts, removals and purchases with a price. */
  readonly archived: boolean;
}

/** REES46-shaped rows around the turn of October 2019, some with 19-digit product and category ids. */
function events(count: number, seed: number): Event[] {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (n: number): string => String(1 + Math.floor(random() * 9)) + Array.from({ length: n - 1 }, () => Math.floor(random() * 10)).join('');
  const start = Date.UTC(2019, 9, 30, 20);
  return Array.from({ length: count }, () => {
    const at = new Date(start + Math.floor(random() * 3 * 86_400) * 1000).toISOString();
    const eventType = pick(EVENT_TYPES);
    const price = random() < 0.05 ? '0.00' : `${Math.floor(random() * 300)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
    const fields = [
      `${at.slice(0, 10)} ${at.slice(11, 19)} UTC`,
      eventType,
      random() < 0.3 ? '1' + digits(18) : digits(7),
      `1487580${digits(12)}`,
      pick(CATEGORY_CODES),
      pick(BRANDS),
      price,
      digits(9),
      `${digits(8)}-897f-48d2-918b-ad63965c12dc`,
    ];
    return { fields, archived: eventType !== 'view' && Number(price) > 0 };
  });
}

describe('seed 004: archiving processed REES46 events', () => {
  it('archives the view by day, and DuckDB reads exactly its rows', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tally-seed004-'));
    dirs.push(base);
    const landing = join(base, 'landing');
    const archive = join(base, 'archive');
    mkdirSync(landing);
    const db = await Engine.open({ sourceConnectors: [fileConnector], sinkConnectors: [fileSinkConnector], barrierIntervalMs: 60_000 });
    await db.execute(`
      CREATE SOURCE events (event_time TIMESTAMPTZ, event_type VARCHAR, product_id BIGINT, category_id BIGINT, category_code VARCHAR,
        brand VARCHAR, price NUMERIC, user_id BIGINT, user_session VARCHAR)
      WITH (connector = 'file', path = '${landing}', match_pattern = '*.csv', settle_ms = '0') FORMAT PLAIN ENCODE CSV;
      CREATE MATERIALIZED VIEW processed_events AS
        SELECT * FROM events WHERE event_type IN ('cart', 'remove_from_cart', 'purchase') AND price > 0;
      CREATE SINK events_archive FROM processed_events
      WITH (connector = 'file', path = '${archive}', partition_by = 'event_time', type = 'append-only')
      FORMAT PLAIN ENCODE PARQUET;
    `);
    const all = events(3000, 4);
    const files = [all.slice(0, 1200), all.slice(1200)];
    for (const [fileIdx, rows] of files.entries()) {
      const name = `2019-Oct-${fileIdx}.csv`;
      writeFileSync(join(landing, '.' + name), [HEADER, ...rows.map((e) => e.fields.join(','))].join('\n') + '\n');
      renameSync(join(landing, '.' + name), join(landing, name));
    }
    const kept = all.filter((e) => e.archived);
    for (let attempt = 0; attempt < 100; attempt++) {
      await db.execute('FLUSH');
      const [count] = await db.execute('SELECT COUNT(*) FROM processed_events');
      if (count?.kind === 'rows' && count.rows[0]![0] === BigInt(kept.length)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await db.sinksDrained();

    const archived = await duckdbRows(`
      SELECT event_time::VARCHAR, event_type, product_id::VARCHAR, category_id::VARCHAR, category_code, brand, price, user_id::VARCHAR,
        user_session, dt::VARCHAR
      FROM ${parquetArchive(archive)}`);
    const expected = kept.map(({ fields }) => {
      const [eventTime, ...rest] = fields;
      const row = [eventTime!.replace(' UTC', '+00'), ...rest].map((field) => (field === '' ? null : field));
      return [...row, eventTime!.slice(0, 10)];
    });
    const order = (rows: unknown[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();
    expect(archived.length).toBe(kept.length);
    expect(order(archived)).toEqual(order(expected));
    const days = readdirSync(archive).filter((name) => name.startsWith('dt=')).sort();
    expect(days).toEqual(['dt=2019-10-30', 'dt=2019-10-31', 'dt=2019-11-01', 'dt=2019-11-02']);
    await db.close();
  });
});
