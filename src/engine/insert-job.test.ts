import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScript } from '../sql/index.js';
import { formatValue } from '../types/text-format.js';
import type { Row } from '../types/value.js';
import { Engine, type EngineOptions } from './engine.js';
import { MemoryTarget } from './memory-sink.test-support.js';

const SEED_SQL = fileURLToPath(new URL('../../../shared/seed-sql', import.meta.url));
const JOB = join(SEED_SQL, '003_channel_gmv_flink.sql');
const RECORDS = join(SEED_SQL, '003_trade_order_detail.jsonl');
const available = existsSync(JOB) && existsSync(RECORDS);
if (!available) console.warn(`skipping the seed 003 insert-job tests: ${SEED_SQL} not found`);

const COLUMNS = ['order_id', 'order_channel', 'order_time', 'pay_amount', 'real_pay', 'pay_time', 'user_id', 'user_name', 'area_id'];

/** The seed's sample records as rows of its source table (double columns as JS numbers). */
function records(): Row[] {
  return readFileSync(RECORDS, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return COLUMNS.map((c) => {
        const value = record[c];
        if (value === undefined || value === null) return null;
        return c === 'pay_amount' || c === 'real_pay' ? Number(value) : String(value);
      });
    });
}

/** The job as written, except that the Kafka source table gets its rows from the test (connector 'http'). */
function jobStatements(): string[] {
  const statements = parseScript(readFileSync(JOB, 'utf8'), { dialect: 'flink' }).map((s) => s.text);
  statements[0] = statements[0]!.replace(/\)\s*with\s*\([\s\S]*$/i, `) with ("connector.type" = "http")`);
  return statements;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED = [
  '2021-03-25 00:00:00|appShop|Shopping App|50.5|1|1|2021-03-25 06:07:00',
  '2021-03-25 00:00:00|miniAppShop| Miniprogram|148.8|2|2|2021-03-25 12:03:00',
  '2021-03-25 00:00:00|other|Other|400|1|1|2021-03-25 15:10:00',
  '2021-03-25 00:00:00|webShop|Website|986.5|2|5|2021-03-25 16:16:16',
];

async function resultTable(db: Engine): Promise<string[]> {
  const [result] = await db.execute('SELECT * FROM trade_channel_collect');
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.slice(0, 7).map((v, i) => formatValue(result.columns[i]!.type, v)).join('|')).sort();
}

const targetText = (target: MemoryTarget): string[] =>
  [...target.rows.values()].map((row) => row.slice(0, 7).map((v) => String(v)).join('|')).sort();

describe.runIf(available)('Flink insert into ... select (seed 003)', () => {
  async function run(options: EngineOptions, target: MemoryTarget): Promise<Engine> {
    const db = await Engine.open({ dialect: 'flink', sinkConnectors: [target], barrierIntervalMs: 60_000, ...options });
    for (const statement of jobStatements()) await db.execute(statement);
    return db;
  }

  it('runs the job as written: the result table and its jdbc target hold the published figures', async () => {
    const target = new MemoryTarget('jdbc', 'connector.url');
    const db = await run({}, target);
    const rows = records();
    db.ingest('trade_order_detail', rows.slice(0, 3));
    db.ingest('trade_order_detail', rows.slice(3));
    expect(await resultTable(db)).toEqual(EXPECTED);
    await db.sinksDrained();
    expect(targetText(target)).toEqual(EXPECTED);
    const [shown] = await db.execute('SHOW SINKS');
    expect(shown).toMatchObject({ kind: 'rows' });
    await db.close();
  });

  it('survives a restart with the job, the table and the sink', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-flink-'));
    dirs.push(dir);
    const target = new MemoryTarget('jdbc', 'connector.url');
    let db = await run({ dataDir: dir, durability: 'none' }, target);
    const rows = records();
    db.ingest('trade_order_detail', rows.slice(0, 4));
    await db.close();
    db = await Engine.open({ dialect: 'flink', sinkConnectors: [target], barrierIntervalMs: 60_000, dataDir: dir, durability: 'none' });
    db.ingest('trade_order_detail', rows.slice(4));
    expect(await resultTable(db)).toEqual(EXPECTED);
    await db.sinksDrained();
    expect(targetText(target)).toEqual(EXPECTED);
    await db.close();
  });
});
