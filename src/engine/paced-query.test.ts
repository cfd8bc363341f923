import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStatement } from '../sql/index.js';
import type { Row } from '../types/value.js';
import { Engine } from './engine.js';

/** 3,000 rows: a three-way cross join of them (27 billion rows) runs for hours; only a stop ends it. */
const ENDLESS = 'SELECT count(*) FROM numbers a, numbers b, numbers c';

describe('SELECT through execute (paced)', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open();
    await engine.execute('CREATE TABLE numbers (n INT); CREATE TABLE big (k INT, v INT)');
    engine.ingest('numbers', Array.from({ length: 3000 }, (_, i): Row => [i]));
    engine.ingest('big', Array.from({ length: 20_000 }, (_, i): Row => [i % 100, i]));
  });

  afterEach(async () => {
    await engine.close();
  });

  it('stops when its signal aborts, with the abort reason or query_canceled', async () => {
    const controller = new AbortController();
    const running = engine.execute(ENDLESS, { signal: controller.signal });
    // Other statements run meanwhile: the event loop is free.
    expect((await engine.execute('SELECT count(*) FROM numbers'))[0]).toMatchObject({ rows: [[3000n]] });
    controller.abort();
    await expect(running).rejects.toMatchObject({ condition: 'query_canceled', message: 'canceling statement due to user request' });
    // The statements after a canceled one do not run.
    const stopped = new AbortController();
    stopped.abort();
    await expect(engine.execute('INSERT INTO numbers VALUES (-1)', { signal: stopped.signal })).rejects.toMatchObject({ condition: 'query_canceled' });
    expect((await engine.execute('SELECT count(*) FROM numbers'))[0]).toMatchObject({ rows: [[3000n]] });
  });

  it('stops when the engine closes', async () => {
    const running = engine.execute(ENDLESS);
    await engine.execute('SELECT 1');
    await engine.close();
    await expect(running).rejects.toMatchObject({ condition: 'admin_shutdown' });
  });

  it('sees the snapshot of its start while epochs commit between its slices', async () => {
    // 20,000 rows in 100 keys: 4 million joined rows.
    const running = engine.execute('SELECT count(*), sum(a.v) FROM big a JOIN big b USING (k)');
    // Each ingest is an epoch committed while the query works.
    let settled = false;
    void running.finally(() => (settled = true));
    let epochsMeanwhile = 0;
    for (let i = 0; i < 5; i++) {
      engine.ingest('big', [[i, -1]]);
      if (!settled) epochsMeanwhile++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [answer] = await running;
    expect(epochsMeanwhile).toBeGreaterThan(0);
    expect(answer).toMatchObject({ rows: [[4_000_000n, 200n * 199_990_000n]] });
    // A new query sees them.
    expect(engine.executeStatement(parseStatement('SELECT count(*) FROM big WHERE v < 0'), '')).toMatchObject({ rows: [[5n]] });
  });

  it('evaluates current_user as its own session while other sessions queries run between its slices', async () => {
    await engine.execute("CREATE USER alice PASSWORD 'a'; CREATE USER bob PASSWORD 'b'; GRANT SELECT ON big TO alice; GRANT SELECT ON big TO bob");
    const whose = (user: string): Promise<unknown> =>
      engine.session(user).execute(`SELECT count(*) FROM big a JOIN big b USING (k) WHERE current_user = '${user}'`).then(([result]) => result);
    const [alice, bob] = await Promise.all([whose('alice'), whose('bob')]);
    expect(alice).toMatchObject({ rows: [[4_000_000n]] });
    expect(bob).toMatchObject({ rows: [[4_000_000n]] });
    expect((await engine.execute('SELECT current_user'))[0]).toMatchObject({ rows: [['root']] });
  });
});

describe('NOW() in a SELECT', () => {
  it('is the time the statement started, in every row and every slice', async () => {
    const engine = await Engine.open();
    try {
      await engine.execute('CREATE TABLE big (k INT)');
      engine.ingest('big', Array.from({ length: 200_000 }, (_, i): Row => [i]));
      const sql = 'SELECT count(DISTINCT now()), min(current_timestamp) = max(now()) FROM big a JOIN big b USING (k)';
      for (const [result] of [await engine.execute(sql), [engine.executeStatement(parseStatement(sql), sql)]]) {
        expect(result).toMatchObject({ rows: [[1n, true]] });
      }
    } finally {
      await engine.close();
    }
  });
});
