// psql's describe commands (\dt, \dm, \d view, \dn, \l, \du ...) against Tally: they read pg_catalog.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE, oracleUnavailable, startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';

/** The environment without libpq settings that would change what psql sends or prints. */
const psqlEnvironment: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, PGCONNECT_TIMEOUT: '5' }).filter(([name]) => !['PGOPTIONS', 'PGTZ', 'PGDATESTYLE', 'PGCLIENTENCODING', 'PGPASSWORD'].includes(name)),
);

/** Runs psql without a psqlrc, each command given with -c; stdout and stderr interleaved. */
function psql(port: number, user: string, database: string, commands: readonly string[], options: string[] = [], password?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', user, database, ...options, ...commands.flatMap((c) => ['-c', c])];
    const env = password === undefined ? psqlEnvironment : { ...psqlEnvironment, PGPASSWORD: password };
    execFile('sh', ['-c', 'exec psql "$@" 2>&1', 'psql', ...args], { env, timeout: 60_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(stdout);
    });
  });
}

const psqlMissing = await new Promise<string | undefined>((resolve) => {
  execFile('psql', ['--version'], (error) => resolve(error ? `psql unavailable: ${error.message}` : undefined));
});
if (psqlMissing) console.log(`skipping psql describe tests: ${psqlMissing}`);

const TABLE = 'order_id BIGINT PRIMARY KEY, merchant_id VARCHAR, total NUMERIC(10,2), qty INT, created_at TIMESTAMPTZ, note VARCHAR NOT NULL, tags VARCHAR[], paid BOOLEAN, day DATE';
const VIEW = 'SELECT order_id, qty, created_at FROM orders WHERE qty > 1';
const MATERIALIZED = 'SELECT merchant_id, count(*) AS n, max(created_at) AS latest FROM orders GROUP BY merchant_id';

let tally: TestServer;

beforeAll(async () => {
  tally = await startTestServer();
  await tally.engine.execute(`
    CREATE TABLE orders (${TABLE});
    INSERT INTO orders (order_id, merchant_id, total, qty, note) VALUES (1, 'm1', 10.50, 2, 'a'), (2, 'm1', 3, 1, 'b'), (3, 'm2', 7.25, 4, 'c');
    CREATE VIEW big_orders AS ${VIEW};
    CREATE MATERIALIZED VIEW merchant_totals AS ${MATERIALIZED};
    CREATE SOURCE clicks (page VARCHAR, amount NUMERIC) WITH (connector = 'http') FORMAT PLAIN ENCODE JSON;
  `);
});

afterAll(async () => {
  await tally?.stop();
});

const lines = (...rows: string[]): string => [...rows, ''].join('\n');

describe.skipIf(psqlMissing !== undefined)('psql describe commands', () => {
  it('lists tables, materialized views, views and all relations', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\dt', '\\dm', '\\dv', '\\d']);
    expect(output).toBe(
      lines(
        '        List of relations',
        ' Schema |  Name  | Type  | Owner ',
        '--------+--------+-------+-------',
        ' public | orders | table | root',
        '(1 row)',
        '',
        '                  List of relations',
        ' Schema |      Name       |       Type        | Owner ',
        '--------+-----------------+-------------------+-------',
        ' public | merchant_totals | materialized view | root',
        '(1 row)',
        '',
        '         List of relations',
        ' Schema |    Name    | Type | Owner ',
        '--------+------------+------+-------',
        ' public | big_orders | view | root',
        '(1 row)',
        '',
        '                  List of relations',
        ' Schema |      Name       |       Type        | Owner ',
        '--------+-----------------+-------------------+-------',
        ' public | big_orders      | view              | root',
        ' public | merchant_totals | materialized view | root',
        ' public | orders          | table             | root',
        '(3 rows)',
        '',
      ),
    );
  });

  it('lists schemas, databases, roles and (no) indexes', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\dn', '\\l', '\\du', '\\di']);
    expect(output).toBe(
      lines(
        'List of schemas',
        '  Name  | Owner ',
        '--------+-------',
        ' public | root',
        '(1 row)',
        '',
        '                                      List of databases',
        ' Name | Owner | Encoding | Collate | Ctype | ICU Locale | Locale Provider | Access privileges ',
        '------+-------+----------+---------+-------+------------+-----------------+-------------------',
        ' dev  | root  | UTF8     | C       | C     |            | libc            | ',
        '(1 row)',
        '',
        '                             List of roles',
        ' Role name |                  Attributes                   | Member of ',
        '-----------+-----------------------------------------------+-----------',
        ' root      | Superuser, Create role, Create DB, Bypass RLS | {}',
        '',
        'Did not find any relations.',
      ),
    );
  });

  it('describes a table, a view, a materialized view with its definition, and a source', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\d orders', '\\d+ big_orders', '\\d merchant_totals', '\\d clicks']);
    expect(output).toBe(
      lines(
        '                          Table "public.orders"',
        '   Column    |           Type           | Collation | Nullable | Default ',
        '-------------+--------------------------+-----------+----------+---------',
        ' order_id    | bigint                   |           | not null | ',
        ' merchant_id | character varying        |           |          | ',
        ' total       | numeric(10,2)            |           |          | ',
        ' qty         | integer                  |           |          | ',
        ' created_at  | timestamp with time zone |           |          | ',
        ' note        | character varying        |           | not null | ',
        ' tags        | character varying[]      |           |          | ',
        ' paid        | boolean                  |           |          | ',
        ' day         | date                     |           |          | ',
        '',
        '                                    View "public.big_orders"',
        '   Column   |           Type           | Collation | Nullable | Default | Storage | Description ',
        '------------+--------------------------+-----------+----------+---------+---------+-------------',
        ' order_id   | bigint                   |           |          |         | plain   | ',
        ' qty        | integer                  |           |          |         | plain   | ',
        ' created_at | timestamp with time zone |           |          |         | plain   | ',
        'View definition:',
        ' SELECT order_id, qty, created_at FROM orders WHERE (qty > 1);',
        '',
        '               Materialized view "public.merchant_totals"',
        '   Column    |           Type           | Collation | Nullable | Default ',
        '-------------+--------------------------+-----------+----------+---------',
        ' merchant_id | character varying        |           |          | ',
        ' n           | bigint                   |           |          | ',
        ' latest      | timestamp with time zone |           |          | ',
        '',
        '    ?s? "public.clicks"',
        ' Column |       Type        ',
        '--------+-------------------',
        ' page   | character varying',
        ' amount | numeric',
        '',
      ),
    );
  });

  it('lists functions: none outside pg_catalog, the built-in ones by pattern or with S, with their signatures', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\df', '\\dfS lower', '\\df+ round', '\\dfa count']);
    expect(output).toBe(
      lines(
        '                       List of functions',
        ' Schema | Name | Result data type | Argument data types | Type ',
        '--------+------+------------------+---------------------+------',
        '(0 rows)',
        '',
        '                          List of functions',
        '   Schema   | Name  | Result data type  | Argument data types | Type ',
        '------------+-------+-------------------+---------------------+------',
        ' pg_catalog | lower | character varying | character varying   | func',
        '(1 row)',
        '',
        '                                                                            List of functions',
        '   Schema   | Name  | Result data type | Argument data types | Type | Volatility | Parallel | Owner | Security | Access privileges | Language | Source code | Description ',
        '------------+-------+------------------+---------------------+------+------------+----------+-------+----------+-------------------+----------+-------------+-------------',
        ' pg_catalog | round | double precision | double precision    | func | immutable  | safe     | root  | invoker  |                   | internal | round       | ',
        ' pg_catalog | round | numeric          | numeric             | func | immutable  | safe     | root  | invoker  |                   | internal | round       | ',
        ' pg_catalog | round | numeric          | numeric, integer    | func | immutable  | safe     | root  | invoker  |                   | internal | round       | ',
        '(3 rows)',
        '',
        '                         List of functions',
        '   Schema   | Name  | Result data type | Argument data types | Type ',
        '------------+-------+------------------+---------------------+------',
        ' pg_catalog | count | bigint           |                     | agg',
        ' pg_catalog | count | bigint           | "any"               | agg',
        '(2 rows)',
        '',
      ),
    );
  });

  it('lists tables, materialized views and views with persistence and size (rows times the estimated row width)', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\dt+', '\\dm+', '\\dv+']);
    // A row of orders: 8 + 32 + 16 + 4 + 8 + 32 + 32 + 1 + 4 = 137 bytes; of merchant_totals 32 + 8 + 8 = 48.
    expect(output).toBe(
      lines(
        '                                    List of relations',
        ' Schema |  Name  | Type  | Owner | Persistence | Access method |   Size    | Description ',
        '--------+--------+-------+-------+-------------+---------------+-----------+-------------',
        ' public | orders | table | root  | permanent   |               | 411 bytes | ',
        '(1 row)',
        '',
        '                                              List of relations',
        ' Schema |      Name       |       Type        | Owner | Persistence | Access method |   Size   | Description ',
        '--------+-----------------+-------------------+-------+-------------+---------------+----------+-------------',
        ' public | merchant_totals | materialized view | root  | permanent   |               | 96 bytes | ',
        '(1 row)',
        '',
        '                            List of relations',
        ' Schema |    Name    | Type | Owner | Persistence |  Size   | Description ',
        '--------+------------+------+-------+-------------+---------+-------------',
        ' public | big_orders | view | root  | permanent   | 0 bytes | ',
        '(1 row)',
        '',
      ),
    );
  });

  it('lists the database and the tablespaces with their size: the sum of the relations\' sizes', async () => {
    const output = await psql(tally.port, 'root', 'dev', ['\\l+', '\\db+']);
    // 411 bytes of orders and 96 of merchant_totals (above).
    expect(output).toContain(' dev  | root  | UTF8     | C       | C     |            | libc            |                   | 507 bytes | pg_default | ');
    expect(output).toContain(' pg_default | root  |          |                   |         | 507 bytes | ');
    expect(output).toContain(' pg_global  | root  |          |                   |         | 0 bytes   | ');
  });

  it('prints the same columns, types and nullability as PostgreSQL for the same table, view and materialized view', async (context) => {
    const unavailable = await oracleUnavailable();
    if (unavailable) {
      console.log(`skipping the comparison with PostgreSQL: ${unavailable}`);
      context.skip();
    }
    const schema = uniqueName('psql_describe');
    const setup = [
      `CREATE SCHEMA ${schema}`,
      `SET search_path = ${schema}`,
      `CREATE TABLE orders (${TABLE})`,
      `CREATE VIEW big_orders AS ${VIEW}`,
      `CREATE MATERIALIZED VIEW merchant_totals AS ${MATERIALIZED}`,
    ];
    await psql(ORACLE.port, ORACLE.user, ORACLE.database, setup.map((s) => `${s};`), ['-v', 'ON_ERROR_STOP=1', '-q']);
    try {
      for (const relation of ['orders', 'big_orders', 'merchant_totals']) {
        const theirs = await psql(ORACLE.port, ORACLE.user, ORACLE.database, [`\\d ${schema}.${relation}`]);
        const ours = await psql(tally.port, 'root', 'dev', [`\\d ${relation}`]);
        expect(columnRows(ours), relation).toEqual(columnRows(theirs));
      }
      const listings = [[`\\dt+ ${schema}.*`, '\\dt+'], [`\\dm+ ${schema}.*`, '\\dm+'], [`\\dv+ ${schema}.*`, '\\dv+'], ['\\df+ round', '\\df+ round'], ['\\dfS lower', '\\dfS lower']];
      for (const [theirCommand, ourCommand] of listings) {
        const theirs = await psql(ORACLE.port, ORACLE.user, ORACLE.database, [theirCommand!]);
        const ours = await psql(tally.port, 'root', 'dev', [ourCommand!]);
        expect(headerOf(ours), ourCommand).toEqual(headerOf(theirs));
      }
    } finally {
      await psql(ORACLE.port, ORACLE.user, ORACLE.database, [`DROP SCHEMA ${schema} CASCADE`]);
    }
  });
});

describe.skipIf(psqlMissing !== undefined)('psql describe commands of a user with a row scope', () => {
  it('list only the relations granted to it, without sizes, which would count rows outside its scope', async () => {
    const scoped = await startTestServer();
    try {
      await scoped.engine.execute(`
        CREATE TABLE orders (${TABLE});
        INSERT INTO orders (order_id, merchant_id, note) VALUES (1, 'm1', 'a'), (2, 'm2', 'b');
        CREATE MATERIALIZED VIEW merchant_totals AS ${MATERIALIZED};
        CREATE TABLE payouts (merchant_id VARCHAR, amount NUMERIC);
        CREATE USER seller WITH PASSWORD 'seller secret' SCOPE (merchant_id = 'm1');
        GRANT SELECT ON orders, merchant_totals TO seller;
      `);
      const output = await psql(scoped.port, 'seller', 'dev', ['\\dt+', '\\dm+'], [], 'seller secret');
      expect(output).toBe(
        lines(
          '                                 List of relations',
          ' Schema |  Name  | Type  | Owner | Persistence | Access method | Size | Description ',
          '--------+--------+-------+-------+-------------+---------------+------+-------------',
          ' public | orders | table | root  | permanent   |               |      | ',
          '(1 row)',
          '',
          '                                            List of relations',
          ' Schema |      Name       |       Type        | Owner | Persistence | Access method | Size | Description ',
          '--------+-----------------+-------------------+-------+-------------+---------------+------+-------------',
          ' public | merchant_totals | materialized view | root  | permanent   |               |      | ',
          '(1 row)',
          '',
        ),
      );
    } finally {
      await scoped.stop();
    }
  });
});

/** The column names of a listing: its second line, under the title. */
const headerOf = (output: string): string[] => (output.split('\n')[1] ?? '').split('|').map((name) => name.trim());

/**
 * The column rows of a `\d` listing: the lines after the header's rule that start with a blank (footers such as
 * PostgreSQL's "Indexes:" do not; Tally has no indexes to list).
 */
function columnRows(output: string): string[] {
  const all = output.split('\n');
  const rule = all.findIndex((line) => /^-+\+/.test(line));
  const end = all.findIndex((line, index) => index > rule && !line.startsWith(' '));
  return all.slice(rule + 1, end);
}
