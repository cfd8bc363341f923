// Object identifiers of the things Tally has one of: its schemas, its database, its superuser, its collations.
import { ROOT_USER } from '../users.js';
import type { SystemSchema } from './system-relation.js';

/** pg_namespace.oid of each schema, PostgreSQL's numbers (information_schema's is assigned at initdb there). */
export const NAMESPACE_OIDS: Readonly<Record<SystemSchema | 'public', number>> = {
  pg_catalog: 11,
  public: 2200,
  information_schema: 13207,
};

/** User relations all live in `public`: Tally has one schema (CREATE SCHEMA is not supported). */
export const USER_SCHEMA = 'public';

/**
 * The superuser every engine has (`root`, RisingWave's default user), with PostgreSQL's bootstrap superuser OID.
 * Every object belongs to it: Tally does not record owners.
 */
export const SUPERUSER = { oid: 10, name: ROOT_USER } as const;

/** The one database of an engine: it answers to whatever name a client connects with. */
export const DATABASE_OID = 1;

/** pg_database.encoding: Tally's text is UTF-8 (PostgreSQL's encoding number 6). */
export const UTF8_ENCODING = 6;

/** PostgreSQL's encoding numbers that clients see, for pg_encoding_to_char. */
export const ENCODING_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'SQL_ASCII'],
  [UTF8_ENCODING, 'UTF8'],
]);

/**
 * pg_collation: Tally orders text by code point, which is what PostgreSQL's "C" and "POSIX" collations do;
 * "default" is that collation too.
 */
export const COLLATIONS = [
  { oid: 100, name: 'default', provider: 'd' },
  { oid: 950, name: 'C', provider: 'c' },
  { oid: 951, name: 'POSIX', provider: 'c' },
] as const;

export const DEFAULT_COLLATION_OID = 100;
