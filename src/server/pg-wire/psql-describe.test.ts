// psql's describe commands (\dt, \dm, \d view, \dn, \l, \du ...) against Tally: they read pg_catalog.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE, oracleUnavailable, startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';

/** The environment without libpq settings that would change what psql sends or prints. */
const psqlEnvironment: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, PGCONNECT_TIMEOUT: '5' }).filter(([name]) => !['PGOPTIONS', 'PGTZ', 'PGDATESTYLE', 'PGCLIENTENCODING', 'PGPASSWORD'].includes(name)),
);

/** Runs psql without a psqlrc, each command given with -c; stdout and stderr interleaved. */
function psql(port: number, user: string, database: string, commands: readonly string[], options: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', user, database, ...options, ...commands.flatMap((c) => ['-c', c])];
    execFile('sh', ['-c', 'exec psql "$@" 2>&1', 'psql', ...args], { env: psqlEnvironment, timeout: 60_000 }, (error, stdout) => {
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
    } finally {
      await psql(ORACLE.port, ORACLE.user, ORACLE.database, [`DROP SCHEMA ${schema} CASCADE`]);
    }
  });
});

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
