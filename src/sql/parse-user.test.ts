// Tests of CREATE / ALTER USER, GRANT and REVOKE: trees, printing and errors.
import { describe, expect, it } from 'vitest';
import type { Statement } from './ast.js';
import { parseStatement } from './parse-script.js';
import { printStatement } from './print-statement.js';
import { SqlError } from '../types/error.js';

function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'span').map(([key, value]) => [key, withoutSpans(value)]));
}

const parsed = (sql: string): unknown => withoutSpans(parseStatement(sql));

function errorOf(sql: string): SqlError {
  try {
    parseStatement(sql);
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('CREATE USER and ALTER USER', () => {
  it('parses credentials, superuser and scopes', () => {
    expect(parsed("CREATE USER s1 WITH PASSWORD 'pw' SCOPE (seller_id = 'S1', region IN ('EU', 'UK', 7))")).toEqual({
      kind: 'createUser',
      name: 's1',
      options: [
        { kind: 'password', value: 'pw' },
        { kind: 'scope', conditions: [{ column: 'seller_id', values: ['S1'] }, { column: 'region', values: ['EU', 'UK', '7'] }] },
      ],
    });
    expect(parsed('CREATE USER "Admin" SUPERUSER LOGIN ENCRYPTED PASSWORD NULL TOKEN NULL')).toEqual({
      kind: 'createUser',
      name: 'Admin',
      options: [{ kind: 'superuser', value: true }, { kind: 'password', value: null }, { kind: 'token', value: null }],
    });
    expect(parsed("ALTER USER s1 SET SCOPE (seller_id = 'S2')")).toEqual({
      kind: 'alterUser',
      name: 's1',
      options: [{ kind: 'scope', conditions: [{ column: 'seller_id', values: ['S2'] }] }],
    });
    expect(parsed('ALTER USER s1 RESET SCOPE')).toEqual({ kind: 'alterUser', name: 's1', options: [{ kind: 'scope', conditions: [] }] });
    expect(parsed("ALTER USER s1 WITH TOKEN 'abcdefghijklmnopq' NOSUPERUSER")).toEqual({
      kind: 'alterUser',
      name: 's1',
      options: [{ kind: 'token', value: 'abcdefghijklmnopq' }, { kind: 'superuser', value: false }],
    });
  });

  it('names what it does not support and points at syntax errors', () => {
    expect(errorOf('CREATE USER u CREATEDB').message).toBe('role option CREATEDB is not supported');
    expect(errorOf('ALTER USER u SET search_path TO x').message).toBe('ALTER USER ... SET of a setting is not supported');
    expect(errorOf('ALTER TABLE t ADD COLUMN x INT').message).toBe('ALTER TABLE is not supported');
    expect(errorOf('ALTER USER u').message).toBe('syntax error at end of input');
    const missing = errorOf("CREATE USER u SCOPE (seller_id > 'S1')");
    expect(missing.message).toBe('syntax error at or near ">"');
    expect(missing.position).toBe(31);
    expect(errorOf('CREATE USER u PASSWORD secret').message).toBe('syntax error at or near "secret"');
  });
});

describe('GRANT and REVOKE', () => {
  it('parses relations, kinds and ALL ... IN SCHEMA', () => {
    expect(parsed('GRANT SELECT ON orders, public.sellers TO s1, s2')).toEqual({
      kind: 'grant',
      revoke: false,
      target: { kind: 'relations', names: [{ parts: ['orders'] }, { parts: ['public', 'sellers'] }] },
      grantees: ['s1', 's2'],
    });
    expect(parsed('GRANT SELECT ON MATERIALIZED VIEW mv TO s1')).toMatchObject({ target: { kind: 'relations', objectKind: 'materializedView' } });
    expect(parsed('GRANT SELECT ON TABLE t TO s1')).toMatchObject({ target: { kind: 'relations', objectKind: 'table' } });
    // A relation named like a kind word is a name when no other name follows.
    expect(parsed('GRANT SELECT ON view TO s1')).toMatchObject({ target: { kind: 'relations', names: [{ parts: ['view'] }] } });
    expect(parsed('GRANT SELECT ON ALL MATERIALIZED VIEWS IN SCHEMA public TO s1')).toEqual({
      kind: 'grant',
      revoke: false,
      target: { kind: 'all', objectKind: 'materializedView', schemas: ['public'] },
      grantees: ['s1'],
    });
    expect(parsed('REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM s1 CASCADE')).toEqual({
      kind: 'grant',
      revoke: true,
      target: { kind: 'all', objectKind: 'table', schemas: ['public'] },
      grantees: ['s1'],
    });
  });

  it('grants SELECT only', () => {
    expect(errorOf('GRANT INSERT ON t TO s1').message).toBe('GRANT INSERT is not supported');
    expect(errorOf('GRANT ALL ON t TO s1').message).toBe('GRANT ALL is not supported');
    expect(errorOf('GRANT SELECT, INSERT ON t TO s1').message).toBe('GRANT of privileges other than SELECT is not supported');
    expect(errorOf('GRANT SELECT ON t TO s1 WITH GRANT OPTION').message).toBe('WITH GRANT OPTION is not supported');
    expect(errorOf('GRANT SELECT ON t TO PUBLIC').message).toBe('PUBLIC as a grantee is not supported');
  });
});

describe('printing', () => {
  const statements = [
    "CREATE USER s1 WITH PASSWORD 'it''s' SCOPE (seller_id = 'S1', \"Region\" IN ('EU', 'UK'))",
    'CREATE USER admin WITH SUPERUSER PASSWORD NULL',
    'CREATE USER plain',
    "ALTER USER s1 WITH TOKEN 'abcdefghijklmnopq' NOSUPERUSER",
    "ALTER USER s1 SET SCOPE (seller_id = 'S2')",
    'ALTER USER s1 RESET SCOPE',
    'GRANT SELECT ON orders, "Mixed".t TO s1, "S 2"',
    'GRANT SELECT ON MATERIALIZED VIEW mv TO s1',
    'REVOKE SELECT ON SOURCE src FROM s1',
    'GRANT SELECT ON ALL TABLES IN SCHEMA public, other TO s1',
    'REVOKE SELECT ON ALL SOURCES IN SCHEMA public FROM s1',
  ];
  it.each(statements)('prints %s so that it parses to the same tree', (sql) => {
    const statement: Statement = parseStatement(sql);
    expect(withoutSpans(parseStatement(printStatement(statement)))).toEqual(withoutSpans(statement));
  });
});
