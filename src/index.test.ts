import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue, open } from './index.js';

describe('the tally package', () => {
  it('ingests REES46 event files dropped into a directory, each once, into a view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-rees46-'));
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
    const drop = (name: string, lines: string[]): void => {
      writeFileSync(join(dir, `.${name}`), [header, ...lines].join('\n') + '\n');
      renameSync(join(dir, `.${name}`), join(dir, name));
    };
    const db = await open({ barrierIntervalMs: 60_000 });
    await db.execute(`
      CREATE SOURCE events (event_time TIMESTAMPTZ, event_type VARCHAR, product_id BIGINT, category_id BIGINT, category_code VARCHAR,
        brand VARCHAR, price NUMERIC, user_id BIGINT, user_session VARCHAR)
      WITH (connector = 'file', path = '${dir}', match_pattern = '*.csv', settle_ms = '0') FORMAT PLAIN ENCODE CSV;
      CREATE MATERIALIZED VIEW sales AS
        SELECT product_id, category_id, COUNT(*) AS purchases, SUM(price) AS revenue FROM events WHERE event_type = 'purchase' GROUP BY 1, 2;
    `);
    drop('2019-12-01.csv', [
      '2019-12-01 00:00:00 UTC,purchase,5712790,1487580005268456287,,f.o.x,6.27,576802932,51d85cb0-897f-48d2-918b-ad63965c12dc',
      '2019-12-01 00:00:05 UTC,view,5712790,1487580005268456287,,f.o.x,6.27,576802932,51d85cb0-897f-48d2-918b-ad63965c12dc',
      '2019-12-01 00:01:00 UTC,purchase,5712790,1487580005268456287,,f.o.x,6.27,412120092,8adff31e-2051-4894-9758-224bfa8aec18',
    ]);
    const flushUntil = async (expected: string[]): Promise<string[]> => {
      let rows: string[] = [];
      for (let attempt = 0; attempt < 50; attempt++) {
        await db.execute('FLUSH');
        const [result] = await db.execute('SELECT * FROM sales ORDER BY product_id');
        if (result?.kind !== 'rows') throw new Error('expected rows');
        rows = result.rows.map((r) => r.map((v, i) => formatValue(result.columns[i]!.type, v)).join(' '));
        if (JSON.stringify(rows) === JSON.stringify(expected)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      return rows;
    };
    expect(await flushUntil(['5712790 1487580005268456287 2 12.54'])).toEqual(['5712790 1487580005268456287 2 12.54']);
    drop('2019-12-02.csv', ['2019-12-02 10:00:00 UTC,purchase,5764655,1487580005268456287,,cnd,5.56,412120092,x', 'not,a,valid,row']);
    expect(await flushUntil(['5712790 1487580005268456287 2 12.54', '5764655 1487580005268456287 1 5.56'])).toEqual([
      '5712790 1487580005268456287 2 12.54',
      '5764655 1487580005268456287 1 5.56',
    ]);
    const [dead] = await db.execute('SELECT source, "offset" FROM tally_dead_letters');
    expect(dead?.kind === 'rows' ? dead.rows.length : -1).toBe(1);
    await db.close();
  });
});
