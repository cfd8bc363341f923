// SHOW statements: the catalog as rows, as much of it as the user may read, with secrets masked.
import type { CatalogEntry } from '../catalog/catalog.js';
import { isReadable, type ReadAccess } from '../catalog/read-access.js';
import { permissionDenied } from '../plan/bind-access.js';
import type * as ast from '../sql/ast.js';
import { maskStatementSecrets } from '../sql/secret-mask.js';
import { typeDisplayName } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { EngineState } from './engine-state.js';
import type { StatementResult } from './statement-result.js';

const LISTED: Partial<Record<ast.Show['what'], CatalogEntry['kind']>> = {
  tables: 'table',
  materializedViews: 'materializedView',
  views: 'view',
  sources: 'source',
  sinks: 'sink',
};

/**
 * Runs a SHOW statement. With `access` (a user other than a superuser) only relations granted to the user are
 * listed or described, and no sink: a sink's definition is not something to read.
 */
export function show(state: EngineState, stmt: ast.Show, access?: ReadAccess): StatementResult {
  const readable = (entry: CatalogEntry): boolean => access === undefined || isReadable(access, entry);
  const checked = <T extends CatalogEntry>(entry: T | undefined): T | undefined => {
    if (entry && !readable(entry)) throw permissionDenied(entry, { position: stmt.span.start });
    return entry;
  };
  const kind = LISTED[stmt.what];
  if (kind) {
    const names = state.catalog.list(kind).filter(readable).map((e) => e.name).sort();
    return { kind: 'rows', tag: `SHOW ${names.length}`, columns: [{ name: 'Name', type: 'varchar' }], rows: names.map((n) => [n]) };
  }
  const name = stmt.name?.parts[stmt.name.parts.length - 1];
  switch (stmt.what) {
    case 'columns': {
      const entry = checked(name ? state.catalog.relation(name) : undefined);
      if (!entry) throw new SqlError('undefined_table', `relation "${name}" does not exist`, { position: stmt.span.start });
      const cols = entry.columns.filter((c) => !c.hidden);
      return {
        kind: 'rows',
        tag: `SHOW ${cols.length}`,
        columns: [{ name: 'Name', type: 'varchar' }, { name: 'Type', type: 'varchar' }],
        rows: cols.map((c) => [c.name, typeDisplayName(c.type)]),
      };
    }
    case 'create': {
      const entry = checked(name ? state.catalog.get(name) : undefined);
      if (!entry) throw new SqlError('undefined_table', `relation "${name}" does not exist`, { position: stmt.span.start });
      return {
        kind: 'rows',
        tag: 'SHOW 1',
        columns: [{ name: 'Name', type: 'varchar' }, { name: 'Create Sql', type: 'varchar' }],
        rows: [[entry.name, maskStatementSecrets(entry.definition)]],
      };
    }
    case 'variable': {
      const variable = stmt.variable ?? '';
      const value = state.settings.get(variable) ?? DEFAULTS[variable.toLowerCase()];
      if (value === undefined) throw new SqlError('undefined_object', `unrecognized configuration parameter "${variable}"`, { position: stmt.span.start });
      return { kind: 'rows', tag: 'SHOW 1', columns: [{ name: variable, type: 'varchar' }], rows: [[value]] };
    }
    default:
      throw new SqlError('feature_not_supported', `SHOW ${stmt.what} is not supported`, { position: stmt.span.start });
  }
}

const DEFAULTS: Record<string, string> = {
  timezone: 'UTC',
  server_version: '15.0',
  rw_implicit_flush: 'true',
  datestyle: 'ISO, MDY',
  intervalstyle: 'postgres',
  client_encoding: 'UTF8',
  // PostgreSQL's default; Tally's relations all live in public (pg_catalog is searched first, implicitly).
  search_path: '"$user", public',
};

