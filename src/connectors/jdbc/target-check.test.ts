// Tests of the target table check: names matched, generated and unfilled NOT NULL columns, the upsert key.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import { checkTarget, type SinkShape } from './target-check.js';
import type { TargetColumn, TargetTable } from './target-table.js';

const columns: ColumnInfo[] = [{ name: 'id', type: 'int8' }, { name: 'Total', type: 'numeric' }];
const sink: SinkShape = { name: 's', columns, type: 'upsert', key: [0] };
const column = (name: string, extra: Partial<TargetColumn> = {}): TargetColumn => ({
  name, kind: 'integer', bytes: 8, typeName: 'bigint', castType: 'int8', nullable: true, hasDefault: false, generated: false, ...extra,
});
const table = (targetColumns: TargetColumn[], uniqueKeys: string[][] = [['id']]): TargetTable => ({ schema: 'db', name: 't', columns: targetColumns, uniqueKeys });
const total = column('Total', { kind: 'numeric', bytes: undefined, typeName: 'numeric' });

describe('checkTarget', () => {
  it('returns the target column of each sink column, by exact name or, for MySQL, in any case', () => {
    const target = table([column('extra', { nullable: false, hasDefault: true }), total, column('id', { nullable: false })]);
    expect(checkTarget(sink, target, false).map((c) => c.name)).toEqual(['id', 'Total']);
    const lower = table([column('ID'), { ...total, name: 'total' }], [['ID']]);
    expect(checkTarget(sink, lower, true).map((c) => c.name)).toEqual(['ID', 'total']);
    expect(() => checkTarget(sink, lower, false)).toThrow('target table "db.t" has no columns "id", "Total"');
  });

  it('rejects generated columns and NOT NULL columns without default that the sink leaves out', () => {
    expect(() => checkTarget(sink, table([column('id'), { ...total, generated: true }]), false)).toThrow(
      'sink "s" cannot write generated column "Total" of target table "db.t"',
    );
    const unfilled = table([column('id'), total, column('a', { nullable: false }), column('b', { nullable: false }), column('g', { nullable: false, generated: true })]);
    expect(() => checkTarget(sink, unfilled, false)).toThrow('target table "db.t" has NOT NULL columns "a", "b" that sink "s" does not write');
  });

  it("needs a unique key of exactly the sink's key for upserts, in any column order", () => {
    const twoKey: SinkShape = { ...sink, key: [1, 0] };
    expect(checkTarget(twoKey, table([column('id'), total], [['id', 'Total']]), false)).toHaveLength(2);
    expect(() => checkTarget(twoKey, table([column('id'), total], [['id']]), false)).toThrow('target table "db.t" has no primary key or unique index on ("Total", "id")');
    expect(() => checkTarget(sink, table([column('id'), total], []), false)).toThrow('has no primary key or unique index on ("id")');
    expect(checkTarget({ ...sink, type: 'append-only', key: [] }, table([column('id'), total], []), false)).toHaveLength(2);
  });
});
