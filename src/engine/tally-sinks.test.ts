// Tests of the tally_sinks system relation over a running engine: each sink's target, progress, errors and state.
import { describe, expect, it } from 'vitest';
import type { Value } from '../types/value.js';
import { Engine } from './engine.js';
import { MemoryTarget } from './memory-sink.test-support.js';

async function rows(db: Engine, sql: string): Promise<Record<string, Value>[]> {
  const [result] = await db.execute(sql);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, index) => [column.name, row[index]!])));
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tally_sinks', () => {
  it('shows each sink with its connector, relation, type, progress, errors and state', async () => {
    const target = new MemoryTarget();
    const db = await Engine.open({ sinkConnectors: [target], barrierIntervalMs: 60_000 });
    try {
      await db.execute(`
        CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total INT);
        CREATE MATERIALIZED VIEW gmv AS SELECT merchant, SUM(total) AS gmv FROM orders GROUP BY merchant;
        INSERT INTO orders VALUES (1, 'm1', 10), (2, 'm2', 5);
        CREATE SINK gmv_sink FROM gmv WITH (connector = 'memory', table = 'gmv', type = 'upsert', primary_key = 'merchant');
        CREATE SINK orders_log FROM orders WITH (connector = 'memory', table = 'log', type = 'append-only', force_append_only = 'true');
      `);
      await db.sinksDrained();
      expect(await rows(db, 'SELECT * FROM tally_sinks ORDER BY name')).toEqual([
        { name: 'gmv_sink', connector: 'memory', relation: 'gmv', type: 'upsert', delivered: 2n, pending: 0n, errors: 0n, last_error: null, dropped_retractions: 0n, state: 'running' },
        { name: 'orders_log', connector: 'memory', relation: 'orders', type: 'append-only', delivered: 2n, pending: 0n, errors: 0n, last_error: null, dropped_retractions: 0n, state: 'running' },
      ]);

      target.failures = 1_000;
      await db.execute(`INSERT INTO orders VALUES (3, 'm1', 1)`);
      await until(async () => (await rows(db, `SELECT errors FROM tally_sinks WHERE name = 'gmv_sink'`))[0]!.errors !== 0n, 'a failed write');
      const [failing] = await rows(db, `SELECT state, last_error, pending > 0 AS behind FROM pg_catalog.tally_sinks WHERE name = 'gmv_sink'`);
      expect(failing).toEqual({ state: 'retrying', last_error: 'target unavailable', behind: true });

      target.failures = 0;
      await db.sinksDrained();
      const [recovered] = await rows(db, `SELECT state, pending, errors > 0 AS failed_before, last_error FROM tally_sinks WHERE name = 'gmv_sink'`);
      expect(recovered).toEqual({ state: 'running', pending: 0n, failed_before: true, last_error: 'target unavailable' });

      // Other users are shown no sinks.
      await db.execute(`CREATE USER analyst PASSWORD 'a1'`);
      const [asAnalyst] = await db.session('analyst').execute('SELECT count(*) AS n FROM tally_sinks');
      expect(asAnalyst?.kind === 'rows' && asAnalyst.rows).toEqual([[0n]]);

      await db.execute('DROP SINK orders_log');
      expect(await rows(db, 'SELECT name FROM tally_sinks')).toEqual([{ name: 'gmv_sink' }]);
    } finally {
      await db.close();
    }
  });

  it('is read-only and cannot feed a materialized view', async () => {
    const db = await Engine.open({});
    try {
      expect(await rows(db, 'SELECT count(*) AS n FROM tally_sinks')).toEqual([{ n: 0n }]);
      await expect(db.execute('CREATE MATERIALIZED VIEW m AS SELECT * FROM tally_sinks')).rejects.toThrow('materialized views cannot read system relation "pg_catalog.tally_sinks"');
      await expect(db.execute(`INSERT INTO tally_sinks (name) VALUES ('x')`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
