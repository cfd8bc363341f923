import { describe, expect, it } from 'vitest';
import { Catalog, type TableEntry } from '../catalog/catalog.js';
import { QueryBinder, type BoundQuery } from '../plan/bind-query.js';
import { parseStatement } from '../sql/index.js';
import type { Row } from '../types/value.js';
import { runQuery, runQueryPaced } from './run-query.js';

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

describe('runQueryPaced', () => {
  const catalog = new Catalog();
  catalog.add(table('orders', [['id', 'int4'], ['seller', 'varchar']]));
  catalog.add(table('ratings', [['order_id', 'int4'], ['stars', 'int4']]));
  const data = {
    orders: Array.from({ length: 5000 }, (_, i): Row => [i, `S${i % 37}`]),
    ratings: Array.from({ length: 4000 }, (_, i): Row => [(i * 7) % 6000, 1 + (i % 5)]),
  };
  const sql = 'SELECT o.seller, count(*), sum(r.stars), count(r.order_id) FROM orders o LEFT JOIN ratings r ON r.order_id = o.id GROUP BY o.seller ORDER BY 1';

  function bind(text: string): BoundQuery {
    const statement = parseStatement(text);
    if (statement.kind !== 'query') throw new Error('not a query');
    return new QueryBinder(catalog, { streaming: false }).bindQuery(statement.query, undefined, new Map(), true);
  }
  const snapshot = (relation: string): Row[] => data[relation as keyof typeof data] ?? [];

  it('answers what runQuery answers, pausing between slices of its input', async () => {
    let pauses = 0;
    const pacer = { sliceMs: 0, pause: async () => void pauses++ };
    const paced = await runQueryPaced(bind(sql), snapshot, { nonStrict: false }, undefined, pacer);
    expect(paced).toEqual(runQuery(bind(sql), snapshot, { nonStrict: false }));
    expect(paced).toHaveLength(37);
    // The first slices are small and grow; 9,000 input rows cannot go through in fewer than a few.
    expect(pauses).toBeGreaterThan(3);
  });

  it('reads its snapshot before the first pause: what changes meanwhile is not seen', async () => {
    const rows: Row[] = Array.from({ length: 3000 }, (_, i): Row => [i, 'S1']);
    const pacer = { sliceMs: 0, pause: async () => void rows.push([rows.length, 'S1']) };
    const [[count]] = (await runQueryPaced(bind('SELECT count(*) FROM orders'), (relation) => (relation === 'orders' ? rows.values() : []), { nonStrict: false }, undefined, pacer)) as [[bigint]];
    expect(count).toBe(3000n);
    expect(rows.length).toBeGreaterThan(3000);
  });

  it('stops when a pause rejects', async () => {
    let pauses = 0;
    const canceled = new Error('canceled');
    const pacer = {
      sliceMs: 0,
      pause: async () => {
        if (++pauses === 3) throw canceled;
      },
    };
    await expect(runQueryPaced(bind(sql), snapshot, { nonStrict: false }, undefined, pacer)).rejects.toBe(canceled);
    expect(pauses).toBe(3);
  });
});
