// Tests of the PostgreSQL target's DDL: created column types follow the sink's types and modifiers.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { postgresColumnType, postgresCreateTable, postgresTableName } from './postgres-target.js';

describe('postgresCreateTable', () => {
  it("creates the sink's columns with their types and the key as primary key", () => {
    const columns: ColumnInfo[] = [
      { name: 'id', type: 'int8', notNull: true },
      { name: 'amount', type: 'numeric', modifier: { precision: 20, scale: 2 } },
      { name: 'label', type: 'varchar', modifier: { length: 32 } },
      { name: 'at', type: 'timestamptz', modifier: { precision: 3 } },
      { name: 'tags', type: 'varchar[]' },
      { name: 'say "hi"', type: 'jsonb' },
    ];
    expect(postgresCreateTable('rt', 'gmv', columns, [0])).toBe(
      'CREATE TABLE IF NOT EXISTS "rt"."gmv" ("id" bigint NOT NULL, "amount" numeric(20,2), "label" varchar(32), ' +
        '"at" timestamptz(3), "tags" text[], "say ""hi""" jsonb, PRIMARY KEY ("id"))',
    );
    expect(postgresCreateTable(undefined, 'log', columns.slice(0, 1), [])).toBe('CREATE TABLE IF NOT EXISTS "log" ("id" bigint NOT NULL)');
  });

  it('maps every Tally type', () => {
    const types = (['boolean', 'int2', 'int4', 'float4', 'float8', 'numeric', 'varchar', 'bytea', 'date', 'time', 'timestamp', 'interval', 'unknown'] as const)
      .map((type) => postgresColumnType({ name: 'c', type }));
    expect(types).toEqual(['boolean', 'smallint', 'integer', 'real', 'double precision', 'numeric', 'text', 'bytea', 'date', 'time', 'timestamp', 'interval', 'text']);
    expect(postgresTableName(undefined, 'a"b')).toBe('"a""b"');
  });
});
