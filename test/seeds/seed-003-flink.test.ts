// Seed 003's Flink SQL job, run as written, over the seed's sample records: the published channel statistics.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonRowDecoder } from '../../src/connectors/format/json-row-decoder.js';
import { Engine } from '../../src/engine.js';
import { parseScript } from '../../src/sql/index.js';
import { formatValue } from '../../src/types/text-format.js';

const SEED_SQL = join(fileURLToPath(new URL('../..', import.meta.url)), '../shared/seed-sql');
const JOB = join(SEED_SQL, '003_channel_gmv_flink.sql');
const RECORDS = join(SEED_SQL, '003_trade_order_detail.jsonl');
const available = existsSync(JOB) && existsSync(RECORDS);
if (!available) console.warn(`skipping seed 003 test: ${SEED_SQL} not found`);

describe.runIf(available)('seed 003: channel GMV in the Flink dialect', () => {
  it('computes the published per-channel figures from the sample records', async () => {
    const statements = parseScript(readFileSync(JOB, 'utf8'), { dialect: 'flink' });
    const [source, , view, insert] = statements;
    // The Kafka source table as written, minus its connector: rows are fed in directly.
    const table = source!.text.replace(/\)\s*with\s*\([\s\S]*$/i, ')');
    const db = await Engine.open({ dialect: 'flink' });
    await db.execute(table);
    db.executeStatement(view!.statement, view!.text);
    const columns = ['order_id', 'order_channel', 'order_time', 'pay_amount', 'real_pay', 'pay_time', 'user_id', 'user_name', 'area_id'];
    const decode = jsonRowDecoder(columns.map((name) => ({ name, type: name.endsWith('pay') || name === 'pay_amount' ? 'float8' : 'varchar' })));
    const records = readFileSync(RECORDS, 'utf8').trim().split('\n').map((line) => decode(JSON.parse(line)));
    db.ingest('trade_order_detail', records);
    const select = insert!.text.replace(/^[\s\S]*?insert\s+into\s+\w+\s*/i, '');
    const [result] = await db.execute(select);
    if (!result || result.kind !== 'rows') throw new Error('expected rows');
    const rows = result.rows
      .map((row) => row.slice(0, 7).map((v, i) => formatValue(result.columns[i]!.type, v)).join(' | '))
      .sort();
    expect(rows).toEqual([
      '2021-03-25 00:00:00 | appShop | Shopping App | 50.5 | 1 | 1 | 2021-03-25 06:07:00',
      '2021-03-25 00:00:00 | miniAppShop |  Miniprogram | 148.8 | 2 | 2 | 2021-03-25 12:03:00',
      '2021-03-25 00:00:00 | other | Other | 400 | 1 | 1 | 2021-03-25 15:10:00',
      '2021-03-25 00:00:00 | webShop | Website | 986.5 | 2 | 5 | 2021-03-25 16:16:16',
    ]);
  });
});
