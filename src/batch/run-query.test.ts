import { describe, expect, it } from 'vitest';
import { Catalog, type TableEntry } from '../catalog/catalog.js';
import { QueryBinder } from '../plan/bind-query.js';
import { parseStatement } from '../sql/index.js';
import type { Row } from '../types/value.js';
import { runQuery } from './run-query.js';

function table(name: string, columns: [string, 'int4' | 'varchar'][]): TableEntry {
  return { kind: 'table', name, columns: columns.map(([n, type]) => ({ name: n, type })), definition: '', dependsOn: [], primaryKey: [], hasUserPrimaryKey: false, appendOnly: false, options: new Map() };
}

function run(catalog: Catalog, data: Record<string, Row[]>, sql: string): Row[] {
  const statement = parseStatement(sql);
  if (statement.kind !== 'query') throw new Error('not a query');
  const bound = new QueryBinder(catalog, { streaming: false }).bindQuery(statement.query, undefined, new Map(), true);
  return runQuery(bound, (relation) => data[relation] ?? [], { nonStrict: false });
}

describe('runQuery', () => {
  it('answers with the sum of its changes: a left join row NULL-extended before its match arrived is retracted', () => {
    const catalog = new Catalog();
    catalog.add(table('a', [['x', 'int4'], ['name', 'varchar']]));
    catalog.add(table('b', [['y', 'int4'], ['label', 'varchar']]));
    const data = { a: [[2200, 'a'], [5, 'lonely']], b: [[11, 'p'], [2200, 'q'], [13207, 'r']] };
    expect(run(catalog, data, 'SELECT a.name, b.label FROM a LEFT JOIN b ON b.y = a.x ORDER BY 1')).toEqual([
      ['a', 'q'],
      ['lonely', null],
    ]);
    expect(run(catalog, data, 'SELECT a.name, b.label FROM b RIGHT JOIN a ON b.y = a.x ORDER BY 1')).toEqual([
      ['a', 'q'],
      ['lonely', null],
    ]);
  });
});
