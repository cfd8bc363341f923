// Statements: DDL with RisingWave's and Flink's clauses, DML, utility statements, and script splitting.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../types/error.js';
import type { Statement } from './ast.js';
import type { Dialect } from './dialect.js';
import { parseScript, parseStatement } from './parse-script.js';

const parse = (sql: string, dialect?: Dialect): Statement => parseStatement(sql, { dialect });

function errorOf(sql: string, dialect?: Dialect): SqlError {
  try {
    parseScript(sql, { dialect });
  } catch (error) {
    if (error instanceof SqlError) return error;
    throw error;
  }
  throw new Error(`no error for ${sql}`);
}

describe('parseScript', () => {
  it('splits on semicolons outside strings and comments, skipping empty statements', () => {
    const sql = "select ';' -- ;\n;; /* ; */ select $$;$$;\n\nselect '2020-01-01'::timestamptz;;";
    const statements = parseScript(sql);
    expect(statements.map((s) => s.text)).toEqual(["select ';'", 'select $$;$$', "select '2020-01-01'::timestamptz"]);
    for (const { text, start, statement } of statements) {
      expect(sql.slice(start, start + text.length)).toBe(text);
      expect(statement.span).toEqual({ start, end: start + text.length });
    }
  });

  it('reports positions in the whole script', () => {
    const sql = 'select 1;\nselect 2;\nselect * form t;';
    expect(errorOf(sql)).toMatchObject({ condition: 'syntax_error', message: 'syntax error at or near "form"', position: sql.indexOf('form') });
    expect(errorOf('select 1 +;')).toMatchObject({ message: 'syntax error at or near ";"', position: 10 });
    expect(errorOf('select 1 +  ')).toMatchObject({ message: 'syntax error at end of input', position: 12 });
  });

  it('returns nothing for empty scripts', () => {
    expect(parseScript(' -- nothing\n ;; ')).toEqual([]);
  });
});

describe('parseStatement', () => {
  it('accepts one statement with an optional semicolon', () => {
    expect(parse('flush;')).toMatchObject({ kind: 'flush' });
  });

  it('rejects zero or several statements', () => {
    expect(() => parseStatement('  ')).toThrow('syntax error at end of input');
    expect(() => parseStatement('select 1; select 2')).toThrow('cannot insert multiple commands into a prepared statement');
  });
});

describe('CREATE TABLE and CREATE SOURCE', () => {
  it('reads columns, constraints, watermarks, APPEND ONLY and connector options', () => {
    const statement = parse(`
      CREATE TABLE IF NOT EXISTS s.t (
        id int PRIMARY KEY,
        name character varying(32) NOT NULL DEFAULT 'x',
        amount numeric(10, 2) NULL,
        tags text[],
        ts timestamp with time zone,
        doubled int AS id * 2,
        WATERMARK FOR ts AS ts - interval '5 minutes',
        PRIMARY KEY (id, name)
      ) APPEND ONLY WITH (connector = 'kafka', topic = 'x', properties.bootstrap.server = 'k:9092',
        scan.startup.mode = earliest, "Quoted.Key" = 5, 'string.key' = -1.5, flag = true)
      FORMAT UPSERT ENCODE JSON (k = 'v')`);
    expect(statement).toMatchObject({
      kind: 'createTable',
      name: { parts: ['s', 't'] },
      ifNotExists: true,
      columns: [
        { name: 'id', type: { name: 'int' }, primaryKey: true, notNull: false },
        { name: 'name', type: { name: 'character varying', modifiers: [32] }, notNull: true, defaultValue: { kind: 'literal' } },
        { name: 'amount', type: { name: 'numeric', modifiers: [10, 2] }, notNull: false },
        { name: 'tags', type: { name: 'text', isArray: true } },
        { name: 'ts', type: { name: 'timestamp with time zone' } },
        { name: 'doubled', generated: { kind: 'binary', op: '*' } },
      ],
      primaryKey: ['id', 'name'],
      primaryKeyEnforced: true,
      watermarks: [{ column: 'ts', expr: { kind: 'binary', op: '-' } }],
      appendOnly: true,
      with: [
        { key: 'connector', value: 'kafka' },
        { key: 'topic', value: 'x' },
        { key: 'properties.bootstrap.server', value: 'k:9092' },
        { key: 'scan.startup.mode', value: 'earliest' },
        { key: 'Quoted.Key', value: '5' },
        { key: 'string.key', value: '-1.5' },
        { key: 'flag', value: 'true' },
      ],
      format: { format: 'upsert', encode: 'json', options: [{ key: 'k', value: 'v' }] },
    });
  });

  it('reads CREATE SOURCE with FORMAT ... ENCODE and encode options', () => {
    expect(parse("CREATE SOURCE s (a int) WITH (connector = 'kafka') FORMAT PLAIN ENCODE CSV (without_header = 'true', delimiter = ',')")).toMatchObject({
      kind: 'createSource',
      columns: [{ name: 'a' }],
      with: [{ key: 'connector', value: 'kafka' }],
      format: { format: 'plain', encode: 'csv', options: [{ key: 'without_header', value: 'true' }, { key: 'delimiter', value: ',' }] },
    });
    expect(parse("CREATE SOURCE s WITH (connector = 'kafka') FORMAT DEBEZIUM ENCODE JSON")).toMatchObject({
      columns: [],
      format: { format: 'debezium', encode: 'json' },
    });
  });

  it('reads CREATE TABLE AS', () => {
    expect(parse('create table t as select 1 as x')).toMatchObject({ kind: 'createTable', columns: [], asQuery: { kind: 'query' } });
  });

  it('reads Flink tables with double-quoted options and unenforced keys', () => {
    const statement = parse(
      'create table t (a string, b double, primary key (a) not enforced) with ("connector.type" = "jdbc", \'pwd_auth_name\'= \'xxxxx\')',
      'flink',
    );
    expect(statement).toMatchObject({
      columns: [{ name: 'a', type: { name: 'string' } }, { name: 'b', type: { name: 'double' } }],
      primaryKey: ['a'],
      primaryKeyEnforced: false,
      with: [{ key: 'connector.type', value: 'jdbc' }, { key: 'pwd_auth_name', value: 'xxxxx' }],
    });
  });

  it('reads MySQL DDL in the Flink dialect, recording table options', () => {
    const statement = parse(
      "CREATE TABLE `db`.`t` (`a` BIGINT UNSIGNED NOT NULL COMMENT 'id', PRIMARY KEY (`a`)) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_general_ci COMMENT = 'text'",
      'flink',
    );
    expect(statement).toMatchObject({
      name: { parts: ['db', 't'] },
      columns: [{ name: 'a', type: { name: 'bigint', unsigned: true }, notNull: true }],
      primaryKey: ['a'],
      with: [
        { key: 'engine', value: 'innodb' },
        { key: 'character set', value: 'utf8mb4' },
        { key: 'collate', value: 'utf8mb4_general_ci' },
        { key: 'comment', value: 'text' },
      ],
    });
    expect(errorOf('CREATE TABLE t (a int) ENGINE = InnoDB').message).toBe('syntax error at or near "ENGINE"');
  });

  it('rejects constraints Tally does not support', () => {
    expect(errorOf('create table t (a int unique)')).toMatchObject({ condition: 'feature_not_supported', message: 'UNIQUE constraint is not supported' });
    expect(errorOf('create table t (a int, check (a > 0))').condition).toBe('feature_not_supported');
  });
});

describe('CREATE VIEW and CREATE SINK', () => {
  it('reads views and materialized views', () => {
    expect(parse('CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2')).toMatchObject({
      kind: 'createView', materialized: false, orReplace: true, columns: ['a', 'b'],
    });
    expect(parse('CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1')).toMatchObject({
      kind: 'createView', materialized: true, ifNotExists: true, name: { parts: ['mv'] }, with: [],
    });
  });

  it('reads sinks from a relation or a query', () => {
    expect(parse("CREATE SINK s FROM mv WITH (connector = 'jdbc', jdbc.url = 'jdbc:postgresql://db:5432/x', type = 'upsert')")).toMatchObject({
      kind: 'createSink', from: { parts: ['mv'] }, with: [{ key: 'connector' }, { key: 'jdbc.url' }, { key: 'type', value: 'upsert' }],
    });
    expect(parse("CREATE SINK s AS SELECT * FROM t WITH (connector = 'blackhole') FORMAT PLAIN ENCODE JSON")).toMatchObject({
      kind: 'createSink', query: { body: { kind: 'select' } }, format: { format: 'plain' },
    });
  });
});

describe('DML', () => {
  it('reads INSERT with columns, VALUES or SELECT, and RETURNING', () => {
    expect(parse("insert into t values (now() - interval '1 minute'), ((1))")).toMatchObject({
      kind: 'insert', source: { body: { kind: 'values', rows: [[{ kind: 'binary' }], [{ kind: 'literal' }]] } },
    });
    expect(parse('INSERT INTO t (a, b) SELECT a, b FROM u RETURNING a')).toMatchObject({
      columns: ['a', 'b'], source: { body: { kind: 'select' } }, returning: [{ kind: 'expr' }],
    });
    expect(parse('insert into t (select 1)')).not.toHaveProperty('columns');
  });

  it('reads UPDATE and DELETE', () => {
    expect(parse("update t1 set v1 = v1 + interval '1 hour' where v1 = '3031-01-01 20:00:00' returning v1")).toMatchObject({
      kind: 'update', assignments: [{ column: 'v1', value: { kind: 'binary' } }], where: { kind: 'binary' }, returning: [{ kind: 'expr' }],
    });
    expect(parse('update t x set a = 1')).toMatchObject({ alias: 'x' });
    expect(parse('DELETE FROM t AS d WHERE d.a = 1')).toMatchObject({ kind: 'delete', alias: 'd', where: { kind: 'binary' } });
  });
});

describe('utility statements', () => {
  it('reads DROP', () => {
    expect(parse('DROP MATERIALIZED VIEW IF EXISTS a, s.b CASCADE')).toMatchObject({
      kind: 'drop', objectKind: 'materializedView', ifExists: true, cascade: true, names: [{ parts: ['a'] }, { parts: ['s', 'b'] }],
    });
    for (const [sql, objectKind] of [['drop table t', 'table'], ['drop view v', 'view'], ['drop source s', 'source'], ['drop sink s restrict', 'sink']]) {
      expect(parse(sql)).toMatchObject({ objectKind, cascade: false });
    }
  });

  it('reads SET and RESET', () => {
    expect(parse('SET RW_IMPLICIT_FLUSH TO true')).toMatchObject({ kind: 'set', name: 'rw_implicit_flush', value: 'true' });
    expect(parse('set streaming_parallelism = 1')).toMatchObject({ name: 'streaming_parallelism', value: '1' });
    expect(parse("SET TIME ZONE 'UTC'")).toMatchObject({ name: 'timezone', value: 'UTC' });
    expect(parse('set search_path to a, "B"')).toMatchObject({ name: 'search_path', value: 'a, B' });
    expect(parse('set local x to default')).toEqual({ kind: 'set', name: 'x', local: true, span: { start: 0, end: 22 } });
    expect(parse('reset x')).toEqual({ kind: 'set', name: 'x', span: { start: 0, end: 7 } });
  });

  it('reads SHOW', () => {
    expect(parse('SHOW TABLES')).toMatchObject({ kind: 'show', what: 'tables' });
    expect(parse('SHOW MATERIALIZED VIEWS')).toMatchObject({ what: 'materializedViews' });
    expect(parse('show views')).toMatchObject({ what: 'views' });
    expect(parse('show sources')).toMatchObject({ what: 'sources' });
    expect(parse('show sinks')).toMatchObject({ what: 'sinks' });
    expect(parse('SHOW CREATE MATERIALIZED VIEW x')).toMatchObject({ what: 'create', objectKind: 'materializedView', name: { parts: ['x'] } });
    expect(parse('SHOW COLUMNS FROM t')).toMatchObject({ what: 'columns', name: { parts: ['t'] } });
    expect(parse('DESCRIBE s.t')).toMatchObject({ kind: 'show', what: 'columns', name: { parts: ['s', 't'] } });
    expect(parse('SHOW search_path')).toMatchObject({ what: 'variable', variable: 'search_path' });
    expect(parse('SHOW TIME ZONE')).toMatchObject({ what: 'variable', variable: 'timezone' });
  });

  it('reads EXPLAIN', () => {
    expect(parse('EXPLAIN SELECT 1')).toMatchObject({ kind: 'explain', verbose: false, statement: { kind: 'query' } });
    expect(parse('EXPLAIN VERBOSE SELECT 1')).toMatchObject({ verbose: true });
    expect(parse('EXPLAIN (VERBOSE) SELECT 1')).toMatchObject({ verbose: true });
    expect(parse('EXPLAIN (costs off, verbose false) CREATE MATERIALIZED VIEW v AS SELECT 1')).toMatchObject({
      verbose: false, statement: { kind: 'createView' },
    });
    expect(errorOf('EXPLAIN (bogus) SELECT 1').message).toBe('unrecognized EXPLAIN option "bogus"');
    expect(errorOf('EXPLAIN ANALYZE SELECT 1').condition).toBe('feature_not_supported');
  });

  it('reads FLUSH', () => {
    expect(parse('flush')).toEqual({ kind: 'flush', span: { start: 0, end: 5 } });
  });
});
