// SESSION views against PostgreSQL (PGlite): the same random DML in both, sessions computed there with window functions.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../types/text-format.js';
import { Engine } from './engine.js';

const GAP = `INTERVAL '30 minutes'`;
const EVENTS = `CREATE TABLE events (id INT PRIMARY KEY, event_time TIMESTAMP, event_type VARCHAR, price NUMERIC(10,2), user_id BIGINT)`;

/** Tally's views: each event with its session, and the abandoned carts per session. */
const TALLY_VIEWS = `
  CREATE MATERIALIZED VIEW tagged AS
    SELECT id, user_id, window_start, window_end FROM SESSION(events, event_time, ${GAP}, user_id);
  CREATE MATERIALIZED VIEW abandoned AS
    SELECT user_id, window_start, window_end, COUNT(*) AS events,
           COUNT(*) FILTER (WHERE event_type = 'cart') AS carts, SUM(price) FILTER (WHERE event_type = 'cart') AS cart_value
    FROM SESSION(events, event_time, ${GAP}, user_id)
    GROUP BY user_id, window_start, window_end
    HAVING COUNT(*) FILTER (WHERE event_type = 'cart') > 0 AND COUNT(*) FILTER (WHERE event_type = 'purchase') = 0`;

/**
 * The same sessions in PostgreSQL: a row starts a session when the previous row of its user (by time, ties by id)
 * is `gap` or more before it; a running sum of those starts numbers the sessions; min and max time bound them.
 */
const POSTGRES_SESSIONS = `
  WITH flagged AS (
    SELECT *, CASE WHEN event_time - lag(event_time) OVER (PARTITION BY user_id ORDER BY event_time, id) < ${GAP} THEN 0 ELSE 1 END AS starts
    FROM events WHERE event_time IS NOT NULL
  ), numbered AS (
    SELECT *, SUM(starts) OVER (PARTITION BY user_id ORDER BY event_time, id ROWS UNBOUNDED PRECEDING) AS session_no FROM flagged
  )
  SELECT *, MIN(event_time) OVER (PARTITION BY user_id, session_no) AS window_start,
         MAX(event_time) OVER (PARTITION BY user_id, session_no) + ${GAP} AS window_end
  FROM numbered`;

const POSTGRES_VIEWS: Record<string, string> = {
  tagged: `SELECT id::text, user_id::text, window_start::text, window_end::text FROM (${POSTGRES_SESSIONS}) s`,
  abandoned: `
    SELECT user_id::text, window_start::text, window_end::text, COUNT(*)::text,
           (COUNT(*) FILTER (WHERE event_type = 'cart'))::text, (SUM(price) FILTER (WHERE event_type = 'cart'))::text
    FROM (${POSTGRES_SESSIONS}) s
    GROUP BY user_id, window_start, window_end
    HAVING COUNT(*) FILTER (WHERE event_type = 'cart') > 0 AND COUNT(*) FILTER (WHERE event_type = 'purchase') = 0`,
};

let pg: PGlite;
beforeAll(async () => {
  pg = new PGlite();
  await pg.query(EVENTS);
}, 60_000);
afterAll(async () => {
  await pg.close();
});

/** A time on one morning, in minutes (NULL sometimes): the 30-minute gap splits and joins sessions often. */
const eventTime = fc.option(fc.nat(240), { nil: null, freq: 15 }).map((minutes) => (minutes === null ? 'NULL' : `TIMESTAMP '2026-03-01 09:00:00' + INTERVAL '${minutes} minutes'`));
const eventType = fc.constantFrom('view', 'view', 'cart', 'purchase').map((type) => `'${type}'`);
const userId = fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 10 }).map((user) => (user === null ? 'NULL' : String(user)));
const price = fc.integer({ min: 1, max: 5000 }).map((cents) => (cents / 100).toFixed(2));

type Op =
  | { readonly kind: 'insert'; readonly time: string; readonly type: string; readonly price: string; readonly user: string }
  | { readonly kind: 'delete' | 'move' | 'retype'; readonly pick: number; readonly time: string; readonly type: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), time: eventTime, type: eventType, price, user: userId }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'move' as const, 'retype' as const), pick: fc.nat(), time: eventTime, type: eventType }) },
);

/** Turns operations into SQL statements valid in both systems, tracking which ids exist. */
function statements(ops: readonly Op[], ids: number[], next: { id: number }): string[] {
  return ops.flatMap((o): string[] => {
    if (o.kind === 'insert') {
      ids.push(next.id);
      return [`INSERT INTO events VALUES (${next.id++}, ${o.time}, ${o.type}, ${o.price}, ${o.user})`];
    }
    if (ids.length === 0) return [];
    const id = ids[o.pick % ids.length]!;
    switch (o.kind) {
      case 'delete':
        ids.splice(ids.indexOf(id), 1);
        return [`DELETE FROM events WHERE id = ${id}`];
      case 'move':
        return [`UPDATE events SET event_time = ${o.time} WHERE id = ${id}`];
      case 'retype':
        return [`UPDATE events SET event_type = ${o.type} WHERE id = ${id}`];
    }
  });
}

async function tallyLines(db: Engine, view: string): Promise<string[]> {
  const [result] = await db.execute(`SELECT * FROM ${view}`);
  if (!result || result.kind !== 'rows') throw new Error('expected rows');
  return result.rows.map((row) => row.map((v, i) => formatValue(result.columns[i]!.type, v) ?? 'NULL').join('|')).sort();
}

async function postgresLines(sql: string): Promise<string[]> {
  const result = await pg.query<(string | null)[]>(sql, [], { rowMode: 'array' });
  return result.rows.map((row) => row.map((value) => value ?? 'NULL').join('|')).sort();
}

describe('SESSION views against PostgreSQL', () => {
  it('equal window-function sessions after every batch of inserts, updates and deletes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const db = await Engine.open();
        await db.execute(`${EVENTS}; ${TALLY_VIEWS}`);
        await pg.query('TRUNCATE events');
        const ids: number[] = [];
        const next = { id: 1 };
        for (const batch of batches) {
          for (const statement of statements(batch, ids, next)) {
            await db.execute(statement);
            await pg.query(statement);
          }
          for (const [view, sql] of Object.entries(POSTGRES_VIEWS)) {
            expect(await tallyLines(db, view), view).toEqual(await postgresLines(sql));
          }
        }
        await db.close();
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
