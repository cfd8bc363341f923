// Tests of the projection-inlining rewrite and of stream keys, on plans bound from SQL.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import type { Query } from '../sql/ast.js';
import { parseScript } from '../sql/index.js';
import { runQuery } from '../batch/run-query.js';
import { Numeric } from '../types/numeric.js';
import type { Row } from '../types/value.js';
import { QueryBinder } from './bind-query.js';
import { inlineProjections } from './inline-projections.js';
import type { PlanNode } from './plan-node.js';
import { streamKey } from './stream-key.js';

const HOUR = 3_600_000_000n;

function catalog(): Catalog {
  const result = new Catalog();
  result.add({
    kind: 'source',
    name: 'orders',
    columns: [
      { name: 'merchant', type: 'varchar' },
      { name: 'status', type: 'varchar' },
      { name: 'total', type: 'numeric' },
      { name: 'at', type: 'timestamptz' },
    ],
    definition: '',
    dependsOn: [],
    options: new Map(),
  });
  return result;
}

function bind(sql: string, streaming = true): { plan: PlanNode; query: Query; catalog: Catalog } {
  const statement = parseScript(sql)[0]!.statement;
  if (statement.kind !== 'query') throw new Error('not a query');
  const entries = catalog();
  const plan = new QueryBinder(entries, { streaming }).bindQuery(statement.query, undefined, new Map()).plan;
  return { plan, query: statement.query, catalog: entries };
}

/** Kinds of the plan's nodes from the root down the first inputs. */
function spine(plan: PlanNode): string[] {
  const kinds: string[] = [];
  for (let node: PlanNode | undefined = plan; node; node = 'input' in node ? node.input : undefined) kinds.push(node.kind);
  return kinds;
}

const rows: Row[] = [
  ['m1', 'paid', Numeric.parse('10.5'), 10n * HOUR + 5n],
  ['m1', 'cancelled', Numeric.parse('99'), 10n * HOUR + 6n],
  ['m2', 'paid', Numeric.parse('1.25'), 11n * HOUR],
  ['m1', 'paid', Numeric.parse('2'), 10n * HOUR + 7n],
];

/** The query's answer over `rows`, run through the dataflow (which applies the rewrite), sorted. */
function answer(plan: PlanNode): string[] {
  const bound = { plan, scope: undefined as never, visibleCount: plan.columns.length, orderBy: [] };
  const result = runQuery(bound, () => rows, { nonStrict: false });
  return result.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join('|')).sort();
}

describe('inlineProjections', () => {
  const tumble = `SELECT merchant, window_start, window_end, count(*), sum(total) FROM TUMBLE(orders, at, INTERVAL '1 HOUR')
    WHERE status NOT IN ('cancelled') GROUP BY merchant, window_start, window_end`;

  it("computes TUMBLE's window bounds inside the aggregate, under the filter", () => {
    const { plan } = bind(tumble);
    expect(spine(plan)).toEqual(['project', 'aggregate', 'filter', 'project', 'scan']);
    // The select list copies the aggregate's row as is: that projection goes too.
    expect(spine(inlineProjections(plan))).toEqual(['aggregate', 'filter', 'scan']);
    expect(answer(plan)).toEqual([
      `m1|${10n * HOUR}|${11n * HOUR}|2|12.5`,
      `m2|${11n * HOUR}|${12n * HOUR}|1|1.25`,
    ]);
  });

  it('leaves projections whose computed columns are read twice, or filtered on', () => {
    const twice = bind(`SELECT count(*), sum(t), max(t) FROM (SELECT total * 2 AS t FROM orders) s`).plan;
    expect(spine(inlineProjections(twice))).toEqual(['aggregate', 'project', 'scan']);
    const filtered = bind(`SELECT count(*) FROM (SELECT total * 2 AS t FROM orders) s WHERE t > 3`).plan;
    expect(spine(inlineProjections(filtered))).toEqual(['aggregate', 'filter', 'project', 'scan']);
    expect(answer(filtered)).toEqual(['3']);
    expect(answer(twice)).toEqual(['4|225.50|198']);
  });

  it('merges a projection into the projection reading it', () => {
    const nested = bind(`SELECT t + 1, merchant FROM (SELECT total * 2 AS t, merchant FROM orders) s`).plan;
    expect(spine(nested)).toEqual(['project', 'project', 'scan']);
    expect(spine(inlineProjections(nested))).toEqual(['project', 'scan']);
    expect(answer(nested)).toEqual(['199|m1', '22.0|m1', '3.50|m2', '5|m1']);
    const twice = bind(`SELECT t + 1, t - 1 FROM (SELECT total * 2 AS t FROM orders) s`).plan;
    expect(spine(inlineProjections(twice))).toEqual(['project', 'project', 'scan']);
  });
});

describe('streamKey', () => {
  it('is the group key of an aggregate, through projections that keep it', () => {
    const { plan } = bind(`SELECT count(*) AS n, merchant FROM orders GROUP BY merchant`);
    expect(streamKey(plan)).toEqual([1]);
    expect(streamKey(bind(`SELECT count(*) FROM orders`).plan)).toEqual([]);
    expect(streamKey(bind(`SELECT count(*) FROM orders GROUP BY merchant`).plan)).toBeUndefined();
    expect(streamKey(bind(`SELECT merchant FROM orders`).plan)).toBeUndefined();
  });
});
