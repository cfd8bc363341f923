import { describe, expect, it } from 'vitest';
import type { Value } from '../../types/value.js';
import { Catalog } from '../catalog.js';
import type { ReadAccess } from '../read-access.js';
import { DATABASE_FUNCTIONS } from './database-functions.js';
import { systemContext } from './system-catalog.js';
import type { SystemContext } from './system-relation.js';

/** One table `orders` (int4, varchar: 36 bytes a row) of 10 rows, as user `user`. */
function context(user = 'root', access?: ReadAccess): SystemContext {
  const catalog = new Catalog();
  const columns = [{ name: 'id', type: 'int4' as const }, { name: 'note', type: 'varchar' as const }];
  catalog.add({ kind: 'table', name: 'orders', columns, definition: '', dependsOn: [], primaryKey: [0], hasUserPrimaryKey: true, appendOnly: false, options: new Map() });
  return { ...systemContext(catalog, { user, database: 'dev' }, access), readRowCounts: () => (name) => (name === 'orders' ? 10 : undefined) };
}

function call(ctx: SystemContext, name: string, ...args: Value[]): Value {
  const fn = DATABASE_FUNCTIONS.find((f) => f.name === name && f.params.length === args.length && (typeof args[0] === 'bigint') === (f.params[0] === 'int8'));
  if (!fn) throw new Error(`no ${name}/${args.length}`);
  return fn.impl(ctx)(...args);
}

describe('database catalog functions', () => {
  it('grant every database privilege on the one database, by name or OID, and refuse others', () => {
    const ctx = context();
    expect(call(ctx, 'has_database_privilege', 'dev', 'CONNECT')).toBe(true);
    expect(call(ctx, 'has_database_privilege', 'dev', 'create, temp WITH GRANT OPTION')).toBe(true);
    expect(call(ctx, 'has_database_privilege', 1n, 'connect')).toBe(true);
    expect(() => call(ctx, 'has_database_privilege', 'prod', 'CONNECT')).toThrow('database "prod" does not exist');
    expect(() => call(ctx, 'has_database_privilege', 7n, 'CONNECT')).toThrow('database with OID 7 does not exist');
    expect(() => call(ctx, 'has_database_privilege', 'dev', 'SELECT')).toThrow('unrecognized privilege type: "SELECT"');
  });

  it('size the database and pg_default as the sum of the relations, pg_global as empty', () => {
    const ctx = context();
    expect(call(ctx, 'pg_database_size', 'dev')).toBe(360n);
    expect(call(ctx, 'pg_database_size', 1n)).toBe(360n);
    expect(call(ctx, 'pg_tablespace_size', 1663n)).toBe(360n);
    expect(call(ctx, 'pg_tablespace_size', 1664n)).toBe(0n);
    expect(call(ctx, 'pg_tablespace_size', 1n)).toBeNull();
    expect(call(ctx, 'pg_tablespace_location', 1663n)).toBe('');
    // A user reading through a row scope is told no count.
    const scoped = context('s1', { user: 's1', canRead: () => true, scope: [{ column: 'id', values: [1] }] } as unknown as ReadAccess);
    expect(call(scoped, 'pg_database_size', 'dev')).toBeNull();
  });

  it('give a superuser every role, other users their own', () => {
    expect(call(context(), 'pg_has_role', 'pg_read_all_stats', 'USAGE')).toBe(true);
    const user = context('s1', { user: 's1', canRead: () => false, scope: [] });
    expect(call(user, 'pg_has_role', 's1', 'MEMBER')).toBe(true);
    expect(call(user, 'pg_has_role', 'pg_read_all_stats', 'USAGE')).toBe(false);
    expect(() => call(user, 'pg_has_role', 's1', 'SELECT')).toThrow('unrecognized privilege type: "SELECT"');
  });
});
