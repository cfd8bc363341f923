// pgjdbc's DatabaseMetaData (getTables, getColumns) against Tally: the driver's own pg_catalog queries.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgjdbcDriver } from './pgjdbc-driver.test-support.js';
import { ORACLE, oracleUnavailable, startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';

const driver = await pgjdbcDriver();
const skip = 'skip' in driver ? driver.skip : undefined;
if (skip) console.log(`skipping the pgjdbc metadata test: ${skip}`);

/** Prints the tables of schema public and the columns of one table, as DatabaseMetaData reports them. */
const PROGRAM = `
import java.sql.*;

public class TallyJdbcMetadata {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/" + args[1];
    try (Connection c = DriverManager.getConnection(url, args[2], "")) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet r = md.getTables(null, args[3], "%", new String[] {"TABLE", "VIEW"})) {
        while (r.next()) System.out.println("table " + r.getString("TABLE_NAME") + " " + r.getString("TABLE_TYPE"));
      }
      try (ResultSet r = md.getColumns(null, args[3], args[4], "%")) {
        while (r.next()) {
          System.out.println("column " + r.getString("COLUMN_NAME") + " " + r.getInt("DATA_TYPE") + " " + r.getString("TYPE_NAME") + " "
            + r.getInt("COLUMN_SIZE") + " " + r.getInt("DECIMAL_DIGITS") + " " + r.getString("IS_NULLABLE") + " " + r.getInt("ORDINAL_POSITION"));
        }
      }
    }
  }
}
`;

const TABLE = 'order_id BIGINT PRIMARY KEY, merchant_id VARCHAR(32), total NUMERIC(10,2), qty INT, created_at TIMESTAMPTZ, note VARCHAR NOT NULL, paid BOOLEAN, score DOUBLE PRECISION';

let tally: TestServer;
let workDir: string;

beforeAll(async () => {
  tally = await startTestServer();
  workDir = await mkdtemp(join(tmpdir(), 'tally-jdbc-meta-'));
  await tally.engine.execute(`CREATE TABLE jdbc_meta (${TABLE}); CREATE VIEW jdbc_meta_v AS SELECT order_id, qty FROM jdbc_meta`);
});

afterAll(async () => {
  await tally.stop();
  await rm(workDir, { recursive: true, force: true });
});

function runProgram(jar: string, args: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', jar, join(workDir, 'TallyJdbcMetadata.java'), ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout.trim().split('\n')),
    );
  });
}

describe.skipIf(skip !== undefined)('pgjdbc DatabaseMetaData', () => {
  it('lists tables and views and describes columns as it does for PostgreSQL', async () => {
    if ('skip' in driver) return;
    await writeFile(join(workDir, 'TallyJdbcMetadata.java'), PROGRAM);
    const ours = await runProgram(driver.jar, [String(tally.port), 'dev', 'root', 'public', 'jdbc_meta']);
    expect(ours.filter((line) => line.startsWith('table '))).toEqual(['table jdbc_meta TABLE', 'table jdbc_meta_v VIEW']);
    const expectedColumns = [
      'column order_id -5 int8 19 0 NO 1',
      'column merchant_id 12 varchar 32 0 YES 2',
      'column total 2 numeric 10 2 YES 3',
      'column qty 4 int4 10 0 YES 4',
      'column created_at 93 timestamptz 35 6 YES 5',
      'column note 12 varchar 2147483647 0 NO 6',
      'column paid -7 bool 1 0 YES 7',
      'column score 8 float8 17 17 YES 8',
    ];
    expect(ours.filter((line) => line.startsWith('column '))).toEqual(expectedColumns);
    const unavailable = await oracleUnavailable();
    if (unavailable) {
      console.log(`skipping the comparison with PostgreSQL: ${unavailable}`);
      return;
    }
    const schema = uniqueName('jdbc_meta');
    const { default: pg } = await import('pg');
    const client = new pg.Client(ORACLE);
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.jdbc_meta (${TABLE})`);
      const theirs = await runProgram(driver.jar, [String(ORACLE.port), ORACLE.database, ORACLE.user, schema, 'jdbc_meta']);
      expect(theirs.filter((line) => line.startsWith('column '))).toEqual(expectedColumns);
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  }, 240_000);
});
