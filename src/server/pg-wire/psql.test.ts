import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE, oracleUnavailable, startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';

/** The environment without libpq settings that would change what psql sends or prints. */
const psqlEnvironment: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, PGCONNECT_TIMEOUT: '5' }).filter(([name]) => !['PGOPTIONS', 'PGTZ', 'PGDATESTYLE', 'PGCLIENTENCODING', 'PGPASSWORD'].includes(name)),
);

interface PsqlRun {
  readonly output: string;
  readonly exitCode: number;
}

/** Runs psql without a psqlrc; stdout and stderr interleaved as a terminal shows them. */
function psql(port: number, user: string, database: string, args: readonly string[], cwd: string): Promise<PsqlRun> {
  return new Promise((resolve, reject) => {
    const child = execFile('sh', ['-c', 'exec psql "$@" 2>&1', 'psql', '-X', '-h', '127.0.0.1', '-p', String(port), '-U', user, database, ...args], {
      cwd,
      env: psqlEnvironment,
      timeout: 60_000,
    }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ output: stdout, exitCode: error ? (error.code as number) : 0 });
    });
    child.stdin?.end();
  });
}

const psqlMissing = await new Promise<string | undefined>((resolve) => {
  execFile('psql', ['--version'], (error) => resolve(error ? `psql unavailable: ${error.message}` : undefined));
});
if (psqlMissing) console.log(`skipping psql tests: ${psqlMissing}`);

let tally: TestServer;
let workDir: string;

beforeAll(async () => {
  tally = await startTestServer();
  workDir = await mkdtemp(join(tmpdir(), 'tally-psql-'));
});

afterAll(async () => {
  await tally?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe.skipIf(psqlMissing !== undefined)('psql', () => {
  it('runs statements given with -c and prints what psql prints for PostgreSQL', async () => {
    const run = await psql(tally.port, 'root', 'dev', [
      '-c', 'CREATE TABLE psql_c (id INT PRIMARY KEY, name VARCHAR, price NUMERIC(10,2))',
      '-c', "INSERT INTO psql_c VALUES (1, 'apple', 1.5), (22, 'banana split', NULL)",
      '-c', 'SELECT * FROM psql_c ORDER BY id',
    ], workDir);
    expect(run.exitCode).toBe(0);
    expect(run.output).toBe(
      [
        'CREATE TABLE',
        'INSERT 0 2',
        ' id |     name     | price ',
        '----+--------------+-------',
        '  1 | apple        |  1.50',
        ' 22 | banana split |      ',
        '(2 rows)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('runs a scripted session with -f: materialized views, SHOW, FLUSH, SET, transactions and errors', async () => {
    const script = join(workDir, 'session.sql');
    await writeFile(script, [
      'CREATE TABLE psql_orders (seller VARCHAR, amount NUMERIC);',
      'CREATE MATERIALIZED VIEW psql_totals AS SELECT seller, sum(amount) AS total FROM psql_orders GROUP BY seller;',
      "INSERT INTO psql_orders VALUES ('S1', 10), ('S2', 2.5), ('S1', 1);",
      'FLUSH;',
      'SELECT * FROM psql_totals ORDER BY seller;',
      'SHOW MATERIALIZED VIEWS;',
      "SET application_name = 'psql test';",
      'SHOW application_name;',
      'SELECT sellr FROM psql_totals;',
      'BEGIN;',
      "INSERT INTO psql_orders VALUES ('S3', 7);",
      'COMMIT;',
      'SELECT count(*) FROM psql_totals;',
      '',
    ].join('\n'));
    const run = await psql(tally.port, 'root', 'dev', ['-f', 'session.sql'], workDir);
    expect(run.output).toBe(
      [
        'CREATE TABLE',
        'CREATE MATERIALIZED VIEW',
        'INSERT 0 3',
        'FLUSH',
        ' seller | total ',
        '--------+-------',
        ' S1     |    11',
        ' S2     |   2.5',
        '(2 rows)',
        '',
        '    Name     ',
        '-------------',
        ' psql_totals',
        '(1 row)',
        '',
        'SET',
        ' application_name ',
        '------------------',
        ' psql test',
        '(1 row)',
        '',
        'psql:session.sql:9: ERROR:  column "sellr" does not exist',
        'LINE 1: SELECT sellr FROM psql_totals;',
        '               ^',
        'BEGIN',
        'INSERT 0 1',
        'COMMIT',
        ' count ',
        '-------',
        '     3',
        '(1 row)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints the same as PostgreSQL for the same script', async (context) => {
    const unavailable = await oracleUnavailable();
    if (unavailable) {
      console.log(`skipping the comparison with PostgreSQL: ${unavailable}`);
      context.skip();
    }
    const table = uniqueName('psql_cmp');
    const view = `${table}_v`;
    const script = join(workDir, `${table}.sql`);
    await writeFile(script, [
      "SET TIME ZONE 'UTC';",
      `INSERT INTO ${table} VALUES (1, 'S1', 10.5, '2024-01-01 10:00:00+00', 3, true, 0.1, '2024-02-29', '10:30:00', INTERVAL '1 day 02:03:04', '{"b": [1, 2], "a": null}', '\\x0aff'),`,
      `  (2, 'S2', 4.25, '2024-01-02 11:30:00.5+00', 1, false, 1e100, '2024-03-01', NULL, INTERVAL '-3 months', '"x"', NULL),`,
      `  (3, 'S1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`,
      `SELECT * FROM ${table} ORDER BY id;`,
      `SELECT * FROM ${view} ORDER BY seller;`,
      `SELECT id, total * 2 AS doubled, at + INTERVAL '1 day 2 hours' AS later, day - DATE '2024-01-01' AS days, ARRAY[id, qty] AS pair FROM ${table} WHERE id < 3 ORDER BY id;`,
      `SELECT avg(qty) AS mean, min(score) AS low, max(at) AS latest, count(total) AS priced FROM ${table};`,
      `SELECT nope FROM ${table};`,
      'SELECT 1 / 0;',
      `UPDATE ${table} SET seller = 'S3' WHERE id = 3;`,
      `DELETE FROM ${table} WHERE id = 2;`,
      `SELECT id, seller FROM ${table} ORDER BY id;`,
      'BEGIN;',
      `INSERT INTO ${table} (id, seller) VALUES (4, 'S4');`,
      'COMMIT;',
      `SELECT seller, n FROM ${view} ORDER BY seller;`,
      '',
    ].join('\n'));
    const columns = 'id INT PRIMARY KEY, seller VARCHAR, total NUMERIC(10,2), at TIMESTAMPTZ, qty BIGINT, ok BOOLEAN, score DOUBLE PRECISION, day DATE, t TIME, gap INTERVAL, doc JSONB, raw BYTEA';
    const viewQuery = `SELECT seller, count(*) AS n, sum(total) AS total, sum(qty) AS qty FROM ${table} GROUP BY seller`;
    const setup = async (port: number, user: string, database: string, viewKind: string): Promise<void> => {
      const run = await psql(port, user, database, ['-v', 'ON_ERROR_STOP=1', '-c', `CREATE TABLE ${table} (${columns})`, '-c', `CREATE ${viewKind} ${view} AS ${viewQuery}`], workDir);
      expect(run.exitCode, run.output).toBe(0);
    };
    // PostgreSQL's materialized views need REFRESH; a plain view there answers what Tally's maintained view does.
    await setup(tally.port, 'root', 'dev', 'MATERIALIZED VIEW');
    await setup(ORACLE.port, ORACLE.user, ORACLE.database, 'VIEW');
    try {
      const ours = await psql(tally.port, 'root', 'dev', ['-f', `${table}.sql`], workDir);
      const theirs = await psql(ORACLE.port, ORACLE.user, ORACLE.database, ['-f', `${table}.sql`], workDir);
      expect(ours.output).toBe(theirs.output);
      expect(ours.output).toContain(' S1     | 2 | 10.50 |   3');
    } finally {
      await psql(ORACLE.port, ORACLE.user, ORACLE.database, ['-c', `DROP VIEW IF EXISTS ${view}`, '-c', `DROP TABLE IF EXISTS ${table}`], workDir);
    }
  });
});
