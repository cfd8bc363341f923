// The same message exchanges sent to Tally and to PostgreSQL must get the same replies, byte for byte where it matters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE, oracleUnavailable, startTestServer, uniqueName, type TestServer } from './test-server.test-support.js';
import { dataRowFields, noticeFields, rowDescriptionFields, WireClient, type Received } from './wire-client.test-support.js';

const unavailable = await oracleUnavailable();
if (unavailable) console.log(`skipping the protocol comparison with PostgreSQL: ${unavailable}`);

let tally: TestServer;
let ours: WireClient;
let theirs: WireClient;
const table = uniqueName('wire_cmp');

/** A reply as compared: its type and what matters of its body (notices and key data are left out). */
function summary(messages: readonly Received[]): string[] {
  return messages.filter((m) => m.type !== 'N').map((m) => {
    switch (m.type) {
      case 'C': return `C ${m.body.toString('utf8', 0, m.body.length - 1)}`;
      case 'E': return `E ${noticeFields(m).C} ${noticeFields(m).M}`;
      case 'T': return `T ${rowDescriptionFields(m).map((f) => `${f.name}:${f.typeOid}:${f.format}`).join(' ')}`;
      case 'D': return `D ${dataRowFields(m).map((f) => (f === null ? 'NULL' : f.toString('hex'))).join(' ')}`;
      case 't': return `t ${Array.from({ length: m.body.readInt16BE(0) }, (_, i) => m.body.readInt32BE(2 + 4 * i)).join(' ')}`;
      case 'S': return `S ${m.body.toString('utf8').split('\0').slice(0, 2).join('=')}`;
      case 'Z': return `Z ${String.fromCharCode(m.body[0]!)}`;
      default: return m.type;
    }
  });
}

/** Reads replies up to the `count`th ReadyForQuery. */
async function readyTimes(client: WireClient, count: number): Promise<Received[]> {
  const replies: Received[] = [];
  for (let index = 0; index < count; index++) replies.push(...(await client.until('Z')));
  return replies;
}

/** Sends the same messages to both servers and returns both summaries, up to the `readyCount`th ReadyForQuery. */
async function both(build: (client: WireClient) => void, readyCount = 1): Promise<[string[], string[]]> {
  build(ours);
  build(theirs);
  const [a, b] = await Promise.all([readyTimes(ours, readyCount), readyTimes(theirs, readyCount)]);
  return [summary(a), summary(b)];
}

beforeAll(async () => {
  if (unavailable) return;
  tally = await startTestServer();
  // The same TimeZone at startup on both sides: it is what RESET returns to.
  ours = await WireClient.connect(tally.port, { user: 'root', database: 'dev', TimeZone: 'UTC' });
  theirs = await WireClient.connect(ORACLE.port, { user: ORACLE.user, database: ORACLE.database, TimeZone: 'UTC' });
  const setup = `CREATE TABLE ${table} (n INT, label VARCHAR); INSERT INTO ${table} VALUES (1, 'one'), (2, 'two'), (3, NULL), (4, 'four'), (5, 'five')`;
  await both((c) => c.query(setup));
});

afterAll(async () => {
  if (unavailable) return;
  theirs.query(`DROP TABLE IF EXISTS ${table}`);
  await theirs.until('Z');
  ours.end();
  theirs.end();
  await tally.stop();
});

/** Every type Tally has, with edge values; PostgreSQL's text and binary forms are the reference. */
const ALL_TYPES = [
  'true AS b', '12::int2 AS s', '-7::int4 AS i', '9007199254740993::int8 AS l', '1.5::float4 AS r', '0.1::float8 AS d',
  "'-Infinity'::float8 AS dinf", '12345.6789::numeric AS n', '-0.001::numeric AS n2', '0.00::numeric AS z', '100000::numeric AS big',
  "'123456789012345678901234567890.123456789'::numeric AS huge", "'1e-20'::numeric AS tiny", "'NaN'::numeric AS nan", "'-Infinity'::numeric AS ninf",
  "'héllo wörld'::varchar AS v", "'\\x00ff10'::bytea AS y", "DATE '2024-02-29' AS dt", "'infinity'::date AS dinfinity", "DATE '1900-01-01' AS old",
  "TIME '10:11:12.5' AS t", "TIMESTAMP '2024-01-01 12:00:00.123456' AS ts", "TIMESTAMPTZ '1999-12-31 23:59:59+00' AS tz",
  "'-infinity'::timestamptz AS tzinf", "INTERVAL '1 year 2 days 03:04:05.6' AS iv", "INTERVAL '-3 months -1 microsecond' AS iv2",
  `'{"b": [1, null], "a": "x"}'::jsonb AS j`, 'ARRAY[1, NULL, 3] AS arr', "ARRAY['x'::varchar, 'y z'] AS sarr", "ARRAY[]::int8[] AS empty",
  "ARRAY[1.5::numeric, NULL] AS narr", "ARRAY[DATE '2024-01-01'] AS darr", 'NULL::int4 AS nothing',
];

describe.skipIf(unavailable !== undefined)('protocol agreement with PostgreSQL', () => {
  it('sends every type in text and in binary exactly as PostgreSQL does', async () => {
    const query = `SELECT ${ALL_TYPES.join(', ')}`;
    for (const format of [0, 1]) {
      const [a, b] = await both((c) => c.parse('', query).bind('', '', [], [format]).describe('P', '').execute('').sync());
      expect(a).toEqual(b);
    }
    const [simpleOurs, simpleTheirs] = await both((c) => c.query(query));
    expect(simpleOurs).toEqual(simpleTheirs);
  });

  it('reads binary parameters as PostgreSQL sends them', async () => {
    const columns = ALL_TYPES.filter((item) => !item.startsWith('NULL'));
    const binary = await theirs.parse('', `SELECT ${columns.join(', ')}`).bind('', '', [], [1]).describe('P', '').execute('').sync().until('Z');
    const description = rowDescriptionFields(binary.find((m) => m.type === 'T')!);
    const values = dataRowFields(binary.find((m) => m.type === 'D')!);
    const echo = `SELECT ${description.map((_, index) => `$${index + 1}`).join(', ')}`;
    const oids = description.map((field) => field.typeOid);
    // Binary in, text out: the text must be PostgreSQL's text for the value PostgreSQL encoded.
    const [a, b] = await both((c) => c.parse('', echo, oids).bind('', '', values, [0]).execute('').sync());
    expect(a).toEqual(b);
  });

  it('suspends and resumes portals with row limits, named and unnamed', async () => {
    const [a, b] = await both((c) =>
      c.parse('by_n', `SELECT n, label FROM ${table} WHERE n > $1 ORDER BY n`, [23])
        .describe('S', 'by_n')
        .bind('p1', 'by_n', ['1'])
        .describe('P', 'p1')
        .execute('p1', 2)
        .execute('p1', 2)
        .execute('p1', 2)
        .bind('', 'by_n', ['3'], [1])
        .execute('', 1)
        .execute('')
        .close('P', 'p1')
        .close('S', 'by_n')
        .sync(),
    );
    expect(a).toEqual(b);
    expect(a).toContain('s');
  });

  it('discards messages after an error until Sync', async () => {
    const [a, b] = await both((c) =>
      c.parse('', `SELECT nope FROM ${table}`).bind('', '', []).execute('').sync()
        .parse('', `SELECT count(*) FROM ${table}`).bind('', '', []).execute('').sync(),
      2,
    );
    expect(a).toEqual(b);
    const [c1, c2] = await both((c) => c.query('SELECT 1'));
    expect(c1).toEqual(c2);
  });

  it('answers protocol mistakes with PostgreSQL codes', async () => {
    for (const build of [
      (c: WireClient) => c.bind('', 'no_such_statement', []).sync(),
      (c: WireClient) => c.execute('no_such_portal').sync(),
      (c: WireClient) => c.describe('S', 'no_such_statement').sync(),
      (c: WireClient) => c.parse('', 'SELECT 1; SELECT 2').sync(),
      (c: WireClient) => c.parse('', `SELECT n FROM ${table} WHERE n = $1`).bind('', '', []).sync(),
      (c: WireClient) => c.parse('twice', 'SELECT 1').parse('twice', 'SELECT 2').sync(),
      (c: WireClient) => c.close('S', 'twice').sync(),
    ]) {
      const [a, b] = await both(build);
      expect(a).toEqual(b);
    }
  });

  it('handles empty queries and statements without rows', async () => {
    const [a, b] = await both((c) =>
      c.parse('', '').bind('', '', []).describe('P', '').execute('').sync()
        .parse('ins', `INSERT INTO ${table} VALUES ($1, $2)`, [23, 1043]).describe('S', 'ins').bind('', 'ins', ['6', 'six']).describe('P', '').execute('').close('S', 'ins').sync(),
      2,
    );
    expect(a).toEqual(b);
    const [e1, e2] = await both((c) => c.query(' ; '));
    expect(e1).toEqual(e2);
  });

  it('reports setting changes with ParameterStatus, also at the end of a transaction', async () => {
    const [a, b] = await both((c) =>
      c.query("SET application_name = 'wire test'; SET DateStyle = 'ISO'; SET TIME ZONE 'Europe/Paris'; RESET application_name")
        .query("SET TIME ZONE 'UTC'; SET application_name = 'second'")
        .query("BEGIN; SET LOCAL application_name = 'inside'; SHOW application_name; COMMIT; SHOW application_name; SHOW TimeZone")
        .query('BEGIN; BEGIN; COMMIT; COMMIT; RESET ALL'),
      4,
    );
    expect(a).toEqual(b);
    const [c1, c2] = await both((c) => c.query('SELECT 1'));
    expect(c1).toEqual(c2);
  });
});
