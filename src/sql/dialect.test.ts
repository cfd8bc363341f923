// detectDialect: Flink-only forms make a script Flink; everything else is PostgreSQL.
import { describe, expect, it } from 'vitest';
import { detectDialect } from './dialect.js';

describe('detectDialect', () => {
  it.each([
    ['create table t (a string) with ("connector.type" = "kafka")', 'flink'],
    ['select _UTF16"Website"', 'flink'],
    ['drop table `db`.`t`', 'flink'],
    ['create table t (a int, primary key (a) not enforced)', 'flink'],
    ['create table t (a int) ENGINE = InnoDB', 'flink'],
  ])('%s is Flink', (sql, dialect) => {
    expect(detectDialect(sql)).toBe(dialect);
  });

  it.each([
    ["CREATE SOURCE s (a int) WITH (connector = 'kafka') FORMAT PLAIN ENCODE JSON"],
    ['select "Mixed Case" from t where "a" = "b"'],
    ['create table t (a int) with ("fillfactor" = 70)'],
    ["select 'unterminated"],
    [''],
  ])('%s is PostgreSQL', (sql) => {
    expect(detectDialect(sql)).toBe('postgres');
  });
});
