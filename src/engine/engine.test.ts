import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../expr/function-registry.js';
import { Numeric } from '../types/numeric.js';
import { Engine } from './engine.js';
import { errorOf, query } from './statement-text.test-support.js';




describe('Engine', () => {
  it('keeps a grouped view equal to its query under inserts, updates and deletes', async () => {
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE orders (id INT PRIMARY KEY, merchant VARCHAR, total NUMERIC, status VARCHAR);
      CREATE MATERIALIZED VIEW gmv AS
        SELECT merchant, COUNT(*) AS n, SUM(total) AS gmv, ROUND(AVG(total), 2) AS aov
        FROM orders WHERE status <> 'cancelled' GROUP BY merchant;
      INSERT INTO orders VALUES (1, 'm1', 10.50, 'paid'), (2, 'm1', 4.25, 'paid'), (3, 'm2', 7, 'paid');
    `);
    expect(await query(db, 'SELECT * FROM gmv ORDER BY merchant')).toEqual(['m1 2 14.75 7.38', 'm2 1 7 7.00']);
    await db.execute(`UPDATE orders SET status = 'cancelled' WHERE id = 2; DELETE FROM orders WHERE id = 3`);
    expect(await query(db, 'SELECT * FROM gmv ORDER BY merchant')).toEqual(['m1 1 10.50 10.50']);
    await db.execute(`INSERT INTO orders VALUES (1, 'm2', 1.00, 'paid')`);
    expect(await query(db, 'SELECT * FROM gmv ORDER BY merchant')).toEqual(['m2 1 1.00 1.00']);
  });

  it('maintains views on views and drops them with CASCADE only', async () => {
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE t (k INT, v INT);
      CREATE MATERIALIZED VIEW a AS SELECT k, SUM(v) AS s FROM t GROUP BY k;
      CREATE MATERIALIZED VIEW b AS SELECT SUM(s) AS total FROM a;
      INSERT INTO t VALUES (1, 2), (1, 3), (2, 10);
    `);
    expect(await query(db, 'SELECT * FROM b')).toEqual(['15']);
    const err = await errorOf(db, 'DROP TABLE t');
    expect(err.message).toBe('cannot drop table t because other objects depend on it');
    expect(err.hint).toBe('Use DROP ... CASCADE to drop the dependent objects too.');
    const [dropped] = await db.execute('DROP TABLE t CASCADE');
    expect(dropped).toMatchObject({ kind: 'command', notices: ['drop cascades to materialized view b', 'drop cascades to materialized view a'] });
    expect(await query(db, 'SHOW MATERIALIZED VIEWS')).toEqual([]);
  });

  it('reports errors PostgreSQL-style, with the position of the offending name', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE t (a INT, b INT)');
    const missing = await errorOf(db, 'SELECT totl FROM t');
    expect(missing.message).toBe('column "totl" does not exist');
    expect(missing.position).toBe(7);
    expect((await errorOf(db, 'SELECT a, count(*) FROM t')).message).toBe(
      'column "t.a" must appear in the GROUP BY clause or be used in an aggregate function',
    );
    expect((await errorOf(db, 'SELECT * FROM nope')).message).toBe('relation "nope" does not exist');
  });

  it('refuses at CREATE time what it cannot maintain', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE a (x INT); CREATE TABLE b (y INT)');
    const err = await errorOf(db, 'CREATE MATERIALIZED VIEW v AS SELECT * FROM a CROSS JOIN b');
    expect(err.condition).toBe('feature_not_supported');
    expect(err.message).toBe('streaming nested-loop join is not supported');
    await db.execute('INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)');
    expect(await query(db, 'SELECT * FROM a CROSS JOIN b')).toEqual(['1 2']);
  });

  it('answers ORDER BY, LIMIT and OFFSET over hidden sort keys', async () => {
    const db = await Engine.open();
    await db.execute(`CREATE TABLE t (name VARCHAR, score INT); INSERT INTO t VALUES ('a', 3), ('b', 1), ('c', 2), ('d', NULL)`);
    expect(await query(db, 'SELECT name FROM t ORDER BY score DESC LIMIT 2 OFFSET 1')).toEqual(['a', 'c']);
    expect(await query(db, 'SELECT name FROM t ORDER BY score NULLS FIRST')).toEqual(['d', 'b', 'c', 'a']);
  });

  it('feeds push sources through ingest; a source cannot be read directly', async () => {
    const db = await Engine.open();
    await db.execute(`
      CREATE SOURCE clicks (page VARCHAR, amount NUMERIC) WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
      CREATE MATERIALIZED VIEW per_page AS SELECT page, COUNT(*) AS n, SUM(amount) AS amount FROM clicks GROUP BY page;
    `);
    db.ingest('clicks', [['home', Numeric.parse('1.5')], ['home', null], ['cart', Numeric.parse('2')]]);
    expect(await query(db, 'SELECT * FROM per_page ORDER BY page')).toEqual(['cart 1 2', 'home 2 1.5']);
    expect((await errorOf(db, 'SELECT * FROM clicks')).message).toBe('cannot read source "clicks" directly');
  });

  it('refuses connectors it cannot run yet, but plans them in dry-run mode', async () => {
    const sql = `CREATE SOURCE s (a INT) WITH (connector = 'kafka', topic = 't', properties.bootstrap.server = 'k:9092') FORMAT PLAIN ENCODE JSON`;
    const err = await errorOf(await Engine.open(), sql);
    expect(err.message).toBe('source connector "kafka" is not available in this build');
    const dry = await Engine.open({ dryRun: true });
    expect(await dry.execute(`${sql}; CREATE MATERIALIZED VIEW v AS SELECT a, COUNT(*) FROM s GROUP BY a`)).toHaveLength(2);
  });

  it('explains a materialized view as a stream plan', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE t (k INT, v INT)');
    const lines = await query(db, 'EXPLAIN CREATE MATERIALIZED VIEW m AS SELECT k, SUM(v) FROM t WHERE v > 0 GROUP BY k');
    expect(lines[0]).toBe('StreamMaterialize { name: m }');
    expect(lines.some((l) => l.includes('HashAgg { group_key: [k], aggs: [sum(v)] }'))).toBe(true);
    expect(lines.some((l) => l.includes('StreamTableScan { table: t'))).toBe(true);
  });

  it('tells change listeners about every relation an epoch changed', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE t (k INT); CREATE MATERIALIZED VIEW c AS SELECT COUNT(*) AS n FROM t');
    const seen: string[] = [];
    db.onChanges((relation, changes) => seen.push(`${relation}:${changes.weights.join(',')}`));
    await db.execute('INSERT INTO t VALUES (1), (2)');
    expect(seen).toEqual(['t:1,1', 'c:-1,1']);
  });
});

describe('top-N rewrite', () => {
  it('plans a filtered row_number as TopN and keeps the answer', async () => {
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE sales (product VARCHAR, category VARCHAR, amount INT);
      CREATE MATERIALIZED VIEW top2 AS
        SELECT category, product, amount FROM (
          SELECT *, row_number() OVER (PARTITION BY category ORDER BY amount DESC, product) AS rn FROM sales
        ) t WHERE rn <= 2;
      INSERT INTO sales VALUES ('a', 'x', 5), ('b', 'x', 9), ('c', 'x', 7), ('d', 'y', 1);
    `);
    expect(await query(db, 'SELECT * FROM top2 ORDER BY category, amount DESC')).toEqual(['x b 9', 'x c 7', 'y d 1']);
    await db.execute(`DELETE FROM sales WHERE product = 'b'; INSERT INTO sales VALUES ('e', 'y', 3)`);
    expect(await query(db, 'SELECT * FROM top2 ORDER BY category, amount DESC')).toEqual(['x c 7', 'x a 5', 'y e 3', 'y d 1']);
    const plan = await query(db, `EXPLAIN CREATE MATERIALIZED VIEW t1 AS SELECT * FROM (SELECT *, rank() OVER (ORDER BY amount) AS r FROM sales) s WHERE r = 1`);
    expect(plan.some((l) => l.includes('TopN') && l.includes('rank: rank'))).toBe(true);
    expect(plan.some((l) => l.includes('OverWindow'))).toBe(false);
  });
});

describe('temporal filters', () => {
  const HOUR = 3_600_000_000n;
  const T = 1_790_000_000_000_000n; // 2026-09-21 14:13:20 UTC, in µs
  const wallClock = clock.now;
  afterEach(() => {
    clock.now = wallClock;
  });

  it('lets rows age out of a WHERE ts > NOW() - interval view as the clock advances', async () => {
    let now = T;
    clock.now = () => now;
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE events (id INT, ts TIMESTAMPTZ);
      CREATE MATERIALIZED VIEW recent AS SELECT id FROM events WHERE ts > NOW() - INTERVAL '1 hour';
      CREATE MATERIALIZED VIEW recent_count AS SELECT COUNT(*) AS n FROM recent;
    `);
    await db.execute(`INSERT INTO events VALUES (1, '2026-09-21 13:20:00+00'), (2, '2026-09-21 14:00:00+00'), (3, '2026-09-21 11:00:00+00')`);
    expect(await query(db, 'SELECT * FROM recent ORDER BY id')).toEqual(['1', '2']);
    now = T + HOUR / 4n;
    db.tick();
    expect(await query(db, 'SELECT * FROM recent ORDER BY id')).toEqual(['2']);
    expect(await query(db, 'SELECT * FROM recent_count')).toEqual(['1']);
    now = T + HOUR;
    db.tick();
    expect(await query(db, 'SELECT * FROM recent_count')).toEqual(['0']);
    await db.close();
  });

  it("drops yesterday's rows from an aggregate FILTER (WHERE ts >= CURRENT_DATE) at midnight", async () => {
    let now = T;
    clock.now = () => now;
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE orders (seller VARCHAR, amount NUMERIC, ts TIMESTAMPTZ);
      CREATE MATERIALIZED VIEW today AS
        SELECT seller, SUM(amount) AS total, SUM(amount) FILTER (WHERE ts >= CURRENT_DATE) AS today FROM orders GROUP BY seller;
      INSERT INTO orders VALUES ('s1', 10, '2026-09-21 08:00:00+00'), ('s1', 5, '2026-09-20 23:00:00+00');
    `);
    expect(await query(db, 'SELECT * FROM today')).toEqual(['s1 15 10']);
    now = T + 11n * HOUR;
    db.tick();
    expect(await query(db, 'SELECT * FROM today')).toEqual(['s1 15 NULL']);
    await db.close();
  });

  it('refuses volatile functions that a view cannot re-evaluate', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE t (x INT)');
    expect((await errorOf(db, 'CREATE MATERIALIZED VIEW v AS SELECT x, random() AS r FROM t')).message).toBe(
      'volatile function random() cannot be used in a materialized view',
    );
    expect((await errorOf(db, 'CREATE MATERIALIZED VIEW v AS SELECT x, COUNT(*) FROM t GROUP BY x, now()')).message).toBe(
      'NOW() is not supported in this part of a materialized view',
    );
  });
});

describe('watermarks and EMIT ON WINDOW CLOSE', () => {
  it('emits each window once, final, when the watermark passes its end, and drops late rows', async () => {
    const db = await Engine.open();
    await db.execute(`
      CREATE TABLE clicks (ts TIMESTAMP, n INT, WATERMARK FOR ts AS ts - INTERVAL '5 minutes') APPEND ONLY;
      CREATE MATERIALIZED VIEW per_hour AS
        SELECT window_start, SUM(n) AS total FROM TUMBLE(clicks, ts, INTERVAL '1 hour') GROUP BY window_start
        EMIT ON WINDOW CLOSE;
      CREATE MATERIALIZED VIEW live AS
        SELECT window_start, SUM(n) AS total FROM TUMBLE(clicks, ts, INTERVAL '1 hour') GROUP BY window_start;
    `);
    const changes: string[] = [];
    db.onChanges((relation, batch) => {
      if (relation === 'per_hour') changes.push(batch.weights.join(','));
    });
    await db.execute(`INSERT INTO clicks VALUES ('2026-01-01 10:10:00', 1), ('2026-01-01 10:50:00', 2), ('2026-01-01 11:03:00', 4)`);
    expect(await query(db, 'SELECT * FROM per_hour')).toEqual([]);
    await db.execute(`INSERT INTO clicks VALUES ('2026-01-01 11:06:00', 8)`);
    expect(await query(db, 'SELECT * FROM per_hour')).toEqual(['2026-01-01 10:00:00 3']);
    // 10:59 is behind the watermark (11:01): late for the closed 10:00 window, which stays final.
    await db.execute(`INSERT INTO clicks VALUES ('2026-01-01 10:59:00', 16), ('2026-01-01 12:30:00', 32)`);
    expect(await query(db, 'SELECT * FROM per_hour ORDER BY 1')).toEqual(['2026-01-01 10:00:00 3', '2026-01-01 11:00:00 12']);
    expect(changes).toEqual(['1', '1']);
    // The late row is not lost: the dead-letter table keeps it, with the view that dropped it and why.
    expect(await query(db, `SELECT source, payload, error FROM tally_dead_letters`)).toEqual([
      'per_hour (2026-01-01 10:59:00,16) late row: its window was already closed by the watermark',
    ]);
    expect(await query(db, 'SELECT * FROM live ORDER BY 1')).toEqual([
      '2026-01-01 10:00:00 19',
      '2026-01-01 11:00:00 12',
      '2026-01-01 12:00:00 32',
    ]);
  });

  it('refuses EMIT ON WINDOW CLOSE without a watermark to close windows', async () => {
    const db = await Engine.open();
    await db.execute('CREATE TABLE t (ts TIMESTAMP, n INT)');
    const err = await errorOf(db, `CREATE MATERIALIZED VIEW v AS SELECT window_start, COUNT(*) FROM TUMBLE(t, ts, INTERVAL '1 hour') GROUP BY window_start EMIT ON WINDOW CLOSE`);
    expect(err.message).toBe('EMIT ON WINDOW CLOSE needs a GROUP BY key on a watermark column or a window over it');
  });
});
