// Users, grants, row scopes and masked secrets, through the engine's statements and sessions.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../storage/checkpoint-store.js';
import { SqlError } from '../types/error.js';
import { Engine } from './engine.js';
import type { SinkConnector } from '../stream/sink.js';
import { MemoryTarget } from './memory-sink.test-support.js';
import { errorOf, query as rows } from './statement-text.test-support.js';





const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function shop(): Promise<Engine> {
  const db = await Engine.open();
  await db.execute(`
    CREATE TABLE orders (id INT PRIMARY KEY, seller_id VARCHAR, total INT);
    CREATE TABLE fx_rates (currency VARCHAR, rate NUMERIC);
    INSERT INTO orders VALUES (1, 'S1', 10), (2, 'S2', 7), (3, 'S1', 5), (4, 'S3', 1), (5, NULL, 2);
    INSERT INTO fx_rates VALUES ('EUR', 1.1);
    CREATE MATERIALIZED VIEW by_seller AS SELECT seller_id, sum(total) AS gmv FROM orders GROUP BY seller_id;
    CREATE MATERIALIZED VIEW overall AS SELECT sum(total) AS gmv FROM orders;
    CREATE USER s1 WITH PASSWORD 'pw-s1' SCOPE (seller_id = 'S1');
  `);
  return db;
}

describe('CREATE, ALTER and DROP USER', () => {
  it('keeps users with their options and refuses what PostgreSQL refuses', async () => {
    const db = await shop();
    expect((await db.execute("CREATE USER s2 PASSWORD 'x2' SCOPE (seller_id IN ('S2', 'S3'))"))[0]).toEqual({ kind: 'command', tag: 'CREATE_ROLE', notices: [] });
    expect((await errorOf(db, 'CREATE USER s2')).message).toBe('role "s2" already exists');
    expect((await errorOf(db, 'ALTER USER nobody PASSWORD NULL')).message).toBe('role "nobody" does not exist');
    expect((await errorOf(db, "CREATE USER s3 PASSWORD 'a' PASSWORD 'b'")).message).toBe('conflicting or redundant options');
    expect((await errorOf(db, "CREATE USER s3 TOKEN 'short'")).message).toBe('token must be at least 16 characters long');
    expect((await errorOf(db, "CREATE USER s3 SUPERUSER SCOPE (seller_id = 'S3')")).message).toBe('superuser "s3" cannot have a scope');
    expect((await errorOf(db, 'ALTER USER root NOSUPERUSER')).message).toBe('role "root" must remain a superuser');
    expect((await errorOf(db, 'DROP USER root')).message).toBe('role "root" cannot be dropped because it is required by the database system');
    expect((await db.execute("CREATE USER s4 PASSWORD ''"))[0]).toMatchObject({ notices: ['empty string is not a valid password, clearing password'] });
    expect(db.passwordVerifier('s4')).toBeUndefined();
    expect((await db.execute('DROP USER IF EXISTS s4, ghost'))[0]).toEqual({ kind: 'command', tag: 'DROP_ROLE', notices: ['role "ghost" does not exist, skipping'] });
    expect(() => db.session('s4')).toThrow('role "s4" does not exist');
  });

  it('stores a SCRAM-SHA-256 verifier and checks passwords and tokens against what it stores', async () => {
    const db = await shop();
    const verifier = db.passwordVerifier('s1');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(db.sessionForPassword('s1', 'pw-s1')?.user).toBe('s1');
    expect(db.sessionForPassword('s1', 'pw-s2')).toBeUndefined();
    expect(db.sessionForToken('token-of-seller-1')).toBeUndefined();
    await db.execute("ALTER USER s1 TOKEN 'token-of-seller-1'");
    expect(db.sessionForToken('token-of-seller-1')?.user).toBe('s1');
    expect((await errorOf(db, "CREATE USER s2 TOKEN 'token-of-seller-1'")).message).toBe('token is already in use');
    // A verifier given as the password is kept as it is, as PostgreSQL does: the same password logs in.
    await db.execute(`CREATE USER copy PASSWORD '${verifier}'`);
    expect(db.sessionForPassword('copy', 'pw-s1')?.user).toBe('copy');
  });
});

describe('grants', () => {
  it('lets a user read only relations granted to it, until revoked', async () => {
    const db = await shop();
    const s1 = db.session('s1');
    const denied = await errorOf(s1, 'SELECT * FROM by_seller');
    expect(denied.condition).toBe('insufficient_privilege');
    expect(denied.message).toBe('permission denied for materialized view by_seller');
    expect(denied.position).toBe(14);
    await db.execute('GRANT SELECT ON MATERIALIZED VIEW by_seller TO s1');
    expect(await rows(s1, 'SELECT * FROM by_seller')).toEqual(['S1 15']);
    await db.execute('REVOKE SELECT ON by_seller FROM s1');
    expect((await errorOf(s1, 'SELECT * FROM by_seller')).message).toBe('permission denied for materialized view by_seller');
    expect((await errorOf(db, 'GRANT SELECT ON MATERIALIZED VIEW orders TO s1')).message).toBe('"orders" is not a materialized view');
    expect((await errorOf(db, 'GRANT SELECT ON nothing TO s1')).message).toBe('relation "nothing" does not exist');
    expect((await errorOf(db, 'GRANT SELECT ON orders TO ghost')).message).toBe('role "ghost" does not exist');
    expect((await errorOf(db, 'GRANT SELECT ON ALL TABLES IN SCHEMA private TO s1')).message).toBe('schema "private" does not exist');
  });

  it('grants every relation existing now with ALL ... IN SCHEMA public, and forgets grants of dropped relations', async () => {
    const db = await shop();
    const s1 = db.session('s1');
    await db.execute('GRANT SELECT ON ALL MATERIALIZED VIEWS IN SCHEMA public TO s1');
    expect(await rows(s1, 'SELECT gmv FROM by_seller')).toEqual(['15']);
    expect((await errorOf(s1, 'SELECT * FROM orders')).message).toBe('permission denied for table orders');
    await db.execute('GRANT SELECT ON ALL TABLES IN SCHEMA public TO s1');
    expect(await rows(s1, 'SELECT id FROM orders ORDER BY id')).toEqual(['1', '3']);
    await db.execute('DROP MATERIALIZED VIEW by_seller; CREATE MATERIALIZED VIEW by_seller AS SELECT seller_id, count(*) AS n FROM orders GROUP BY seller_id');
    expect((await errorOf(s1, 'SELECT * FROM by_seller')).message).toBe('permission denied for materialized view by_seller');
  });

  it('lists and describes only what a user may read, and no sinks', async () => {
    const db = await shop();
    const s1 = db.session('s1');
    await db.execute('GRANT SELECT ON orders TO s1');
    expect(await rows(s1, 'SHOW TABLES')).toEqual(['orders']);
    expect([s1.canRead('orders'), s1.canRead('fx_rates'), s1.canRead('nothing'), db.session('root').canRead('fx_rates')]).toEqual([true, false, false, true]);
    expect(await rows(s1, 'SHOW MATERIALIZED VIEWS')).toEqual([]);
    expect(await rows(db, 'SHOW MATERIALIZED VIEWS')).toEqual(['by_seller', 'overall']);
    expect(await rows(s1, 'SHOW COLUMNS FROM orders')).toEqual(['id integer', 'seller_id character varying', 'total integer']);
    expect((await errorOf(s1, 'SHOW CREATE MATERIALIZED VIEW overall')).message).toBe('permission denied for materialized view overall');
    expect((await errorOf(s1, 'DESCRIBE fx_rates')).message).toBe('permission denied for table fx_rates');
  });

  it('keeps users other than superusers read-only, but lets them change their own credentials', async () => {
    const db = await shop();
    await db.execute('GRANT SELECT ON orders TO s1; CREATE USER s2');
    const s1 = db.session('s1');
    const refusals: [string, string][] = [
      ["INSERT INTO orders VALUES (9, 'S1', 1)", 'permission denied for table orders'],
      ["UPDATE orders SET total = 0 WHERE seller_id = 'S1'", 'permission denied for table orders'],
      ['DELETE FROM orders', 'permission denied for table orders'],
      ['CREATE TABLE mine (a INT)', 'permission denied for schema public'],
      ['CREATE MATERIALIZED VIEW mine AS SELECT * FROM orders', 'permission denied for schema public'],
      ['DROP TABLE orders', 'must be owner of table orders'],
      ['CREATE USER s9', 'permission denied to create role'],
      ['DROP USER s2', 'permission denied to drop role'],
      ['GRANT SELECT ON fx_rates TO s1', 'permission denied for table fx_rates'],
      ["ALTER USER s1 SET SCOPE (seller_id = 'S2')", 'permission denied to alter role'],
      ["ALTER USER s2 PASSWORD 'mine'", 'permission denied to alter role'],
      ['ALTER USER s1 SUPERUSER', 'permission denied to alter role'],
    ];
    for (const [sql, message] of refusals) {
      const err = await errorOf(s1, sql);
      expect([sql, err.condition, err.message]).toEqual([sql, 'insufficient_privilege', message]);
    }
    await s1.execute("ALTER USER s1 PASSWORD 'new-pw'");
    expect(db.sessionForPassword('s1', 'new-pw')?.user).toBe('s1');
    expect(await rows(s1, 'SELECT count(*) FROM orders')).toEqual(['2']);
  });

  it('answers current_user with the session user', async () => {
    const db = await shop();
    expect(await rows(db.session('s1'), 'SELECT current_user, session_user')).toEqual(['s1 s1']);
    expect(await rows(db, 'SELECT current_user')).toEqual(['root']);
  });

  it('runs statements of a session as root when the server trusts the user fully', async () => {
    const db = await shop();
    const admin = db.session('from-config', { superuser: true });
    expect(await rows(admin, 'SELECT count(*) FROM orders')).toEqual(['5']);
    await admin.execute('CREATE TABLE made_by_admin (a INT)');
  });
});

describe('row scopes', () => {
  it('filters every scan, in views too, and refuses relations without the scoping column', async () => {
    const db = await shop();
    await db.execute(`
      CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 4;
      CREATE VIEW with_rates AS SELECT o.id, r.rate FROM orders o CROSS JOIN fx_rates r;
      GRANT SELECT ON orders, overall, fx_rates, big_orders, with_rates TO s1;
    `);
    const s1 = db.session('s1');
    expect(await rows(s1, 'SELECT id FROM big_orders ORDER BY id')).toEqual(['1', '3']);
    const overall = await errorOf(s1, 'SELECT * FROM overall');
    expect(overall.message).toBe('permission denied for materialized view overall');
    expect(overall.detail).toBe('User "s1" reads only rows scoped by column "seller_id", which materialized view "overall" does not have.');
    expect((await errorOf(s1, 'SELECT * FROM fx_rates')).message).toBe('permission denied for table fx_rates');
    expect((await errorOf(s1, 'SELECT * FROM with_rates')).message).toBe('permission denied for table fx_rates');
  });

  it('applies a changed scope to open sessions at once, and IN lists', async () => {
    const db = await shop();
    await db.execute('GRANT SELECT ON orders TO s1');
    const s1 = db.session('s1');
    expect(await rows(s1, 'SELECT id FROM orders ORDER BY id')).toEqual(['1', '3']);
    await db.execute("ALTER USER s1 SET SCOPE (seller_id IN ('S2', 'S3'))");
    expect(await rows(s1, 'SELECT id FROM orders ORDER BY id')).toEqual(['2', '4']);
    await db.execute('ALTER USER s1 RESET SCOPE');
    expect(await rows(s1, 'SELECT id FROM orders ORDER BY id')).toEqual(['1', '2', '3', '4', '5']);
    await db.execute('DROP USER s1');
    expect((await errorOf(s1, 'SELECT id FROM orders')).message).toBe('permission denied for table orders');
  });

  it('refuses a relation whose scoping column cannot hold the scope value', async () => {
    const db = await shop();
    await db.execute("CREATE TABLE by_number (seller_id INT); GRANT SELECT ON by_number TO s1");
    const err = await errorOf(db.session('s1'), 'SELECT * FROM by_number');
    expect(err.message).toBe('permission denied for table by_number');
    expect(err.detail).toBe('The scope of user "s1" does not fit column "seller_id": invalid input syntax for type integer: "S1".');
  });

  it('filters live changes for a session the same way', async () => {
    const db = await shop();
    await db.execute('GRANT SELECT ON by_seller TO s1');
    const visible = db.session('s1').rowFilter('by_seller');
    const seen: string[] = [];
    db.onChanges((relation, changes) => {
      if (relation !== 'by_seller') return;
      changes.rows.forEach((row, i) => {
        if (visible(row)) seen.push(`${String(row[0])} ${String(row[1])} ${changes.weights[i]}`);
      });
    });
    await db.execute("INSERT INTO orders VALUES (10, 'S2', 1), (11, 'S1', 1)");
    expect(seen).toEqual(['S1 15 -1', 'S1 16 1']);
    expect(() => db.session('s1').rowFilter('overall')).toThrow('permission denied for materialized view overall');
  });
});

describe('persistence', () => {
  it('keeps users and grants in the data directory, with verifiers and digests instead of secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-users-'));
    dirs.push(dir);
    const first = await Engine.open({ dataDir: dir });
    await first.execute(`
      CREATE TABLE orders (id INT PRIMARY KEY, seller_id VARCHAR);
      INSERT INTO orders VALUES (1, 'S1'), (2, 'S2');
      CREATE USER s1 WITH PASSWORD 'plain-password-1' TOKEN 'plain-token-0123456789' SCOPE (seller_id = 'S1');
      GRANT SELECT ON orders TO s1;
      ALTER USER root PASSWORD 'root-password';
      CREATE TABLE dropped (seller_id VARCHAR);
      GRANT SELECT ON dropped TO s1;
      DROP TABLE dropped;
    `);
    await first.close();
    const store = CheckpointStore.open(dir);
    const definitions = store.catalog().map((entry) => JSON.parse(entry.definition) as { sql: string });
    await store.close();
    const stored = definitions.map((d) => d.sql).join('\n');
    expect(stored).not.toContain('plain-password-1');
    expect(stored).not.toContain('plain-token-0123456789');
    expect(stored).not.toContain('root-password');
    expect(stored).toContain('GRANT SELECT ON orders TO s1');
    expect(stored).not.toContain('ON dropped');
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(dir, file);
      if (statSync(path).isFile()) expect(readFileSync(path).includes('plain-password-1'), file).toBe(false);
    }

    const second = await Engine.open({ dataDir: dir });
    try {
      const s1 = second.sessionForPassword('s1', 'plain-password-1');
      expect(s1?.user).toBe('s1');
      expect(second.sessionForToken('plain-token-0123456789')?.user).toBe('s1');
      expect(await rows(s1!, 'SELECT * FROM orders')).toEqual(['1 S1']);
      expect(second.sessionForPassword('root', 'root-password')?.user).toBe('root');
      expect(second.hasCredentials()).toBe(true);
    } finally {
      await second.close();
    }
  });
});

const SEED_001_SINK = `CREATE SINK seller_performance_sink
FROM seller_performance
WITH (
    connector   = 'jdbc',
    jdbc.url    = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret',
    table.name  = 'seller_performance_live',
    type        = 'upsert',
    primary_key = 'seller_id'
)`;

describe('secrets', () => {
  async function planned(): Promise<Engine> {
    const db = await Engine.open({ dryRun: true });
    await db.execute(readFileSync('/work/shared/seed-sql/001_seller_performance_risingwave.sql', 'utf8'));
    return db;
  }

  it("masks seed 001's jdbc.url password in SHOW CREATE SINK", async () => {
    const db = await planned();
    const [shown] = await rows(db, 'SHOW CREATE SINK seller_performance_sink');
    expect(shown).toBe(`seller_performance_sink ${SEED_001_SINK.replace('password=secret', 'password=***')}`);
    expect(shown).not.toContain('secret');
  });

  it('shows sinks in SHOW and the system catalogs to superusers only', async () => {
    const db = await Engine.open({ sinkConnectors: [new MemoryTarget()] });
    await db.execute(`
      CREATE TABLE events (seller_id VARCHAR) APPEND ONLY;
      CREATE SINK events_sink FROM events WITH (connector = 'memory', table = 'out', password = 'hunter22');
      CREATE USER reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;
    `);
    const sinks = "SELECT relname FROM pg_class WHERE relname LIKE '%sink' ORDER BY 1";
    expect(await rows(db, sinks)).toEqual(['events_sink']);
    expect(await rows(db.session('reader'), sinks)).toEqual([]);
    expect(await rows(db.session('reader'), "SELECT relname FROM pg_class WHERE relname = 'events'")).toEqual(['events']);
    expect(await rows(db.session('reader'), 'SHOW SINKS')).toEqual([]);
    expect((await errorOf(db.session('reader'), 'SHOW CREATE SINK events_sink')).message).toBe('permission denied for sink events_sink');
    expect(await rows(db, 'SHOW CREATE SINK events_sink')).toEqual([
      "events_sink CREATE SINK events_sink FROM events WITH (connector = 'memory', table = 'out', password = '***')",
    ]);
  });

  it('masks secrets in EXPLAIN CREATE SINK', async () => {
    const db = await planned();
    const lines = await rows(db, `EXPLAIN ${SEED_001_SINK.replace('seller_performance_sink', 'another_sink')}`);
    expect(lines[0]).toBe(
      "StreamSink { name: another_sink, options: (connector = 'jdbc', jdbc.url = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=***', table.name = 'seller_performance_live', type = 'upsert', primary_key = 'seller_id') }",
    );
    expect(lines[1]).toMatch(/^ {2}└─StreamTableScan \{ table: seller_performance, /);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('masks secrets in the errors of connectors that cannot open', async () => {
    const tattletale: SinkConnector = {
      name: 'tattletale',
      validate: () => undefined,
      open: (spec) => Promise.reject(new SqlError('connection_exception', `could not log in with "${spec.options.get('password')}" to ${spec.options.get('url')}`)),
    };
    const db = await Engine.open({ sinkConnectors: [tattletale] });
    await db.execute('CREATE TABLE t (a INT) APPEND ONLY');
    const err = await errorOf(db, "CREATE SINK k FROM t WITH (connector = 'tattletale', password = 'hunter22', url = 'pg://u:pw77@h/db', type = 'append-only')");
    expect(err.message).toBe('could not log in with "***" to pg://u:***@h/db');
  });

  it('masks secrets in error messages', async () => {
    const db = await planned();
    const syntax = await errorOf(db, SEED_001_SINK.replace("jdbc.url    = 'jdbc", "jdbc.url 'jdbc"));
    expect(syntax.message).toBe(`syntax error at or near "'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=***'"`);
    const duplicate = await errorOf(db, "CREATE SINK k FROM seller_performance WITH (connector = 'jdbc', password = 'hunter22', type = 'hunter22')");
    expect(duplicate.message).toBe("sink type must be 'upsert' or 'append-only', not '***'");
  });
});
