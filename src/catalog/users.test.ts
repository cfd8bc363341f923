// Tests of the user catalog: root, grants, and what the data directory keeps of users and grants.
import { describe, expect, it } from 'vitest';
import { readAccessOf } from './read-access.js';
import { ROOT_USER, UserCatalog } from './users.js';

describe('UserCatalog', () => {
  it('has root, a superuser that cannot be dropped and is not stored until altered', () => {
    const users = new UserCatalog();
    expect(users.get(ROOT_USER)).toEqual({ name: 'root', superuser: true, scope: [] });
    expect(users.storedObjects()).toEqual([]);
    expect(() => users.remove(ROOT_USER)).toThrow('role "root" cannot be dropped because it is required by the database system');
    users.put({ name: ROOT_USER, superuser: true, passwordVerifier: 'SCRAM-SHA-256$4096:x$y:z', scope: [] });
    expect(users.storedObjects().map((o) => o.definition)).toEqual(["ALTER USER root WITH SUPERUSER PASSWORD 'SCRAM-SHA-256$4096:x$y:z'"]);
  });

  it('stores each user and grant as a statement under a key no relation name can have', () => {
    const users = new UserCatalog();
    users.put({ name: 'S 1', superuser: false, tokenDigest: `sha256:${'0'.repeat(64)}`, scope: [{ column: 'seller_id', values: ['S1'] }, { column: 'region', values: ['EU', "it's"] }] });
    users.grant('S 1', 'orders');
    users.grant('S 1', 'orders');
    const stored = users.storedObjects();
    expect(stored.map((o) => o.definition)).toEqual([
      `CREATE USER "S 1" WITH PASSWORD NULL TOKEN 'sha256:${'0'.repeat(64)}' SCOPE (seller_id = 'S1', region IN ('EU', 'it''s'))`,
      'GRANT SELECT ON orders TO "S 1"',
    ]);
    for (const object of stored) expect(Buffer.byteLength(object.name)).toBeGreaterThan(63);
    // Unchanged objects stay the same objects: the checkpointer compares them by identity.
    expect(users.storedObjects()).toEqual(stored);
    expect(users.storedObjects()[1]).toBe(stored[1]);
  });

  it('answers grants, and forgets those of dropped relations and users', () => {
    const users = new UserCatalog();
    users.put({ name: 's1', superuser: false, scope: [] });
    users.put({ name: 'admin', superuser: true, scope: [] });
    users.grant('s1', 'orders');
    users.grant('s1', 'sellers');
    expect(users.canSelect('s1', 'orders')).toBe(true);
    expect(users.canSelect('s1', 'fx')).toBe(false);
    expect(users.canSelect('admin', 'fx')).toBe(true);
    users.revoke('s1', 'sellers');
    users.revokeAll('orders');
    expect(users.granted('s1')).toEqual([]);
    users.grant('s1', 'orders');
    users.remove('s1');
    expect(users.canSelect('s1', 'orders')).toBe(false);
    expect(users.storedObjects().map((o) => o.definition)).toEqual(['CREATE USER admin WITH SUPERUSER PASSWORD NULL']);
  });

  it('gives read rights: none to check for superusers, nothing for unknown users', () => {
    const users = new UserCatalog();
    users.put({ name: 's1', superuser: false, scope: [{ column: 'seller_id', values: ['S1'] }] });
    users.grant('s1', 'orders');
    expect(readAccessOf(users, ROOT_USER)).toBeUndefined();
    const access = readAccessOf(users, 's1')!;
    expect([access.canRead('orders'), access.canRead('other'), access.scope]).toEqual([true, false, [{ column: 'seller_id', values: ['S1'] }]]);
    const ghost = readAccessOf(users, 'ghost')!;
    expect([ghost.canRead('orders'), ghost.scope]).toEqual([false, []]);
    expect(users.hasCredentials()).toBe(false);
  });
});
