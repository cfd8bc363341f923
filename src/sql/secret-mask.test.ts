// Tests of secret masking in SQL text and in error messages.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import { maskErrorSecrets, maskPasswords, maskStatementSecrets, statementSecrets } from './secret-mask.js';

const SEED_001_SINK = `CREATE SINK seller_performance_sink
FROM seller_performance
WITH (
    connector   = 'jdbc',
    jdbc.url    = 'jdbc:postgresql://dashboarddb:5432/marketplace?user=rw&password=secret',
    table.name  = 'seller_performance_live',
    type        = 'upsert',
    primary_key = 'seller_id'
)`;

describe('maskPasswords', () => {
  it('masks password parameters, user info and known secrets', () => {
    expect(maskPasswords('jdbc:postgresql://h/d?user=rw&password=secret&x=1')).toBe('jdbc:postgresql://h/d?user=rw&password=***&x=1');
    expect(maskPasswords('PASSWORD = hunter2; next')).toBe('PASSWORD = ***; next');
    expect(maskPasswords('jdbc:mysql://root:s3cr3t@db:3306/x')).toBe('jdbc:mysql://root:***@db:3306/x');
    expect(maskPasswords('login failed: topsecret rejected', ['topsecret'])).toBe('login failed: *** rejected');
    // Too short to search for without garbling the message.
    expect(maskPasswords('a b a', ['a'])).toBe('a b a');
    expect(maskPasswords('no secrets here', [undefined])).toBe('no secrets here');
  });
});

describe('maskStatementSecrets', () => {
  it("masks seed 001's jdbc.url password and keeps the statement's layout", () => {
    expect(maskStatementSecrets(SEED_001_SINK)).toBe(SEED_001_SINK.replace('password=secret', 'password=***'));
  });

  it('masks whole values of secret options, dotted, quoted or in FORMAT options', () => {
    const sql = `CREATE SOURCE s (a INT) WITH (connector = 'kafka', properties.sasl.password = 'p@ss', "connector.password" = 'x''y', properties.sasl.jaas.config = 'org.Login required username="u" password="pw";', user = 'rw') FORMAT PLAIN ENCODE AVRO (schema.registry.password = 'reg')`;
    expect(maskStatementSecrets(sql)).toBe(
      `CREATE SOURCE s (a INT) WITH (connector = 'kafka', properties.sasl.password = '***', "connector.password" = '***', properties.sasl.jaas.config = '***', user = 'rw') FORMAT PLAIN ENCODE AVRO (schema.registry.password = '***')`,
    );
  });

  it("masks CREATE USER's password and token, and Flink's quoted keys", () => {
    expect(maskStatementSecrets("CREATE USER s1 WITH PASSWORD 'pw1' TOKEN 'tok' SCOPE (seller_id = 'S1')")).toBe(
      "CREATE USER s1 WITH PASSWORD '***' TOKEN '***' SCOPE (seller_id = 'S1')",
    );
    expect(maskStatementSecrets(`create table t (a int) with ('connector' = 'jdbc', 'password' = 'pw')`, 'flink')).toBe(`create table t (a int) with ('connector' = 'jdbc', 'password' = '***')`);
  });

  it('masks what it can of text that does not tokenize', () => {
    expect(maskStatementSecrets("CREATE USER u PASSWORD 'unterminated")).not.toContain('unterminated');
  });
});

describe('maskErrorSecrets', () => {
  it("hides a statement's secrets wherever an error repeats them", () => {
    const err = new SqlError('syntax_error', 'syntax error at or near "\'hunter22\'"', { detail: 'url jdbc:x://h?password=secret', position: 7 });
    const masked = maskErrorSecrets(err, "CREATE SINK k FROM t WITH (password 'hunter22', jdbc.url = 'jdbc:x://h?password=secret')") as SqlError;
    expect(masked.message).toBe('syntax error at or near "\'***\'"');
    expect(masked.detail).toBe('url jdbc:x://h?password=***');
    expect(masked.position).toBe(7);
    expect(masked.condition).toBe('syntax_error');
  });

  it('leaves errors without secrets and other errors as they are', () => {
    const err = new SqlError('undefined_table', 'relation "t" does not exist');
    expect(maskErrorSecrets(err, "CREATE USER u PASSWORD 'pw12'")).toBe(err);
    const bug = new Error('x');
    expect(maskErrorSecrets(bug, '')).toBe(bug);
  });

  it('finds the secrets of a statement', () => {
    expect(statementSecrets(SEED_001_SINK)).toEqual(['secret']);
    expect(statementSecrets("ALTER USER u PASSWORD 'a1b2' TOKEN NULL")).toEqual(['a1b2']);
  });
});

describe('Flink text', () => {
  it('masks double-quoted values, which the PostgreSQL dialect reads as names', () => {
    const sql = `create table r (a int) with ("connector" = "jdbc", "url" = "jdbc:mysql://h/db?password=pw1", "password" = "p""w")`;
    expect(maskStatementSecrets(sql)).toBe(`create table r (a int) with ("connector" = "jdbc", "url" = "jdbc:mysql://h/db?password=***", "password" = "***")`);
  });
});
