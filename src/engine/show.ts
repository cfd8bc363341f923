// SHOW statements: the catalog as rows.
import type { CatalogEntry } from '../catalog/catalog.js';
import type * as ast from '../sql/ast.js';
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

export function show(state: EngineState, stmt: ast.Show): StatementResult {
  const kind = LISTED[stmt.what];
  if (kind) {
    const names = state.catalog.list(kind).map((e) => e.name).sort();
    return { kind: 'rows', tag: `SHOW ${names.length}`, columns: [{ name: 'Name', type: 'varchar' }], rows: names.map((n) => [n]) };
  }
  const name = stmt.name?.parts[stmt.name.parts.length - 1];
  switch (stmt.what) {
    case 'columns': {
      const entry = name ? state.catalog.relation(name) : undefined;
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
      const entry = name ? state.catalog.get(name) : undefined;
      if (!entry) throw new SqlError('undefined_table', `relation "${name}" does not exist`, { position: stmt.span.start });
      return {
        kind: 'rows',
        tag: 'SHOW 1',
        columns: [{ name: 'Name', type: 'varchar' }, { name: 'Create Sql', type: 'varchar' }],
        rows: [[entry.name, entry.definition]],
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
};

