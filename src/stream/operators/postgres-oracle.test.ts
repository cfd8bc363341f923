// Operators with the real aggregate library and key encoding, checked epoch by epoch against PostgreSQL (PGlite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { resolveAggregate } from '../../expr/aggregate-registry.js';
import { comparator } from '../../types/compare.js';
import type { DataType } from '../../types/data-type.js';
import { Numeric } from '../../types/numeric.js';
import { formatValue } from '../../types/text-format.js';
import type { Row, Value } from '../../types/value.js';
import type { Operator } from '../operator.js';
import { HashAgg, type AggSpec } from './hash-agg.js';
import { Materialize } from './materialize.js';
import { OverWindow } from './over-window.js';

let pg: PGlite;
beforeAll(async () => {
  pg = new PGlite();
  await pg.query('create table t (g int, x numeric)');
}, 60_000);
afterAll(async () => {
  await pg.close();
});

const col = (index: number) => (row: Row): Value => row[index];
const NO_OPTIONS = { distinct: false, orderBy: [], directArgs: [] };

const aggregate = (name: string, args: number[], distinct = false): AggSpec => {
  const argTypes: DataType[] = args.map(() => 'numeric');
  const resolved = resolveAggregate(name, argTypes, { ...NO_OPTIONS, distinct });
  return { createState: () => resolved.createState(), args: args.map(col), distinct, distinctTypes: argTypes };
};

/** Rows [g, x] with x of varied scales, so that sums and averages show PostgreSQL's scale rules. */
const row = fc.tuple(
  fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 6 }),
  fc.option(
    fc.constantFrom('1', '1.0', '2.50', '-3', '0.125', '2.5', '100', '-0.10').map((text) => Numeric.parse(text)),
    { nil: null, freq: 6 },
  ),
);

/** Epochs of valid changes: insertions, and deletions of rows present. */
const epochs = fc
  .array(fc.array(fc.tuple(row, fc.option(fc.nat(), { nil: null })), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 })
  .map((ops) => {
    const present: Row[] = [];
    return ops.map((epoch) =>
      epoch.map(([candidate, pick]): [Row, number] => {
        if (pick !== null && present.length > 0) return [present.splice(pick % present.length, 1)[0], -1];
        present.push(candidate);
        return [candidate, 1];
      }),
    );
  });

const ROW_TYPES: DataType[] = ['int4', 'numeric'];

async function loadTable(rows: readonly Row[]): Promise<void> {
  await pg.query('truncate t');
  if (rows.length === 0) return;
  const values = rows.map((r) => `(${formatValue('int4', r[0]) ?? 'null'}, ${formatValue('numeric', r[1]) ?? 'null'})`);
  await pg.query(`insert into t values ${values.join(', ')}`);
}

/** The view's rows as sorted lines of PostgreSQL text. */
const viewLines = (view: Materialize, types: readonly DataType[]): string[] =>
  view
    .rows()
    .map((r) => r.map((value, columnIdx) => formatValue(types[columnIdx], value) ?? 'NULL').join('|'))
    .sort();

async function postgresLines(sql: string): Promise<string[]> {
  const result = await pg.query<(string | null)[]>(sql, [], { rowMode: 'array' });
  return result.rows.map((r) => r.map((value) => value ?? 'NULL').join('|')).sort();
}

/** Runs `operator` into a view epoch by epoch, and compares the view with `sql` after every epoch. */
async function checkAgainstPostgres(
  makeOperator: () => Operator,
  outputTypes: readonly DataType[],
  sql: string,
  runs: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(epochs, async (changesByEpoch) => {
      const operator = makeOperator();
      const view = new Materialize();
      const present: Row[] = [];
      for (const changes of changesByEpoch) {
        for (const [r, weight] of changes) {
          if (weight > 0) present.push(r);
          else present.splice(present.indexOf(r), 1);
        }
        const pushed = operator.push(0, { rows: changes.map(([r]) => r), weights: changes.map(([, weight]) => weight) });
        if (pushed !== null) view.apply(pushed);
        const emitted = operator.barrier();
        if (emitted !== null) view.apply(emitted);
        await loadTable(present);
        expect(viewLines(view, outputTypes)).toEqual(await postgresLines(sql));
      }
    }),
    { numRuns: runs },
  );
}

describe('operators against PostgreSQL', () => {
  it('HashAgg: GROUP BY with count, sum, min, max, avg and count(DISTINCT)', async () => {
    await checkAgainstPostgres(
      () =>
        new HashAgg({
          groupKeyTypes: ['int4'],
          groupKeys: [col(0)],
          aggs: [
            aggregate('count', []),
            aggregate('sum', [1]),
            aggregate('min', [1]),
            aggregate('max', [1]),
            aggregate('avg', [1]),
            aggregate('count', [1], true),
          ],
          global: false,
        }),
      ['int4', 'int8', 'numeric', 'numeric', 'numeric', 'numeric', 'int8'],
      'select g, count(*)::text, sum(x)::text, min(x)::text, max(x)::text, avg(x)::text, count(distinct x)::text from t group by g',
      20,
    );
  });

  it('HashAgg: a global aggregate over a possibly empty table', async () => {
    await checkAgainstPostgres(
      () =>
        new HashAgg({ groupKeyTypes: [], groupKeys: [], aggs: [aggregate('count', []), aggregate('sum', [1])], global: true }),
      ['int8', 'numeric'],
      'select count(*)::text, sum(x)::text from t',
      10,
    );
  });

  it('OverWindow: rank and a running sum over numeric peers', async () => {
    const compareNumeric = comparator('numeric');
    // ORDER BY x ASC NULLS LAST.
    const byX = (a: Row, b: Row): number => {
      if (a[1] === null || b[1] === null) return a[1] === b[1] ? 0 : a[1] === null ? 1 : -1;
      return compareNumeric(a[1], b[1]);
    };
    const sum = resolveAggregate('sum', ['numeric'], NO_OPTIONS);
    await checkAgainstPostgres(
      () =>
        new OverWindow({
          partitionKeys: [col(0)],
          keyTypes: ['int4'],
          compare: byX,
          functions: [
            { name: 'rank', args: [] },
            { name: 'sum', args: [col(1)], createState: () => sum.createState() },
            { name: 'lag', args: [col(1)] },
          ],
        }),
      [...ROW_TYPES, 'int8', 'numeric', 'numeric'],
      'select g::text, x::text, (rank() over w)::text, (sum(x) over w)::text, (lag(x) over w)::text from t window w as (partition by g order by x)',
      20,
    );
  });
});
