// Tests of tally_sinks over a catalog alone: rows from the engine's sink statuses, shown to superusers only.
import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog.js';
import { readAccessOf } from '../read-access.js';
import { resolveSystemRelation, SYSTEM_RELATIONS, systemContext } from './system-catalog.js';
import { tallySinks, type SinkStatus } from './tally-sinks.js';

const failing: SinkStatus = {
  name: 'sla_email',
  connector: 'email',
  relation: 'sla_breaches',
  type: 'upsert',
  delivered: 3,
  pending: 2,
  errors: 4,
  lastError: 'could not deliver notification 1f of sink "sla_email" to smtp://mail:587: DATA refused: 451 busy (a temporary failure)',
  droppedRetractions: 0,
  state: 'retrying',
};

describe('tally_sinks', () => {
  it('is found bare and in pg_catalog, and not listed among PostgreSQL catalogs', () => {
    const catalog = new Catalog();
    expect(resolveSystemRelation(['tally_sinks'], catalog)).toBe(tallySinks);
    expect(resolveSystemRelation(['pg_catalog', 'tally_sinks'], catalog)).toBe(tallySinks);
    expect(SYSTEM_RELATIONS).not.toContain(tallySinks);
    expect(tallySinks.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'name varchar', 'connector varchar', 'relation varchar', 'type varchar', 'delivered int8', 'pending int8', 'errors int8',
      'last_error varchar', 'dropped_retractions int8', 'state varchar',
    ]);
  });

  it('has a row per sink the engine reports, for superusers only', () => {
    const catalog = new Catalog();
    catalog.users.put({ name: 'analyst', superuser: false, scope: [] });
    const context = (user: string) => ({ ...systemContext(catalog, { user, database: 'dev' }, readAccessOf(catalog.users, user)), sinkStatuses: () => [failing] });
    expect(tallySinks.rows(context('root'))).toEqual([['sla_email', 'email', 'sla_breaches', 'upsert', 3n, 2n, 4n, failing.lastError, 0n, 'retrying']]);
    expect(tallySinks.rows(context('analyst'))).toEqual([]);
    // Without an engine (binding, catalog tests) there are no sinks to show.
    expect(tallySinks.rows(systemContext(catalog, { user: 'root', database: 'dev' }))).toEqual([]);
  });
});
