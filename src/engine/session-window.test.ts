// SESSION windows through the engine: cart abandonment views under DML, EMIT ON WINDOW CLOSE, restarts, batch queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from './engine.js';
import { errorOf, query, text } from './statement-text.test-support.js';




/** REES46-like events: one row per view, cart or purchase of a product by a user. */
const EVENTS = `CREATE TABLE events (id INT PRIMARY KEY, event_time TIMESTAMP, event_type VARCHAR, product_id INT, price NUMERIC(10,2), user_id BIGINT, user_session VARCHAR)`;

/** Sessions of a user (30 minutes of inactivity end one) where something went into the cart and nothing was bought. */
const CART_ABANDONMENT = `
  SELECT user_id, window_start, window_end,
         COUNT(*) FILTER (WHERE event_type = 'cart') AS carts,
         SUM(price) FILTER (WHERE event_type = 'cart') AS cart_value
  FROM SESSION(events, event_time, INTERVAL '30 minutes', user_id)
  GROUP BY user_id, window_start, window_end
  HAVING COUNT(*) FILTER (WHERE event_type = 'cart') > 0 AND COUNT(*) FILTER (WHERE event_type = 'purchase') = 0`;

describe('SESSION windows: cart abandonment', () => {
  it('keeps abandoned sessions exact as events arrive, move, change and go', async () => {
    const db = await Engine.open();
    await db.execute(`${EVENTS}; CREATE MATERIALIZED VIEW abandoned AS ${CART_ABANDONMENT}`);
    const view = async (): Promise<string[]> => {
      const rows = await query(db, 'SELECT * FROM abandoned ORDER BY user_id, window_start');
      // The batch SELECT of the same query over the same table agrees with the maintained view.
      expect(await query(db, `${CART_ABANDONMENT} ORDER BY user_id, window_start`)).toEqual(rows);
      return rows;
    };
    await db.execute(`INSERT INTO events VALUES
      (1, '2026-03-01 10:00:00', 'view', 10, 5.00, 1, 's1'),
      (2, '2026-03-01 10:10:00', 'cart', 10, 5.00, 1, 's1'),
      (3, '2026-03-01 10:20:00', 'cart', 11, 7.50, 1, 's1'),
      (4, '2026-03-01 11:10:00', 'cart', 12, 3.00, 1, 's2'),
      (5, '2026-03-01 11:20:00', 'purchase', 12, 3.00, 1, 's2'),
      (6, '2026-03-01 10:05:00', 'cart', 20, 9.99, 2, 's3')`);
    expect(await view()).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 10:50:00 2 12.50',
      '2 2026-03-01 10:05:00 2026-03-01 10:35:00 1 9.99',
    ]);
    // 10:45 bridges user 1's two sessions (25 minutes after 10:20, 25 before 11:10): one session, with a purchase.
    await db.execute(`INSERT INTO events VALUES (7, '2026-03-01 10:45:00', 'view', 13, 1.00, 1, 's1')`);
    expect(await view()).toEqual(['2 2026-03-01 10:05:00 2026-03-01 10:35:00 1 9.99']);
    // Moving the bridge splits them again; the first session now ends 30 minutes after 10:30.
    await db.execute(`UPDATE events SET event_time = '2026-03-01 10:30:00' WHERE id = 7`);
    expect(await view()).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 11:00:00 2 12.50',
      '2 2026-03-01 10:05:00 2026-03-01 10:35:00 1 9.99',
    ]);
    // A refund (the purchase deleted) makes the second session abandoned, and shorter; a cart row extends user 2's.
    await db.execute(`DELETE FROM events WHERE id = 5; INSERT INTO events VALUES (8, '2026-03-01 10:34:59', 'cart', 21, 1.01, 2, 's3')`);
    expect(await view()).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 11:00:00 2 12.50',
      '1 2026-03-01 11:10:00 2026-03-01 11:40:00 1 3.00',
      '2 2026-03-01 10:05:00 2026-03-01 11:04:59 2 11.00',
    ]);
    // Deleting the session's first event moves its start; a NULL time belongs to no session.
    await db.execute(`DELETE FROM events WHERE id = 1; INSERT INTO events VALUES (9, NULL, 'cart', 1, 100, 1, 's1')`);
    expect(await view()).toEqual([
      '1 2026-03-01 10:10:00 2026-03-01 11:00:00 2 12.50',
      '1 2026-03-01 11:10:00 2026-03-01 11:40:00 1 3.00',
      '2 2026-03-01 10:05:00 2026-03-01 11:04:59 2 11.00',
    ]);
    await db.execute('DELETE FROM events');
    expect(await view()).toEqual([]);
  });

  it('partitions by several keys, by none, and through an alias', async () => {
    const db = await Engine.open();
    await db.execute(`${EVENTS}; INSERT INTO events VALUES
      (1, '2026-03-01 10:00:00', 'view', 1, 1, 1, 'a'),
      (2, '2026-03-01 10:20:00', 'view', 1, 1, 1, 'b'),
      (3, '2026-03-01 10:40:00', 'view', 1, 1, 2, 'a')`);
    expect(await query(db, `SELECT e.id, e.window_start, e.window_end FROM SESSION(events, event_time, INTERVAL '30 minutes', user_id, user_session) AS e ORDER BY id`)).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 10:30:00',
      '2 2026-03-01 10:20:00 2026-03-01 10:50:00',
      '3 2026-03-01 10:40:00 2026-03-01 11:10:00',
    ]);
    expect(await query(db, `SELECT id, window_start, window_end FROM SESSION(events, event_time, INTERVAL '30 minutes') ORDER BY id`)).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 11:10:00',
      '2 2026-03-01 10:00:00 2026-03-01 11:10:00',
      '3 2026-03-01 10:00:00 2026-03-01 11:10:00',
    ]);
    // The same function in the Flink dialect (Flink's own TABLE ... DESCRIPTOR(...) form is not parsed).
    const [flink] = await db.execute(`SELECT id, window_end FROM SESSION(events, event_time, INTERVAL '30' MINUTE, user_id) WHERE id = 3`, { dialect: 'flink' });
    expect(text(flink)).toEqual(['3 2026-03-01 11:10:00']);
  });

  it('shows the session window in EXPLAIN and refuses what it cannot do', async () => {
    const db = await Engine.open();
    await db.execute(EVENTS);
    expect(await query(db, `EXPLAIN SELECT user_id, window_start, COUNT(*) FROM SESSION(events, event_time, INTERVAL '30 minutes', user_id) GROUP BY 1, 2`)).toContainEqual(
      expect.stringContaining('SessionWindow { time: event_time, gap: 1800000000us, partition_by: [user_id] }'),
    );
    expect((await errorOf(db, `SELECT * FROM SESSION(events, event_type, INTERVAL '1 minute')`)).message).toBe(
      'the time column of SESSION must be of type timestamp or timestamp with time zone',
    );
    expect((await errorOf(db, `SELECT * FROM SESSION(events, event_time, INTERVAL '0 minutes')`)).message).toBe('the gap of SESSION must be positive');
    expect((await errorOf(db, `SELECT * FROM SESSION(events, event_time)`)).message).toBe(
      'SESSION expects a relation, a time column, a gap interval and optional key columns',
    );
    expect((await errorOf(db, `SELECT * FROM SESSION(events, event_time, INTERVAL '1 month')`)).message).toBe('SESSION does not support intervals with months or years');
  });
});

describe('SESSION windows with EMIT ON WINDOW CLOSE', () => {
  const WATERMARKED = `CREATE TABLE events (id INT PRIMARY KEY, event_time TIMESTAMP, event_type VARCHAR, product_id INT, price NUMERIC(10,2), user_id BIGINT, user_session VARCHAR,
    WATERMARK FOR event_time AS event_time - INTERVAL '5 minutes')`;

  it('emits each abandoned session once, when the watermark passes its end, and drops late changes', async () => {
    const db = await Engine.open();
    await db.execute(`${WATERMARKED};
      CREATE MATERIALIZED VIEW abandoned AS ${CART_ABANDONMENT} EMIT ON WINDOW CLOSE;
      CREATE MATERIALIZED VIEW live AS ${CART_ABANDONMENT}`);
    const emitted: string[] = [];
    db.onChanges((relation, batch) => {
      if (relation === 'abandoned') emitted.push(batch.weights.join(','));
    });
    await db.execute(`INSERT INTO events VALUES
      (1, '2026-03-01 10:00:00', 'cart', 10, 5.00, 1, 's1'),
      (2, '2026-03-01 10:10:00', 'cart', 11, 2.50, 2, 's2'),
      (3, '2026-03-01 10:20:00', 'view', 12, 1.00, 1, 's1')`);
    expect(await query(db, 'SELECT * FROM abandoned')).toEqual([]);
    // Watermark 10:45: user 2's session [10:10, 10:40) is closed and emitted, user 1's [10:00, 10:50) is not.
    await db.execute(`INSERT INTO events VALUES (4, '2026-03-01 10:50:00', 'view', 13, 1.00, 3, 's3')`);
    expect(await query(db, 'SELECT * FROM abandoned ORDER BY user_id')).toEqual(['2 2026-03-01 10:10:00 2026-03-01 10:40:00 1 2.50']);
    // Behind the watermark: a purchase in user 2's closed session is late, and so is its deletion; a purchase at
    // 10:44 for user 1 lands inside its open session and applies: that session is no longer abandoned.
    await db.execute(`INSERT INTO events VALUES (5, '2026-03-01 10:30:00', 'purchase', 11, 2.50, 2, 's2'), (6, '2026-03-01 10:44:00', 'purchase', 10, 5.00, 1, 's1')`);
    await db.execute(`DELETE FROM events WHERE id = 2`);
    await db.execute(`INSERT INTO events VALUES (7, '2026-03-01 12:00:00', 'view', 14, 1.00, 3, 's3')`);
    expect(await query(db, 'SELECT * FROM abandoned ORDER BY user_id')).toEqual(['2 2026-03-01 10:10:00 2026-03-01 10:40:00 1 2.50']);
    expect(emitted).toEqual(['1']);
    // The view without EMIT ON WINDOW CLOSE took every change.
    expect(await query(db, 'SELECT * FROM live ORDER BY user_id')).toEqual([]);
  });

  it('shows which watermark closes the sessions, and needs window_end among the keys', async () => {
    const db = await Engine.open();
    await db.execute(WATERMARKED);
    expect(await query(db, `EXPLAIN CREATE MATERIALIZED VIEW v AS SELECT user_id, window_end, COUNT(*) FROM SESSION(events, event_time, INTERVAL '30 minutes', user_id) GROUP BY 1, 2 EMIT ON WINDOW CLOSE`)).toContainEqual(
      expect.stringContaining('SessionWindow { time: event_time, gap: 1800000000us, partition_by: [user_id], closed_by: watermark(events) }'),
    );
    const err = await errorOf(db, `CREATE MATERIALIZED VIEW v AS SELECT user_id, window_start, COUNT(*) FROM SESSION(events, event_time, INTERVAL '30 minutes', user_id) GROUP BY 1, 2 EMIT ON WINDOW CLOSE`);
    expect(err.message).toBe('EMIT ON WINDOW CLOSE needs a GROUP BY key on a watermark column or a window over it');
  });
});

describe('SESSION windows across a restart', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('restores the sessions from the checkpoint and merges them with later events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-session-'));
    dirs.push(dir);
    const open = (): Promise<Engine> => Engine.open({ dataDir: dir, durability: 'none', barrierIntervalMs: 60_000 });
    let db = await open();
    await db.execute(`${EVENTS}; CREATE MATERIALIZED VIEW abandoned AS ${CART_ABANDONMENT};
      INSERT INTO events VALUES (1, '2026-03-01 10:00:00', 'cart', 10, 5.00, 1, 's1'), (2, '2026-03-01 10:50:00', 'cart', 11, 2.00, 1, 's1')`);
    expect(await query(db, 'SELECT * FROM abandoned ORDER BY window_start')).toEqual([
      '1 2026-03-01 10:00:00 2026-03-01 10:30:00 1 5.00',
      '1 2026-03-01 10:50:00 2026-03-01 11:20:00 1 2.00',
    ]);
    await db.close();
    db = await open();
    await db.execute(`INSERT INTO events VALUES (3, '2026-03-01 10:25:00', 'view', 12, 1.00, 1, 's1')`);
    expect(await query(db, 'SELECT * FROM abandoned ORDER BY window_start')).toEqual(['1 2026-03-01 10:00:00 2026-03-01 11:20:00 2 7.00']);
    await db.close();
  });
});
