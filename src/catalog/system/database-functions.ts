// Database-level catalog functions psql's \l+ and \db call: privileges, the database's size, tablespace locations.
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { DATABASE_OID } from './object-ids.js';
import { DEFAULT_TABLESPACE_OID, isTablespace } from './pg-tablespace.js';
import { relationSize } from './relation-size.js';
import { relationsOf } from './relation-info.js';
import type { SystemFunction } from './system-functions.js';
import type { RowCounts, SystemContext } from './system-relation.js';

/** Privileges a database has (has_database_privilege accepts a comma-separated list, each WITH GRANT OPTION or not). */
const DATABASE_PRIVILEGES = new Set(['create', 'connect', 'temporary', 'temp']);

/** The one database, named as the client connected: `name` must name it. */
function checkDatabase(context: SystemContext, name: Value): void {
  if (name !== context.session.database) throw new SqlError('undefined_object', `database "${String(name)}" does not exist`);
}

function checkDatabaseOid(oid: Value): void {
  if (Number(oid as bigint) !== DATABASE_OID) throw new SqlError('undefined_object', `database with OID ${String(oid)} does not exist`);
}

/** Every user may connect to the database; what it may read in it is decided per relation. */
function hasPrivilege(privileges: Value): boolean {
  for (const part of String(privileges).split(',')) {
    const privilege = part.trim().toLowerCase().replace(/\s+with\s+grant\s+option$/, '');
    if (!DATABASE_PRIVILEGES.has(privilege)) throw new SqlError('invalid_parameter_value', `unrecognized privilege type: "${part.trim()}"`);
  }
  return true;
}

/**
 * The sum of its relations' sizes (`relationSize`; counts are read when the call is bound); NULL when one of them is
 * unknown (a user with a row scope).
 */
function databaseSize(context: SystemContext, counts: RowCounts | undefined): bigint | null {
  let total = 0n;
  for (const relation of relationsOf(context)) {
    const size = relationSize(context, counts, relation.oid);
    if (size === null) return null;
    total += size;
  }
  return total;
}

/** Privileges pg_has_role checks, each WITH ADMIN / GRANT OPTION or not. */
const ROLE_PRIVILEGES = new Set(['member', 'usage', 'set']);

/**
 * pg_has_role for the session's user: Tally has no role membership, so a user has its own role only; a superuser,
 * as in PostgreSQL, has every role.
 */
function hasRole(context: SystemContext, role: Value, privileges: Value): boolean {
  for (const part of String(privileges).split(',')) {
    const privilege = part.trim().toLowerCase().replace(/\s+with\s+(admin|grant)\s+option$/, '');
    if (!ROLE_PRIVILEGES.has(privilege)) throw new SqlError('invalid_parameter_value', `unrecognized privilege type: "${part.trim()}"`);
  }
  return context.access === undefined || role === context.session.user;
}

const OID = 'int8';

export const DATABASE_FUNCTIONS: readonly SystemFunction[] = [
  {
    name: 'has_database_privilege',
    params: ['varchar', 'varchar'],
    returns: 'boolean',
    impl: (context) => (database, privileges) => (checkDatabase(context, database), hasPrivilege(privileges)),
  },
  { name: 'has_database_privilege', params: [OID, 'varchar'], returns: 'boolean', impl: () => (oid, privileges) => (checkDatabaseOid(oid), hasPrivilege(privileges)) },
  {
    name: 'pg_database_size',
    params: ['varchar'],
    returns: 'int8',
    impl: (context) => {
      const counts = context.readRowCounts?.();
      return (database) => (checkDatabase(context, database), databaseSize(context, counts));
    },
  },
  {
    name: 'pg_database_size',
    params: [OID],
    returns: 'int8',
    impl: (context) => {
      const counts = context.readRowCounts?.();
      return (oid) => (checkDatabaseOid(oid), databaseSize(context, counts));
    },
  },
  { name: 'pg_has_role', params: ['varchar', 'varchar'], returns: 'boolean', impl: (context) => (role, privileges) => hasRole(context, role, privileges) },
  {
    name: 'pg_tablespace_size',
    params: [OID],
    returns: 'int8',
    impl: (context) => {
      const counts = context.readRowCounts?.();
      // Every relation is in pg_default; pg_global holds no user data.
      return (oid) => (Number(oid as bigint) === DEFAULT_TABLESPACE_OID ? databaseSize(context, counts) : isTablespace(Number(oid as bigint)) ? 0n : null);
    },
  },
  // The built-in tablespaces live in the data directory: PostgreSQL shows their location as ''.
  { name: 'pg_tablespace_location', params: [OID], returns: 'varchar', impl: () => (oid) => (isTablespace(Number(oid as bigint)) ? '' : null) },
];
