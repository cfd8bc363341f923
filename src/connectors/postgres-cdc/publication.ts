// The upstream publication a postgres-cdc table streams through: checked, and created or extended when allowed.
import { SqlError } from '../../types/error.js';
import { quoteIdentifier } from './quote-identifier.js';
import { describeUpstreamError, sqlStateOf } from './upstream-connection.js';
import type { Queryable, UpstreamTable } from './upstream-table.js';

/** Booleans as the server's text, 't' or 'f': connections read every value as text. */
interface PublicationRow {
  puballtables: string;
  publishes_changes: string;
  includes: string;
}

interface Publication {
  readonly allTables: boolean;
  /** Whether it publishes inserts, updates and deletes. */
  readonly publishesChanges: boolean;
  readonly includes: boolean;
}

const PUBLICATION_SQL = `SELECT p.puballtables::text AS puballtables,
    (p.pubinsert AND p.pubupdate AND p.pubdelete)::text AS publishes_changes,
    EXISTS (SELECT 1 FROM pg_catalog.pg_publication_tables t
      WHERE t.pubname = p.pubname AND t.schemaname = $2 AND t.tablename = $3)::text AS includes
  FROM pg_catalog.pg_publication p WHERE p.pubname = $1`;

const DUPLICATE_OBJECT = '42710';

async function publicationOf(client: Queryable, name: string, table: UpstreamTable): Promise<Publication | undefined> {
  const row = (await client.query<PublicationRow>(PUBLICATION_SQL, [name, table.schema, table.name])).rows[0];
  return row && { allTables: row.puballtables === 'true', publishesChanges: row.publishes_changes === 'true', includes: row.includes === 'true' };
}

async function run(client: Queryable, sql: string, what: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (err) {
    if (sqlStateOf(err) === DUPLICATE_OBJECT) return;
    throw new SqlError('invalid_parameter_value', `could not ${what}: ${describeUpstreamError(err)}`);
  }
}

/**
 * Makes sure publication `name` publishes the inserts, updates and deletes of `table`. With `create`, a missing
 * publication is created `FOR TABLE` the table, and an existing one that lacks it has it added; without, either
 * case is an error. A publication that leaves out inserts, updates or deletes is an error: changes would be
 * lost silently.
 */
export async function ensurePublication(client: Queryable, name: string, table: UpstreamTable, create: boolean): Promise<void> {
  let publication = await publicationOf(client, name, table);
  if (!publication) {
    if (!create) {
      throw new SqlError('undefined_object', `publication "${name}" does not exist upstream`, {
        hint: `Run CREATE PUBLICATION ${quoteIdentifier(name)} FOR TABLE ${table.qualifiedName} upstream, or set publication.create.enable = 'true'.`,
      });
    }
    // A concurrent open may create it first: then it is checked like any existing one.
    await run(client, `CREATE PUBLICATION ${quoteIdentifier(name)} FOR TABLE ${table.qualifiedName}`, `create publication "${name}"`);
    publication = await publicationOf(client, name, table);
  }
  if (publication && !publication.includes) {
    if (!create || publication.allTables) {
      throw new SqlError('invalid_parameter_value', `publication "${name}" does not include upstream table ${table.displayName}`, {
        hint: `Run ALTER PUBLICATION ${quoteIdentifier(name)} ADD TABLE ${table.qualifiedName} upstream, or set publication.create.enable = 'true'.`,
      });
    }
    await run(client, `ALTER PUBLICATION ${quoteIdentifier(name)} ADD TABLE ${table.qualifiedName}`, `add table ${table.displayName} to publication "${name}"`);
    publication = await publicationOf(client, name, table);
  }
  if (!publication?.includes) {
    throw new SqlError('invalid_parameter_value', `publication "${name}" does not include upstream table ${table.displayName}`);
  }
  if (!publication.publishesChanges) {
    throw new SqlError('invalid_parameter_value', `publication "${name}" does not publish every insert, update and delete`, {
      hint: `Run ALTER PUBLICATION ${quoteIdentifier(name)} SET (publish = 'insert, update, delete, truncate') upstream.`,
    });
  }
}
