import { describe, expect, it } from 'vitest';
import type { RelationEntry } from '../../catalog/catalog.js';
import { Numeric } from '../../types/numeric.js';
import { parseInList, parseViewQuery } from './view-query.js';
import { viewQuerySql } from './view-query-sql.js';

const entry: RelationEntry = {
  kind: 'table',
  name: 'odd "name"',
  columns: [
    { name: 'id', type: 'int8' },
    { name: 'total', type: 'numeric' },
    { name: 'at', type: 'timestamptz' },
    { name: 'a.b', type: 'varchar' },
    { name: '_row_id', type: 'int8', hidden: true },
  ],
  definition: '',
  dependsOn: [],
  primaryKey: [4],
  hasUserPrimaryKey: false,
  appendOnly: false,
  options: new Map(),
};

describe('parseViewQuery', () => {
  it('reads filters with the column types, order, limit and offset', () => {
    const query = parseViewQuery(entry, { id: '9007199254740993', 'total.gte': '1.50', 'a.b.in': 'x,"y,z"', order: 'total.desc.nullslast,a.b', limit: '10', offset: '5' }, { ordering: true });
    expect(query.filters.map((f) => [f.column.name, f.columnIdx, f.operator, f.texts])).toEqual([
      ['id', 0, 'eq', ['9007199254740993']],
      ['total', 1, 'gte', ['1.50']],
      ['a.b', 3, 'in', ['x', 'y,z']],
    ]);
    expect(query.filters[0]!.values).toEqual([9007199254740993n]);
    expect((query.filters[1]!.values[0] as Numeric).toString()).toBe('1.50');
    expect(query.order.map((k) => [k.column.name, k.descending, k.nullsFirst])).toEqual([
      ['total', true, false],
      ['a.b', false, undefined],
    ]);
    expect([query.limit, query.offset]).toEqual([10, 5]);
  });

  it('does not let a hidden column be filtered', () => {
    expect(() => parseViewQuery(entry, { _row_id: '1' }, { ordering: true })).toThrow('column "_row_id" does not exist');
  });

  it('refuses ordering on a change stream and a parameter given twice', () => {
    expect(() => parseViewQuery(entry, { limit: '1' }, { ordering: false })).toThrow('query parameter "limit" is not supported on a change stream');
    expect(() => parseViewQuery(entry, { limit: ['1', '2'] }, { ordering: true })).toThrow('query parameter "limit" given more than once');
  });
});

describe('parseInList', () => {
  it.each([
    ['a,b', ['a', 'b']],
    ['', ['']],
    ['a,', ['a', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['""', ['']],
  ])('%j', (text, items) => {
    expect(parseInList('k', text)).toEqual(items);
  });

  it('refuses an unterminated quote and text after a quoted item', () => {
    expect(() => parseInList('k', '"a,b')).toThrow('unterminated quoted item in query parameter "k"');
    expect(() => parseInList('k', '"a"b')).toThrow('unexpected text after a quoted item in query parameter "k"');
  });
});

describe('viewQuerySql', () => {
  it('quotes every name and casts every value', () => {
    const query = parseViewQuery(entry, { 'a.b': "it's", 'id.in': '1,2', order: 'at.asc.nullsfirst', limit: '3' }, { ordering: true });
    expect(viewQuerySql(entry.name, query)).toBe(
      `SELECT * FROM "odd ""name""" WHERE "a.b" = CAST('it''s' AS character varying) AND "id" IN (CAST('1' AS bigint), CAST('2' AS bigint)) ORDER BY "at" ASC NULLS FIRST LIMIT 3`,
    );
  });
});
