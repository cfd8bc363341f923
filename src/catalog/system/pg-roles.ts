// pg_catalog.pg_roles and pg_user: the roles a client can see — the superuser every engine has.
import type { Value } from '../../types/value.js';
import { FIRST_USER_OID } from '../catalog.js';
import { SUPERUSER } from './object-ids.js';
import { defineSystemRelation, type SystemContext } from './system-relation.js';

/** A role as pg_roles describes it. */
export interface RoleInfo {
  readonly oid: number;
  readonly name: string;
  readonly superuser: boolean;
}

/**
 * The users of the catalog (CREATE USER), root first with PostgreSQL's bootstrap superuser OID. Other users' OIDs
 * are a hash of their name, so that they do not change when other users come and go, nor across restarts.
 */
export function rolesOf(context: SystemContext): RoleInfo[] {
  const taken = new Set<number>([SUPERUSER.oid]);
  const out: RoleInfo[] = [];
  const users = [...context.catalog.users.list()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const user of users) {
    if (user.name === SUPERUSER.name) {
      out.unshift({ oid: SUPERUSER.oid, name: user.name, superuser: true });
      continue;
    }
    let oid = roleOidOf(user.name);
    while (taken.has(oid)) oid = oid + 1 >= OID_SPAN_END ? FIRST_USER_OID : oid + 1;
    taken.add(oid);
    out.push({ oid, name: user.name, superuser: user.superuser });
  }
  return out;
}

const OID_SPAN_END = 2 ** 31;

/** FNV-1a of the name, folded into the OIDs of user objects [16384, 2^31). */
function roleOidOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return FIRST_USER_OID + (hash % (OID_SPAN_END - FIRST_USER_OID));
}

/** pg_get_userbyid: a role's name, or PostgreSQL's `unknown (OID=n)` for a number that names no role. */
export function roleName(context: SystemContext, oid: number): string {
  return rolesOf(context).find((r) => r.oid === oid)?.name ?? `unknown (OID=${oid})`;
}

export const pgRoles = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_roles',
  oid: 12000,
  relkind: 'v',
  columns: {
    rolname: 'name', rolsuper: 'bool', rolinherit: 'bool', rolcreaterole: 'bool', rolcreatedb: 'bool', rolcanlogin: 'bool',
    rolreplication: 'bool', rolconnlimit: 'int4', rolpassword: 'text', rolvaliduntil: 'timestamptz', rolbypassrls: 'bool',
    rolconfig: 'text[]', oid: 'oid',
  },
  rows: (context) =>
    rolesOf(context).map((role): Record<string, Value> => ({
      rolname: role.name,
      rolsuper: role.superuser,
      rolinherit: true,
      rolcreaterole: role.superuser,
      rolcreatedb: role.superuser,
      rolcanlogin: true,
      rolreplication: false,
      rolconnlimit: -1,
      // pg_roles never shows passwords.
      rolpassword: '********',
      rolvaliduntil: null,
      rolbypassrls: role.superuser,
      rolconfig: null,
      oid: role.oid,
    })),
});

export const pgUser = defineSystemRelation({
  schema: 'pg_catalog',
  name: 'pg_user',
  oid: 12014,
  relkind: 'v',
  columns: {
    usename: 'name', usesysid: 'oid', usecreatedb: 'bool', usesuper: 'bool', userepl: 'bool', usebypassrls: 'bool',
    passwd: 'text', valuntil: 'timestamptz', useconfig: 'text[]',
  },
  rows: (context) =>
    rolesOf(context).map((role): Record<string, Value> => ({
      usename: role.name,
      usesysid: role.oid,
      usecreatedb: role.superuser,
      usesuper: role.superuser,
      userepl: false,
      usebypassrls: role.superuser,
      passwd: '********',
      valuntil: null,
      useconfig: null,
    })),
});
