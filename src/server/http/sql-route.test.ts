import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHttpServer, type TestHttpServer } from './http-test-server.test-support.js';
import { engineRunner } from './request-runner.js';

describe('POST /v1/sql', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startTestHttpServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('runs a script and answers each statement, values exact', async () => {
    const answer = await server.sql(`
      CREATE TABLE orders (id INT PRIMARY KEY, buyer VARCHAR, total NUMERIC(12,2), big BIGINT, ratio DOUBLE PRECISION,
        at TIMESTAMPTZ, paid BOOLEAN, tags VARCHAR[], note JSONB);
      INSERT INTO orders VALUES (1, 'ann', 19.90, 9007199254740993, 0.1, '2024-05-01 10:00:00+00', true, ARRAY['a','b c'], '{"x": 1.50}'),
        (2, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL);
      SELECT * FROM orders ORDER BY id;
      SELECT 1e30::float8 AS big_float, 'Infinity'::float8 AS inf, 2::int2 AS small;`);
    expect(answer.results.map((r) => r.command)).toEqual(['CREATE_TABLE', 'INSERT 0 2', 'SELECT 2', 'SELECT 1']);
    expect(answer.epoch).toBe(server.engine.epoch);
    const select = answer.results[2]!;
    expect(select.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'buyer', type: 'character varying' },
      { name: 'total', type: 'numeric' },
      { name: 'big', type: 'bigint' },
      { name: 'ratio', type: 'double precision' },
      { name: 'at', type: 'timestamp with time zone' },
      { name: 'paid', type: 'boolean' },
      { name: 'tags', type: 'character varying[]' },
      { name: 'note', type: 'jsonb' },
    ]);
    expect(select.rows).toEqual([
      [1, 'ann', '19.90', '9007199254740993', 0.1, '2024-05-01 10:00:00+00', true, '{a,"b c"}', '{"x": 1.50}'],
      [2, null, null, null, 'NaN', null, null, null, null],
    ]);
    expect(answer.results[3]!.rows).toEqual([[1e30, 'Infinity', 2]]);
  });

  it('keeps the digits of a number the JSON carries in the raw text', async () => {
    const response = await server.post('/v1/sql', JSON.stringify({ sql: 'SELECT 12345678901234567890.123456789::numeric AS n, 9223372036854775807::int8 AS m' }));
    const text = await response.text();
    expect(text).toContain('"12345678901234567890.123456789"');
    expect(text).toContain('"9223372036854775807"');
  });

  it('takes the SQL as text/plain', async () => {
    const response = await server.post('/v1/sql', 'SELECT 40 + 2 AS answer', 'text/plain');
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ results: [{ command: 'SELECT 1', rows: [[42]] }] });
  });

  it('answers an error with SQLSTATE and the position in the request SQL', async () => {
    const sql = 'SELECT 1;\nSELECT nope FROM orders';
    const response = await server.post('/v1/sql', JSON.stringify({ sql }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; position: number } };
    expect(body.error.code).toBe('42703');
    expect(body.error.message).toBe('column "nope" does not exist');
    expect(sql.slice(body.error.position - 1).startsWith('nope')).toBe(true);
  });

  it('reports syntax errors, division by zero and unknown tables with their codes', async () => {
    const codeOf = async (sql: string): Promise<unknown> => ((await (await server.post('/v1/sql', JSON.stringify({ sql }))).json()) as { error: { code: string } }).error.code;
    expect(await codeOf('SELEC 1')).toBe('42601');
    expect(await codeOf('SELECT 1/0')).toBe('22012');
    expect(await codeOf('SELECT * FROM missing_table')).toBe('42P01');
  });

  it('refuses bodies it cannot read', async () => {
    const notJson = await server.post('/v1/sql', '{"sql": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('22P02');
    const noSql = await server.post('/v1/sql', '{"query": "SELECT 1"}');
    expect(noSql.status).toBe(400);
    expect(((await noSql.json()) as { error: { message: string } }).error.message).toBe('the request body must be a JSON object with a "sql" string');
    const xml = await server.post('/v1/sql', '<sql/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as { error: { message: string } }).error.message).toBe('unsupported content type "application/xml"');
  });

  it('answers 404 for a route that does not exist', async () => {
    const response = await fetch(server.url('/v2/nothing?x=1'));
    expect(response.status).toBe(404);
    expect((await response.json()) as unknown).toEqual({ error: { code: '42704', message: 'route "GET /v2/nothing" does not exist' } });
  });
});

describe('bearer token', () => {
  it('is required on every route but /health when the server has one', async () => {
    const server = await startTestHttpServer({ token: 's3cret' });
    try {
      expect((await fetch(server.url('/health'))).status).toBe(200);
      const missing = await server.post('/v1/sql', JSON.stringify({ sql: 'SELECT 1' }));
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: '28000', message: 'authentication required' });
      const wrong = await server.post('/v1/sql', JSON.stringify({ sql: 'SELECT 1' }), 'application/json', { authorization: 'Bearer s3cre' });
      expect(wrong.status).toBe(401);
      expect((await fetch(server.url('/metrics'))).status).toBe(401);
      expect((await fetch(server.url('/v1/views'))).status).toBe(401);
      const right = await server.post('/v1/sql', JSON.stringify({ sql: 'SELECT 1' }), 'application/json', { authorization: 'Bearer s3cret' });
      expect(right.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('POST /v1/sql with a long query', () => {
  let server: TestHttpServer;
  /** What each statement run through the API ended with: how the long query stopped, seen from the server. */
  const outcomes: Promise<unknown>[] = [];
  const ENDLESS = 'SELECT count(*) FROM numbers a, numbers b, numbers c';

  beforeAll(async () => {
    server = await startTestHttpServer({
      authenticate: () => {
        const engine = engineRunner(server.engine);
        return {
          ...engine,
          execute: (sql, options) => {
            const running = engine.execute(sql, options);
            outcomes.push(running.then(() => 'finished', (err: unknown) => err));
            return running;
          },
        };
      },
    });
    await server.engine.execute('CREATE TABLE numbers (n INT)');
    server.engine.ingest('numbers', Array.from({ length: 3000 }, (_, i) => [i]));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers other requests while it runs, and stops when its client goes away', async () => {
    const client = new AbortController();
    const long = server.post('/v1/sql', JSON.stringify({ sql: ENDLESS }), 'application/json').catch(() => undefined);
    void long;
    const abandoned = fetch(server.url('/v1/sql'), { method: 'POST', body: ENDLESS, headers: { 'content-type': 'text/plain' }, signal: client.signal }).catch((err: unknown) => err);
    // Answered while both long queries run (a query of 27 billion rows would otherwise hold the server for hours).
    expect((await server.sql('SELECT count(*) FROM numbers')).results[0]!.rows).toEqual([['3000']]);
    client.abort();
    expect(await abandoned).toMatchObject({ name: 'AbortError' });
    await expect(outcomes[1]).resolves.toMatchObject({ condition: 'query_canceled', message: 'canceling statement due to client disconnect' });
  });
});
