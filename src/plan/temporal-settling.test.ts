import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import type { BoundExpr } from '../expr/expr.js';
import { parseScript } from '../sql/index.js';
import { QueryBinder } from './bind-query.js';
import { settledTest } from './temporal-settling.js';

/** The select list of `SELECT <items> FROM orders`, bound (orders: ts timestamptz, d date, gap interval, n int). */
function exprs(items: string): readonly BoundExpr[] {
  const catalog = new Catalog();
  const columns = [
    { name: 'ts', type: 'timestamptz' as const },
    { name: 'd', type: 'date' as const },
    { name: 'gap', type: 'interval' as const },
    { name: 'n', type: 'int4' as const },
  ];
  catalog.add({ kind: 'source', name: 'orders', columns, definition: '', dependsOn: [], options: new Map() });
  const statement = parseScript(`SELECT ${items} FROM orders`)[0]!.statement;
  if (statement.kind !== 'query') throw new Error('not a query');
  const plan = new QueryBinder(catalog, { streaming: false }).bindQuery(statement.query, undefined, new Map()).plan;
  if (plan.kind !== 'project') throw new Error(`expected a projection, got ${plan.kind}`);
  return plan.exprs;
}

/** For each item: 'once false' / 'once true' (final when it has that value, or NULL), or 'never'. */
function finality(items: string): string[] {
  return exprs(items).map((expr) => {
    const test = settledTest(expr);
    if (!test) return 'never';
    expect(test(null)).toBe(true);
    return test(false) ? (test(true) ? 'always' : 'once false') : 'once true';
  });
}

describe('settledTest', () => {
  it('finds comparisons of a row value with a time that only rises', () => {
    expect(
      finality(`ts >= CURRENT_DATE, ts > NOW() - INTERVAL '1 hour', CURRENT_DATE <= d, NOW() - gap < ts,
        ts < NOW(), d <= CURRENT_DATE - 7, NOW() > ts + gap, date_trunc('day', NOW()) >= ts, ts > NOW()::date + 1`),
    ).toEqual(['once false', 'once false', 'once false', 'once false', 'once true', 'once true', 'once true', 'once true', 'once false']);
  });

  it('leaves everything else to be re-evaluated for ever', () => {
    expect(
      finality(`ts = CURRENT_DATE, ts <> NOW(), NOW() - ts, ts >= NOW() - (NOW() - ts), CURRENT_TIME > '12:00'::time,
        NOW()::text > 'a', ts > NOW() AND n > 1, NOT ts > NOW(), ts - NOW() > gap`),
    ).toEqual(['never', 'never', 'never', 'never', 'never', 'never', 'never', 'never', 'never']);
  });
});
