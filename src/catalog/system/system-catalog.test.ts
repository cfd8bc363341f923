import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Catalog, type CatalogEntry } from '../catalog.js';
import { connectOracle, textRows } from './postgres-oracle.test-support.js';
import { resolveSystemRelation, SYSTEM_RELATIONS, systemContext, systemRelation } from './system-catalog.js';
import { qualifiedName } from './system-relation.js';

const oracle = await connectOracle();
if ('skip' in oracle) console.log(`skipping comparisons with PostgreSQL: ${oracle.skip}`);
const client: pg.Client | undefined = 'client' in oracle ? oracle.client : undefined;

afterAll(async () => {
  await client?.end();
});

const span = { start: 0, end: 0 };

/** A catalog with one object of every kind: a table with a key, one without, a view, a materialized view, a source, a sink. */
function populated(): Catalog {
  const catalog = new Catalog();
  const query = { kind: 'query', with: [], body: { kind: 'select', distinct: false, items: [{ kind: 'wildcard', span }], from: [], groupBy: [], windows: [], span }, orderBy: [], emitOnWindowClose: false, span } as const;
  const entries: CatalogEntry[] = [
    { kind: 'table', name: 'orders', columns: [{ name: 'id', type: 'int8' }, { name: 'total', type: 'numeric', modifier: { precision: 10, scale: 2 } }], definition: '', dependsOn: [], primaryKey: [0], hasUserPrimaryKey: true, appendOnly: false, options: new Map() },
    { kind: 'table', name: 'events', columns: [{ name: 'payload', type: 'jsonb' }, { name: '_row_id', type: 'int8', hidden: true }], definition: '', dependsOn: [], primaryKey: [1], hasUserPrimaryKey: false, appendOnly: true, options: new Map() },
    { kind: 'view', name: 'v', columns: [{ name: 'id', type: 'int8' }], definition: '', dependsOn: ['orders'], query },
    { kind: 'materializedView', name: 'mv', columns: [{ name: 'n', type: 'int8' }], definition: '', dependsOn: ['orders'], query },
    { kind: 'source', name: 'clicks', columns: [{ name: 'page', type: 'varchar' }], definition: '', dependsOn: [], options: new Map() },
    { kind: 'sink', name: 'out', definition: '', dependsOn: ['mv'], options: new Map() },
  ];
  for (const entry of entries) catalog.add(entry);
  return catalog;
}

describe('system relations', () => {
  it('have distinct names and OIDs below the first user OID', () => {
    const names = SYSTEM_RELATIONS.map(qualifiedName);
    expect(new Set(names).size).toBe(names.length);
    const oids = SYSTEM_RELATIONS.map((r) => r.oid);
    expect(new Set(oids).size).toBe(oids.length);
    expect(oids.every((oid) => oid > 0 && oid < 16384)).toBe(true);
  });

  it('compute rows of their declared width over a catalog holding every kind of object', () => {
    const context = systemContext(populated(), { user: 'root', database: 'dev' });
    for (const relation of SYSTEM_RELATIONS) {
      for (const row of relation.rows(context)) expect(row.length, relation.name).toBe(relation.columns.length);
    }
  });

  it('number user objects in creation order and never reuse a number', () => {
    const catalog = populated();
    expect(['orders', 'events', 'v', 'mv', 'clicks', 'out'].map((name) => catalog.oid(name))).toEqual([16384, 16385, 16386, 16387, 16388, 16389]);
    catalog.remove('v');
    const mv = catalog.get('mv');
    if (mv?.kind !== 'materializedView') throw new Error('mv is missing');
    catalog.add({ kind: 'view', name: 'v', columns: [], definition: '', dependsOn: [], query: mv.query });
    expect(catalog.oid('v')).toBe(16390);
    expect(catalog.oid('orders')).toBe(16384);
  });

  it('resolve pg_catalog and information_schema names, and bare catalog names no user relation takes', () => {
    const catalog = populated();
    expect(resolveSystemRelation(['pg_class'], catalog)).toBe(systemRelation('pg_catalog.pg_class'));
    expect(resolveSystemRelation(['pg_catalog', 'pg_class'], catalog)).toBe(systemRelation('pg_catalog.pg_class'));
    expect(resolveSystemRelation(['dev', 'information_schema', 'tables'], catalog)).toBe(systemRelation('information_schema.tables'));
    // information_schema is not on the search path; user relations come first.
    expect(resolveSystemRelation(['tables'], catalog)).toBeUndefined();
    expect(resolveSystemRelation(['orders'], catalog)).toBeUndefined();
    expect(resolveSystemRelation(['public', 'pg_class'], catalog)).toBeUndefined();
    expect(resolveSystemRelation(['pg_catalog', 'orders'], catalog)).toEqual({ missing: 'pg_catalog.orders' });
    catalog.add({ kind: 'table', name: 'pg_am', columns: [], definition: '', dependsOn: [], primaryKey: [], hasUserPrimaryKey: false, appendOnly: false, options: new Map() });
    expect(resolveSystemRelation(['pg_am'], catalog)).toBeUndefined();
    expect(resolveSystemRelation(['pg_catalog', 'pg_am'], catalog)).toBe(systemRelation('pg_catalog.pg_am'));
  });

  it.skipIf(!client)('have PostgreSQL 15 column names, in its order, and its relation OIDs for its catalogs', async () => {
    for (const relation of SYSTEM_RELATIONS) {
      const rows = await textRows(
        client!,
        `SELECT c.oid, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
         WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [relation.schema, relation.name],
      );
      expect(relation.columns.map((c) => c.name), qualifiedName(relation)).toEqual(rows.map((r) => r[1]));
      // information_schema's OIDs are assigned at initdb; pg_catalog's are fixed.
      if (relation.schema === 'pg_catalog') expect(relation.oid, qualifiedName(relation)).toBe(Number(rows[0]![0]));
    }
  });
});
