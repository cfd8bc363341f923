import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { resolveTypeName } from '../../types/type-name.js';
import type { Row } from '../../types/value.js';
import { Catalog, type CatalogEntry, type ColumnInfo } from '../catalog.js';
import type { ReadAccess } from '../read-access.js';
import { pgClass } from './pg-class.js';
import { connectOracle, textRows } from './postgres-oracle.test-support.js';
import { estimatedRowWidth, RELATION_SIZE_FUNCTIONS, relationSize } from './relation-size.js';
import { systemContext } from './system-catalog.js';
import type { SystemContext } from './system-relation.js';

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});

/** A column as CREATE TABLE declares it: `numeric(10,2)`, `varchar(32)[]`. */
function column(name: string, declared: string): ColumnInfo {
  const isArray = declared.endsWith('[]');
  const match = /^([a-z0-9 ]+?)(?:\(([\d,]+)\))?$/.exec(declared.replace('[]', ''))!;
  const { type, modifier } = resolveTypeName(match[1]!, match[2] ? match[2].split(',').map(Number) : [], isArray);
  return modifier ? { name, type, modifier } : { name, type };
}

const span = { start: 0, end: 0 };
const query = { kind: 'query', with: [], body: { kind: 'select', distinct: false, items: [{ kind: 'wildcard', span }], from: [], groupBy: [], windows: [], span }, orderBy: [], emitOnWindowClose: false, span } as const;
const ORDERS: readonly ColumnInfo[] = [column('id', 'int8'), column('total', 'numeric(10,2)'), column('note', 'varchar')];

/** orders (16384, 1000 rows), mv (16385, 3 rows), v (16386), clicks (16387): row counts as an engine gives them. */
function context(access?: ReadAccess): SystemContext {
  const catalog = new Catalog();
  const entries: CatalogEntry[] = [
    { kind: 'table', name: 'orders', columns: ORDERS, definition: '', dependsOn: [], primaryKey: [0], hasUserPrimaryKey: true, appendOnly: false, options: new Map() },
    { kind: 'materializedView', name: 'mv', columns: [column('n', 'int8')], definition: '', dependsOn: ['orders'], query },
    { kind: 'view', name: 'v', columns: [column('id', 'int8')], definition: '', dependsOn: ['orders'], query },
    { kind: 'source', name: 'clicks', columns: [column('page', 'varchar')], definition: '', dependsOn: [], options: new Map() },
  ];
  for (const entry of entries) catalog.add(entry);
  const counts = new Map([['orders', 1000], ['mv', 3]]);
  return { ...systemContext(catalog, { user: 'root', database: 'dev' }, access), readRowCounts: () => (name) => counts.get(name) };
}

/** relationSize with the counts read as a bound call reads them. */
const sizeOf = (ctx: SystemContext, oid: number) => relationSize(ctx, ctx.readRowCounts?.(), oid);

const call = (ctx: SystemContext, name: string, ...args: unknown[]) => {
  const fn = RELATION_SIZE_FUNCTIONS.find((f) => f.name === name && f.params.length === args.length)!;
  return fn.impl(ctx)(...(args as never[]));
};

const classRow = (ctx: SystemContext, name: string): Row => {
  const relname = pgClass.columns.findIndex((c) => c.name === 'relname');
  return pgClass.rows(ctx).find((row) => row[relname] === name)!;
};
const classValue = (row: Row, name: string) => row[pgClass.columns.findIndex((c) => c.name === name)];

describe('relation sizes', () => {
  it('are the row count times the estimated row width for tables and materialized views, 0 for the rest', () => {
    // int8 8, numeric(10,2) 16, unbounded varchar 32.
    expect(estimatedRowWidth(ORDERS)).toBe(56);
    const ctx = context();
    expect(sizeOf(ctx, 16384)).toBe(56_000n);
    expect(sizeOf(ctx, 16385)).toBe(24n);
    expect(sizeOf(ctx, 16386)).toBe(0n);
    expect(sizeOf(ctx, 16387)).toBe(0n);
    expect(sizeOf(ctx, 1259)).toBe(0n);
    expect(sizeOf(ctx, 99999)).toBeNull();
    expect([call(ctx, 'pg_table_size', 16384n), call(ctx, 'pg_total_relation_size', 16384n), call(ctx, 'pg_relation_size', 16384n)]).toEqual([56_000n, 56_000n, 56_000n]);
    expect([call(ctx, 'pg_relation_size', 16384n, 'main'), call(ctx, 'pg_relation_size', 16384n, 'vm'), call(ctx, 'pg_indexes_size', 16384n), call(ctx, 'pg_indexes_size', 99999n)]).toEqual([56_000n, 0n, 0n, null]);
    expect(() => call(ctx, 'pg_relation_size', 16384n, 'heap')).toThrow('invalid fork name');
  });

  it('appear in pg_class as reltuples and the blocks they fill, and are unknown without counts', () => {
    const ctx = context();
    expect([classValue(classRow(ctx, 'orders'), 'reltuples'), classValue(classRow(ctx, 'orders'), 'relpages')]).toEqual([1000, 7]);
    expect([classValue(classRow(ctx, 'v'), 'reltuples'), classValue(classRow(ctx, 'v'), 'relpages')]).toEqual([-1, 0]);
    const uncounted: SystemContext = { ...ctx, readRowCounts: undefined };
    expect(classValue(classRow(uncounted, 'orders'), 'reltuples')).toBe(-1);
    expect(sizeOf(uncounted, 16384)).toBeNull();
  });

  it('are withheld from a user reading through a row scope, and absent for relations it may not read', () => {
    const scoped: ReadAccess = { user: 'seller', canRead: (relation) => relation === 'orders', scope: [{ column: 'id', values: ['1'] }] };
    expect(sizeOf(context(scoped), 16384)).toBeNull();
    expect(classValue(classRow(context(scoped), 'orders'), 'reltuples')).toBe(-1);
    expect(sizeOf(context(scoped), 16385)).toBeNull();
    const granted: ReadAccess = { user: 'analyst', canRead: (relation) => relation === 'orders', scope: [] };
    expect(sizeOf(context(granted), 16384)).toBe(56_000n);
  });

  it.skipIf(!client)('estimate a row as wide as PostgreSQL’s planner does for a table without statistics', async () => {
    const declared = ['int2', 'int4', 'int8', 'float4', 'float8', 'boolean', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'numeric', 'numeric(10,2)', 'numeric(38,4)', 'numeric(1000,0)', 'varchar', 'varchar(5)', 'varchar(10)', 'varchar(200)', 'varchar(5000)', 'text', 'bytea', 'jsonb', 'int4[]', 'varchar(3)[]'];
    const table = `width_probe_${process.pid}`;
    await client!.query(`CREATE TEMP TABLE ${table} (${declared.map((type, i) => `c${i} ${type}`).join(', ')})`);
    for (const [index, type] of declared.entries()) {
      const [[plan]] = (await textRows(client!, `EXPLAIN SELECT c${index} FROM ${table}`)) as [[string]];
      const width = Number(/width=(\d+)/.exec(plan)![1]);
      expect(estimatedRowWidth([column(`c${index}`, type)]), type).toBe(width);
    }
  });
});
