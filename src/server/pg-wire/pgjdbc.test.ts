import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgjdbcDriver } from './pgjdbc-driver.test-support.js';
import { startTestServer, type TestServer } from './test-server.test-support.js';

const driver = await pgjdbcDriver();
const skip = 'skip' in driver ? driver.skip : undefined;
if (skip) console.log(`skipping the pgjdbc test: ${skip}`);

/**
 * Runs prepared statements more often than pgjdbc's prepareThreshold (5), so that the later runs use a named
 * server-side statement with binary results; then a transaction with setAutoCommit(false), and an error.
 */
const PROGRAM = `
import java.math.BigDecimal;
import java.sql.*;
import java.time.Instant;

public class TallyJdbcTest {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/dev";
    try (Connection c = DriverManager.getConnection(url, "root", "")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jdbc_orders (id INT PRIMARY KEY, seller VARCHAR, total NUMERIC(10,2), at TIMESTAMPTZ, score DOUBLE PRECISION, qty BIGINT, ok BOOLEAN, day DATE, small SMALLINT, ratio REAL)");
        s.execute("INSERT INTO jdbc_orders VALUES (1, 'S1', 9.99, '2024-01-01 00:00:00.25+00', 0.1, 9000000000, true, '2024-02-29', 7, 1.5), (2, 'S2', 1.00, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
      }
      for (int run = 1; run <= 7; run++) {
        try (PreparedStatement p = c.prepareStatement("SELECT id, seller, total, at, score, qty, ok, day, small, ratio FROM jdbc_orders WHERE id = ? AND seller <> ?")) {
          p.setInt(1, 1);
          p.setString(2, "nobody");
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              System.out.println(run + " " + r.getInt(1) + " " + r.getString(2) + " " + r.getBigDecimal(3) + " " + r.getTimestamp(4).toInstant()
                + " " + r.getDouble(5) + " " + r.getLong(6) + " " + r.getBoolean(7) + " " + r.getDate(8) + " " + r.getShort(9) + " " + r.getFloat(10));
            }
          }
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_orders (id, seller, total, at) VALUES (?, ?, ?, ?)")) {
        p.setInt(1, 3);
        p.setString(2, "S3");
        p.setBigDecimal(3, new BigDecimal("3.50"));
        p.setTimestamp(4, Timestamp.from(Instant.parse("2024-05-05T05:05:05.123456Z")));
        System.out.println("inserted " + p.executeUpdate());
      }
      c.commit();
      c.setAutoCommit(true);
      try (PreparedStatement p = c.prepareStatement("SELECT seller, total, at FROM jdbc_orders WHERE id = ?")) {
        p.setLong(1, 3);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          System.out.println(r.getString(1) + " " + r.getBigDecimal(2) + " " + r.getTimestamp(3).toInstant());
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT nope FROM jdbc_orders");
      } catch (SQLException e) {
        System.out.println(e.getSQLState() + " " + e.getMessage().replace('\\n', '|'));
      }
    }
  }
}
`;

let tally: TestServer;
let workDir: string;

beforeAll(async () => {
  tally = await startTestServer();
  workDir = await mkdtemp(join(tmpdir(), 'tally-jdbc-'));
});

afterAll(async () => {
  await tally.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)('pgjdbc', () => {
  it('runs PreparedStatement queries, a transaction and an error', async () => {
    if ('skip' in driver) return;
    const source = join(workDir, 'TallyJdbcTest.java');
    await writeFile(source, PROGRAM);
    const output = await new Promise<string>((resolve, reject) => {
      execFile('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', driver.jar, source, String(tally.port)], { timeout: 120_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
      );
    });
    const row = '1 S1 9.99 2024-01-01T00:00:00.250Z 0.1 9000000000 true 2024-02-29 7 1.5';
    expect(output.trim().split('\n')).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((run) => `${run} ${row}`),
      'inserted 1',
      'S3 3.50 2024-05-05T05:05:05.123456Z',
      '42703 ERROR: column "nope" does not exist|  Position: 8',
    ]);
  }, 180_000);
});
