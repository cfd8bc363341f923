// Checks the differential harness against PostgreSQL alone: generated SQL runs, views run and see data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOracle } from './oracle.js';
import type { Oracle } from './oracle.js';
import { DIFF_VIEWS, postgresText } from './views.js';
import { generateWorkload } from './workload-generator.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('differential oracle (PostgreSQL alone)', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle();
  }, 60_000);
  afterAll(async () => {
    await oracle.close();
  });

  const setup = (seed: number) => {
    const workload = generateWorkload(seed, seed % 4 === 0 ? 'large' : 'small');
    return {
      workload,
      setup: {
        ddl: workload.ddl,
        tables: workload.tables,
        views: DIFF_VIEWS.map((view) => ({ name: view.name, sql: postgresText(view) })),
      },
    };
  };

  it('returns values as PostgreSQL text', async () => {
    await oracle.prepare(setup(1).setup);
    await oracle.execute(
      `INSERT INTO orders (order_id, subtotal, total, order_accepted, created_at) ` +
        `VALUES ('x1', 10.50, 10.5, true, '2024-03-01 10:00:00.5+02')`,
    );
    const snapshot = await oracle.snapshot(['v_global_agg', 'v_expr_time']);
    expect(snapshot.get('v_global_agg')).toEqual({
      columns: ['order_count', 'total_sum', 'total_avg', 'last_created', 'merchants'],
      rows: [['1', '10.5', '10.5000000000000000', '2024-03-01 08:00:00.5+00', '0']],
    });
    expect(snapshot.get('v_expr_time')!.rows[0]).toEqual([
      'x1', '2024-03-01 08:00:00+00', '2024-03-01 00:00:00+00', '8', '5', null, null, '2024-03-02 10:00:00.5+00', '2024-03-01',
    ]);
  });

  it('runs every generated statement and every view, and the views see data', async () => {
    const rowsSeen = new Map<string, number>(DIFF_VIEWS.map((view) => [view.name, 0]));
    for (const seed of SEEDS) {
      const { workload, setup: oracleSetup } = setup(seed);
      await oracle.prepare(oracleSetup);
      for (const batch of workload.batches) {
        for (const statement of batch) await oracle.execute(statement);
        const snapshot = await oracle.snapshot(DIFF_VIEWS.map((view) => view.name));
        for (const [name, result] of snapshot) rowsSeen.set(name, rowsSeen.get(name)! + result.rows.length);
      }
    }
    const empty = [...rowsSeen].filter(([, count]) => count === 0).map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('starts each workload from empty tables', async () => {
    const { setup: oracleSetup } = setup(2);
    await oracle.prepare(oracleSetup);
    const snapshot = await oracle.snapshot(['orders', 'fulfillment', 'ratings']);
    expect([...snapshot.values()].map((result) => result.rows.length)).toEqual([0, 0, 0]);
  });
});
